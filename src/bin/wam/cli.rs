//! Every argument of the `wam` command line, in one place.

use std::path::PathBuf;

use clap::{Parser, Subcommand};
use wam::explain::ExplainOptions;
use wam::metrics::MetricsOptions;
use wam::render::Colouring;

/// Wavelet Attribution Method: see where and at which scales a classifier looks.
#[derive(Parser, Debug)]
#[command(name = "wam", version, about)]
pub struct Args {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Multilevel wavelet transform of an .npy array into an .npz of bands (= pywt.wavedecn).
    Dwt(DwtArgs),
    /// Inverse transform of an .npz of bands into an .npy array (= pywt.waverecn).
    Idwt(IdwtArgs),
    /// Explain a classifier's decision on an input (an image, a sound, or the model's tensor as .npy).
    Explain(ExplainArgs),
    /// Measure how faithful methods are (insertion, deletion, µ-fidelity) on an input or a folder.
    Evaluate(EvaluateArgs),
    /// Model-randomisation sanity check: explain as the model's layers are re-initialised.
    Sanity(SanityArgs),
    /// Time wam's own kernels and print JSON (scripts/bench compares them with the references).
    Bench(BenchArgs),
    /// Convert a PyTorch state dict to wam's weights (used by scripts/fetch-models).
    ImportWeights(ImportArgs),
    /// Train a model that is built in the project (`shapes`: the 3-D shape classifier).
    Train(TrainArgs),
    /// Write held-out objects of a built-in model's generated data set as prepared inputs (.npy).
    Sample(SampleArgs),
}

/// Options shared by both directions of the transform.
#[derive(clap::Args, Debug)]
pub struct WaveletArgs {
    /// haar, db1..db20, sym2..sym20 or coif1..coif17.
    #[arg(long, default_value = "haar")]
    pub wavelet: String,
    /// zero, constant, symmetric, reflect, periodic or periodization.
    #[arg(long, default_value = "symmetric")]
    pub mode: String,
}

#[derive(clap::Args, Debug)]
pub struct DwtArgs {
    /// Input array (.npy), any rank ≥ --axes.
    pub input: PathBuf,
    /// Output (.npz) with arrays `a` and `d{level}_{key}`.
    pub output: PathBuf,
    #[command(flatten)]
    pub wavelet: WaveletArgs,
    /// Number of levels (level 1 is the finest).
    #[arg(long, default_value_t = 3)]
    pub levels: usize,
    /// How many trailing axes to transform (1–3) [default: the rank, at most 3].
    #[arg(long)]
    pub axes: Option<usize>,
}

#[derive(clap::Args, Debug)]
pub struct IdwtArgs {
    /// Bands (.npz) as written by `wam dwt` or pywt.wavedecn; levels and axes are read from the names.
    pub input: PathBuf,
    /// Output array (.npy).
    pub output: PathBuf,
    #[command(flatten)]
    pub wavelet: WaveletArgs,
}

#[derive(clap::Args, Debug)]
pub struct ExplainArgs {
    /// Image (PNG, JPEG, WebP, BMP, GIF), sound (WAV) or the model's input
    /// as .npy `[C, *spatial]`; default: the bundled cat.
    pub input: Option<PathBuf>,
    /// wam, wam-sg, wam-ig, saliency, smoothgrad, ig, grad-input or gradcam.
    #[arg(long, default_value_t = defaults().method.to_string())]
    pub method: String,
    #[command(flatten)]
    pub engine: EngineArgs,
    /// Also measure faithfulness (insertion, deletion, µ-fidelity) into the report.
    #[arg(long)]
    pub metrics: bool,
    #[command(flatten)]
    pub measures: MetricsArgs,
    /// Keep the top PERCENT % of the features (wavelet coefficients, or the
    /// input's values), rebuild the input from them and classify it again
    /// (kept.npy; kept.wav for sounds).
    #[arg(long, default_value_t = 10.0, value_name = "PERCENT")]
    pub keep: f32,
    /// Sounds: explain every window and stitch the maps over the whole
    /// sound (averaged where windows overlap), instead of one window.
    #[arg(long, conflicts_with_all = ["start", "metrics"])]
    pub every_window: bool,
    /// What the heat pictures colour: `magnitude` (Σ_c |a|, inferno from
    /// 0) or `signed` (Σ_c a, a two-sided blue–white–red map: blue
    /// negative, white 0, red positive; symmetric, clipped at the 99th
    /// percentile of |value|). The arrays written are the same either way.
    #[arg(long, default_value_t = Colouring::Magnitude.to_string(), value_name = "COLOURING", conflicts_with = "every_window")]
    pub colour: String,
    /// Output directory.
    #[arg(long, default_value = "wam-out")]
    pub out: PathBuf,
}

/// The model and the engine's options, shared by `explain`, `evaluate` and `sanity`.
#[derive(clap::Args, Debug)]
pub struct EngineArgs {
    /// Model name (a folder of the models directory).
    #[arg(long, default_value = "efficientnet-lite0")]
    pub model: String,
    /// Where the models live [default: $WAM_MODELS, else the crate's models/].
    #[arg(long)]
    pub models_dir: Option<PathBuf>,
    /// Class to explain: `auto` (the top class) or an index.
    #[arg(long, default_value_t = defaults().target.to_string())]
    pub target: String,
    /// haar, db1..db20, sym2..sym20 or coif1..coif17.
    #[arg(long, default_value_t = defaults().wavelet.name().to_string())]
    pub wavelet: String,
    /// zero, constant, symmetric, reflect, periodic or periodization.
    #[arg(long, default_value_t = defaults().mode.to_string())]
    pub mode: String,
    /// Levels of the wavelet transform.
    #[arg(long, default_value_t = defaults().levels)]
    pub levels: usize,
    /// Samples (SmoothGrad methods) or steps (integrated gradients).
    #[arg(long, default_value_t = defaults().samples)]
    pub samples: usize,
    /// SmoothGrad noise, as a fraction of the input's value range.
    #[arg(long, default_value_t = defaults().noise)]
    pub noise: f32,
    /// Seed of the noise (and of µ-fidelity's subsets, and of the sanity check's weights).
    #[arg(long, default_value_t = defaults().seed)]
    pub seed: u64,
    /// Samples per forward/backward pass.
    #[arg(long, default_value_t = defaults().batch)]
    pub batch: usize,
    /// Where the window explained in a sound starts, in seconds [default:
    /// where the target scores highest].
    #[arg(long)]
    pub start: Option<f64>,
    /// Which axis of a mesh points up (x, y or z) [default: the manifest's].
    #[arg(long)]
    pub up_axis: Option<wam::mesh::voxelise::UpAxis>,
}

/// How faithfulness is measured (see the README's "Faithfulness").
#[derive(clap::Args, Debug)]
pub struct MetricsArgs {
    /// K: insertion and deletion steps.
    #[arg(long, default_value_t = measures().steps)]
    pub steps: usize,
    /// Rank features by `magnitude` (Σ_c |a_c|) or `signed` (Σ_c a_c).
    #[arg(long, default_value_t = measures().ranking.to_string())]
    pub rank: String,
    /// From logits to probabilities: softmax, or sigmoid (multi-label
    /// models) [default: the model's, from its manifest].
    #[arg(long)]
    pub activation: Option<String>,
    /// Divide each AUC by its curve's maximum (the reference code's variant).
    #[arg(long)]
    pub normalise: bool,
    /// T: µ-fidelity's random subsets.
    #[arg(long, default_value_t = measures().subsets)]
    pub subsets: usize,
    /// s: the fraction of the features each subset holds.
    #[arg(long, default_value_t = measures().fraction)]
    pub fraction: f32,
    /// Inputs per forward pass when measuring.
    #[arg(long, default_value_t = measures().batch)]
    pub metrics_batch: usize,
}

#[derive(clap::Args, Debug)]
pub struct EvaluateArgs {
    /// An input (as for `explain`) or a folder of them; default: the bundled cat.
    pub input: Option<PathBuf>,
    /// Comma-separated methods to compare.
    #[arg(long, default_value = "wam-ig,wam-sg,ig,smoothgrad,saliency,gradcam")]
    pub methods: String,
    #[command(flatten)]
    pub engine: EngineArgs,
    #[command(flatten)]
    pub measures: MetricsArgs,
    /// Output directory.
    #[arg(long, default_value = "wam-eval")]
    pub out: PathBuf,
}

#[derive(clap::Args, Debug)]
pub struct SanityArgs {
    /// An input (as for `explain`); default: the bundled cat.
    pub input: Option<PathBuf>,
    /// The method to check.
    #[arg(long, default_value_t = defaults().method.to_string())]
    pub method: String,
    #[command(flatten)]
    pub engine: EngineArgs,
    /// Output directory.
    #[arg(long, default_value = "wam-sanity")]
    pub out: PathBuf,
}

/// The metrics' defaults: the one place they are written.
fn measures() -> MetricsOptions {
    MetricsOptions::default()
}

/// The engine's defaults: the one place they are written.
fn defaults() -> ExplainOptions {
    ExplainOptions::default()
}

#[derive(clap::Args, Debug)]
pub struct ImportArgs {
    /// The network the weights belong to: efficientnet-lite0 or yamnet.
    #[arg(long)]
    pub architecture: String,
    /// PyTorch state dict (.pth) or ONNX graph (.onnx).
    pub input: PathBuf,
    /// Output weights (.safetensors).
    pub output: PathBuf,
}

#[derive(clap::Args, Debug)]
pub struct TrainArgs {
    /// The model to train.
    #[arg(value_parser = ["shapes"])]
    pub model: String,
    /// Seeds the generated objects, their order and the initial weights.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Passes over the training set.
    #[arg(long, default_value_t = 8)]
    pub epochs: usize,
    /// Training objects per class.
    #[arg(long, default_value_t = 150)]
    pub per_class: usize,
    /// Held-out objects per class (a fresh draw, never trained on).
    #[arg(long, default_value_t = 50)]
    pub held_out: usize,
    /// Where the weights, labels and training report go [default: models/<model>].
    #[arg(long)]
    pub out: Option<PathBuf>,
}

#[derive(clap::Args, Debug)]
pub struct SampleArgs {
    /// The model whose data set to draw from.
    #[arg(value_parser = ["shapes"])]
    pub model: String,
    /// The data set's seed (`wam train`'s; models/shapes/training.json records it).
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// How many objects, from the first held-out one (classes in turn).
    #[arg(long, default_value_t = 30)]
    pub count: usize,
    /// Output directory: one `NNNN-class.npy` grid per object.
    #[arg(long, default_value = "wam-samples")]
    pub out: PathBuf,
}

#[derive(clap::Args, Debug)]
pub struct BenchArgs {
    /// What to time: the wavelet transform, explanations of EfficientNet-Lite0,
    /// insertion + deletion (K = 64) of one of its explanations, or WAM-SG
    /// of YAMNet and CREPE tiny on one window of the bundled speech, or of
    /// the shape model on one generated object.
    #[arg(value_parser = ["wavelet", "explain", "evaluate", "sound", "shape"])]
    pub suite: String,
    /// Repetitions per case (the median is reported).
    #[arg(long, default_value_t = 20)]
    pub repeats: usize,
    /// Samples per forward/backward pass (explain suite; the engine's default), inputs per pass (evaluate suite).
    #[arg(long, default_value_t = defaults().batch)]
    pub batch: usize,
    /// Time only this method (explain suite); the method explained (evaluate suite: wam-ig).
    #[arg(long, value_parser = ["wam", "wam-sg", "wam-ig"])]
    pub method: Option<String>,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn arguments_are_consistent() {
        super::Args::command().debug_assert();
    }
}
