//! Which device computes: WebGPU when the browser has a hardware adapter,
//! else the CPU (burn's `flex` in WebAssembly). A software adapter
//! (SwiftShader, llvmpipe: WebGPU emulated on the CPU) is correct but
//! tens of times slower than the CPU path, so "auto" passes it over.

use burn::tensor::Device;
use js_sys::Reflect;
use wasm_bindgen::JsValue;

use super::js_error;

/// The backend `requested` ("auto", "webgpu" or "cpu"), with a note when
/// "auto" chose the CPU.
pub(super) async fn device(
    requested: &str,
) -> Result<(Device, &'static str, Option<String>), JsValue> {
    let cpu = || Device::flex().autodiff();
    match requested {
        "cpu" => Ok((cpu(), "cpu", None)),
        "auto" => {
            if let Some(adapter) = software_adapter().await {
                let note = format!(
                    "WebGPU here runs in software ({adapter}), slower than the CPU: computing on the CPU"
                );
                return Ok((cpu(), "cpu", Some(note)));
            }
            match webgpu().await {
                Ok(device) => Ok((device.autodiff(), "webgpu", None)),
                Err(why) => Ok((
                    cpu(),
                    "cpu",
                    Some(format!("WebGPU is not available ({why}): computing on the CPU")),
                )),
            }
        }
        "webgpu" => match webgpu().await {
            Ok(device) => Ok((device.autodiff(), "webgpu", None)),
            Err(why) => Err(js_error(format!("WebGPU is not available: {why}"))),
        },
        other => Err(js_error(format!("unknown backend '{other}': expected auto, webgpu or cpu"))),
    }
}

/// `navigator.gpu`, if the browser has it.
fn navigator_gpu() -> Option<JsValue> {
    Reflect::get(&js_sys::global(), &"navigator".into())
        .and_then(|navigator| Reflect::get(&navigator, &"gpu".into()))
        .ok()
        .filter(|gpu| !gpu.is_undefined() && !gpu.is_null())
}

/// A description of the adapter the browser would give WebGPU, when that
/// adapter is a software one: flagged as a fallback adapter, or named
/// after a known CPU rasteriser.
async fn software_adapter() -> Option<String> {
    let gpu = navigator_gpu()?;
    let request: js_sys::Function = Reflect::get(&gpu, &"requestAdapter".into()).ok()?.into();
    let promise = js_sys::Promise::from(request.call0(&gpu).ok()?);
    let adapter = wasm_bindgen_futures::JsFuture::from(promise).await.ok()?;
    if adapter.is_null() || adapter.is_undefined() {
        return None;
    }
    let info = Reflect::get(&adapter, &"info".into()).unwrap_or(JsValue::UNDEFINED);
    let text = |object: &JsValue, key: &str| {
        Reflect::get(object, &key.into()).ok().and_then(|v| v.as_string()).unwrap_or_default()
    };
    let flagged = |object: &JsValue| {
        Reflect::get(object, &"isFallbackAdapter".into()).is_ok_and(|v| v.as_bool() == Some(true))
    };
    let name = ["vendor", "architecture", "device", "description"]
        .map(|key| text(&info, key))
        .into_iter()
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let lower = name.to_lowercase();
    let known = ["swiftshader", "llvmpipe", "lavapipe", "softpipe", "software", "basic render"];
    let software = flagged(&adapter) || flagged(&info) || known.iter().any(|k| lower.contains(k));
    software.then(|| if name.is_empty() { "a fallback adapter".to_string() } else { name })
}

#[cfg(feature = "webgpu")]
async fn webgpu() -> Result<Device, String> {
    if navigator_gpu().is_none() {
        return Err("this browser has no navigator.gpu".into());
    }
    Device::wgpu_options().init_async().await.map_err(|e| match e.to_string() {
        // The full message lists every native graphics API it did not try.
        text if text.starts_with("No adapter available") => {
            "the browser found no WebGPU adapter".to_string()
        }
        text => text,
    })
}

#[cfg(not(feature = "webgpu"))]
async fn webgpu() -> Result<Device, String> {
    Err("this build of wam has no WebGPU backend".into())
}
