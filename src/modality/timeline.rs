//! What a model hears over a whole sound: the scores of its classes in
//! each window ([`Timeline`]), and the explanations of every window
//! stitched into maps over the whole sound ([`stitch`]).

use serde::Serialize;

use super::Window;
use crate::array::HostArray;

/// The classes heard over a sound: the few classes with the highest score
/// in any window, and their score (the manifest's activation) in each.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Timeline {
    /// The windows, in time order.
    pub windows: Vec<Window>,
    /// The classes, highest peak first.
    pub classes: Vec<ClassScores>,
}

/// One class's score in each window of a [`Timeline`].
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct ClassScores {
    /// Class index.
    pub class: usize,
    /// Its label.
    pub label: String,
    /// Its score in each window.
    pub scores: Vec<f32>,
}

impl Timeline {
    /// The `k` classes whose highest score over `windows` is highest (ties:
    /// the lower class), from each window's `scores` (`[classes]`, in the
    /// order of `windows`), named by `label`.
    pub fn new(
        windows: Vec<Window>,
        scores: &[Vec<f32>],
        k: usize,
        label: impl Fn(usize) -> String,
    ) -> Self {
        let classes = scores.first().map_or(0, Vec::len);
        let peak = |c: usize| scores.iter().map(|s| s[c]).fold(f32::NEG_INFINITY, f32::max);
        let peaks: Vec<f32> = (0..classes).map(peak).collect();
        let mut order: Vec<usize> = (0..classes).collect();
        order.sort_by(|a, b| peaks[*b].total_cmp(&peaks[*a]).then(a.cmp(b)));
        let classes = order
            .into_iter()
            .take(k)
            .map(|class| ClassScores {
                class,
                label: label(class),
                scores: scores.iter().map(|s| s[class]).collect(),
            })
            .collect();
        Self { windows, classes }
    }
}

/// Maps of windows laid over a signal of `total` samples: each `[rows,
/// len]` map added from its start (a window past the end is cut there),
/// and every sample divided by how many windows cover it, so that the
/// maps are averaged where windows overlap. `[rows, total]`; samples no
/// window covers are 0.
pub fn stitch(maps: &[(usize, &HostArray)], total: usize) -> HostArray {
    let rows = maps.first().map_or(1, |(_, m)| m.shape()[0]);
    let mut sum = vec![0.0f32; rows * total];
    let mut count = vec![0u32; total];
    for (start, map) in maps {
        let len = map.shape()[1];
        let end = (start + len).min(total);
        count[(*start).min(end)..end].iter_mut().for_each(|c| *c += 1);
        for (row, values) in map.data().chunks(len).enumerate() {
            let out = &mut sum[row * total..][..total];
            for (t, v) in (*start..end).zip(values) {
                out[t] += v;
            }
        }
    }
    for row in sum.chunks_mut(total.max(1)) {
        row.iter_mut().zip(&count).filter(|(_, c)| **c > 0).for_each(|(v, c)| *v /= *c as f32);
    }
    HostArray::new(vec![rows, total], sum).expect("sized")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_maps_are_averaged() {
        let ones = HostArray::new(vec![2, 4], vec![1.0; 8]).unwrap();
        let threes =
            HostArray::new(vec![2, 4], vec![3.0, 3.0, 3.0, 3.0, 5.0, 5.0, 5.0, 5.0]).unwrap();
        // Windows [0, 4) and [2, 6) over 7 samples; the last one covered by none.
        let stitched = stitch(&[(0, &ones), (2, &threes)], 7);
        assert_eq!(stitched.shape(), [2, 7]);
        assert_eq!(stitched.data()[..7], [1.0, 1.0, 2.0, 2.0, 3.0, 3.0, 0.0]);
        assert_eq!(stitched.data()[7..], [1.0, 1.0, 3.0, 3.0, 5.0, 5.0, 0.0]);
        // A window running past the end is cut.
        assert_eq!(stitch(&[(1, &ones)], 3).data(), [0.0, 1.0, 1.0, 0.0, 1.0, 1.0]);
    }

    #[test]
    fn the_classes_with_the_highest_peaks_are_kept() {
        let window = |start| Window { start, seconds: 1.0 };
        // Class 2 peaks highest (0.9), then class 0 (0.5); class 1 never exceeds 0.4.
        let scores = vec![vec![0.5, 0.4, 0.1], vec![0.2, 0.3, 0.9]];
        let timeline =
            Timeline::new(vec![window(0.0), window(0.5)], &scores, 2, |c| format!("c{c}"));
        let kept: Vec<_> = timeline
            .classes
            .iter()
            .map(|c| (c.class, c.label.as_str(), c.scores.clone()))
            .collect();
        assert_eq!(kept, [(2, "c2", vec![0.1, 0.9]), (0, "c0", vec![0.5, 0.2])]);
    }
}
