//! What the wasm API takes and gives, as Rust types. The TypeScript
//! declarations in `pkg/wam.d.ts` are generated from them (tsify), and the
//! page is type-checked against those when it is built (`tsc` in
//! `npm run build`), so the two cannot drift apart.

use std::collections::BTreeMap;

use js_sys::{Float32Array, Uint8ClampedArray, Uint32Array};
use serde::Serialize;
use tsify::Tsify;
use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::wasm_bindgen;

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
    /// A mesh file's bytes and its name, whose extension says the format
    /// (shape models; decoded by [`crate::mesh::decode`]).
    #[serde(rename_all = "camelCase")]
    Shape {
        /// The file's bytes.
        #[tsify(type = "Uint8Array")]
        bytes: Vec<u8>,
        /// The file's name.
        name: String,
        /// The axis of the mesh that points up; absent: the model's.
        #[tsify(optional, type = "\"x\" | \"y\" | \"z\"")]
        up_axis: Option<String>,
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

/// The mesh of a shape input, for a drawer to colour by the attribution.
#[derive(Serialize, Tsify)]
pub struct MeshView {
    /// `x, y, z` of each vertex, in the file's own frame.
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[tsify(type = "Float32Array")]
    pub positions: Float32Array,
    /// Three vertex indices per triangle.
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[tsify(type = "Uint32Array")]
    pub triangles: Uint32Array,
    /// Each vertex's voxel: a flat index into the grid `[D, H, W]`.
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[tsify(type = "Uint32Array")]
    pub voxels: Uint32Array,
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
    /// `[row, column]` of the band's top-left corner in the picture
    /// (volumes: `[d, h, w]` in the 3-D mosaic, pywt's `coeffs_to_array`).
    pub offset: Vec<u32>,
    /// `[height, width]` of the band in the picture (volumes: `[d, h, w]`).
    pub shape: Vec<u32>,
    /// `[C, *band]`.
    pub values: FloatArray,
    /// The colour scale of `Σ_c |values|` drawn on its own.
    pub legend: Legend,
}

#[wasm_bindgen(typescript_custom_section)]
const COLOURING: &str = r#"
/** How heat pictures colour attributions: `Σ_c |a|` on inferno (magnitude), or `Σ_c a` on a two-sided blue–white–red map (signed). */
export type Colouring = "magnitude" | "signed";
"#;

/// What a heat picture's colours mean, for its colour bar: its colouring's
/// map from `low` to `high` (values beyond them are clipped to them).
#[derive(Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct Legend {
    /// The value drawn at the low end: 0 (magnitude), `-high` (signed).
    pub low: f32,
    /// The value drawn at the high end: the `percentile`-th percentile of
    /// the values' magnitudes (per band: the largest of the bands' own).
    pub high: f32,
    /// The largest magnitude in the picture.
    pub max: f32,
    /// How the values are coloured: `signed` is two-sided (blue below 0,
    /// white at 0, red above).
    #[tsify(type = "Colouring")]
    pub colouring: String,
    /// The percentile drawn brightest (the same for every picture and method).
    pub percentile: f32,
    /// Each band (or row) is scaled by its own top; otherwise the whole
    /// picture shares one scale.
    pub per_band: bool,
}

/// Stage timings of one explanation, in milliseconds.
#[derive(Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct Timings {
    /// Reading and preparing the input.
    pub preprocess_ms: f64,
    /// The attribution method.
    pub explain_ms: f64,
    /// How many workers computed it (this one and its helpers).
    pub workers: u32,
    /// Drawing the views.
    pub render_ms: f64,
    /// All of it.
    pub total_ms: f64,
}

/// An explanation's pictures as one colouring draws them: what
/// `Explanation.render` resolves to, and part of its `result`.
#[derive(Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(hashmap_as_object)]
pub struct Rendered {
    /// How the heat pictures are coloured.
    #[tsify(type = "Colouring")]
    pub colouring: String,
    /// Pictures by name; which ones depends on the input's rank (see `Views` in the crate).
    pub pictures: BTreeMap<String, Picture>,
    /// The colour scale of each heat picture (by its name in `pictures`).
    pub legends: BTreeMap<String, Legend>,
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
    #[tsify(type = "\"image\" | \"sound\" | \"shape\" | \"tensor\"")]
    pub modality: String,
    /// The method's name.
    pub method: String,
    /// The most probable classes, most probable first.
    pub top5: Vec<Prediction>,
    /// The explained class.
    pub target: Prediction,
    /// The pictures, their colouring and their legends.
    #[serde(flatten)]
    pub rendered: Rendered,
    /// The layout of each band picture (`mosaic`, `scalogram`, `decomposition`).
    pub bands: BTreeMap<String, Vec<Region>>,
    /// `[*spatial]`: the attribution over the input (magnitudes, `Σ_c |a|`, whatever the colouring).
    pub input_map: FloatArray,
    /// The window of a sound that was explained.
    #[tsify(optional)]
    pub window: Option<Window>,
    /// The classes heard most over a sound, window by window (when it has
    /// several windows).
    #[tsify(optional)]
    pub timeline: Option<Timeline>,
    /// `[levels + 1, *spatial]`, wavelet methods: one map per level, finest
    /// first (magnitudes, whatever the colouring).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub scales: Option<FloatArray>,
    /// How many layers the sanity check can re-initialise (0: the model cannot be randomised).
    pub layers: u32,
    /// Sound models: the window rebuilt from each level of its
    /// decomposition alone (`[1, T]` each, as `KeepTopResult.samples`):
    /// index 0 from the approximation, index j from detail level j.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub levels_alone: Option<Vec<FloatArray>>,
    /// Volumes (rank 3): the model's input `[C, D, H, W]` (a shape's voxel grid).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub grid: Option<FloatArray>,
    /// Shapes: the mesh the grid was made from, each vertex with its voxel.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub mesh: Option<MeshView>,
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
    /// Volumes (rank 3): the rebuilt input `[C, D, H, W]`, to draw as voxels.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub grid: Option<FloatArray>,
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
    /// The heat pictures' colour map (inferno) as 9 CSS colours, darkest
    /// first, evenly spaced: for colour bars.
    pub colormap: Vec<String>,
    /// The signed pictures' two-sided map as 11 CSS colours, the negative
    /// end (blue) first, white in the middle, evenly spaced.
    pub diverging: Vec<String>,
    /// Every colouring, the default first.
    #[tsify(type = "Colouring[]")]
    pub colourings: Vec<String>,
}

/// `value` as a JS value of its generated type.
pub(super) fn to_js<T: Tsify + Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let js = value.into_js().map_err(JsValue::from)?;
    Ok(wasm_bindgen::JsCast::unchecked_into(js))
}

/// The options of `Explanation.faithfulness`, every field optional.
#[derive(Default, serde::Deserialize, Tsify)]
#[tsify(rename = "MeasureOptions")]
#[serde(default, deny_unknown_fields)]
pub struct MeasureSettings {
    /// K: each curve records K + 1 points (default 64).
    #[tsify(optional)]
    pub steps: Option<usize>,
    /// Inputs per forward pass (default 16; the curves do not depend on it).
    #[tsify(optional)]
    pub batch: Option<usize>,
}

impl MeasureSettings {
    /// Reads `value` (an object, `undefined` or `null`); unknown fields are refused.
    pub(super) fn parse(value: JsValue) -> Result<Self, JsValue> {
        if value.is_undefined() || value.is_null() {
            return Ok(Self::default());
        }
        let json: String = js_sys::JSON::stringify(&value)
            .map_err(|_| super::js_error("options must be a plain object"))?
            .into();
        serde_json::from_str(&json).map_err(|e| super::js_error(format!("invalid options: {e}")))
    }
}

/// An insertion or deletion curve.
#[derive(Serialize, Tsify)]
pub struct CurveResult {
    /// The trapezoid mean of the curve over `k/K ∈ [0, 1]`.
    pub auc: f32,
    /// `p_k`, the target's probability after step k, `k = 0..=K`.
    pub curve: Vec<f32>,
}

/// What `Explanation.faithfulness` resolves to.
#[derive(Serialize, Tsify)]
pub struct FaithfulnessResult {
    /// Features put back from the baseline, most attributed first (higher AUC: more faithful).
    pub insertion: CurveResult,
    /// Features removed from the input, most attributed first (lower AUC: more faithful).
    pub deletion: CurveResult,
    /// How many features were ranked (wavelet coefficients, or input positions).
    pub features: u32,
    /// What turned logits into the probabilities recorded.
    #[tsify(type = "\"softmax\" | \"sigmoid\"")]
    pub activation: String,
    /// How long both curves took, in milliseconds.
    pub ms: f64,
    /// How many workers computed them (this one and its helpers).
    pub workers: u32,
}

/// One explanation of the sanity check (`Explanation.sanity`).
#[derive(Serialize, Tsify)]
pub struct SanityRow {
    /// How many layers were re-initialised, from the top (0: the model itself).
    pub layers: u32,
    /// Spearman's rank correlation with the original attribution; null when undefined (a constant map).
    pub correlation: Option<f32>,
    /// The attribution over the input, drawn as the `heatmap` picture is.
    pub heatmap: Picture,
}
