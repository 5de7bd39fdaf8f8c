//! Faithfulness of an explanation: does the model's score follow the
//! features it ranks first? Insertion and deletion curves, µ-fidelity and
//! the model-randomisation sanity check, written once against the
//! explanation's [`Domain`](crate::explain::Domain), so that wavelet and
//! input-domain methods are measured on equal terms, for any rank.
//!
//! [`Faithfulness`] is a handle on one explanation: each measure runs its
//! inputs through the model in batches, reports progress (the curve so far)
//! and stops when the callback returns `false`.

mod curves;
mod features;
mod mu_fidelity;
mod sanity;
mod stats;

pub use curves::{Curve, CurveKind, CurveProgress, CurvesProgress, auc};
pub use features::Ranking;
pub use sanity::{Randomised, randomised, sanity_check};
pub use stats::{pearson, spearman};

use std::ops::Range;

use burn::tensor::{Device, Tensor};

use crate::array::HostArray;
use crate::explain::{ExplainError, Explanation, Progress, check_input};
use crate::model::{Activation, Classifier};
use crate::split::{Answer, Helper, Job, rounds};
use features::Features;

/// How the measures are taken.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct MetricsOptions {
    /// K: insertion and deletion record `K + 1` points, at `k/K` of the features.
    pub steps: usize,
    /// How features are ranked.
    pub ranking: Ranking,
    /// From logits to the probabilities the curves record.
    pub activation: Activation,
    /// Divide each AUC by its curve's maximum (the reference code's variant).
    pub normalise: bool,
    /// T: random subsets of µ-fidelity.
    pub subsets: usize,
    /// s: the fraction of the features each subset holds.
    pub fraction: f32,
    /// Seed of the subsets.
    pub seed: u64,
    /// Inputs per forward pass (memory ∝ batch; results do not depend on
    /// it). 4 by default: on the CPU, batches of 16 ran 1.5–2× slower
    /// (their activations leave the cache), batches of 1 about as fast.
    pub batch: usize,
}

impl Default for MetricsOptions {
    /// K = 64, magnitude ranking, softmax, T = 128, s = 0.2.
    fn default() -> Self {
        Self {
            steps: 64,
            ranking: Ranking::Magnitude,
            activation: Activation::Softmax,
            normalise: false,
            subsets: 128,
            fraction: 0.2,
            seed: 0,
            batch: 4,
        }
    }
}

impl MetricsOptions {
    /// Refuses settings that measure nothing.
    pub fn validate(&self) -> Result<(), String> {
        if self.steps == 0 {
            return Err("steps must be at least 1".into());
        }
        if self.batch == 0 {
            return Err("the metrics batch must be at least 1".into());
        }
        if self.subsets < 2 {
            return Err("µ-fidelity needs at least 2 subsets".into());
        }
        if !(self.fraction > 0.0 && self.fraction <= 1.0) {
            return Err(format!("the subset fraction must be in (0, 1], got {}", self.fraction));
        }
        Ok(())
    }
}

/// Every measure of one explanation.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Metrics {
    /// Insertion curve and AUC (higher is more faithful).
    pub insertion: Curve,
    /// Deletion curve and AUC (lower is more faithful).
    pub deletion: Curve,
    /// µ-fidelity (Pearson correlation; NaN, written `null`, when undefined).
    pub mu_fidelity: f32,
}

/// The faithfulness measures of one explanation of one input (a handle).
pub struct Faithfulness<'a> {
    model: &'a dyn Classifier,
    explanation: &'a Explanation,
    shape: Vec<usize>,
    features: Features,
    options: MetricsOptions,
    device: Device,
    helpers: &'a [&'a dyn Helper],
}

impl<'a> Faithfulness<'a> {
    /// Prepares the measures of `explanation` of `input` (`[C, *spatial]`,
    /// the input it explains) by `model`.
    pub fn new(
        model: &'a dyn Classifier,
        input: &HostArray,
        explanation: &'a Explanation,
        options: MetricsOptions,
        device: &Device,
    ) -> Result<Self, ExplainError> {
        options.validate().map_err(ExplainError::Options)?;
        check_input(model, input)?;
        let features = Features::new(explanation, input);
        let shape = input.shape().to_vec();
        let device = device.clone();
        Ok(Self { model, explanation, shape, features, options, device, helpers: &[] })
    }

    /// The same measures with part of each round of inputs run on
    /// `helpers` (each holding the same model): the same values up to
    /// float rounding.
    pub fn helped_by(self, helpers: &'a [&'a dyn Helper]) -> Self {
        Self { helpers, ..self }
    }

    /// How many features are ranked.
    pub fn feature_count(&self) -> usize {
        self.features.len()
    }

    /// Insertion, deletion and µ-fidelity; `progress` counts their points
    /// (µ-fidelity's: its model inputs).
    pub async fn evaluate(&self, progress: Progress<'_>) -> Result<Metrics, ExplainError> {
        let points = self.options.steps + 1;
        let total = 2 * points + self.options.subsets + 1;
        let [insertion, deletion] = self
            .curves([CurveKind::Insertion, CurveKind::Deletion], &mut |kind, c, _| {
                let before = if kind == CurveKind::Insertion { 0 } else { points };
                progress(before + c.len(), total)
            })
            .await?;
        let mu_fidelity =
            self.mu_fidelity(&mut |done, _| progress(2 * points + done, total)).await?;
        Ok(Metrics { insertion, deletion, mu_fidelity })
    }

    /// Logits `[classes]` of `sets` inputs rebuilt from the features `f`
    /// with `keep(set, f)` (the baseline elsewhere), in rounds of batches
    /// (one part here, one on each helper: see [`crate::split`]);
    /// `progress(logits so far, sets)` after each round, `false` cancels.
    async fn logits(
        &self,
        sets: usize,
        keep: &dyn Fn(usize, usize) -> bool,
        progress: &mut dyn FnMut(&[Vec<f32>], usize) -> bool,
    ) -> Result<Vec<Vec<f32>>, ExplainError> {
        let rounds = rounds(sets, self.options.batch, self.helpers.len() + 1);
        let mut out: Vec<Vec<f32>> = Vec::with_capacity(sets);
        let mut pending = match rounds.first() {
            Some(parts) => self.start_helpers(parts, keep).await?,
            None => Vec::new(),
        };
        for (r, parts) in rounds.iter().enumerate() {
            // The helpers' next parts wait for them while this part runs.
            let next = match rounds.get(r + 1) {
                Some(parts) => self.start_helpers(parts, keep).await?,
                None => Vec::new(),
            };
            let answers = std::mem::replace(&mut pending, next);
            let logits = self.model.logits(self.rebuilt(parts[0].clone(), keep)?);
            let classes = logits.dims()[1];
            let mut values =
                HostArray::from_tensor(logits, vec![parts[0].len(), classes]).await?.into_data();
            for answer in answers {
                values.extend(answer.await?);
            }
            out.extend(values.chunks(classes).map(<[f32]>::to_vec));
            if !progress(&out, sets) {
                return Err(ExplainError::Cancelled);
            }
        }
        Ok(out)
    }

    /// Starts each helper's part of a round (`parts[0]` is this worker's).
    async fn start_helpers(
        &self,
        parts: &[Range<usize>],
        keep: &dyn Fn(usize, usize) -> bool,
    ) -> Result<Vec<Answer>, ExplainError> {
        let mut answers = Vec::new();
        for (helper, range) in self.helpers.iter().zip(&parts[1..]) {
            if !range.is_empty() {
                let shape = [&[range.len()], &self.shape[..]].concat();
                let inputs =
                    HostArray::from_tensor(self.rebuilt(range.clone(), keep)?, shape).await?;
                answers.push(helper.start(Job::Logits { inputs }));
            }
        }
        Ok(answers)
    }

    /// The inputs `[n, C, *spatial]` of the sets `range` (see [`Self::logits`]).
    fn rebuilt(
        &self,
        range: Range<usize>,
        keep: &dyn Fn(usize, usize) -> bool,
    ) -> Result<Tensor<5>, ExplainError> {
        let arrays = self.features.masked(range, keep);
        self.explanation.domain.rebuild_batch(&arrays, &self.shape, &self.device)
    }
}
