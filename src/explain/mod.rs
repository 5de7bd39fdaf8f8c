//! The explanation engine: attributions of a [`Classifier`]'s class score
//! in the wavelet domain (WAM, WAM-SG, WAM-IG) or the input domain (the
//! baselines the paper compares with). Nothing here assumes images: inputs
//! are `[C, *spatial]` with 1–3 spatial axes.

mod domain;
mod gradients;
mod keep;
mod method;
pub(crate) mod noise;
mod scales;
mod settings;

pub use domain::Domain;
pub use keep::{Kept, keep_top, levels_alone, reclassify_top};
pub use method::{ExplainOptions, Method, Target};
pub use scales::scale_maps;
pub use settings::Settings;

use std::ops::Range;

use burn::tensor::Device;
use thiserror::Error;

use crate::array::{ArrayError, HostArray};
use crate::model::{Classifier, ModelError};
use crate::split::{Helper, Job};
use crate::wavelet::{Band, Dwt, WaveletError};
use domain::{batch_dims, flat_tensor};
use gradients::{GradientPass, Inputs, Sampling};

/// What can go wrong while explaining.
#[derive(Debug, Error)]
pub enum ExplainError {
    /// The input does not have the model's shape, or holds NaN/infinity.
    #[error("{0}")]
    Input(String),
    /// The target class index is out of range.
    #[error("class {class} does not exist: the model has {classes} classes (0..{})", classes - 1)]
    Target {
        /// The class asked for.
        class: usize,
        /// How many the model has.
        classes: usize,
    },
    /// The wavelet settings are invalid.
    #[error(transparent)]
    Wavelet(#[from] WaveletError),
    /// A tensor could not be read back.
    #[error(transparent)]
    Readback(#[from] ArrayError),
    /// The options cannot be run (see [`ExplainOptions::validate`]).
    #[error("{0}")]
    Options(String),
    /// The model could not be changed as asked.
    #[error(transparent)]
    Model(#[from] ModelError),
    /// The caller cancelled the computation.
    #[error("cancelled")]
    Cancelled,
    /// A helper (another worker: see [`crate::split`]) failed its part.
    #[error("a helper failed its part: {0}")]
    Helper(String),
}

/// An attribution, in the domain its method works in.
#[derive(Clone, Debug)]
pub enum Attribution {
    /// Per band (`a`, `d{level}_{key}`), `[C, *band]`, signed; the layout of
    /// [`Explanation::decomposition`].
    Wavelet {
        /// The attribution of every coefficient.
        bands: Vec<(Band, HostArray)>,
        /// One map per level (finest first), then the approximation,
        /// `[levels + 1, *spatial]`: `Σ |attribution|` over channels and
        /// detail keys, resampled to the input size.
        scales: HostArray,
    },
    /// `[C, *spatial]` (or `[1, *spatial]` for Grad-CAM), signed.
    Input(HostArray),
}

impl Attribution {
    /// The map over the input's spatial axes (pixels, samples, voxels) that
    /// heatmaps and overlays show: the sum of the per-scale maps (wavelet
    /// methods) or `Σ_c |a|`.
    pub fn input_map(&self) -> HostArray {
        match self {
            // Per-scale maps are ≥ 0, so Σ|·| over levels is their sum.
            Attribution::Wavelet { scales, .. } => scales.channel_magnitude(),
            Attribution::Input(a) => a.channel_magnitude(),
        }
    }

    /// The map `[*spatial]` of one scale: `index` into the per-scale maps
    /// (finest first, the approximation last); none for input-domain
    /// methods or past the last.
    pub fn scale_map(&self, index: usize) -> Option<HostArray> {
        let Attribution::Wavelet { scales, .. } = self else { return None };
        let spatial = &scales.shape()[1..];
        let cells: usize = spatial.iter().product();
        let values = scales.data().get(index * cells..(index + 1) * cells)?;
        Some(HostArray::new(spatial.to_vec(), values.to_vec()).expect("sized"))
    }
}

/// The result of [`explain`].
#[derive(Clone, Debug)]
pub struct Explanation {
    /// Logits of the unperturbed input, `[classes]`.
    pub logits: Vec<f32>,
    /// The class explained.
    pub target: usize,
    /// Where the gradients were taken.
    pub domain: Domain,
    /// The input's own wavelet decomposition (with the options' wavelet,
    /// for every method), `[C, *band]` per band in [`Dwt::bands`] order.
    pub decomposition: Vec<(Band, HostArray)>,
    /// The transform that made `decomposition`.
    pub transform: Dwt,
    /// The attribution.
    pub attribution: Attribution,
}

impl Explanation {
    /// The features of `input` in this explanation's domain and their
    /// attributions, as arrays of equal shapes (the input, or its bands;
    /// Grad-CAM's single channel stands for every channel).
    pub fn features(&self, input: &HostArray) -> (Vec<HostArray>, Vec<HostArray>) {
        match &self.attribution {
            Attribution::Wavelet { bands, .. } => (
                self.decomposition.iter().map(|(_, a)| a.clone()).collect(),
                bands.iter().map(|(_, a)| a.clone()).collect(),
            ),
            Attribution::Input(a) => {
                let channels = input.shape()[0] / a.shape()[0];
                let data = a.data().repeat(channels);
                let a = HostArray::new(input.shape().to_vec(), data).expect("same spatial shape");
                (vec![input.clone()], vec![a])
            }
        }
    }
}

/// Progress of a multi-sample method: `(samples done, total)`. Returning
/// `false` cancels the computation.
pub type Progress<'a> = &'a mut dyn FnMut(usize, usize) -> bool;

/// Explains `model`'s score for a class on `input` (`[C, *spatial]`,
/// preprocessed) with `options`. `device` must have autodiff enabled.
pub async fn explain(
    model: &dyn Classifier,
    input: &HostArray,
    options: &ExplainOptions,
    device: &Device,
    progress: Progress<'_>,
) -> Result<Explanation, ExplainError> {
    explain_with(model, input, options, device, &[], progress).await
}

/// [`explain`] with part of each round of samples run on `helpers` (each
/// holding the same model; see [`crate::split`]): the same explanation up
/// to float rounding. `progress` counts the samples of every part.
pub async fn explain_with(
    model: &dyn Classifier,
    input: &HostArray,
    options: &ExplainOptions,
    device: &Device,
    helpers: &[&dyn Helper],
    progress: Progress<'_>,
) -> Result<Explanation, ExplainError> {
    let (pass, dwt, domain, inputs) = prepare(model, input, options, device)?;
    // A gradient at the input itself reads the logits off its own forward
    // pass (the target is chosen before its backward pass): one pass less.
    let first = if inputs == Inputs::Plain && options.method != Method::GradCam {
        Some(pass.track(&domain, inputs, 0, 1, 1)?)
    } else {
        None
    };
    let logits = match &first {
        Some(tracked) => tracked.first_logits().await?,
        None => pass.logits().await?,
    };
    let target = match options.target {
        Target::Auto => argmax(&logits),
        Target::Class(class) if class < logits.len() => class,
        Target::Class(class) => return Err(ExplainError::Target { class, classes: logits.len() }),
    };
    let total = inputs.total(options.samples);
    let sampling = Sampling { inputs, total, batch: options.batch, target };
    let coeffs = dwt.wavedecn_array(input, device)?;
    let decomposition = coeffs.to_arrays().await?;
    let attribution = match options.method {
        Method::GradCam => Attribution::Input(pass.grad_cam(target).await?),
        method => {
            let job = |samples| Job::Gradient {
                input: input.clone(),
                options: options.clone(),
                target,
                samples,
            };
            let grad = pass.gradient(&domain, sampling, first, helpers, job, progress).await?;
            // Integrated gradients and gradient × input weigh by the features.
            let weighted = matches!(method, Method::WamIg | Method::Ig | Method::GradInput);
            let features = || match &domain {
                Domain::Wavelet(_) => coeffs.flatten(),
                Domain::Input => flat_tensor(input, device),
            };
            let flat = if weighted { features().mul(grad) } else { grad };
            match &domain {
                Domain::Wavelet(_) => {
                    let bands = coeffs.unflatten(flat)?.to_arrays().await?;
                    let scales =
                        scale_maps(&bands, &input.shape()[1..], HostArray::channel_magnitude);
                    Attribution::Wavelet { bands, scales }
                }
                Domain::Input => {
                    Attribution::Input(HostArray::from_tensor(flat, input.shape().to_vec()).await?)
                }
            }
        }
    };
    Ok(Explanation { logits, target, domain, decomposition, transform: dwt, attribution })
}

/// A helper's part of [`explain_with`]: the target score's gradient summed
/// over the samples `samples` (at most one batch), flattened in the domain's
/// feature order.
pub async fn gradient_sum(
    model: &dyn Classifier,
    input: &HostArray,
    options: &ExplainOptions,
    target: usize,
    samples: Range<usize>,
    device: &Device,
) -> Result<Vec<f32>, ExplainError> {
    let (pass, _, domain, inputs) = prepare(model, input, options, device)?;
    let total = inputs.total(options.samples);
    if samples.end > total || samples.len() > options.batch || samples.is_empty() {
        return Err(ExplainError::Options(format!(
            "samples {samples:?} are not one batch (at most {}) of 0..{total}",
            options.batch
        )));
    }
    pass.gradient_sum(&domain, inputs, samples, total, target).await
}

/// Checks the options and the input; the gradient pass, the transform, the
/// domain and the inputs the options ask for.
fn prepare<'a>(
    model: &'a dyn Classifier,
    input: &'a HostArray,
    options: &ExplainOptions,
    device: &'a Device,
) -> Result<(GradientPass<'a>, Dwt, Domain, Inputs), ExplainError> {
    options.validate().map_err(ExplainError::Options)?;
    check_input(model, input)?;
    let pass = GradientPass::new(model, input, device);
    let dwt =
        Dwt::new(options.wavelet.clone(), options.mode, options.levels, input.shape().len() - 1)?;
    let domain =
        if options.method.is_wavelet() { Domain::Wavelet(dwt.clone()) } else { Domain::Input };
    let inputs = match options.method {
        Method::WamSg | Method::SmoothGrad => {
            Inputs::Noisy { sigma: options.noise * value_range(input), seed: options.seed }
        }
        Method::WamIg | Method::Ig => Inputs::Path,
        _ => Inputs::Plain,
    };
    Ok((pass, dwt, domain, inputs))
}

/// Logits `[classes]` of `model` on `input` (`[C, *spatial]`, preprocessed).
pub async fn classify(
    model: &dyn Classifier,
    input: &HostArray,
    device: &Device,
) -> Result<Vec<f32>, ExplainError> {
    check_input(model, input)?;
    GradientPass::new(model, input, device).logits().await
}

/// Logits `[classes]` of `model` on each of `inputs` (`[C, *spatial]`,
/// preprocessed), `batch` inputs per forward pass.
pub async fn classify_all(
    model: &dyn Classifier,
    inputs: &[&HostArray],
    batch: usize,
    device: &Device,
) -> Result<Vec<Vec<f32>>, ExplainError> {
    let mut logits = Vec::with_capacity(inputs.len());
    for chunk in inputs.chunks(batch.max(1)) {
        chunk.iter().try_for_each(|input| check_input(model, input))?;
        let values: Vec<f32> = chunk.iter().flat_map(|x| x.data().iter().copied()).collect();
        let shape = [&[chunk.len()], chunk[0].shape()].concat();
        let rows = HostArray::new(shape, values).expect("every input has the model's shape");
        let data = classify_rows(model, &rows, device).await?;
        logits.extend(data.chunks(data.len() / chunk.len()).map(<[f32]>::to_vec));
    }
    Ok(logits)
}

/// Logits `[n, classes]` (flat) of `model` on the `n` rows of `inputs`
/// (`[n, C, *spatial]`, preprocessed), in one forward pass.
pub async fn classify_rows(
    model: &dyn Classifier,
    inputs: &HostArray,
    device: &Device,
) -> Result<Vec<f32>, ExplainError> {
    let (&n, shape) = inputs.shape().split_first().unwrap_or((&0, &[]));
    let expected = model.input().shape();
    if n == 0 || shape != expected {
        return Err(ExplainError::Input(format!(
            "the model takes rows of shape {expected:?}, got {:?}",
            inputs.shape()
        )));
    }
    check_finite(inputs)?;
    let flat = flat_tensor(inputs, device);
    let out = model.logits(flat.reshape(batch_dims(shape, n)));
    let classes = out.dims()[1];
    Ok(HostArray::from_tensor(out, vec![n, classes]).await?.into_data())
}

/// Refuses inputs of the wrong shape or with NaN/infinity.
pub(crate) fn check_input(model: &dyn Classifier, input: &HostArray) -> Result<(), ExplainError> {
    let expected = model.input().shape();
    if input.shape() != expected {
        return Err(ExplainError::Input(format!(
            "the model takes input of shape {expected:?}, got {:?}",
            input.shape()
        )));
    }
    check_finite(input)
}

/// Refuses inputs with NaN/infinity.
fn check_finite(input: &HostArray) -> Result<(), ExplainError> {
    match input.data().iter().find(|v| !v.is_finite()) {
        Some(bad) => {
            Err(ExplainError::Input(format!("the input holds a non-finite value ({bad})")))
        }
        None => Ok(()),
    }
}

fn argmax(values: &[f32]) -> usize {
    values.iter().enumerate().fold(0, |best, (i, v)| if *v > values[best] { i } else { best })
}

/// `max(x) - min(x)`, the scale of SmoothGrad's noise.
fn value_range(x: &HostArray) -> f32 {
    let (lo, hi) = x
        .data()
        .iter()
        .fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), &v| (lo.min(v), hi.max(v)));
    hi - lo
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scale_map_is_one_slab_of_the_per_scale_maps() {
        let scales = HostArray::new(vec![3, 2, 2], (0..12).map(|v| v as f32).collect()).unwrap();
        let wavelet = Attribution::Wavelet { bands: Vec::new(), scales };
        let middle = wavelet.scale_map(1).unwrap();
        assert_eq!((middle.shape(), middle.data()), (&[2, 2][..], &[4.0, 5.0, 6.0, 7.0][..]));
        assert!(wavelet.scale_map(3).is_none());
        let input = Attribution::Input(HostArray::new(vec![1, 2], vec![1.0, -2.0]).unwrap());
        assert!(input.scale_map(0).is_none());
    }
}
