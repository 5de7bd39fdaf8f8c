//! The WebAssembly API, for the web page's worker or any other page:
//!
//! ```js
//! import init, { Explainer } from "./pkg/wam.js";
//! await init();
//! const explainer = await Explainer.create("auto", manifestJson, weightBytes, labelsText);
//! const result = await explainer.explain(imageData.data, imageData.width, imageData.height,
//!                                        { method: "wam-sg", samples: 25 }, (done, total) => true);
//! result.top5[0].label;            // "tiger cat"
//! result.heat;                     // RGBA heat layer to draw over result.input
//! ```
//!
//! Thin by design: it converts JS values ([`options`], [`convert`]) and
//! calls the engine; no math lives here.

mod convert;
mod options;

use std::cell::RefCell;
use std::rc::Rc;

use burn::tensor::Device;
use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use crate::array::HostArray;
use crate::explain::{Attribution, ExplainOptions, explain, reclassify_top};
use crate::model::{Manifest, Model};
use crate::preprocess::{RgbImage, preprocess_image};
use crate::render::{heat_layer, mosaic_view, scales_view, to_rgb};
use crate::wavelet::{Band, Dwt};
use convert::{Object, array, picture, regions};

/// A model loaded on a backend, ready to explain images.
#[wasm_bindgen]
pub struct Explainer {
    inner: Rc<Inner>,
}

struct Inner {
    model: Model,
    device: Device,
    backend: &'static str,
    backend_note: Option<String>,
    /// The last wavelet explanation, for [`Explainer::keep_top`].
    last: RefCell<Option<Rc<Last>>>,
}

struct Last {
    dwt: Dwt,
    target: usize,
    coefficients: Vec<(Band, HostArray)>,
    attribution: Vec<(Band, HostArray)>,
}

fn js_error(e: impl std::fmt::Display) -> JsValue {
    JsError::new(&e.to_string()).into()
}

/// Milliseconds since the epoch (good enough for stage timings).
fn now() -> f64 {
    js_sys::Date::now()
}

/// The backend `requested` ("auto", "webgpu" or "cpu"), with a note when
/// "auto" had to fall back to the CPU.
async fn device(requested: &str) -> Result<(Device, &'static str, Option<String>), JsValue> {
    match requested {
        "cpu" => Ok((Device::flex().autodiff(), "cpu", None)),
        "webgpu" | "auto" => match webgpu().await {
            Ok(device) => Ok((device.autodiff(), "webgpu", None)),
            Err(why) if requested == "auto" => Ok((
                Device::flex().autodiff(),
                "cpu",
                Some(format!("WebGPU is not available ({why}): computing on the CPU")),
            )),
            Err(why) => Err(js_error(format!("WebGPU is not available: {why}"))),
        },
        other => Err(js_error(format!("unknown backend '{other}': expected auto, webgpu or cpu"))),
    }
}

#[cfg(feature = "webgpu")]
async fn webgpu() -> Result<Device, String> {
    let has_gpu = js_sys::Reflect::get(&js_sys::global(), &"navigator".into())
        .and_then(|navigator| js_sys::Reflect::get(&navigator, &"gpu".into()))
        .is_ok_and(|gpu| !gpu.is_undefined());
    if !has_gpu {
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

#[wasm_bindgen]
impl Explainer {
    /// Loads a model on `backend` ("auto": WebGPU when an adapter exists,
    /// else the CPU; "webgpu"; "cpu") from its manifest (JSON text), its
    /// safetensors weights and its labels (one per line).
    pub async fn create(
        backend: String,
        manifest: String,
        weights: Vec<u8>,
        labels: String,
    ) -> Result<Explainer, JsValue> {
        let manifest = Manifest::from_json(&manifest).map_err(js_error)?;
        let (device, backend, backend_note) = device(&backend).await?;
        let model = Model::load(manifest, &weights, &labels, &device).map_err(js_error)?;
        Ok(Explainer {
            inner: Rc::new(Inner {
                model,
                device,
                backend,
                backend_note,
                last: RefCell::new(None),
            }),
        })
    }

    /// The backend in use: "webgpu" or "cpu".
    #[wasm_bindgen(getter)]
    pub fn backend(&self) -> String {
        self.inner.backend.to_string()
    }

    /// Why "auto" fell back to the CPU, if it did.
    #[wasm_bindgen(getter, js_name = backendNote)]
    pub fn backend_note(&self) -> Option<String> {
        self.inner.backend_note.clone()
    }

    /// The model's name.
    #[wasm_bindgen(getter)]
    pub fn model(&self) -> String {
        self.inner.model.manifest.name.clone()
    }

    /// Explains an RGBA image (`ImageData.data`, `width`, `height`) with
    /// `options` (`{method, target, wavelet, mode, levels, samples, noise,
    /// seed, batch}`, all optional). `on_progress(done, total)` is called
    /// after each batch; returning `false` cancels. Resolves to an object
    /// with the predictions, the pictures (RGBA) and the raw arrays
    /// (`Float32Array`s with their shapes): see `www/src/api.ts`.
    pub fn explain(
        &self,
        rgba: Vec<u8>,
        width: usize,
        height: usize,
        options: JsValue,
        on_progress: Option<Function>,
    ) -> Promise {
        let inner = self.inner.clone();
        future_to_promise(
            async move { inner.explain(rgba, width, height, options, on_progress).await },
        )
    }

    /// Rebuilds the last explained input from the `fraction` (0..=1) of its
    /// wavelet coefficients with the largest attribution and classifies it
    /// again: `{input, top5, target, kept, total}`.
    #[wasm_bindgen(js_name = keepTop)]
    pub fn keep_top(&self, fraction: f32) -> Promise {
        let inner = self.inner.clone();
        future_to_promise(async move { inner.keep_top(fraction).await })
    }
}

/// The names of the wavelets wam knows, for a settings menu.
#[wasm_bindgen]
pub fn wavelets() -> Vec<String> {
    crate::wavelet::Wavelet::names().map(str::to_string).collect()
}

impl Inner {
    async fn explain(
        &self,
        rgba: Vec<u8>,
        width: usize,
        height: usize,
        options: JsValue,
        on_progress: Option<Function>,
    ) -> Result<JsValue, JsValue> {
        let started = now();
        let options: ExplainOptions = options::parse(options)?;
        let image = RgbImage::from_rgba(&rgba, width, height).map_err(js_error)?;
        drop(rgba);
        let manifest = &self.model.manifest;
        let input = preprocess_image(&image, &manifest.preprocess);
        let preprocessed = now();

        let mut progress = |done: usize, total: usize| match &on_progress {
            Some(callback) => callback
                .call2(&JsValue::NULL, &done.into(), &total.into())
                .map_or(true, |r| r.as_bool() != Some(false)),
            None => true,
        };
        let explanation =
            explain(self.model.network.as_ref(), &input, &options, &self.device, &mut progress)
                .await
                .map_err(js_error)?;
        let explained = now();

        let dwt = Dwt::new(
            options.wavelet.clone(),
            options.mode,
            options.levels,
            input.shape().len() - 1,
        )
        .map_err(js_error)?;
        let coefficients = match &explanation.attribution {
            Attribution::Wavelet { coefficients, .. } => coefficients.clone(),
            Attribution::Input(_) => dwt
                .wavedecn_array(&input, &self.device)
                .map_err(js_error)?
                .to_arrays()
                .await
                .map_err(js_error)?,
        };
        let pixel_map = explanation.attribution.pixel_map();
        let result = Object::new()
            .set("backend", self.backend)
            .set("model", manifest.name.as_str())
            .set("method", options.method.name())
            .serialize("top5", &self.model.top(&explanation.logits, 5))?
            .serialize("target", &self.model.predict(&explanation.logits, explanation.target))?
            .set("input", picture(&to_rgb(&input, &manifest.preprocess)))
            .set("pixelMap", array(&pixel_map))
            .set("heat", picture(&heat_layer(&pixel_map)))
            .set(
                "decomposition",
                regions(&coefficients).set("image", picture(&mosaic_view(&coefficients))),
            );
        let result = match &explanation.attribution {
            Attribution::Wavelet { bands, scales, .. } => {
                *self.last.borrow_mut() = Some(Rc::new(Last {
                    dwt,
                    target: explanation.target,
                    coefficients,
                    attribution: bands.clone(),
                }));
                result
                    .set("mosaic", regions(bands).set("image", picture(&mosaic_view(bands))))
                    .set("scales", array(scales).set("image", picture(&scales_view(scales))))
            }
            Attribution::Input(_) => {
                *self.last.borrow_mut() = None;
                result
            }
        };
        let finished = now();
        let timings = Object::new()
            .set("preprocessMs", preprocessed - started)
            .set("explainMs", explained - preprocessed)
            .set("renderMs", finished - explained)
            .set("totalMs", finished - started);
        Ok(result.set("timings", timings).into())
    }

    async fn keep_top(&self, fraction: f32) -> Result<JsValue, JsValue> {
        let last = self.last.borrow().clone();
        let last = last.ok_or_else(|| {
            js_error("keep-top needs a wavelet explanation (wam, wam-sg or wam-ig) first")
        })?;
        if !(0.0..=1.0).contains(&fraction) {
            return Err(js_error(format!("the fraction to keep must be in 0..=1, got {fraction}")));
        }
        let kept = reclassify_top(
            self.model.network.as_ref(),
            &last.dwt,
            &last.coefficients,
            &last.attribution,
            fraction,
            &self.device,
        )
        .await
        .map_err(js_error)?;
        Ok(Object::new()
            .set("input", picture(&to_rgb(&kept.input, &self.model.manifest.preprocess)))
            .serialize("top5", &self.model.top(&kept.logits, 5))?
            .serialize("target", &self.model.predict(&kept.logits, last.target))?
            .set("kept", kept.kept)
            .set("total", kept.total)
            .into())
    }
}
