//! The features an explanation ranks: the positions of its domain (a
//! wavelet coefficient's band and position, or a pixel, sample or voxel),
//! every channel of a position moving together.

use std::fmt;
use std::str::FromStr;

use crate::array::HostArray;
use crate::explain::Explanation;

/// How features are ranked, most important first (ties by index).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Ranking {
    /// By `Σ_c |a_c|`, the attribution's magnitude over channels.
    #[default]
    Magnitude,
    /// By `Σ_c a_c`: positive evidence first, negative last.
    Signed,
}

impl fmt::Display for Ranking {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Ranking::Magnitude => "magnitude",
            Ranking::Signed => "signed",
        })
    }
}

impl FromStr for Ranking {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "magnitude" => Ok(Ranking::Magnitude),
            "signed" => Ok(Ranking::Signed),
            other => Err(format!("unknown ranking '{other}': expected magnitude or signed")),
        }
    }
}

/// An input's features in an explanation's domain, with their attributions.
pub(crate) struct Features {
    /// The input or its bands, `[C, *band]` each.
    values: Vec<HostArray>,
    /// Their attributions, of the same shapes.
    attribution: Vec<HostArray>,
    /// Index of the first feature of each array.
    offsets: Vec<usize>,
    /// How many features in all.
    count: usize,
}

impl Features {
    /// The features of `input` in the domain of `explanation`.
    pub(crate) fn new(explanation: &Explanation, input: &HostArray) -> Self {
        let (values, attribution) = explanation.features(input);
        let mut offsets = Vec::with_capacity(values.len());
        let mut count = 0;
        for array in &values {
            offsets.push(count);
            count += positions(array);
        }
        Self { values, attribution, offsets, count }
    }

    /// How many features there are.
    pub(crate) fn len(&self) -> usize {
        self.count
    }

    /// Per feature, `Σ_c |a_c|` (`absolute`) or `Σ_c a_c`.
    pub(crate) fn sums(&self, absolute: bool) -> Vec<f32> {
        let mut out = vec![0.0; self.count];
        for (array, &offset) in self.attribution.iter().zip(&self.offsets) {
            let cells = positions(array);
            for (i, &a) in array.data().iter().enumerate() {
                out[offset + i % cells] += if absolute { a.abs() } else { a };
            }
        }
        out
    }

    /// The features, most important first under `ranking` (ties by index).
    pub(crate) fn ranked(&self, ranking: Ranking) -> Vec<usize> {
        let score = self.sums(ranking == Ranking::Magnitude);
        let mut order: Vec<usize> = (0..self.count).collect();
        order.sort_by(|a, b| score[*b].total_cmp(&score[*a]).then(a.cmp(b)));
        order
    }

    /// `n` sets of features as arrays `[n, C, *band]`: set `s` keeps the
    /// features `f` with `keep(s, f)` and puts the baseline (0) elsewhere.
    pub(crate) fn masked(
        &self,
        sets: std::ops::Range<usize>,
        keep: &dyn Fn(usize, usize) -> bool,
    ) -> Vec<HostArray> {
        let n = sets.len();
        // Asked once per feature, not once per channel.
        let kept: Vec<Vec<bool>> =
            sets.map(|set| (0..self.count).map(|f| keep(set, f)).collect()).collect();
        self.values
            .iter()
            .zip(&self.offsets)
            .map(|(array, &offset)| {
                let cells = positions(array);
                let mut data = Vec::with_capacity(n * array.data().len());
                for kept in &kept {
                    let kept = &kept[offset..offset + cells];
                    for channel in array.data().chunks(cells) {
                        data.extend(
                            channel.iter().zip(kept).map(|(&v, &k)| if k { v } else { 0.0 }),
                        );
                    }
                }
                HostArray::new([&[n], array.shape()].concat(), data).expect("n copies")
            })
            .collect()
    }
}

/// Positions of a `[C, *band]` array: its values per channel.
fn positions(array: &HostArray) -> usize {
    array.shape()[1..].iter().product()
}
