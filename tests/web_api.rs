//! The WebAssembly API (src/web/) as a page calls it, in headless Chromium
//! (`wasm-pack test --headless --chrome --test web_api`): EfficientNet-Lite0
//! on the CPU and on WebGPU (SwiftShader) must agree, and bad calls must be
//! refused with a message. The input is the PyTorch fixture's Chelsea crop;
//! the model runs at 128² (it is fully convolutional) to keep SwiftShader quick.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Float32Array, Reflect};
use wam::io::read_npy;
use wam::model::Manifest;
use wam::render::to_rgb;
use wam::web::Explainer;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const MANIFEST: &str = include_str!("../models/efficientnet-lite0/manifest.json");
const WEIGHTS: &[u8] = include_bytes!("../models/efficientnet-lite0/weights.safetensors");
const LABELS: &str = include_str!("../models/efficientnet-lite0/labels.txt");
const CHELSEA: &[u8] = include_bytes!("fixtures/efficientnet/chelsea_input.npy");

/// The manifest with a 128² input (resize 128, crop 128).
fn small_manifest() -> String {
    let mut manifest: serde_json::Value = serde_json::from_str(MANIFEST).unwrap();
    manifest["input"]["spatial"] = serde_json::json!([128, 128]);
    manifest["preprocess"]["resize_shorter"] = 128.into();
    manifest["preprocess"]["crop"] = 128.into();
    manifest.to_string()
}

/// Chelsea, 224×224 RGBA, as a canvas would give it.
fn chelsea_rgba() -> Vec<u8> {
    let manifest = Manifest::from_json(MANIFEST).unwrap();
    to_rgb(&read_npy(CHELSEA).unwrap(), &manifest.preprocess).pixels
}

async fn explainer(backend: &str) -> Result<Explainer, JsValue> {
    Explainer::create(backend.into(), small_manifest(), WEIGHTS.to_vec(), LABELS.into()).await
}

fn message(error: JsValue) -> String {
    Reflect::get(&error, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .unwrap_or_else(|| format!("{error:?}"))
}

/// The message of a call that must fail (panics, without printing the
/// possibly huge result, if it succeeded).
fn refusal<T>(result: Result<T, JsValue>, call: &str) -> String {
    match result {
        Ok(_) => panic!("{call} was accepted; it must be refused"),
        Err(error) => message(error),
    }
}

fn get(value: &JsValue, path: &str) -> JsValue {
    path.split('.').fold(value.clone(), |v, key| {
        Reflect::get(&v, &key.into()).unwrap_or_else(|_| panic!("no field {path}"))
    })
}

fn floats(value: &JsValue) -> Vec<f32> {
    value.dyn_ref::<Float32Array>().expect("a Float32Array").to_vec()
}

fn options(json: &str) -> JsValue {
    js_sys::JSON::parse(json).unwrap()
}

async fn explain(explainer: &Explainer, options_json: &str) -> Result<JsValue, JsValue> {
    JsFuture::from(explainer.explain(chelsea_rgba(), 224, 224, options(options_json), None)).await
}

fn relative_l2(got: &[f32], want: &[f32]) -> f32 {
    let num: f32 = got.iter().zip(want).map(|(a, b)| (a - b).powi(2)).sum();
    let den: f32 = want.iter().map(|b| b.powi(2)).sum();
    (num / den).sqrt()
}

/// Every band's values of a mosaic, concatenated.
fn band_values(mosaic: &JsValue) -> Vec<f32> {
    let bands = Array::from(&get(mosaic, "bands"));
    bands.iter().flat_map(|band| floats(&get(&band, "values.data"))).collect()
}

#[wasm_bindgen_test]
async fn cpu_result_has_every_view() {
    let explainer = explainer("cpu").await.map_err(message).unwrap();
    assert_eq!(explainer.backend(), "cpu");
    let result = explain(&explainer, r#"{"method": "wam-sg", "samples": 2, "batch": 2}"#)
        .await
        .map_err(message)
        .unwrap();
    assert_eq!(get(&result, "method").as_string().unwrap(), "wam-sg");
    let top5 = Array::from(&get(&result, "top5"));
    assert_eq!(top5.length(), 5);
    let p: Vec<f64> = top5.iter().map(|t| get(&t, "probability").as_f64().unwrap()).collect();
    assert!(
        p.windows(2).all(|w| w[0] >= w[1]) && p[0] <= 1.0,
        "top-5 sorted by probability: {p:?}"
    );
    assert_eq!(get(&result, "target.class").as_f64(), get(&top5.get(0), "class").as_f64());
    for (picture, size) in [
        ("input", [128, 128]),
        ("heat", [128, 128]),
        ("mosaic.image", [128, 128]),
        ("decomposition.image", [128, 128]),
        ("scales.image", [4 * 128 + 3 * 4, 128]),
    ] {
        let (w, h) = (
            get(&result, &format!("{picture}.width")).as_f64().unwrap(),
            get(&result, &format!("{picture}.height")).as_f64().unwrap(),
        );
        assert_eq!([w as usize, h as usize], size, "{picture}");
        assert_eq!(
            js_sys::Uint8ClampedArray::from(get(&result, &format!("{picture}.pixels"))).length()
                as usize,
            size[0] * size[1] * 4
        );
    }
    // The pixel map is the sum of the per-scale maps.
    let scales = floats(&get(&result, "scales.data"));
    let summed: Vec<f32> =
        (0..128 * 128).map(|p| (0..4).map(|l| scales[l * 128 * 128 + p]).sum()).collect();
    assert!(relative_l2(&floats(&get(&result, "pixelMap.data")), &summed) < 1e-6);
    let bands = Array::from(&get(&result, "mosaic.bands"));
    assert_eq!(bands.length(), 1 + 3 * 3);
    assert_eq!(get(&bands.get(0), "name").as_string().unwrap(), "a");

    // Keeping every coefficient rebuilds the input: the explained class scores as before.
    let kept = JsFuture::from(explainer.keep_top(1.0)).await.map_err(message).unwrap();
    let (before, after) = (
        get(&result, "target.probability").as_f64().unwrap(),
        get(&kept, "target.probability").as_f64().unwrap(),
    );
    assert!((before - after).abs() < 1e-3, "keep 100 %: {before} vs {after}");
    let kept = JsFuture::from(explainer.keep_top(0.05)).await.map_err(message).unwrap();
    let total = get(&kept, "total").as_f64().unwrap();
    assert_eq!(get(&kept, "kept").as_f64().unwrap(), (total * 0.05).ceil());
}

#[wasm_bindgen_test]
async fn bad_calls_are_refused_with_a_message() {
    assert!(refusal(explainer("tpu").await, "backend tpu").contains("unknown backend 'tpu'"));
    let broken =
        Explainer::create("cpu".into(), small_manifest(), WEIGHTS[..1000].to_vec(), LABELS.into())
            .await;
    assert!(refusal(broken, "truncated weights").contains("invalid model weights"));
    let explainer = explainer("cpu").await.map_err(message).unwrap();
    assert!(
        refusal(JsFuture::from(explainer.keep_top(0.5)).await, "keep-top first")
            .contains("wavelet explanation")
    );
    for (json, expected) in [
        (r#"{"method": "lime"}"#, "unknown method 'lime'"),
        (r#"{"samples": 0}"#, "samples must be at least 1"),
        (r#"{"wavelet": "db99"}"#, "db99"),
        (r#"{"target": 5000, "method": "wam"}"#, "class 5000 does not exist"),
        (r#"{"colour": "red"}"#, "unknown field `colour`"),
    ] {
        let error = refusal(explain(&explainer, json).await, json);
        assert!(error.contains(expected), "{json}: {error}");
    }
    let short =
        JsFuture::from(explainer.explain(vec![0; 100], 224, 224, JsValue::UNDEFINED, None)).await;
    assert!(refusal(short, "100 bytes for 224×224").contains("RGBA image has"));
    let huge =
        JsFuture::from(explainer.explain(vec![], 100_000, 100_000, JsValue::UNDEFINED, None)).await;
    assert!(refusal(huge, "100 000²").contains("megapixels"));
    // A progress callback returning false cancels.
    let cancel = js_sys::Function::new_with_args("done, total", "return false");
    let cancelled = JsFuture::from(explainer.explain(
        chelsea_rgba(),
        224,
        224,
        options(r#"{"samples": 4, "batch": 1}"#),
        Some(cancel),
    ))
    .await;
    assert_eq!(refusal(cancelled, "cancel"), "cancelled");
}

#[wasm_bindgen_test]
async fn webgpu_agrees_with_the_cpu() {
    let settings = r#"{"method": "wam", "wavelet": "haar", "levels": 3}"#;
    let cpu = explain(&explainer("cpu").await.map_err(message).unwrap(), settings)
        .await
        .map_err(message)
        .unwrap();
    let gpu = explainer("webgpu")
        .await
        .map_err(message)
        .expect("WebGPU adapter (Chromium needs --enable-unsafe-webgpu)");
    assert_eq!(gpu.backend(), "webgpu");
    let gpu = explain(&gpu, settings).await.map_err(message).unwrap();
    assert_eq!(get(&gpu, "target.class").as_f64(), get(&cpu, "target.class").as_f64());
    let (p_cpu, p_gpu) = (
        get(&cpu, "target.probability").as_f64().unwrap(),
        get(&gpu, "target.probability").as_f64().unwrap(),
    );
    assert!((p_cpu - p_gpu).abs() < 1e-3, "probability {p_cpu} (CPU) vs {p_gpu} (WebGPU)");
    let error = relative_l2(&band_values(&get(&gpu, "mosaic")), &band_values(&get(&cpu, "mosaic")));
    assert!(error < 1e-2, "WAM attributions differ by {error} (relative L2)");
    let error =
        relative_l2(&floats(&get(&gpu, "pixelMap.data")), &floats(&get(&cpu, "pixelMap.data")));
    assert!(error < 1e-2, "pixel maps differ by {error} (relative L2)");
}
