//! What the wasm API takes and gives, as Rust types. The TypeScript
//! declarations in `pkg/wam.d.ts` are generated from them (tsify), and the
//! page is type-checked against those when it is built (`tsc` in
//! `npm run build`), so the two cannot drift apart.

use std::collections::BTreeMap;

use js_sys::{Float32Array, Uint8ClampedArray};
use serde::Serialize;
use tsify::Tsify;
use wasm_bindgen::JsValue;

use crate::explain::Settings;
use crate::modality::{Timeline, Window};
use crate::model::Prediction;

/// The input of `Explainer.explain`, tagged by `kind` (read by
/// [`super::input::parse`], which fills exactly these fields).
#[derive(Tsify)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum ExplainInput {
    /// RGBA bytes, as `ImageData` holds them (image models).
    Image {
        /// `width * height * 4` bytes.
        #[tsify(type = "Uint8Array | Uint8ClampedArray")]
        rgba: Vec<u8>,
        /// Width in pixels.
        width: u32,
        /// Height in pixels.
        height: u32,
    },
    /// Mono samples at any rate (sound models), e.g. from Web Audio.
    #[serde(rename_all = "camelCase")]
    Sound {
        /// The samples, nominally in -1..1.
        #[tsify(type = "Float32Array")]
        samples: Vec<f32>,
        /// Samples per second.
        sample_rate: u32,
        /// Where the window to explain starts, in seconds; absent: where
        /// the target scores highest.
        #[tsify(optional)]
        start: Option<f64>,
    },
    /// The model's prepared input `[C, *spatial]` (any model).
    Tensor {
        /// Row-major values.
        #[tsify(type = "Float32Array")]
        data: Vec<f32>,
        /// `[C, *spatial]`.
        shape: Vec<u32>,
    },
}

/// An RGBA picture, ready for `new ImageData(pixels, width, height)`.
#[derive(Serialize, Tsify)]
pub struct Picture {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// `height * width * 4` bytes.
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[tsify(type = "Uint8ClampedArray")]
    pub pixels: Uint8ClampedArray,
}

/// A float array with its shape (row-major).
#[derive(Serialize, Tsify)]
pub struct FloatArray {
    /// The shape.
    pub shape: Vec<u32>,
    /// The values.
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[tsify(type = "Float32Array")]
    pub data: Float32Array,
}

/// Where a wavelet band lies in a band picture, and its values: the
/// coefficient under a pixel is at `floor((pixel - offset) · bandSize /
/// shape)` along each axis (`bandSize`: the trailing axes of `values`).
#[derive(Serialize, Tsify)]
pub struct Region {
    /// `a` or `d{level}_{key}`.
    pub name: String,
    /// 0 for the approximation, 1 = the finest detail level.
    pub level: u32,
    /// One letter per axis, `a` (low-pass) or `d` (high-pass); "" for `a`.
    /// 2-D: `ad` vertical detail (pywt's cV), `da` horizontal (cH), `dd` diagonal.
    pub key: String,
    /// `[row, column]` of the band's top-left corner in the picture.
    pub offset: Vec<u32>,
    /// `[height, width]` of the band in the picture.
    pub shape: Vec<u32>,
    /// `[C, *band]`.
    pub values: FloatArray,
}

/// Stage timings of one explanation, in milliseconds.
#[derive(Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct Timings {
    /// Reading and preparing the input.
    pub preprocess_ms: f64,
    /// The attribution method.
    pub explain_ms: f64,
    /// Drawing the views.
    pub render_ms: f64,
    /// All of it.
    pub total_ms: f64,
}

/// What an `Explanation` shows (its `result`).
#[derive(Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(hashmap_as_object)]
pub struct ExplainResult {
    /// The backend that computed it.
    #[tsify(type = "\"webgpu\" | \"cpu\"")]
    pub backend: String,
    /// The model's name.
    pub model: String,
    /// The input the model takes.
    #[tsify(type = "\"image\" | \"sound\" | \"tensor\"")]
    pub modality: String,
    /// The method's name.
    pub method: String,
    /// The most probable classes, most probable first.
    pub top5: Vec<Prediction>,
    /// The explained class.
    pub target: Prediction,
    /// Pictures by name; which ones depends on the input's rank (see `Views` in the crate).
    pub pictures: BTreeMap<String, Picture>,
    /// The layout of each band picture (`mosaic`, `scalogram`, `decomposition`).
    pub bands: BTreeMap<String, Vec<Region>>,
    /// `[*spatial]`: the attribution over the input.
    pub input_map: FloatArray,
    /// The window of a sound that was explained.
    #[tsify(optional)]
    pub window: Option<Window>,
    /// The classes heard most over a sound, window by window (when it has
    /// several windows).
    #[tsify(optional)]
    pub timeline: Option<Timeline>,
    /// `[levels + 1, *spatial]`, wavelet methods: one map per level, finest first.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub scales: Option<FloatArray>,
    /// Sound models: the window rebuilt from each level of its
    /// decomposition alone (`[1, T]` each, as `KeepTopResult.samples`):
    /// index 0 from the approximation, index j from detail level j.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub levels_alone: Option<Vec<FloatArray>>,
    /// How long each stage took.
    pub timings: Timings,
}

/// What `Explanation.keepTop` resolves to.
#[derive(Serialize, Tsify)]
pub struct KeepTopResult {
    /// The rebuilt input, drawn as the `input` picture is.
    pub input: Picture,
    /// The most probable classes of the rebuilt input.
    pub top5: Vec<Prediction>,
    /// The explained class, scored on the rebuilt input.
    pub target: Prediction,
    /// How many features were kept…
    pub kept: u32,
    /// …of how many.
    pub total: u32,
    /// Sound models: the rebuilt window `[1, T]` as the model takes it (at
    /// its rate; standardised where the model standardises), to listen to.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub samples: Option<FloatArray>,
}

/// An attribution method, as a menu lists it.
#[derive(Serialize, Tsify)]
pub struct MethodInfo {
    /// Its name (`wam-sg`, …).
    pub name: String,
    /// It attributes wavelet coefficients (it has a mosaic and per-scale maps).
    pub wavelet: bool,
    /// It averages over `samples` gradients.
    pub sampled: bool,
}

/// What inputs the engine refuses, for a page to refuse them first.
#[derive(Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct Limits {
    /// Largest input file, in bytes.
    pub file_bytes: f64,
    /// Most pixels of an image.
    pub pixels: f64,
    /// Longest sound, in seconds.
    pub seconds: f64,
}

/// What the page's menus offer and start from (`defaults()`).
#[derive(Serialize, Tsify)]
pub struct Defaults {
    /// The engine's default options, every field set.
    pub options: Settings,
    /// Every method, the wavelet ones first.
    pub methods: Vec<MethodInfo>,
    /// Every wavelet.
    pub wavelets: Vec<String>,
    /// Every signal extension mode.
    pub modes: Vec<String>,
    /// What inputs are refused.
    pub limits: Limits,
}

/// `value` as a JS value of its generated type.
pub(super) fn to_js<T: Tsify + Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let js = value.into_js().map_err(JsValue::from)?;
    Ok(wasm_bindgen::JsCast::unchecked_into(js))
}
