//! Insertion and deletion: put back (or remove) the ranked features in K
//! steps and record the target's probability after each.

use super::Faithfulness;
use crate::explain::ExplainError;

/// Which way features move.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CurveKind {
    /// From the baseline (0), put back the first `round(k·N/K)` features.
    Insertion,
    /// From the input, set the first `round(k·N/K)` features to the baseline.
    Deletion,
}

/// A curve of `K + 1` probabilities (at `k/K`, `k = 0..=K`) and its AUC.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Curve {
    /// [`auc`] of the curve (divided by its maximum if the options say so).
    pub auc: f32,
    /// `p_k`, the target's probability after step k.
    pub curve: Vec<f32>,
}

/// Progress of a curve: `(points so far, K + 1)`; `false` cancels. The page
/// draws the curve from it as it grows.
pub type CurveProgress<'a> = &'a mut dyn FnMut(&[f32], usize) -> bool;

/// The area under `curve` (points evenly spaced on [0, 1]) by the
/// trapezoid rule: the curve's mean, its two ends weighed half.
pub fn auc(curve: &[f32]) -> f32 {
    match curve.len() {
        0 => f32::NAN,
        1 => curve[0],
        n => {
            let sum: f64 = curve.windows(2).map(|w| (w[0] as f64 + w[1] as f64) / 2.0).sum();
            (sum / (n - 1) as f64) as f32
        }
    }
}

/// `round(k·n/steps)` (halves up), the features moved after step k.
fn moved(k: usize, n: usize, steps: usize) -> usize {
    (2 * k * n + steps) / (2 * steps)
}

impl Faithfulness<'_> {
    /// The insertion or deletion curve of the explanation.
    pub async fn curve(
        &self,
        kind: CurveKind,
        progress: CurveProgress<'_>,
    ) -> Result<Curve, ExplainError> {
        let (n, steps) = (self.features.len(), self.options.steps);
        let mut rank = vec![0; n];
        for (r, f) in self.features.ranked(self.options.ranking).into_iter().enumerate() {
            rank[f] = r;
        }
        let keep =
            |k: usize, f: usize| (rank[f] < moved(k, n, steps)) == (kind == CurveKind::Insertion);
        let target = self.explanation.target;
        let activation = self.options.activation;
        let probability = |logits: &Vec<f32>| activation.probabilities(logits)[target];
        let logits = self
            .logits(steps + 1, &keep, &mut |so_far, total| {
                let points: Vec<f32> = so_far.iter().map(probability).collect();
                progress(&points, total)
            })
            .await?;
        let curve: Vec<f32> = logits.iter().map(probability).collect();
        let area = auc(&curve);
        let max = curve.iter().fold(0.0f32, |m, p| m.max(*p));
        let auc = if self.options.normalise && max > 0.0 { area / max } else { area };
        Ok(Curve { auc, curve })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trapezoids_and_rounding() {
        assert_eq!(auc(&[0.0, 1.0]), 0.5);
        assert!((auc(&[1.0, 0.5, 0.0, 0.0, 1.0]) - 0.375).abs() < 1e-7);
        assert_eq!(auc(&[0.25]), 0.25);
        assert!(auc(&[]).is_nan());
        // 10 features in 4 steps: 0, 2.5 → 3, 5, 7.5 → 8, 10.
        let counts: Vec<usize> = (0..=4).map(|k| moved(k, 10, 4)).collect();
        assert_eq!(counts, [0, 3, 5, 8, 10]);
    }
}
