//! Insertion and deletion: put back (or remove) the ranked features in K
//! steps and record the target's probability after each.

use std::ops::Range;

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

/// Progress of several curves: `(curve, its points so far, K + 1)` for each
/// curve that grew; `false` cancels.
pub type CurvesProgress<'a> = &'a mut dyn FnMut(CurveKind, &[f32], usize) -> bool;

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

/// The ranks (0: the most attributed) kept at step `k` of a curve over
/// `n` features in `steps` steps; every empty range as `0..0`.
fn kept(kind: CurveKind, k: usize, n: usize, steps: usize) -> Range<usize> {
    let range = match kind {
        CurveKind::Insertion => 0..moved(k, n, steps),
        CurveKind::Deletion => moved(k, n, steps)..n,
    };
    if range.is_empty() { 0..0 } else { range }
}

impl Faithfulness<'_> {
    /// The insertion or deletion curve of the explanation.
    pub async fn curve(
        &self,
        kind: CurveKind,
        progress: CurveProgress<'_>,
    ) -> Result<Curve, ExplainError> {
        let [curve] = self.curves([kind], &mut |_, points, total| progress(points, total)).await?;
        Ok(curve)
    }

    /// The curves of `kinds`, in that order. A point whose rebuilt input
    /// another point already has (keeping the same ranks: insertion's last
    /// and deletion's first keep every feature, insertion's first and
    /// deletion's last none) takes that point's logits: one forward pass
    /// for each distinct input.
    pub async fn curves<const N: usize>(
        &self,
        kinds: [CurveKind; N],
        progress: CurvesProgress<'_>,
    ) -> Result<[Curve; N], ExplainError> {
        let (n, steps) = (self.features.len(), self.options.steps);
        let mut rank = vec![0; n];
        for (r, f) in self.features.ranked(self.options.ranking).into_iter().enumerate() {
            rank[f] = r;
        }
        // Each curve's points as indices into the distinct kept ranges.
        let mut distinct: Vec<Range<usize>> = Vec::new();
        let points: [Vec<usize>; N] = kinds.map(|kind| {
            (0..=steps)
                .map(|k| {
                    let range = kept(kind, k, n, steps);
                    distinct.iter().position(|r| *r == range).unwrap_or_else(|| {
                        distinct.push(range);
                        distinct.len() - 1
                    })
                })
                .collect()
        });
        let keep = |set: usize, f: usize| distinct[set].contains(&rank[f]);
        let target = self.explanation.target;
        let activation = self.options.activation;
        let probability = |logits: &Vec<f32>| activation.probabilities(logits)[target];
        // The points of a curve whose logits are in: its longest prefix.
        let ready =
            |indices: &[usize], done: usize| indices.iter().take_while(|&&i| i < done).count();
        let mut reported = vec![0; kinds.len()];
        // Each input's probability, taken once as its logits come in.
        let mut probabilities: Vec<f32> = Vec::with_capacity(distinct.len());
        let logits = self
            .logits(distinct.len(), &keep, &mut |so_far, _| {
                probabilities.extend(so_far[probabilities.len()..].iter().map(probability));
                kinds.iter().zip(&points).zip(&mut reported).all(|((&kind, indices), reported)| {
                    let count = ready(indices, so_far.len());
                    if count == *reported {
                        return true;
                    }
                    *reported = count;
                    let curve: Vec<f32> =
                        indices[..count].iter().map(|&i| probabilities[i]).collect();
                    progress(kind, &curve, steps + 1)
                })
            })
            .await?;
        Ok(points.map(|indices| {
            let curve: Vec<f32> = indices.iter().map(|&i| probability(&logits[i])).collect();
            let area = auc(&curve);
            let max = curve.iter().fold(0.0f32, |m, p| m.max(*p));
            let auc = if self.options.normalise && max > 0.0 { area / max } else { area };
            Curve { auc, curve }
        }))
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
        // Insertion's ends are deletion's ends, the other way round.
        let ends = |kind| (kept(kind, 0, 10, 4), kept(kind, 4, 10, 4));
        assert_eq!(ends(CurveKind::Insertion), (0..0, 0..10));
        assert_eq!(ends(CurveKind::Deletion), (0..10, 0..0));
        assert_eq!(kept(CurveKind::Deletion, 1, 10, 4), 3..10);
    }
}
