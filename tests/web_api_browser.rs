//! The WebAssembly API (src/web/) as a page calls it, in headless Chromium
//! (`cargo test --target wasm32-unknown-unknown --test web_api_browser`, as
//! scripts/test runs it): EfficientNet-Lite0
//! on the CPU and on WebGPU (SwiftShader) must agree, the test models of
//! every rank explain tensors, and bad calls must be refused with a
//! message. The image is the PyTorch fixture's Chelsea crop; the model runs
//! at 128² (it is fully convolutional) to keep SwiftShader quick. The shape
//! model explains a small table written as OBJ in the test.
#![cfg(target_arch = "wasm32")]

mod common;

use burn::tensor::Device;
use js_sys::{Array, Float32Array, Function, Object, Promise, Reflect, Uint8Array, Uint32Array};
use wam::array::HostArray;
use wam::explain::{Attribution, ExplainOptions, Method, Target, scale_maps};
use wam::io::read_npy;
use wam::model::{Manifest, Model};
use wam::render::to_rgb;
use wam::wavelet::{Dwt, Mode, Wavelet};
use wam::web::Explainer;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const MANIFEST: &str = include_str!("../models/efficientnet-lite0/manifest.json");
const WEIGHTS: &[u8] = include_bytes!("../models/efficientnet-lite0/weights.safetensors");
const LABELS: &str = include_str!("../models/efficientnet-lite0/labels.txt");
const CHELSEA: &[u8] = include_bytes!("fixtures/efficientnet/chelsea_input.npy");
const SHAPES_MANIFEST: &str = include_str!("../models/shapes/manifest.json");
const SHAPES_WEIGHTS: &[u8] = include_bytes!("../models/shapes/weights.safetensors");
const SHAPES_LABELS: &str = include_str!("../models/shapes/labels.txt");

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

/// A JS object with the given fields.
fn object(fields: &[(&str, JsValue)]) -> JsValue {
    let object = Object::new();
    for (key, value) in fields {
        Reflect::set(&object, &(*key).into(), value).unwrap();
    }
    object.into()
}

/// `{kind: "image", rgba, width, height}`.
fn image_input(rgba: &[u8], width: u32, height: u32) -> JsValue {
    object(&[
        ("kind", "image".into()),
        ("rgba", Uint8Array::from(rgba).into()),
        ("width", width.into()),
        ("height", height.into()),
    ])
}

/// `{kind: "tensor", data, shape}`.
fn tensor_input(data: &[f32], shape: &[usize]) -> JsValue {
    let shape: Array = shape.iter().map(|&d| JsValue::from(d as u32)).collect();
    object(&[
        ("kind", "tensor".into()),
        ("data", Float32Array::from(data).into()),
        ("shape", shape.into()),
    ])
}

/// Calls `handle.method(args…)` and awaits the promise it returns.
async fn call(handle: &JsValue, method: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let function: Function = get(handle, method).into();
    let promise = function.apply(handle, &args.iter().collect::<Array>())?;
    JsFuture::from(Promise::from(promise)).await
}

/// Calls `handle.render(display)`: the pictures drawn again.
fn render(handle: &JsValue, display: JsValue) -> Result<JsValue, JsValue> {
    Function::from(get(handle, "render")).call1(handle, &display)
}

/// Explains `input`: the `Explanation` handle.
async fn explain_input(
    explainer: &Explainer,
    input: JsValue,
    options_json: &str,
) -> Result<JsValue, JsValue> {
    explain_helped(explainer, input, options_json, None).await
}

/// Explains `input` with `helpers` (functions that hand jobs to other
/// explainers, or none): the `Explanation` handle.
async fn explain_helped(
    explainer: &Explainer,
    input: JsValue,
    options_json: &str,
    helpers: Option<Array>,
) -> Result<JsValue, JsValue> {
    let options = options(options_json);
    JsFuture::from(explainer.explain(input, options, None, JsValue::UNDEFINED, helpers)).await
}

/// Explains Chelsea: the `Explanation` handle.
async fn explain(explainer: &Explainer, options_json: &str) -> Result<JsValue, JsValue> {
    explain_input(explainer, image_input(&chelsea_rgba(), 224, 224), options_json).await
}

fn relative_l2(got: &[f32], want: &[f32]) -> f32 {
    let num: f32 = got.iter().zip(want).map(|(a, b)| (a - b).powi(2)).sum();
    let den: f32 = want.iter().map(|b| b.powi(2)).sum();
    (num / den).sqrt()
}

/// Every band's values of a band layout, concatenated.
fn band_values(regions: &JsValue) -> Vec<f32> {
    Array::from(regions).iter().flat_map(|band| floats(&get(&band, "values.data"))).collect()
}

/// `[width, height]` of the picture `name` of a result.
fn picture_size(result: &JsValue, name: &str) -> [usize; 2] {
    let picture = get(result, &format!("pictures.{name}"));
    let size = ["width", "height"].map(|k| get(&picture, k).as_f64().unwrap() as usize);
    let pixels = js_sys::Uint8ClampedArray::from(get(&picture, "pixels")).length() as usize;
    assert_eq!(pixels, size[0] * size[1] * 4, "{name}: RGBA bytes");
    size
}

/// The names of a result's pictures, sorted.
fn picture_names(result: &JsValue) -> Vec<String> {
    let mut names: Vec<String> = Object::keys(&get(result, "pictures").into())
        .iter()
        .map(|k| k.as_string().unwrap())
        .collect();
    names.sort();
    names
}

#[wasm_bindgen_test]
async fn cpu_result_has_every_view() {
    let explainer = explainer("cpu").await.map_err(message).unwrap();
    assert_eq!((explainer.backend(), explainer.modality()), ("cpu".into(), "image".into()));
    let handle = explain(&explainer, r#"{"method": "wam-sg", "samples": 2, "batch": 2}"#)
        .await
        .map_err(message)
        .unwrap();
    let result = get(&handle, "result");
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
        ("mosaic", [128, 128]),
        ("decomposition", [128, 128]),
        ("scales", [4 * 128 + 3 * 4, 128]),
    ] {
        assert_eq!(picture_size(&result, picture), size, "{picture}");
    }
    // The input map is the sum of the per-scale maps.
    let scales = floats(&get(&result, "scales.data"));
    let summed: Vec<f32> =
        (0..128 * 128).map(|p| (0..4).map(|l| scales[l * 128 * 128 + p]).sum()).collect();
    assert!(relative_l2(&floats(&get(&result, "inputMap.data")), &summed) < 1e-6);
    let bands = Array::from(&get(&result, "bands.mosaic"));
    assert_eq!(bands.length(), 1 + 3 * 3);
    assert_eq!(get(&bands.get(0), "name").as_string().unwrap(), "a");

    // Drawn again from the held explanation: magnitudes as before, or two-sided.
    assert_eq!(get(&result, "colouring").as_string().unwrap(), "magnitude");
    let pixels = |r: &JsValue, name: &str| {
        js_sys::Uint8ClampedArray::from(get(r, &format!("pictures.{name}.pixels"))).to_vec()
    };
    let again = render(&handle, object(&[("colouring", "magnitude".into())])).unwrap();
    assert_eq!(pixels(&again, "mosaic"), pixels(&result, "mosaic"));
    let signed = render(&handle, object(&[("colouring", "signed".into())])).unwrap();
    assert_eq!(get(&signed, "colouring").as_string().unwrap(), "signed");
    assert_eq!(picture_names(&signed), picture_names(&result));
    for name in ["heatmap", "mosaic", "scales"] {
        let legend = get(&signed, &format!("legends.{name}"));
        let [low, high] = ["low", "high"].map(|k| get(&legend, k).as_f64().unwrap());
        assert!(low < 0.0 && low == -high, "{name}: {low} … {high}");
        assert_eq!(get(&legend, "colouring").as_string().unwrap(), "signed");
        assert_ne!(pixels(&signed, name), pixels(&result, name), "{name}");
    }

    // Keeping every coefficient rebuilds the input: the explained class scores as before.
    let kept = call(&handle, "keepTop", &[1.0.into()]).await.map_err(message).unwrap();
    let (before, after) = (
        get(&result, "target.probability").as_f64().unwrap(),
        get(&kept, "target.probability").as_f64().unwrap(),
    );
    assert!((before - after).abs() < 1e-3, "keep 100 %: {before} vs {after}");
    // The curves' forward passes (no gradient: wasm's own 1×1 convolution,
    // as WAM-SG's scores) score the input as WAM's gradient pass does
    // (burn's conv2d).
    let wam = explain(&explainer, r#"{"method": "wam"}"#).await.map_err(message).unwrap();
    let tracked = get(&get(&wam, "result"), "target.probability").as_f64().unwrap();
    let steps = object(&[("steps", 1.into())]);
    let f = call(&wam, "faithfulness", &[steps]).await.map_err(message).unwrap();
    let end = Array::from(&get(&f, "insertion.curve")).get(1).as_f64().unwrap();
    assert!((tracked - end).abs() < 1e-5, "p(x): {tracked} from WAM, {end} at insertion's end");
    assert!((tracked - before).abs() < 1e-5, "p(x): {tracked} from WAM, {before} from WAM-SG");
    let kept = call(&handle, "keepTop", &[0.05.into()]).await.map_err(message).unwrap();
    let total = get(&kept, "total").as_f64().unwrap();
    assert_eq!(get(&kept, "kept").as_f64().unwrap(), (total * 0.05).ceil());
}

#[wasm_bindgen_test]
async fn every_rank_explains_tensors() {
    for (rank, expected) in [
        (1, vec!["curves", "decomposition", "heatmap", "input", "scalogram"]),
        (2, vec!["decomposition", "heat", "heatmap", "input", "mosaic", "overlay", "scales"]),
        (3, vec!["decomposition", "heatmap", "input", "scales"]),
    ] {
        let model = common::models::test_model(rank);
        let explainer =
            Explainer::create("cpu".into(), model.manifest, model.weights, model.labels)
                .await
                .map_err(message)
                .unwrap();
        assert_eq!(explainer.modality(), "tensor");
        let shape: Vec<usize> = explainer.input_shape().iter().map(|&d| d as usize).collect();
        assert_eq!(shape, model.shape);
        let x = common::random_array(&shape, rank as u64);
        for method in ["wam-sg", "saliency"] {
            let settings = format!(r#"{{"method": "{method}", "samples": 2, "levels": 2}}"#);
            let handle = explain_input(&explainer, tensor_input(x.data(), &shape), &settings)
                .await
                .map_err(message)
                .unwrap();
            let result = get(&handle, "result");
            assert_eq!(get(&result, "modality").as_string().unwrap(), "tensor");
            assert_eq!(Array::from(&get(&result, "top5")).length(), 3, "three classes");
            let map: Vec<u32> = Array::from(&get(&result, "inputMap.shape"))
                .iter()
                .map(|d| d.as_f64().unwrap() as u32)
                .collect();
            assert_eq!(map, shape[1..].iter().map(|&d| d as u32).collect::<Vec<_>>());
            let names = picture_names(&result);
            if method == "wam-sg" {
                assert_eq!(names, expected, "rank {rank}");
            } else {
                assert!(names.iter().all(|n| expected.contains(&n.as_str())), "{names:?}");
                assert!(
                    !names.iter().any(|n| ["mosaic", "scales", "scalogram"].contains(&n.as_str()))
                );
            }
            // Keep-top on the handle, in both domains: everything kept scores as before.
            let kept = call(&handle, "keepTop", &[1.0.into()]).await.map_err(message).unwrap();
            let (before, after) = (
                get(&result, "target.probability").as_f64().unwrap(),
                get(&kept, "target.probability").as_f64().unwrap(),
            );
            assert!((before - after).abs() < 1e-5, "rank {rank} {method}: {before} vs {after}");
            common::yield_to_browser().await;
        }
        let refused = explain_input(&explainer, image_input(&[0; 64], 4, 4), "{}").await;
        assert!(refusal(refused, "an image for a tensor model").contains("not an image"));
        let refused = explain_input(&explainer, tensor_input(&[0.0; 12], &[3, 4]), "{}").await;
        assert!(refusal(refused, "a tensor of the wrong shape").contains("got [3, 4]"));
    }
}

#[wasm_bindgen_test]
async fn faithfulness_and_sanity_run_on_a_held_explanation() {
    let model = common::models::test_model(2);
    let explainer = Explainer::create("cpu".into(), model.manifest, model.weights, model.labels)
        .await
        .map_err(message)
        .unwrap();
    let x = common::random_array(&model.shape, 5);
    let input = tensor_input(x.data(), &model.shape);
    let handle =
        explain_input(&explainer, input, r#"{"method": "wam", "levels": 2}"#).await.unwrap();
    let p_x = get(&get(&handle, "result"), "target.probability").as_f64().unwrap();
    // Progress: (curve, points so far, total) after each batch of 2, recorded in a global.
    let record = Function::new_with_args(
        "curve, points, total",
        "(globalThis.calls ??= []).push([curve, points.length, total]); return true",
    );
    let steps = object(&[("steps", 4.into()), ("batch", 2.into())]);
    let f = call(&handle, "faithfulness", &[steps.clone(), record.into()]).await.unwrap();
    let curve = |kind: &str| -> Vec<f64> {
        Array::from(&get(&f, &format!("{kind}.curve")))
            .iter()
            .map(|v| v.as_f64().unwrap())
            .collect()
    };
    let (ins, del) = (curve("insertion"), curve("deletion"));
    assert_eq!((ins.len(), del.len()), (5, 5));
    assert!((ins[4] - p_x).abs() < 1e-5 && (del[0] - p_x).abs() < 1e-5, "{ins:?} {del:?} {p_x}");
    assert!((ins[0] - del[4]).abs() < 1e-6, "both reach the baseline");
    let trapezoid = |c: &[f64]| c.windows(2).map(|w| (w[0] + w[1]) / 2.0).sum::<f64>() / 4.0;
    let auc = get(&f, "insertion.auc").as_f64().unwrap();
    assert!((auc - trapezoid(&ins)).abs() < 1e-6);
    assert_eq!(get(&f, "activation").as_string().unwrap(), "softmax");
    let calls: Vec<(String, f64, f64)> = Array::from(&get(&js_sys::global(), "calls"))
        .iter()
        .map(|c| {
            let c = Array::from(&c);
            (c.get(0).as_string().unwrap(), c.get(1).as_f64().unwrap(), c.get(2).as_f64().unwrap())
        })
        .collect();
    // 8 distinct inputs (deletion's ends are insertion's) in batches of 2:
    // insertion's points 0–1, 2–3, 4 (with deletion's 1) and deletion's 2–3
    // (with its first and last, insertion's ends).
    let expected: Vec<(String, f64, f64)> = [
        ("insertion", 2.0),
        ("insertion", 4.0),
        ("insertion", 5.0),
        ("deletion", 2.0),
        ("deletion", 5.0),
    ]
    .iter()
    .map(|(kind, n)| (kind.to_string(), *n, 5.0))
    .collect();
    assert_eq!(calls, expected);
    // A progress callback returning false cancels; unknown options are refused.
    let stop = Function::new_with_args("curve, points, total", "return false");
    let cancelled = call(&handle, "faithfulness", &[steps, stop.into()]).await;
    assert_eq!(refusal(cancelled, "cancel"), "cancelled");
    let typo = call(&handle, "faithfulness", &[object(&[("step", 4.into())])]).await;
    assert!(refusal(typo, "step").contains("unknown field `step`"));
    // The sanity check: the model itself, then its top 1 and all 3 layers re-initialised.
    let layers = get(&get(&handle, "result"), "layers").as_f64().unwrap();
    assert_eq!(layers, 3.0);
    let counts: Array = [0u32, 1, 3].iter().map(|&c| JsValue::from(c)).collect();
    let rows = call(&handle, "sanity", &[counts.into()]).await.map_err(message).unwrap();
    let rows = Array::from(&rows);
    assert_eq!(rows.length(), 3);
    assert_eq!(get(&rows.get(0), "correlation").as_f64(), Some(1.0));
    assert_eq!(get(&rows.get(2), "layers").as_f64(), Some(3.0));
    let last = get(&rows.get(2), "correlation").as_f64().unwrap();
    assert!(last < 0.9, "all layers re-initialised: Spearman {last}");
    assert_eq!(get(&rows.get(1), "heatmap.width").as_f64(), Some(model.shape[2] as f64));
    let too_many: Array = [4u32].iter().map(|&c| JsValue::from(c)).collect();
    let refused = call(&handle, "sanity", &[too_many.into()]).await;
    assert!(refusal(refused, "4 of 3 layers").contains("the model has 3"));
}

/// Functions that hand a job to `helpers` (explainers holding the same
/// model), as the page's pool does, counting the jobs each ran.
fn helper_functions(helpers: Vec<Explainer>, jobs: &std::rc::Rc<std::cell::Cell<usize>>) -> Array {
    helpers
        .into_iter()
        .map(|helper| {
            let jobs = jobs.clone();
            let work = move |job: JsValue| {
                jobs.set(jobs.get() + 1);
                helper.work(job)
            };
            Closure::<dyn Fn(JsValue) -> Promise>::new(work).into_js_value()
        })
        .collect()
}

#[wasm_bindgen_test]
async fn parts_on_helpers_give_the_one_part_explanation_and_curves() {
    let model = common::models::test_model(2);
    let create = || {
        let (manifest, weights) = (model.manifest.clone(), model.weights.clone());
        let labels = model.labels.clone();
        async move { Explainer::create("cpu".into(), manifest, weights, labels).await.unwrap() }
    };
    let lead = create().await;
    let jobs = std::rc::Rc::new(std::cell::Cell::new(0));
    let helpers = helper_functions(vec![create().await, create().await], &jobs);
    let x = common::random_array(&model.shape, 11);
    let values = |handle: &JsValue| {
        let result = get(handle, "result");
        let map = floats(&get(&result, "inputMap.data"));
        (map, band_values(&get(&result, "bands.mosaic")))
    };
    for method in ["wam-sg", "wam-ig"] {
        // 7 samples in batches of 2 over 3 workers: rounds of 2 + 2 + 2, then 1.
        let settings =
            format!(r#"{{"method": "{method}", "samples": 7, "batch": 2, "levels": 2}}"#);
        let input = || tensor_input(x.data(), &model.shape);
        let alone = explain_helped(&lead, input(), &settings, None).await.map_err(message).unwrap();
        let before = jobs.get();
        let split = explain_helped(&lead, input(), &settings, Some(helpers.clone()))
            .await
            .map_err(message)
            .unwrap();
        assert_eq!(jobs.get() - before, 2, "{method}: each helper ran one part");
        assert_eq!(get(&get(&split, "result"), "timings.workers").as_f64(), Some(3.0));
        assert_eq!(get(&get(&alone, "result"), "timings.workers").as_f64(), Some(1.0));
        let ((map, bands), (map1, bands1)) = (values(&split), values(&alone));
        assert!(relative_l2(&map, &map1) < 1e-5, "{method}: {}", relative_l2(&map, &map1));
        assert!(relative_l2(&bands, &bands1) < 1e-5, "{method}: {}", relative_l2(&bands, &bands1));
        assert!(bands1.iter().any(|v| *v != 0.0));
        // The curves: 16 distinct inputs in batches of 3 over 3 workers.
        let steps = object(&[("steps", 9.into()), ("batch", 3.into())]);
        let curves = |helpers: JsValue| {
            let steps = steps.clone();
            let split = split.clone();
            async move { call(&split, "faithfulness", &[steps, JsValue::UNDEFINED, helpers]).await }
        };
        let alone = curves(JsValue::UNDEFINED).await.map_err(message).unwrap();
        let helped = curves(helpers.clone().into()).await.map_err(message).unwrap();
        assert_eq!(get(&helped, "workers").as_f64(), Some(3.0));
        for kind in ["insertion", "deletion"] {
            let curve = |f: &JsValue| -> Vec<f32> {
                let points = Array::from(&get(f, &format!("{kind}.curve")));
                points.iter().map(|v| v.as_f64().unwrap() as f32).collect()
            };
            let (got, want) = (curve(&helped), curve(&alone));
            assert_eq!(got.len(), 10);
            assert!(relative_l2(&got, &want) < 1e-5, "{method} {kind}: {got:?} vs {want:?}");
        }
    }
    // A helper's failure is the explanation's, by name.
    let failing: Array =
        [Function::new_with_args("job", "return Promise.reject(new Error('it broke'))")]
            .iter()
            .collect();
    let settings = r#"{"method": "wam-sg", "samples": 4, "batch": 1, "levels": 2}"#;
    let input = tensor_input(x.data(), &model.shape);
    let refused = explain_helped(&lead, input, settings, Some(failing)).await;
    assert_eq!(refusal(refused, "a failing helper"), "a helper failed its part: it broke");
}

#[wasm_bindgen_test]
async fn bad_calls_are_refused_with_a_message() {
    assert!(refusal(explainer("tpu").await, "backend tpu").contains("unknown backend 'tpu'"));
    let broken =
        Explainer::create("cpu".into(), small_manifest(), WEIGHTS[..1000].to_vec(), LABELS.into())
            .await;
    assert!(refusal(broken, "truncated weights").contains("invalid model weights"));
    let explainer = explainer("cpu").await.map_err(message).unwrap();
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
    let short = explain_input(&explainer, image_input(&[0; 100], 224, 224), "{}").await;
    assert!(refusal(short, "100 bytes for 224×224").contains("RGBA image has"));
    let huge = explain_input(&explainer, image_input(&[], 100_000, 100_000), "{}").await;
    assert!(refusal(huge, "100 000²").contains("megapixels"));
    // The pixel limit, on the declared size (a real 200 MB RGBA array is too heavy for a
    // browser test; the bytes are checked after the size, before they are copied): 50,000,000
    // pixels pass and are refused for their 100 bytes only, one pixel more is refused for its size.
    let at_limit = explain_input(&explainer, image_input(&[0; 100], 50_000_000, 1), "{}").await;
    let at_limit = refusal(at_limit, "50,000,000 × 1 with 100 bytes");
    assert!(at_limit.contains("has 200000000 bytes, got 100"), "{at_limit}");
    let past = explain_input(&explainer, image_input(&[0; 100], 50_000_001, 1), "{}").await;
    assert!(refusal(past, "50,000,001 × 1").contains("above 50 megapixels"));
    for (input, expected) in [
        (object(&[("kind", "video".into())]), "unknown input kind 'video'"),
        (JsValue::from(3), "must be an object"),
        (object(&[("kind", "image".into()), ("rgba", 1.into())]), "'rgba' must be a Uint8Array"),
        (object(&[("kind", "tensor".into())]), "'data' must be a Float32Array"),
    ] {
        let error = refusal(explain_input(&explainer, input, "{}").await, expected);
        assert!(error.contains(expected), "{error}");
    }
    let handle = explain(&explainer, r#"{"method": "wam"}"#).await.map_err(message).unwrap();
    let error = refusal(call(&handle, "keepTop", &[1.5.into()]).await, "keep 150 %");
    assert!(error.contains("0..=1"), "{error}");
    for (display, expected) in [
        (object(&[("colouring", "rainbow".into())]), "unknown colouring 'rainbow'"),
        (object(&[("color", "signed".into())]), "unknown field `color`"),
    ] {
        let error = refusal(render(&handle, display), expected);
        assert!(error.contains(expected), "{error}");
    }
    // A progress callback returning false cancels.
    let cancel = js_sys::Function::new_with_args("done, total", "return false");
    let cancelled = JsFuture::from(explainer.explain(
        image_input(&chelsea_rgba(), 224, 224),
        options(r#"{"samples": 4, "batch": 1}"#),
        Some(cancel),
        JsValue::UNDEFINED,
        None,
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
    let cpu = get(&cpu, "result");
    let gpu = explainer("webgpu")
        .await
        .map_err(message)
        .expect("WebGPU adapter (Chromium needs --enable-unsafe-webgpu)");
    assert_eq!(gpu.backend(), "webgpu");
    let gpu = get(&explain(&gpu, settings).await.map_err(message).unwrap(), "result");
    assert_eq!(get(&gpu, "target.class").as_f64(), get(&cpu, "target.class").as_f64());
    let (p_cpu, p_gpu) = (
        get(&cpu, "target.probability").as_f64().unwrap(),
        get(&gpu, "target.probability").as_f64().unwrap(),
    );
    assert!((p_cpu - p_gpu).abs() < 1e-3, "probability {p_cpu} (CPU) vs {p_gpu} (WebGPU)");
    let error = relative_l2(
        &band_values(&get(&gpu, "bands.mosaic")),
        &band_values(&get(&cpu, "bands.mosaic")),
    );
    assert!(error < 1e-2, "WAM attributions differ by {error} (relative L2)");
    let error =
        relative_l2(&floats(&get(&gpu, "inputMap.data")), &floats(&get(&cpu, "inputMap.data")));
    assert!(error < 1e-2, "input maps differ by {error} (relative L2)");
}

/// The adapter the browser offers WebGPU, as `vendor architecture device description`.
async fn adapter_name() -> Option<String> {
    let gpu = get(&js_sys::global(), "navigator.gpu");
    let request: Function = get(&gpu, "requestAdapter").into();
    let adapter = JsFuture::from(Promise::from(request.call0(&gpu).ok()?)).await.ok()?;
    if adapter.is_null() {
        return None;
    }
    let info = get(&adapter, "info");
    let parts = ["vendor", "architecture", "device", "description"]
        .map(|k| get(&info, k).as_string().unwrap_or_default());
    Some(parts.join(" "))
}

#[wasm_bindgen_test]
async fn auto_passes_over_a_software_adapter() {
    // Headless Chromium here emulates WebGPU with SwiftShader: "auto" must
    // compute on the CPU and say why; on a hardware adapter it must use it.
    let name = adapter_name().await.expect("a WebGPU adapter (--enable-unsafe-webgpu)");
    let auto = explainer("auto").await.map_err(message).unwrap();
    if name.to_lowercase().contains("swiftshader") {
        assert_eq!(auto.backend(), "cpu", "adapter {name}");
        let note = auto.backend_note().unwrap_or_default();
        assert!(note.contains("software") && note.to_lowercase().contains("swiftshader"), "{note}");
    } else {
        assert_eq!(auto.backend(), "webgpu", "adapter {name}: {:?}", auto.backend_note());
    }
}

/// A table as OBJ: a top and four legs, each an axis-aligned box
/// (`[min, max]` corners), y up: 40 vertices, 60 triangles.
fn table_obj() -> String {
    let boxes = [
        ([-1.0, 0.8, -0.6], [1.0, 1.0, 0.6]),
        ([-0.9, 0.0, -0.5], [-0.7, 0.8, -0.3]),
        ([0.7, 0.0, -0.5], [0.9, 0.8, -0.3]),
        ([-0.9, 0.0, 0.3], [-0.7, 0.8, 0.5]),
        ([0.7, 0.0, 0.3], [0.9, 0.8, 0.5]),
    ];
    // Corner i of a box takes max along x, y, z where bit 0, 1, 2 of i is set.
    let quads =
        [[0, 2, 3, 1], [4, 5, 7, 6], [0, 1, 5, 4], [2, 6, 7, 3], [0, 4, 6, 2], [1, 3, 7, 5]];
    let mut obj = String::new();
    for (b, (low, high)) in boxes.iter().enumerate() {
        for i in 0..8 {
            let [x, y, z] = [0, 1, 2].map(|k| if i >> k & 1 == 1 { high[k] } else { low[k] });
            obj += &format!("v {x} {y} {z}\n");
        }
        for [p, q, r, t] in quads.map(|q| q.map(|i| b * 8 + i + 1)) {
            obj += &format!("f {p} {q} {r}\nf {p} {r} {t}\n");
        }
    }
    obj
}

/// `{kind: "shape", bytes, name}`.
fn shape_input(text: &str, name: &str) -> JsValue {
    object(&[
        ("kind", "shape".into()),
        ("bytes", Uint8Array::from(text.as_bytes()).into()),
        ("name", name.into()),
    ])
}

/// The sizes of a `FloatArray`'s shape.
fn shape_of(array: &JsValue) -> Vec<usize> {
    Array::from(&get(array, "shape")).iter().map(|d| d.as_f64().unwrap() as usize).collect()
}

/// A binary PLY's vertex and face counts, and the RGB of each vertex
/// (records: `x y z` as f32, then `r g b`).
fn ply_vertices(bytes: &[u8]) -> (usize, usize, Vec<[u8; 3]>) {
    let end = bytes.windows(11).position(|w| w == b"end_header\n").expect("a PLY header") + 11;
    let header = std::str::from_utf8(&bytes[..end]).unwrap();
    let count = |element: &str| -> usize {
        let line = header.lines().find(|l| l.starts_with(&format!("element {element} "))).unwrap();
        line.rsplit(' ').next().unwrap().parse().unwrap()
    };
    let (vertices, faces) = (count("vertex"), count("face"));
    assert!(header.contains("format binary_little_endian 1.0"), "{header}");
    // Each face: a count byte and three i32 indices.
    assert_eq!(bytes.len(), end + vertices * 15 + faces * 13, "the body's size");
    let colours = (0..vertices).map(|v| {
        let at = end + v * 15 + 12;
        [bytes[at], bytes[at + 1], bytes[at + 2]]
    });
    (vertices, faces, colours.collect())
}

/// The shape model on the CPU.
async fn shapes_explainer() -> Explainer {
    let (manifest, labels) = (SHAPES_MANIFEST.into(), SHAPES_LABELS.into());
    Explainer::create("cpu".into(), manifest, SHAPES_WEIGHTS.to_vec(), labels)
        .await
        .map_err(message)
        .unwrap()
}

#[wasm_bindgen_test]
async fn a_mesh_is_explained_and_exported_as_a_coloured_ply() {
    let explainer = shapes_explainer().await;
    assert_eq!(explainer.modality(), "shape");
    let settings = r#"{"method": "wam", "wavelet": "haar", "levels": 3}"#;
    let handle = explain_input(&explainer, shape_input(&table_obj(), "table.obj"), settings)
        .await
        .map_err(message)
        .unwrap();
    let result = get(&handle, "result");
    assert_eq!(get(&result, "modality").as_string().unwrap(), "shape");
    assert_eq!(shape_of(&get(&result, "grid")), [1, 32, 32, 32]);
    assert_eq!(shape_of(&get(&result, "inputMap")), [32, 32, 32]);
    assert_eq!(shape_of(&get(&result, "scales")), [4, 32, 32, 32]);
    let grid = floats(&get(&result, "grid.data"));
    let filled = grid.iter().filter(|v| **v > 0.5).count();
    assert!(filled > 100 && filled < 32 * 32 * 32 / 2, "{filled} voxels filled");
    let positions = get(&result, "mesh.positions").dyn_into::<Float32Array>().unwrap();
    let triangles = get(&result, "mesh.triangles").dyn_into::<Uint32Array>().unwrap();
    let voxels = get(&result, "mesh.voxels").dyn_into::<Uint32Array>().unwrap().to_vec();
    assert_eq!((positions.length(), triangles.length(), voxels.len()), (40 * 3, 60 * 3, 40));
    // Each vertex lies in a filled voxel (the surface is voxelised).
    assert!(voxels.iter().all(|&v| grid[v as usize] > 0.5), "a vertex outside the grid's shape");
    // The input's decomposition: the approximation and 7 detail bands a level.
    assert_eq!(Array::from(&get(&result, "bands.decomposition")).length(), 1 + 3 * 7);
    common::yield_to_browser().await;

    // Haar at even sizes is orthogonal: WAM's coefficients are the 3-D DWT
    // of the input gradient, so each level's map is that of the DWT of the
    // gradient, taken here by the engine's saliency on the same grid.
    let device = Device::flex().autodiff();
    let manifest = Manifest::from_json(SHAPES_MANIFEST).unwrap();
    let model = Model::load(manifest, SHAPES_WEIGHTS, SHAPES_LABELS, &device).unwrap();
    let x = HostArray::new(vec![1, 32, 32, 32], grid).unwrap();
    let target = get(&result, "target.class").as_f64().unwrap() as usize;
    let options = ExplainOptions {
        method: Method::Saliency,
        target: Target::Class(target),
        ..Default::default()
    };
    let saliency =
        wam::explain::explain(model.network.as_ref(), &x, &options, &device, &mut |_, _| true)
            .await
            .unwrap();
    let Attribution::Input(gradient) = saliency.attribution else { panic!("saliency: input") };
    let dwt = Dwt::new(Wavelet::new("haar").unwrap(), Mode::Symmetric, 3, 3).unwrap();
    let bands = dwt.wavedecn_array(&gradient, &Device::flex()).unwrap();
    let want =
        scale_maps(&bands.to_arrays().await.unwrap(), &[32, 32, 32], HostArray::channel_magnitude);
    let error = relative_l2(&floats(&get(&result, "scales.data")), want.data());
    assert!(error < 1e-4, "per-level maps vs those of DWT(gradient): relative L2 {error}");
    common::yield_to_browser().await;

    // The PLY the CLI writes: every vertex and triangle, coloured by the map chosen.
    let coloured_ply: Function = get(&handle, "colouredPly").into();
    let ply = |scale: JsValue| -> Result<Vec<u8>, JsValue> {
        Ok(coloured_ply.call1(&handle, &scale)?.dyn_into::<Uint8Array>().unwrap().to_vec())
    };
    let (vertices, faces, sum) = ply_vertices(&ply(JsValue::UNDEFINED).map_err(message).unwrap());
    assert_eq!((vertices, faces), (40, 60));
    assert!(sum.iter().any(|c| *c != sum[0]), "every vertex has one colour: {:?}", sum[0]);
    let (_, _, finest) = ply_vertices(&ply(0.into()).map_err(message).unwrap());
    assert_ne!(finest, sum, "level 1 colours the mesh as the sum does");
    assert!(refusal(ply(4.into()), "scale 4 of 4").contains("no scale 4"));
}

#[wasm_bindgen_test]
async fn a_broken_mesh_is_refused_by_name() {
    let explainer = shapes_explainer().await;
    let out_of_range = "v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 9\n";
    let refused = explain_input(&explainer, shape_input(out_of_range, "broken.obj"), "{}").await;
    let error = refusal(refused, "a face past the vertices");
    assert!(error.contains("'broken.obj'") && error.contains("vertex"), "{error}");
    let refused = explain_input(&explainer, shape_input(&table_obj(), "table.mp3"), "{}").await;
    let error = refusal(refused, "an OBJ named .mp3");
    assert!(error.contains("'table.mp3'") && error.contains("not a mesh file"), "{error}");
    // A tensor explained has no mesh to colour.
    let x = vec![0.0; 32 * 32 * 32];
    let handle =
        explain_input(&explainer, tensor_input(&x, &[1, 32, 32, 32]), r#"{"method": "wam"}"#)
            .await
            .map_err(message)
            .unwrap();
    let coloured_ply: Function = get(&handle, "colouredPly").into();
    let refused = coloured_ply.call0(&handle);
    assert!(refusal(refused, "a PLY of a tensor").contains("only a shape"));
}
