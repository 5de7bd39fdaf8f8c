//! Batched work split over helpers: other web workers (or threads), each
//! with its own copy of the model. The batch loops of the gradient passes
//! and of the faithfulness curves run in rounds: each round's items are
//! split evenly into one part here and one per [`Helper`]. Each helper's
//! part of the next round is started before this worker runs its part of
//! the current one, so that a helper always has its next job waiting (a
//! helper takes its jobs in order); then the current round's answers are
//! awaited and merged. With no helpers a round is one batch, as before;
//! with any number of them the results are the same up to float rounding
//! (the sums of the parts are summed in part order).

use std::future::Future;
use std::ops::Range;
use std::pin::Pin;

use burn::tensor::Device;

use crate::array::HostArray;
use crate::explain::{ExplainError, ExplainOptions, classify_rows, gradient_sum};
use crate::model::Classifier;

/// One part of a round, for a helper that holds the same model.
#[derive(Clone, Debug, PartialEq)]
pub enum Job {
    /// The target score's gradient summed over the samples `samples` of a
    /// multi-sample method (see [`crate::explain::gradient_sum`]).
    Gradient {
        /// The prepared input `[C, *spatial]`.
        input: HostArray,
        /// The options of the explanation.
        options: ExplainOptions,
        /// The class explained.
        target: usize,
        /// Which samples (of `options.samples`).
        samples: Range<usize>,
    },
    /// The logits `[n, classes]` (flat) of `inputs` `[n, C, *spatial]`.
    Logits {
        /// The inputs, one per row.
        inputs: HostArray,
    },
}

/// A helper's answer: the [`Job`]'s values, flat.
pub type Answer = Pin<Box<dyn Future<Output = Result<Vec<f32>, ExplainError>>>>;

/// Something that runs [`Job`]s elsewhere.
pub trait Helper {
    /// Starts `job` now; the answer resolves once it is done.
    fn start(&self, job: Job) -> Answer;
}

/// The next round of a loop over `total` items of which `done` are done:
/// up to `batch` items for each of `parts` workers, split evenly into
/// `parts` consecutive ranges (the first ones one longer; empty ones where
/// fewer items are left than workers).
pub fn round(done: usize, total: usize, batch: usize, parts: usize) -> Vec<Range<usize>> {
    let parts = parts.max(1);
    let size = (parts * batch.max(1)).min(total - done);
    let (each, longer) = (size / parts, size % parts);
    let mut start = done;
    (0..parts)
        .map(|part| {
            let len = each + usize::from(part < longer);
            start += len;
            start - len..start
        })
        .collect()
}

/// Every [`round`] of a loop over `total` items, in order.
pub fn rounds(total: usize, batch: usize, parts: usize) -> Vec<Vec<Range<usize>>> {
    let mut out: Vec<Vec<Range<usize>>> = Vec::new();
    let mut done = 0;
    while done < total {
        let round = round(done, total, batch, parts);
        done = round[round.len() - 1].end;
        out.push(round);
    }
    out
}

/// Runs `job` on `model` (a helper's side; `device` with autodiff).
pub async fn run(
    model: &dyn Classifier,
    job: &Job,
    device: &Device,
) -> Result<Vec<f32>, ExplainError> {
    match job {
        Job::Gradient { input, options, target, samples } => {
            gradient_sum(model, input, options, *target, samples.clone(), device).await
        }
        // Forward passes only: no autodiff graph to record.
        Job::Logits { inputs } => {
            classify_rows(model, inputs, &device.clone().without_autodiff()).await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_cover_every_item_once_in_order_with_parts_of_at_most_a_batch() {
        for (total, batch, parts) in [(25, 5, 1), (25, 5, 2), (25, 5, 4), (130, 16, 2), (1, 5, 3)] {
            let mut covered = Vec::new();
            for round in rounds(total, batch, parts) {
                assert_eq!(round.len(), parts);
                assert!(round.iter().all(|r| r.len() <= batch));
                let longest = round.iter().map(Range::len).max().unwrap();
                assert!(round.iter().all(|r| r.len() + 1 >= longest), "even: {round:?}");
                covered.extend(round.into_iter().flatten());
            }
            assert_eq!(covered, (0..total).collect::<Vec<_>>(), "{total} {batch} {parts}");
        }
        // 25 samples in batches of 5 over 2 workers: 5 + 5, 5 + 5, 3 + 2.
        assert_eq!(round(20, 25, 5, 2), [20..23, 23..25]);
        assert_eq!(round(0, 1, 5, 2), [0..1, 1..1]);
    }
}
