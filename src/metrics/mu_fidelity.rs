//! µ-fidelity (Bhatt et al. 2020): over random subsets S of the features,
//! the correlation between what removing S costs the target logit,
//! `f(x) − f(x with S at the baseline)`, and the attribution S holds.

use super::Faithfulness;
use super::stats::pearson;
use crate::explain::noise::SplitMix64;
use crate::explain::{ExplainError, Progress};

impl Faithfulness<'_> {
    /// The random subsets: `T` sets of `round(s·N)` features (at least
    /// one), subset `t` drawn from stream `t` of the seed (partial
    /// Fisher–Yates), as one membership mask each.
    fn subsets(&self) -> Vec<Vec<bool>> {
        let n = self.features.len();
        let size = ((self.options.fraction as f64 * n as f64).round() as usize).clamp(1, n);
        (0..self.options.subsets)
            .map(|t| {
                let mut rng = SplitMix64::new(self.options.seed, t as u64);
                let mut order: Vec<usize> = (0..n).collect();
                let mut member = vec![false; n];
                for i in 0..size {
                    order.swap(i, i + rng.below(n - i));
                    member[order[i]] = true;
                }
                member
            })
            .collect()
    }

    /// The Pearson correlation between each subset's logit drop and its
    /// summed attribution (`Σ_c a_c` over its features); NaN when either
    /// is constant. `progress` counts model inputs (`T + 1`).
    pub async fn mu_fidelity(&self, progress: Progress<'_>) -> Result<f32, ExplainError> {
        let subsets = self.subsets();
        // Input 0 is x itself (rebuilt like the others); input t + 1 lacks subset t.
        let keep = |set: usize, f: usize| set == 0 || !subsets[set - 1][f];
        let mut report = |l: &[Vec<f32>], total: usize| progress(l.len(), total);
        let logits = self.logits(subsets.len() + 1, &keep, &mut report).await?;
        let target = self.explanation.target;
        let scores: Vec<f64> = logits.iter().map(|l| l[target] as f64).collect();
        let drops: Vec<f64> = scores[1..].iter().map(|s| scores[0] - s).collect();
        let attribution = self.features.sums(false);
        let held: Vec<f64> = subsets
            .iter()
            .map(|member| {
                member.iter().zip(&attribution).filter(|(m, _)| **m).map(|(_, a)| *a as f64).sum()
            })
            .collect();
        Ok(pearson(&drops, &held) as f32)
    }
}
