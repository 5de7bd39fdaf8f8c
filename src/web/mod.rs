//! The WebAssembly API, for the web page's worker or any other page:
//!
//! ```js
//! import init, { Explainer } from "./pkg/wam.js";
//! await init();
//! const explainer = await Explainer.create("auto", manifestJson, weightBytes, labelsText);
//! explainer.modality;              // "image" | "sound" | "shape" | "tensor": the input the model takes
//! const explanation = await explainer.explain(
//!   { kind: "image", rgba: imageData.data, width: imageData.width, height: imageData.height },
//!   { method: "wam-sg", samples: 25 }, (done, total) => true);
//! const result = explanation.result; // predictions, pictures, band layouts, maps
//! result.top5[0].label;            // "tiger cat"
//! const signed = explanation.render({ colouring: "signed" }); // the pictures two-sided, not recomputed
//! const kept = await explanation.keepTop(0.3); // the input rebuilt from its top 30 %
//! const ply = explanation.colouredPly();   // shapes: the mesh coloured by the attribution (PLY bytes)
//! const curves = await explanation.faithfulness({ steps: 64 }, (curve, points, total) => true);
//! curves.insertion.auc;            // and the deletion curve, its AUC
//! const rows = await explanation.sanity([1, 2, 4], (row) => true); // randomised maps
//! explanation.free();
//! ```
//!
//! Thin by design: it converts JS values ([`input`], [`options`],
//! [`convert`]) and calls the modality layer and the engine; no math
//! lives here.

mod backend;
mod convert;
mod helpers;
mod input;
mod measure;
mod options;
mod start;
mod types;

pub use start::run_constructors;

use std::rc::Rc;

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use crate::array::HostArray;
use crate::explain::{
    self, ExplainError, ExplainOptions, Method, Settings, levels_alone, reclassify_top,
};
use crate::modality::sound::MAX_SECONDS;
use crate::modality::{
    Chosen, MAX_FILE_BYTES, MAX_PIXELS, Modality, Prepared, ShapeInput, Views, choose,
    input_picture,
};
use crate::model::{Manifest, Model};
use crate::render::{Colouring, diverging, inferno};
use crate::wavelet::{Mode, Wavelet};
use convert::{array, mesh_view, picture, regions, rendered, sizes};
use types::{Defaults, ExplainResult, KeepTopResult, Limits, MethodInfo, Timings, to_js};

/// A model loaded on a backend, ready to explain inputs of its modality.
#[wasm_bindgen]
pub struct Explainer {
    inner: Rc<Inner>,
}

struct Inner {
    model: Model,
    backend: backend::Chosen,
}

/// One explanation, held by the caller: its result, and keep-top on it.
/// Call `free()` when it is no longer shown.
#[wasm_bindgen(js_name = Explanation)]
pub struct ExplanationHandle {
    inner: Rc<Inner>,
    input: Rc<HostArray>,
    explanation: Rc<explain::Explanation>,
    /// The options that made it (the sanity check makes it again).
    options: ExplainOptions,
    /// Shapes: the mesh the input was made from.
    shape: Option<ShapeInput>,
    result: JsValue,
}

fn js_error(e: impl std::fmt::Display) -> JsValue {
    JsError::new(&e.to_string()).into()
}

/// The message of a JS error (or the text of another thrown value).
fn message_of(e: &JsValue) -> String {
    match e.dyn_ref::<js_sys::Error>() {
        Some(error) => error.message().into(),
        None => e.as_string().unwrap_or_else(|| format!("{e:?}")),
    }
}

/// Whether a progress callback's answer lets the work go on: anything but `false` does.
fn goes_on(answer: Result<JsValue, JsValue>) -> bool {
    answer.map_or(true, |r| r.as_bool() != Some(false))
}

/// Milliseconds since the epoch (good enough for stage timings).
fn now() -> f64 {
    js_sys::Date::now()
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
        let backend = backend::device(&backend).await?;
        let model = Model::load(manifest, &weights, &labels, &backend.device).map_err(js_error)?;
        Ok(Explainer { inner: Rc::new(Inner { model, backend }) })
    }

    /// The backend in use: "webgpu" or "cpu".
    #[wasm_bindgen(getter)]
    pub fn backend(&self) -> String {
        self.inner.backend.name.to_string()
    }

    /// Why "auto" fell back to the CPU, if it did.
    #[wasm_bindgen(getter, js_name = backendNote)]
    pub fn backend_note(&self) -> Option<String> {
        self.inner.backend.note.as_ref().map(|(_, note)| note.clone())
    }

    /// The same in a few words, for the backend badge ("WebGPU is
    /// software-only here", "no WebGPU here").
    #[wasm_bindgen(getter, js_name = backendReason)]
    pub fn backend_reason(&self) -> Option<String> {
        self.inner.backend.note.as_ref().map(|(reason, _)| reason.to_string())
    }

    /// A test hook: destroys the WebGPU device (`GPUDevice.destroy()`), as
    /// a GPU reset would; later calls reject with an error named
    /// `DeviceLost`. False (nothing done) on the CPU.
    #[wasm_bindgen(js_name = destroyDevice)]
    pub fn destroy_device(&self) -> bool {
        self.inner.backend.gpu.as_ref().inspect(|gpu| gpu.destroy()).is_some()
    }

    /// The model's name.
    #[wasm_bindgen(getter)]
    pub fn model(&self) -> String {
        self.inner.model.manifest.name.clone()
    }

    /// The input the model takes: "image", "sound" or "tensor" (see [`Modality`]).
    #[wasm_bindgen(getter, unchecked_return_type = "\"image\" | \"sound\" | \"tensor\"")]
    pub fn modality(&self) -> String {
        Modality::of(&self.inner.model.manifest).name().to_string()
    }

    /// The shape `[C, *spatial]` of the model's prepared input.
    #[wasm_bindgen(getter, js_name = inputShape)]
    pub fn input_shape(&self) -> Vec<u32> {
        sizes(&self.inner.model.manifest.input.shape())
    }

    /// Explains `input` — `{kind: "image", rgba, width, height}` (RGBA
    /// bytes, as `ImageData` holds them) for image models, or `{kind:
    /// "tensor", data: Float32Array, shape}` (the model's prepared input)
    /// for any model — with `options` (`{method, target, wavelet, mode,
    /// levels, samples, noise, seed, batch}`, all optional).
    /// `on_progress(done, total)` is called after each batch; returning
    /// `false` cancels. `display` (`{colouring}`, optional) says how the
    /// pictures are drawn. Resolves to an `Explanation`: its `result` holds
    /// the predictions, the pictures (RGBA) by name, the band layouts and
    /// the maps (the `ExplainResult` type); `keepTop` re-classifies from it,
    /// `render` draws its pictures again. `helpers` (optional): one function
    /// per other worker holding the same model, each handing a `HelperJob`
    /// to that worker's `work` and resolving with its answer; each round of
    /// samples is then split between this worker and them.
    #[wasm_bindgen(unchecked_return_type = "Promise<Explanation>")]
    pub fn explain(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ExplainInput")] input: JsValue,
        #[wasm_bindgen(unchecked_param_type = "ExplainOptions | undefined")] options: JsValue,
        #[wasm_bindgen(
            unchecked_param_type = "((done: number, total: number) => boolean) | undefined"
        )]
        on_progress: Option<Function>,
        #[wasm_bindgen(unchecked_param_type = "DisplayOptions | undefined")] display: JsValue,
        #[wasm_bindgen(unchecked_param_type = "HelperFunction[] | undefined")] helpers: Option<
            js_sys::Array,
        >,
    ) -> Promise {
        let inner = self.inner.clone();
        future_to_promise(async move {
            let helpers = helpers::helpers(helpers)?;
            inner.explain(input, options, on_progress, display, &helpers).await
        })
    }
}

#[wasm_bindgen(js_class = Explanation)]
impl ExplanationHandle {
    /// What the explanation shows (see [`Explainer::explain`]).
    #[wasm_bindgen(getter, unchecked_return_type = "ExplainResult")]
    pub fn result(&self) -> JsValue {
        self.result.clone()
    }

    /// The pictures drawn again as `display` (`{colouring}`) asks, from the
    /// explanation held here: nothing is computed again but the pictures
    /// and their legends.
    #[wasm_bindgen(unchecked_return_type = "Rendered")]
    pub fn render(
        &self,
        #[wasm_bindgen(unchecked_param_type = "DisplayOptions | undefined")] display: JsValue,
    ) -> Result<JsValue, JsValue> {
        let colouring = options::colouring(display)?;
        let manifest = &self.inner.model.manifest;
        to_js(&rendered(&Views::new(manifest, &self.input, &self.explanation, colouring)))
    }

    /// Rebuilds the input from the `fraction` (0..=1) of its features (the
    /// wavelet coefficients of wavelet methods, the input's values
    /// otherwise) with the largest attribution and classifies it again:
    /// `{input, top5, target, kept, total}`.
    #[wasm_bindgen(js_name = keepTop, unchecked_return_type = "Promise<KeepTopResult>")]
    pub fn keep_top(&self, fraction: f32) -> Promise {
        let (inner, input, explanation) =
            (self.inner.clone(), self.input.clone(), self.explanation.clone());
        future_to_promise(async move {
            let model = &inner.model;
            let network = model.network.as_ref();
            let device = &inner.backend.device;
            let kept = match reclassify_top(network, &input, &explanation, fraction, device).await {
                Ok(kept) => kept,
                Err(e) => return Err(inner.engine_error(e).await),
            };
            to_js(&KeepTopResult {
                input: picture(&input_picture(&model.manifest, &kept.input)),
                top5: model.top(&kept.logits, 5),
                target: model.predict(&kept.logits, explanation.target),
                kept: kept.kept as u32,
                total: kept.total as u32,
                samples: (Modality::of(&model.manifest) == Modality::Sound)
                    .then(|| array(&kept.input)),
                grid: is_volume(&kept.input).then(|| array(&kept.input)),
            })
        })
    }

    /// Shapes: the mesh as a binary PLY (the `attribution.ply` that `wam
    /// explain` writes), each vertex coloured by the attribution at its
    /// voxel: the sum over the scales, or (`scale`: an index into
    /// `result.scales`, finest first) one scale's map.
    #[wasm_bindgen(js_name = colouredPly)]
    pub fn coloured_ply(&self, scale: Option<u32>) -> Result<Vec<u8>, JsValue> {
        let shape =
            self.shape.as_ref().ok_or_else(|| js_error("only a shape has a mesh to colour"))?;
        let attribution = &self.explanation.attribution;
        let map = match scale {
            None => attribution.input_map(),
            Some(index) => attribution
                .scale_map(index as usize)
                .ok_or_else(|| js_error(format!("no scale {index} in `result.scales`")))?,
        };
        Ok(shape.coloured_ply(map.data()))
    }
}

/// What the page's menus offer and start from: `{options, methods,
/// wavelets, modes, limits}`, the options being the engine's defaults.
#[wasm_bindgen(unchecked_return_type = "Defaults")]
pub fn defaults() -> Result<JsValue, JsValue> {
    let names = |list: &mut dyn Iterator<Item = &str>| list.map(str::to_string).collect();
    to_js(&Defaults {
        options: Settings::from(&ExplainOptions::default()),
        methods: Method::ALL
            .iter()
            .map(|m| MethodInfo {
                name: m.name().into(),
                wavelet: m.is_wavelet(),
                sampled: m.is_sampled(),
            })
            .collect(),
        wavelets: names(&mut Wavelet::names()),
        modes: names(&mut Mode::NAMES.into_iter()),
        limits: Limits {
            file_bytes: MAX_FILE_BYTES as f64,
            pixels: MAX_PIXELS as f64,
            seconds: MAX_SECONDS as f64,
        },
        colormap: css_stops(inferno, 9),
        diverging: css_stops(diverging, 11),
        colourings: Colouring::ALL.iter().map(|c| c.name().to_string()).collect(),
    })
}

/// `count` evenly spaced colours of `map` as CSS hex colours.
fn css_stops(map: fn(f32) -> [u8; 3], count: usize) -> Vec<String> {
    (0..count)
        .map(|i| {
            let [r, g, b] = map(i as f32 / (count - 1) as f32);
            format!("#{r:02x}{g:02x}{b:02x}")
        })
        .collect()
}

/// Whether `input` (`[C, *spatial]`) is a volume (rank 3).
fn is_volume(input: &HostArray) -> bool {
    input.shape().len() == 4
}

impl Inner {
    /// An engine error for JS. One on a WebGPU device that was lost is
    /// named `DeviceLost` (nothing more runs on it), so that the caller can
    /// start again on the CPU.
    async fn engine_error(&self, e: ExplainError) -> JsValue {
        let Some(gpu) = &self.backend.gpu else { return js_error(e) };
        let Some(why) = gpu.lost().await else { return js_error(e) };
        let error = js_sys::Error::new(&format!("the WebGPU device was lost ({why})"));
        error.set_name("DeviceLost");
        error.into()
    }

    async fn explain(
        self: Rc<Self>,
        input: JsValue,
        options: JsValue,
        on_progress: Option<Function>,
        display: JsValue,
        helpers: &[helpers::JsHelper],
    ) -> Result<JsValue, JsValue> {
        let started = now();
        let options: ExplainOptions = options::parse(options)?;
        let colouring = options::colouring(display)?;
        let raw = input::raw(&input)?;
        drop(input);
        let manifest = &self.model.manifest;
        let candidates = Modality::of(manifest).prepare(raw, manifest).map_err(js_error)?;
        let device = &self.backend.device;
        let chosen = choose(&self.model, candidates, options.target, options.batch, device).await;
        let Chosen { prepared: Prepared { input, window, shape }, timeline } = match chosen {
            Ok(prepared) => prepared,
            Err(e) => return Err(self.engine_error(e).await),
        };
        let prepared = now();

        let mut progress = |done: usize, total: usize| match &on_progress {
            Some(callback) => goes_on(callback.call2(&JsValue::NULL, &done.into(), &total.into())),
            None => true,
        };
        let network = self.model.network.as_ref();
        let helped = helpers::as_dyn(helpers);
        let explanation =
            explain::explain_with(network, &input, &options, device, &helped, &mut progress);
        let explanation = match explanation.await {
            Ok(explanation) => explanation,
            Err(e) => return Err(self.engine_error(e).await),
        };
        let explained = now();

        let levels_alone = match Modality::of(manifest) {
            Modality::Sound => match levels_alone(&explanation, input.shape(), device).await {
                Ok(levels) => Some(levels.iter().map(array).collect()),
                Err(e) => return Err(self.engine_error(e).await),
            },
            _ => None,
        };
        let views = Views::new(manifest, &input, &explanation, colouring);
        let bands = views.regions.iter().map(|(n, r)| (n.to_string(), regions(r))).collect();
        let mut result = ExplainResult {
            backend: self.backend.name.into(),
            model: manifest.name.clone(),
            modality: Modality::of(manifest).name().into(),
            method: options.method.name().into(),
            top5: self.model.top(&explanation.logits, 5),
            target: self.model.predict(&explanation.logits, explanation.target),
            rendered: rendered(&views),
            bands,
            input_map: array(&views.input_map),
            scales: views.scales.as_ref().map(array),
            window,
            layers: network.layers() as u32,
            timeline,
            levels_alone,
            grid: is_volume(&input).then(|| array(&input)),
            mesh: shape.as_ref().map(mesh_view),
            timings: Timings {
                preprocess_ms: prepared - started,
                explain_ms: explained - prepared,
                workers: helpers::workers(helpers),
                render_ms: 0.0,
                total_ms: 0.0,
            },
        };
        let finished = now();
        result.timings.render_ms = finished - explained;
        result.timings.total_ms = finished - started;
        let handle = ExplanationHandle {
            inner: self.clone(),
            input: Rc::new(input),
            explanation: Rc::new(explanation),
            options,
            shape,
            result: to_js(&result)?,
        };
        Ok(handle.into())
    }
}
