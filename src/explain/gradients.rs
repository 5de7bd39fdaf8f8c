//! Gradient passes through a classifier: in a [`Domain`] (the input, or its
//! wavelet coefficients through the inverse transform), and at its last
//! feature maps (Grad-CAM). Samples run in batches; only input gradients
//! are computed (weights are constants).

use std::ops::Range;

use burn::tensor::{Device, Tensor, TensorData};

use super::domain::batch_dims;
use super::noise::standard_normal;
use super::{Domain, ExplainError, Progress};
use crate::array::HostArray;
use crate::model::Classifier;
use crate::resample::resample_linear;
use crate::split::{Answer, Helper, Job, rounds};

/// Which inputs the gradients are taken at.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Inputs {
    /// `x` itself.
    Plain,
    /// `x + σ·N(0, 1)`, sample `k` drawn from stream `k` of `seed`.
    Noisy { sigma: f32, seed: u64 },
    /// `α_k x` with `α_k = (k + ½)/n`: the midpoint rule on the straight
    /// path from the zero baseline.
    Path,
}

impl Inputs {
    /// How many samples the method takes when the options ask for `samples`.
    pub(super) fn total(self, samples: usize) -> usize {
        if self == Inputs::Plain { 1 } else { samples }
    }
}

/// Which gradients to average: at which inputs, how many, how many per
/// pass, for which class.
#[derive(Clone, Copy, Debug)]
pub(super) struct Sampling {
    pub inputs: Inputs,
    pub total: usize,
    pub batch: usize,
    pub target: usize,
}

/// The forward pass of a batch with its features tracked: its logits, and
/// the leaves that [`Tracked::gradient`] differentiates against.
pub(super) struct Tracked {
    leaves: Vec<Tensor<4>>,
    logits: Tensor<2>,
    count: usize,
}

impl Tracked {
    /// Logits of the batch's first sample, `[classes]`.
    pub(super) async fn first_logits(&self) -> Result<Vec<f32>, ExplainError> {
        let classes = self.logits.dims()[1];
        let first = self.logits.clone().narrow(0, 0, 1);
        Ok(HostArray::from_tensor(first, vec![classes]).await?.into_data())
    }

    /// The gradient of `target`'s score with respect to the features,
    /// summed over the samples, flattened in the domain's feature order.
    fn gradient(self, target: usize) -> Tensor<1> {
        let grads = score(self.logits, target).backward();
        // Sum each leaf over the samples: [count, rest] -> [rest].
        let summed = self
            .leaves
            .iter()
            .map(|leaf| {
                let per_sample = leaf.dims().iter().product::<usize>() / self.count;
                leaf.grad(&grads)
                    .expect("tracked")
                    .reshape([self.count, per_sample])
                    .sum_dim(0)
                    .reshape([per_sample])
            })
            .collect();
        Tensor::cat(summed, 0)
    }
}

/// One input to explain, with its model, on one autodiff device.
pub(super) struct GradientPass<'a> {
    model: &'a dyn Classifier,
    input: &'a HostArray,
    device: &'a Device,
}

impl<'a> GradientPass<'a> {
    pub(super) fn new(model: &'a dyn Classifier, input: &'a HostArray, device: &'a Device) -> Self {
        Self { model, input, device }
    }

    /// `[n, C, s0, s1, s2]` for a flat batch of `n` inputs.
    fn model_input(&self, flat: Tensor<1>, n: usize) -> Tensor<5> {
        flat.reshape(batch_dims(self.input.shape(), n))
    }

    /// Samples `start..start + count` of `total`, flattened.
    fn batch(&self, inputs: Inputs, start: usize, count: usize, total: usize) -> Tensor<1> {
        let x = self.input.data();
        let mut values = Vec::with_capacity(count * x.len());
        for k in start..start + count {
            match inputs {
                Inputs::Plain => values.extend_from_slice(x),
                Inputs::Noisy { sigma, seed } => {
                    let noise = standard_normal(x.len(), seed, k as u64);
                    values.extend(x.iter().zip(noise).map(|(v, d)| v + sigma * d));
                }
                Inputs::Path => {
                    let alpha = (k as f32 + 0.5) / total as f32;
                    values.extend(x.iter().map(|v| alpha * v));
                }
            }
        }
        let len = values.len();
        Tensor::from_data(TensorData::new(values, [len]), self.device)
    }

    /// Logits of the unperturbed input.
    pub(super) async fn logits(&self) -> Result<Vec<f32>, ExplainError> {
        let x = self.batch(Inputs::Plain, 0, 1, 1);
        let logits = self.model.logits(self.model_input(x, 1));
        let classes = logits.dims()[1];
        Ok(HostArray::from_tensor(logits, vec![classes]).await?.into_data())
    }

    /// The forward pass of samples `start..start + count` of `total` with
    /// the features of `domain` tracked.
    pub(super) fn track(
        &self,
        domain: &Domain,
        inputs: Inputs,
        start: usize,
        count: usize,
        total: usize,
    ) -> Result<Tracked, ExplainError> {
        let x = self.batch(inputs, start, count, total);
        let (leaves, input) = domain.track(self.model_input(x, count))?;
        Ok(Tracked { leaves, logits: self.model.logits(input), count })
    }

    /// Mean of the target score's gradient with respect to the features of
    /// `domain` (the input, or its wavelet coefficients through the inverse
    /// transform) over the samples, flattened in the domain's feature order.
    /// The samples run in rounds (see [`crate::split`]): each round's first
    /// part here, the others on `helpers` as `job(samples)` says.
    /// `first`: the first batch's forward pass, when the caller already ran it.
    pub(super) async fn gradient(
        &self,
        domain: &Domain,
        sampling: Sampling,
        mut first: Option<Tracked>,
        helpers: &[&dyn Helper],
        job: impl Fn(Range<usize>) -> Job,
        progress: Progress<'_>,
    ) -> Result<Tensor<1>, ExplainError> {
        let total = sampling.total;
        let rounds = rounds(total, sampling.batch, helpers.len() + 1);
        let start = |parts: &[Range<usize>]| -> Vec<Answer> {
            helpers
                .iter()
                .zip(&parts[1..])
                .filter(|(_, samples)| !samples.is_empty())
                .map(|(helper, samples)| helper.start(job(samples.clone())))
                .collect()
        };
        let mut sum: Option<Tensor<1>> = None;
        let mut pending = rounds.first().map_or_else(Vec::new, |parts| start(parts));
        for (r, parts) in rounds.iter().enumerate() {
            // The helpers' next parts wait for them while this part runs.
            let next = rounds.get(r + 1).map_or_else(Vec::new, |parts| start(parts));
            let answers = std::mem::replace(&mut pending, next);
            let own = parts[0].clone();
            let tracked = match first.take() {
                Some(tracked) if own.start == 0 && tracked.count == own.len() => tracked,
                _ => self.track(domain, sampling.inputs, own.start, own.len(), total)?,
            };
            let mut part = tracked.gradient(sampling.target);
            // Reading one value back waits for the batch (keeps memory bounded).
            HostArray::from_tensor(part.clone().narrow(0, 0, 1), vec![1]).await?;
            for answer in answers {
                let values = answer.await?;
                let len = values.len();
                part = part + Tensor::from_data(TensorData::new(values, [len]), self.device);
            }
            sum = Some(match sum {
                Some(s) => s + part,
                None => part,
            });
            if !progress(parts[parts.len() - 1].end, total) {
                return Err(ExplainError::Cancelled);
            }
        }
        Ok(sum.expect("total ≥ 1").div_scalar(total as f32))
    }

    /// The target score's gradient summed over the samples `samples` (one
    /// batch) of `total`, read back: a helper's part of [`Self::gradient`].
    pub(super) async fn gradient_sum(
        &self,
        domain: &Domain,
        inputs: Inputs,
        samples: Range<usize>,
        total: usize,
        target: usize,
    ) -> Result<Vec<f32>, ExplainError> {
        let tracked = self.track(domain, inputs, samples.start, samples.len(), total)?;
        let classes = tracked.logits.dims()[1];
        if target >= classes {
            return Err(ExplainError::Target { class: target, classes });
        }
        let sum = tracked.gradient(target);
        let len = sum.dims()[0];
        Ok(HostArray::from_tensor(sum, vec![len]).await?.into_data())
    }

    /// Grad-CAM: `ReLU(Σ_k α_k A_k)` with `α_k` the spatial mean of
    /// `∂f_target/∂A_k` on the last feature maps `A`, resampled to the input
    /// size; `[1, *spatial]`.
    pub(super) async fn grad_cam(&self, target: usize) -> Result<HostArray, ExplainError> {
        let x = self.model_input(self.batch(Inputs::Plain, 0, 1, 1), 1);
        let features = self.model.features(x).detach().require_grad();
        let grads = score(self.model.head(features.clone()), target).backward();
        let gradient = features.grad(&grads).expect("tracked");
        let [_, k, f0, f1, f2] = gradient.dims();
        let weights = gradient.reshape([1, k, f0 * f1 * f2]).mean_dim(2).reshape([1, k, 1, 1, 1]);
        let cam = features.detach().mul(weights).sum_dim(1).clamp_min(0.0);
        let spatial = &self.input.shape()[1..];
        let feature_shape: Vec<usize> =
            std::iter::once(1).chain([f0, f1, f2][3 - spatial.len()..].iter().copied()).collect();
        let cam = HostArray::from_tensor(cam, feature_shape).await?;
        Ok(resample_linear(&cam, spatial))
    }
}

/// The summed target logit of a batch: its gradient is the per-sample gradient.
fn score(logits: Tensor<2>, target: usize) -> Tensor<1> {
    logits.narrow(1, target, 1).sum()
}
