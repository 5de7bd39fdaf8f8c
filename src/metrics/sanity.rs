//! The model-randomisation sanity check (Adebayo et al. 2018): explain the
//! same input with the model's layers re-initialised from the top down,
//! cascading; an attribution that reflects what the model learned
//! decorrelates from the original as layers lose their weights.

use burn::tensor::Device;

use super::features::Features;
use super::stats::spearman;
use crate::array::HostArray;
use crate::explain::{ExplainError, ExplainOptions, Explanation, Progress, Target, explain};
use crate::model::Classifier;

/// The explanation with the top `layers` layers re-initialised.
#[derive(Clone, Debug)]
pub struct Randomised {
    /// How many layers were re-initialised (0: the model itself).
    pub layers: usize,
    /// Spearman's rank correlation of the features' `Σ_c |a_c|` with the
    /// original's (NaN, written `null`, when either is constant).
    pub correlation: f32,
    /// The explanation of the randomised model.
    pub explanation: Explanation,
}

/// Explains `input` with `options` on `model` with its top `k` layers
/// re-initialised from `seed` ([`Classifier::randomised`]), for
/// `k = 0..=L`, always for the class the original explanation explained.
/// `progress` counts the explanations (`L + 1`); `false` cancels.
pub async fn sanity_check(
    model: &dyn Classifier,
    input: &HostArray,
    options: &ExplainOptions,
    seed: u64,
    device: &Device,
    progress: Progress<'_>,
) -> Result<Vec<Randomised>, ExplainError> {
    let total = model.layers() + 1;
    if total == 1 {
        // Asking for one layer gets the model's own explanation of why it cannot.
        model.randomised(1, seed)?;
    }
    let original = explain(model, input, options, device, &mut |_, _| true).await?;
    let mut out = vec![Randomised { layers: 0, correlation: 1.0, explanation: original }];
    if !progress(1, total) {
        return Err(ExplainError::Cancelled);
    }
    for layers in 1..total {
        let step = randomised(model, input, &out[0].explanation, options, layers, seed, device);
        out.push(step.await?);
        if !progress(layers + 1, total) {
            return Err(ExplainError::Cancelled);
        }
    }
    Ok(out)
}

/// The explanation of `input` by `model` with its top `layers` layers
/// re-initialised from `seed` ([`Classifier::randomised`]), with
/// `options` but for the class `original` explained, and the Spearman
/// correlation of its features' `Σ_c |a_c|` with `original`'s.
pub async fn randomised(
    model: &dyn Classifier,
    input: &HostArray,
    original: &Explanation,
    options: &ExplainOptions,
    layers: usize,
    seed: u64,
    device: &Device,
) -> Result<Randomised, ExplainError> {
    let scores = |e: &Explanation| -> Vec<f64> {
        Features::new(e, input).sums(true).into_iter().map(f64::from).collect()
    };
    let fixed = ExplainOptions { target: Target::Class(original.target), ..options.clone() };
    let randomised = model.randomised(layers, seed)?;
    let explanation = explain(randomised.as_ref(), input, &fixed, device, &mut |_, _| true).await?;
    let correlation = spearman(&scores(original), &scores(&explanation)) as f32;
    Ok(Randomised { layers, correlation, explanation })
}
