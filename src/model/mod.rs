//! Classifiers as data: a manifest names the architecture, the input, the
//! preprocessing, the labels and the weights; [`Classifier`] is the one
//! interface the explanation engine sees, whatever the modality.

mod activation;
mod batchnorm;
mod conv;
mod crepe;
mod depthwise;
mod depthwise_kernel;
mod efficientnet_lite;
mod head;
mod log_mel;
mod manifest;
#[cfg(all(feature = "flex", target_arch = "wasm32"))]
mod pointwise;
#[cfg(any(test, all(feature = "flex", target_arch = "wasm32")))]
mod pointwise_kernel;
mod randomise;
mod relu6;
mod safetensors;
mod small_cnn;
mod yamnet;

pub use activation::{Activation, softmax};
pub use crepe::{Crepe, import_crepe};
pub use efficientnet_lite::{EfficientNetLite, fold_batchnorm};
pub use log_mel::LogMel;
pub use manifest::{
    ImagePreprocess, InputSpec, Manifest, Preprocess, SAMPLE_RATES, ShapePreprocess,
    SoundPreprocess, Source,
};
pub use safetensors::{read_safetensors, write_safetensors};
pub use small_cnn::SmallCnn;
pub use yamnet::{YAMNET_SAMPLES, Yamnet, YamnetLayer, yamnet_layers};

use burn::tensor::{Device, Tensor};
use thiserror::Error;

/// What can be wrong with a model's manifest, weights or labels.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum ModelError {
    /// The manifest is not valid JSON of the expected shape.
    #[error("invalid model manifest: {0}")]
    Manifest(String),
    /// The weights file is damaged or does not fit the architecture.
    #[error("invalid model weights: {0}")]
    Weights(String),
    /// No model of that name is known.
    #[error("unknown model '{name}': available: {available}")]
    UnknownModel {
        /// The requested name.
        name: String,
        /// The known names, comma-separated.
        available: String,
    },
    /// The manifest names an architecture this build does not implement.
    #[error("unknown architecture '{0}'")]
    UnknownArchitecture(String),
    /// The model's layers cannot be re-initialised as asked.
    #[error("{0}")]
    Randomise(String),
    /// An input does not have the shape the model takes.
    #[error("the model takes input of shape {expected:?}, got {got:?}")]
    InputShape {
        /// `[channels, *spatial]` the model expects.
        expected: Vec<usize>,
        /// What was given.
        got: Vec<usize>,
    },
}

/// A differentiable classifier over inputs `[N, C, s0, s1, s2]` (spatial
/// axes it does not use are 1: audio `[N, C, 1, 1, T]`, images
/// `[N, C, 1, H, W]`, volumes `[N, C, D, H, W]`).
///
/// The forward pass is split at the last feature maps so that Grad-CAM can
/// take gradients there; weights are constants, so autodiff computes input
/// gradients only.
pub trait Classifier: Send + Sync {
    /// What the model takes.
    fn input(&self) -> &InputSpec;

    /// The last convolutional feature maps, `[N, K, f0, f1, f2]`.
    fn features(&self, x: Tensor<5>) -> Tensor<5>;

    /// Logits `[N, classes]` from [`Classifier::features`].
    fn head(&self, features: Tensor<5>) -> Tensor<2>;

    /// Logits `[N, classes]`.
    fn logits(&self, x: Tensor<5>) -> Tensor<2> {
        self.head(self.features(x))
    }

    /// How many layers [`Classifier::randomised`] can re-initialise.
    fn layers(&self) -> usize {
        0
    }

    /// A copy with its top `count` layers (the classifier first, then down
    /// towards the input) re-initialised from `seed`; layer `i` from the top
    /// draws the same weights whatever `count`, so the copies cascade.
    fn randomised(&self, count: usize, _seed: u64) -> Result<Box<dyn Classifier>, ModelError> {
        Err(ModelError::Randomise(format!(
            "this model's layers cannot be re-initialised (asked for {count})"
        )))
    }
}

/// Refuses to re-initialise more than the `layers` a model has.
fn check_layers(count: usize, layers: usize) -> Result<(), ModelError> {
    if count > layers {
        return Err(ModelError::Randomise(format!(
            "cannot re-initialise {count} layers: the model has {layers}"
        )));
    }
    Ok(())
}

/// A loaded model: its manifest, labels and network.
pub struct Model {
    /// The manifest it was loaded from.
    pub manifest: Manifest,
    /// One label per class, in class order.
    pub labels: Vec<String>,
    /// The network.
    pub network: Box<dyn Classifier>,
}

impl Model {
    /// Builds the network the manifest names from its weights and labels.
    pub fn load(
        manifest: Manifest,
        weights: &[u8],
        labels: &str,
        device: &Device,
    ) -> Result<Self, ModelError> {
        let tensors = read_safetensors(weights)?;
        let network: Box<dyn Classifier> = match manifest.architecture.as_str() {
            "efficientnet-lite0" => {
                Box::new(EfficientNetLite::lite0(manifest.input.clone(), &tensors, device)?)
            }
            "crepe" => Box::new(Crepe::load(manifest.input.clone(), &tensors, device)?),
            "small-cnn" => Box::new(SmallCnn::load(manifest.input.clone(), &tensors, device)?),
            "yamnet" => Box::new(Yamnet::load(manifest.input.clone(), &tensors, device)?),
            other => return Err(ModelError::UnknownArchitecture(other.to_string())),
        };
        let labels: Vec<String> = labels.lines().map(str::to_string).collect();
        if labels.len() != manifest.classes {
            return Err(ModelError::Manifest(format!(
                "the labels file has {} lines, the manifest says {} classes",
                labels.len(),
                manifest.classes
            )));
        }
        Ok(Self { manifest, labels, network })
    }

    /// The short label of `class` (its first comma-separated name).
    pub fn label(&self, class: usize) -> &str {
        self.labels.get(class).map_or("?", |l| l.split(',').next().unwrap_or(l).trim())
    }

    /// The `k` most probable classes of `logits`, most probable first.
    pub fn top(&self, logits: &[f32], k: usize) -> Vec<Prediction> {
        let probabilities = self.manifest.activation.probabilities(logits);
        let mut order: Vec<usize> = (0..logits.len()).collect();
        order.sort_by(|a, b| logits[*b].total_cmp(&logits[*a]));
        order.truncate(k);
        order.into_iter().map(|class| self.prediction(logits, &probabilities, class)).collect()
    }

    /// The label and probability of `class` under `logits`.
    pub fn predict(&self, logits: &[f32], class: usize) -> Prediction {
        self.prediction(logits, &self.manifest.activation.probabilities(logits), class)
    }

    fn prediction(&self, logits: &[f32], probabilities: &[f32], class: usize) -> Prediction {
        Prediction {
            class,
            label: self.label(class).to_string(),
            probability: probabilities[class],
            logit: logits[class],
        }
    }
}

/// One class with its score.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Prediction {
    /// Class index.
    pub class: usize,
    /// Its short label.
    pub label: String,
    /// Its score: softmax probability, or sigmoid for multi-label models
    /// (the manifest's `activation`).
    pub probability: f32,
    /// Raw logit.
    pub logit: f32,
}
