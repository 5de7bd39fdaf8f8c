//! Which device computes: WebGPU when the browser has a hardware adapter,
//! else the CPU (burn's `flex` in WebAssembly). A software adapter
//! (SwiftShader, llvmpipe: WebGPU emulated on the CPU) is correct but
//! tens of times slower than the CPU path, so "auto" passes it over.

use burn::tensor::Device;
use js_sys::{Array, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::js_error;

/// The device chosen, and what the caller is told about it.
pub(super) struct Chosen {
    pub device: Device,
    /// "webgpu" or "cpu".
    pub name: &'static str,
    /// Why "auto" chose the CPU, if it did: in a few words (for the
    /// backend badge), and in a sentence.
    pub note: Option<(&'static str, String)>,
    /// The browser's WebGPU device under `device`; `None` on the CPU.
    pub gpu: Option<Gpu>,
}

impl Chosen {
    fn cpu(note: Option<(&'static str, String)>) -> Self {
        Chosen { device: Device::flex().autodiff(), name: "cpu", note, gpu: None }
    }

    fn webgpu((device, gpu): (Device, Gpu)) -> Self {
        Chosen { device: device.autodiff(), name: "webgpu", note: None, gpu: Some(gpu) }
    }
}

/// The browser's WebGPU device: asked whether it was lost when a
/// computation fails, and destroyed by a test hook.
pub(super) struct Gpu {
    /// `wgpu::Device::destroy` (`GPUDevice.destroy()`).
    destroy: Box<dyn Fn()>,
    /// `GPUDevice.lost`: resolves to a `GPUDeviceLostInfo` once the device is lost.
    lost: Promise,
}

impl Gpu {
    /// How long a failure waits for the browser to report the loss: a read
    /// from a destroyed device can fail before `GPUDevice.lost` resolves.
    const LOSS_REPORTED_MS: i32 = 200;

    /// Destroys the device, as a GPU reset or a browser reclaiming it would.
    pub fn destroy(&self) {
        (self.destroy)()
    }

    /// Why the device was lost (`"destroyed: …"`), if it was or is within
    /// [`Self::LOSS_REPORTED_MS`].
    pub async fn lost(&self) -> Option<String> {
        let timer = Promise::new(&mut |resolve, _| {
            let set_timeout = Reflect::get(&js_sys::global(), &"setTimeout".into())
                .ok()
                .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
            if let Some(set_timeout) = set_timeout {
                let _ = set_timeout.call2(&JsValue::NULL, &resolve, &Self::LOSS_REPORTED_MS.into());
            }
        });
        let info = JsFuture::from(Promise::race(&Array::of2(&self.lost, &timer))).await.ok()?;
        if info.is_undefined() {
            return None;
        }
        let text = |key: &str| {
            Reflect::get(&info, &key.into()).ok().and_then(|v| v.as_string()).unwrap_or_default()
        };
        Some(format!("{}: {}", text("reason"), text("message")))
    }
}

/// The backend `requested` ("auto", "webgpu" or "cpu").
pub(super) async fn device(requested: &str) -> Result<Chosen, JsValue> {
    match requested {
        "cpu" => Ok(Chosen::cpu(None)),
        "auto" => {
            if let Some(adapter) = software_adapter().await {
                let note = format!(
                    "WebGPU here runs in software ({adapter}), slower than the CPU: computing on the CPU"
                );
                return Ok(Chosen::cpu(Some(("WebGPU is software-only here", note))));
            }
            Ok(webgpu().await.map(Chosen::webgpu).unwrap_or_else(|why| {
                let note = format!("WebGPU is not available ({why}): computing on the CPU");
                Chosen::cpu(Some(("no WebGPU here", note)))
            }))
        }
        "webgpu" => webgpu()
            .await
            .map(Chosen::webgpu)
            .map_err(|why| js_error(format!("WebGPU is not available: {why}"))),
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

/// A WebGPU device, and the browser's under it.
#[cfg(feature = "webgpu")]
async fn webgpu() -> Result<(Device, Gpu), String> {
    if navigator_gpu().is_none() {
        return Err("this browser has no navigator.gpu".into());
    }
    super::run_constructors();
    let (device, setup) =
        Device::wgpu_options().init_with_setup_async().await.map_err(|e| match e.to_string() {
            // The full message lists every native graphics API it did not try.
            text if text.starts_with("No adapter available") => {
                "the browser found no WebGPU adapter".to_string()
            }
            text => text,
        })?;
    let lost = setup
        .device
        .as_webgpu()
        .and_then(|gpu| Reflect::get(gpu, &"lost".into()).ok())
        .and_then(|lost| lost.dyn_into::<Promise>().ok())
        .ok_or("wgpu holds no browser WebGPU device")?;
    Ok((device, Gpu { destroy: Box::new(move || setup.device.destroy()), lost }))
}

#[cfg(not(feature = "webgpu"))]
async fn webgpu() -> Result<(Device, Gpu), String> {
    Err("this build of wam has no WebGPU backend".into())
}
