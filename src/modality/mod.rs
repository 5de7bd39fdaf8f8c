//! The modality layer, shared by the CLI and the wasm API: raw input
//! ([`Raw`]: a decoded image, a sound, a mesh, or a prepared tensor) becomes the
//! model's tensor `[C, *spatial]` ([`Modality::prepare`], then [`choose`]
//! among a sound's windows), and an explanation becomes [`Views`]
//! (pictures and arrays fitting the input's rank). The manifest's
//! `preprocess.kind` picks the modality; the edges never branch on it
//! themselves.

pub mod image;
pub mod shape;
pub mod sound;
mod timeline;
mod views;

pub use image::{MAX_PIXELS, RgbImage, check_size, preprocess_image};
pub use shape::ShapeInput;
pub use sound::Sound;

/// Input files larger than this are refused before they are read (the CLI
/// and the page alike).
pub const MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;

/// Refuses a file of `size` bytes above [`MAX_FILE_BYTES`].
pub fn check_file_size(size: u64) -> Result<(), InputError> {
    if size > MAX_FILE_BYTES {
        let mb = |bytes: u64| bytes as f64 / (1024.0 * 1024.0);
        return Err(InputError(format!(
            "the file is {:.0} MB: files over {:.0} MB are refused",
            mb(size),
            mb(MAX_FILE_BYTES)
        )));
    }
    Ok(())
}
pub use timeline::{ClassScores, Timeline, stitch};
pub use views::{Region, Views, input_picture};

use std::fmt;

use burn::tensor::Device;
use serde::Serialize;

use crate::array::HostArray;
use crate::explain::{ExplainError, Target, classify_all};
use crate::mesh::Mesh;
use crate::mesh::voxelise::UpAxis;
use crate::model::{Manifest, Model, Preprocess};

/// Raw input, decoded.
#[derive(Clone, Debug)]
pub enum Raw {
    /// An RGB image.
    Image(RgbImage),
    /// A sound, and where the window to explain starts (seconds); `None`:
    /// where the target scores highest (see [`choose`]).
    Sound(Sound, Option<f64>),
    /// A triangle mesh, and which of its axes points up; `None`: the
    /// manifest's.
    Shape(Mesh, Option<UpAxis>),
    /// The model's tensor itself, `[C, *spatial]` (any modality takes it).
    Tensor(HostArray),
}

/// What kind of raw input a model takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Modality {
    /// Images (decoded RGB), prepared by the manifest's image preprocessing.
    Image,
    /// Sounds (mono samples at any rate), resampled and cut into windows.
    Sound,
    /// Triangle meshes, voxelised.
    Shape,
    /// Prepared tensors only.
    Tensor,
}

impl Modality {
    /// The modality of a model.
    pub fn of(manifest: &Manifest) -> Self {
        match manifest.preprocess {
            Preprocess::Image(_) => Modality::Image,
            Preprocess::Sound(_) => Modality::Sound,
            Preprocess::Shape(_) => Modality::Shape,
            Preprocess::Tensor => Modality::Tensor,
        }
    }

    /// Its name, as the wasm API's `modality` and input `kind` say it.
    pub fn name(self) -> &'static str {
        match self {
            Modality::Image => "image",
            Modality::Sound => "sound",
            Modality::Shape => "shape",
            Modality::Tensor => "tensor",
        }
    }

    /// The sample rate of a sound model's input, which can be listened to.
    pub fn sample_rate(self, manifest: &Manifest) -> Option<u32> {
        match &manifest.preprocess {
            Preprocess::Sound(spec) => Some(spec.sample_rate),
            _ => None,
        }
    }

    /// The candidates for the model's input `[C, *spatial]` from `raw`:
    /// one, or every window of a sound whose start is not given. Refuses
    /// input of another modality and tensors of another shape than the
    /// model's.
    pub fn prepare(self, raw: Raw, manifest: &Manifest) -> Result<Vec<Prepared>, InputError> {
        let expected = manifest.input.shape();
        let whole = |input| Ok(vec![Prepared { input, window: None, shape: None }]);
        match (raw, &manifest.preprocess) {
            (Raw::Image(image), Preprocess::Image(spec)) => whole(preprocess_image(&image, spec)),
            (Raw::Sound(sound, start), Preprocess::Sound(spec)) => {
                let sound = sound.resampled(spec.sample_rate);
                let rate = spec.sample_rate as f64;
                let len = expected[1];
                let starts = match start {
                    None => sound::window_starts(sound.samples().len(), len),
                    Some(s)
                        if s.is_finite()
                            && (0.0..sound.samples().len() as f64 / rate).contains(&s) =>
                    {
                        vec![(s * rate).round() as usize]
                    }
                    Some(s) => {
                        return Err(InputError(format!(
                            "the window cannot start at {s} s: the sound lasts {:.2} s",
                            sound.samples().len() as f64 / rate
                        )));
                    }
                };
                let window = |start: usize| Prepared {
                    input: sound::sound_window(&sound, spec, len, start),
                    window: Some(Window { start: start as f64 / rate, seconds: len as f64 / rate }),
                    shape: None,
                };
                Ok(starts.into_iter().map(window).collect())
            }
            (Raw::Shape(mesh, up), Preprocess::Shape(spec)) => {
                Ok(vec![shape::prepare_shape(mesh, spec, up)?])
            }
            (Raw::Tensor(tensor), _) if tensor.shape() != expected => Err(InputError(format!(
                "{} takes input of shape {expected:?} {}, got {:?}",
                manifest.name,
                axes(&expected),
                tensor.shape()
            ))),
            (Raw::Tensor(tensor), _) => whole(tensor),
            (raw, _) => Err(InputError(format!(
                "{} takes {} input {}, not {}",
                manifest.name,
                self.name(),
                axes(&expected),
                match raw {
                    Raw::Image(_) => "an image",
                    Raw::Shape(..) => "a mesh",
                    _ => "a sound",
                }
            ))),
        }
    }
}

/// The model's input, and where it was taken from in the raw input.
#[derive(Clone, Debug)]
pub struct Prepared {
    /// `[C, *spatial]`, preprocessed.
    pub input: HostArray,
    /// The window of a sound it holds.
    pub window: Option<Window>,
    /// The mesh of a shape, with each vertex's voxel.
    pub shape: Option<ShapeInput>,
}

/// A stretch of a sound, in seconds.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Window {
    /// Its start.
    pub start: f64,
    /// Its length.
    pub seconds: f64,
}

/// How many classes a [`Timeline`] follows.
pub const TIMELINE_CLASSES: usize = 5;

/// The input chosen by [`choose`], and the classes heard over the sound's
/// windows when it chose among several.
#[derive(Clone, Debug)]
pub struct Chosen {
    /// The input to explain.
    pub prepared: Prepared,
    /// The [`TIMELINE_CLASSES`] classes heard most, window by window.
    pub timeline: Option<Timeline>,
}

/// The input to explain among `candidates` (from [`Modality::prepare`]):
/// the one where `target` scores highest (for [`Target::Auto`], the one
/// whose top class scores highest), run through `model` `batch` at a time.
pub async fn choose(
    model: &Model,
    mut candidates: Vec<Prepared>,
    target: Target,
    batch: usize,
    device: &Device,
) -> Result<Chosen, ExplainError> {
    let mut timeline = None;
    if candidates.len() > 1 {
        let inputs: Vec<&HostArray> = candidates.iter().map(|c| &c.input).collect();
        let logits = classify_all(model.network.as_ref(), &inputs, batch, device).await?;
        let probabilities: Vec<Vec<f32>> =
            logits.iter().map(|l| model.manifest.activation.probabilities(l)).collect();
        let score = |scores: &[f32]| match target {
            Target::Auto => scores.iter().copied().fold(f32::NEG_INFINITY, f32::max),
            Target::Class(class) => scores.get(class).copied().unwrap_or(0.0),
        };
        let scores: Vec<f32> = probabilities.iter().map(|p| score(p)).collect();
        let best = (0..scores.len()).fold(0, |b, i| if scores[i] > scores[b] { i } else { b });
        let windows: Option<Vec<Window>> = candidates.iter().map(|c| c.window).collect();
        timeline = windows.map(|windows| {
            let label = |class| model.label(class).to_string();
            Timeline::new(windows, &probabilities, TIMELINE_CLASSES, label)
        });
        candidates.swap(0, best);
    }
    let prepared = candidates.into_iter().next();
    let prepared = prepared.ok_or_else(|| ExplainError::Input("no input to explain".into()))?;
    Ok(Chosen { prepared, timeline })
}

/// The names of the axes of a `[C, *spatial]` shape.
fn axes(shape: &[usize]) -> &'static str {
    match shape.len() {
        2 => "[channels, time]",
        3 => "[channels, height, width]",
        _ => "[channels, depth, height, width]",
    }
}

/// Input that does not fit the model, with the reason.
#[derive(Clone, Debug, PartialEq)]
pub struct InputError(pub String);

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for InputError {}
