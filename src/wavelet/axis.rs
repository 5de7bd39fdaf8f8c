//! One level of the 1-D transform along one axis of a rank-4 tensor.
//!
//! On the CPU backend this is [`super::flex`]'s loops. Elsewhere (WebGPU,
//! other dtypes) burn operations: an axis `dim` of a tensor with dims
//! `[d0, d1, d2, d3]` is viewed as `[P, 1, N, Q]` (P: the product of the
//! dims before it, Q: after it), so a strided 2-D convolution with an
//! `(L, 1)` kernel filters that axis alone, with no transposition.

use burn::tensor::module::{conv_transpose2d, conv2d};
use burn::tensor::ops::{ConvOptions, ConvTransposeOptions};
use burn::tensor::{Device, Int, Tensor, TensorData};

use super::{Mode, Wavelet, WaveletError};

/// A wavelet's filters as convolution kernels on one device.
#[derive(Clone, Debug)]
pub(super) struct FilterBank {
    /// `[2, 1, L, 1]`: reversed `dec_lo` and `dec_hi` (convolutions correlate).
    analysis: Tensor<4>,
    /// `[2, 1, L, 1]`: `rec_lo` and `rec_hi`, for the transposed convolution.
    synthesis: Tensor<4>,
    /// The same filters on the host, as `[lo, hi]`.
    analysis_taps: [Vec<f32>; 2],
    synthesis_taps: [Vec<f32>; 2],
    len: usize,
}

impl FilterBank {
    pub(super) fn new(wavelet: &Wavelet, device: &Device) -> Self {
        let len = wavelet.filter_len();
        let taps = |f: Vec<f64>| f.into_iter().map(|v| v as f32).collect::<Vec<_>>();
        let reversed = |f: Vec<f64>| taps(f).into_iter().rev().collect();
        let analysis_taps = [reversed(wavelet.dec_lo()), reversed(wavelet.dec_hi())];
        let synthesis_taps = [taps(wavelet.rec_lo()), taps(wavelet.rec_hi())];
        let kernel = |[lo, hi]: &[Vec<f32>; 2]| {
            Tensor::<4>::from_data(TensorData::new([&lo[..], hi].concat(), [2, 1, len, 1]), device)
        };
        Self {
            analysis: kernel(&analysis_taps),
            synthesis: kernel(&synthesis_taps),
            analysis_taps,
            synthesis_taps,
            len,
        }
    }

    /// Number of taps.
    pub(super) fn len(&self) -> usize {
        self.len
    }

    /// Reversed `dec_lo` and `dec_hi` (the correlation taps of analysis).
    pub(super) fn analysis_taps(&self) -> [Vec<f32>; 2] {
        self.analysis_taps.clone()
    }

    /// `rec_lo` and `rec_hi`.
    pub(super) fn synthesis_taps(&self) -> [Vec<f32>; 2] {
        self.synthesis_taps.clone()
    }
}

/// `[P, N, Q]` view of `dims` around axis `dim`.
pub(super) fn split_dims(dims: [usize; 4], dim: usize) -> (usize, usize, usize) {
    let before = dims[..dim].iter().product();
    let after = dims[dim + 1..].iter().product();
    (before, dims[dim], after)
}

/// A stretch of an extended signal: zeros, or consecutive source samples
/// read forwards or backwards.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Run {
    Zeros { len: usize },
    Forward { first: usize, len: usize },
    Backward { first: usize, len: usize },
}

/// `indices` as runs (see [`Run`]), in order.
fn runs(indices: &[Option<usize>]) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    for &index in indices {
        let grown = match (runs.last().copied(), index) {
            (Some(Run::Zeros { len }), None) => Some(Run::Zeros { len: len + 1 }),
            (Some(Run::Forward { first, len }), Some(i)) if i == first + len => {
                Some(Run::Forward { first, len: len + 1 })
            }
            // A single sample followed by its predecessor turns backwards.
            (Some(Run::Forward { first, len: 1 }), Some(i)) if i + 1 == first => {
                Some(Run::Backward { first, len: 2 })
            }
            (Some(Run::Backward { first, len }), Some(i)) if i + len == first => {
                Some(Run::Backward { first, len: len + 1 })
            }
            _ => None,
        };
        match (grown, runs.last_mut()) {
            (Some(run), Some(last)) => *last = run,
            _ => runs.push(match index {
                None => Run::Zeros { len: 1 },
                Some(first) => Run::Forward { first, len: 1 },
            }),
        }
    }
    runs
}

/// More runs than this are read with one gather instead of slices.
const MAX_RUNS: usize = 8;

/// Reads `indices` along axis 2 (`None` reads zero). Signal extensions are
/// a few runs of the signal, forwards or backwards: they are read as slices
/// (reversed where needed) and joined; the identity is free.
fn gather(x: Tensor<4>, indices: &[Option<usize>]) -> Tensor<4> {
    let [d0, d1, len, d3] = x.dims();
    let runs = runs(indices);
    if runs == [Run::Forward { first: 0, len }] {
        return x;
    }
    let device = x.device();
    if runs.len() <= MAX_RUNS {
        let parts = runs
            .into_iter()
            .map(|run| match run {
                Run::Zeros { len } => Tensor::zeros([d0, d1, len, d3], &device),
                Run::Forward { first, len } => x.clone().narrow(2, first, len),
                Run::Backward { first, len } => x.clone().narrow(2, first + 1 - len, len).flip([2]),
            })
            .collect();
        return Tensor::cat(parts, 2);
    }
    let picks: Vec<i64> = indices.iter().map(|s| s.unwrap_or(0) as i64).collect();
    let picks = Tensor::<1, Int>::from_data(TensorData::new(picks, [indices.len()]), &device);
    let gathered = x.select(2, picks);
    if indices.iter().all(Option::is_some) {
        return gathered;
    }
    let mask: Vec<f32> = indices.iter().map(|s| s.map_or(0.0, |_| 1.0)).collect();
    let mask = Tensor::<4>::from_data(TensorData::new(mask, [1, 1, indices.len(), 1]), &device);
    gathered.mul(mask)
}

/// Splits axis `dim` into its approximation and detail halves.
pub(super) fn analyze(
    x: Tensor<4>,
    dim: usize,
    bank: &FilterBank,
    mode: Mode,
) -> (Tensor<4>, Tensor<4>) {
    #[cfg(feature = "flex")]
    if let Some(bands) = super::flex::analyze(&x, dim, bank, mode) {
        return bands;
    }
    analyze_with_burn(x, dim, bank, mode)
}

/// [`analyze`] with burn operations (any backend).
pub(super) fn analyze_with_burn(
    x: Tensor<4>,
    dim: usize,
    bank: &FilterBank,
    mode: Mode,
) -> (Tensor<4>, Tensor<4>) {
    let dims = x.dims();
    let (before, len, after) = split_dims(dims, dim);
    let extension = mode.extension(len, bank.len);
    let both = if after == 1 {
        // The last axis: filter along the convolution's width, contiguous in memory.
        let extended = gather(x.reshape([before, 1, len, 1]), &extension).reshape([
            before,
            1,
            1,
            extension.len(),
        ]);
        let options = ConvOptions::new([1, 2], [0, 0], [1, 1], 1);
        let kernel = bank.analysis.clone().reshape([2, 1, 1, bank.len]);
        conv2d(extended, kernel, None, options).swap_dims(2, 3)
    } else {
        let extended = gather(x.reshape([before, 1, len, after]), &extension);
        let options = ConvOptions::new([2, 1], [0, 0], [1, 1], 1);
        conv2d(extended, bank.analysis.clone(), None, options)
    };
    let mut band_dims = dims;
    band_dims[dim] = both.dims()[2];
    let lo = both.clone().narrow(1, 0, 1).reshape(band_dims);
    let hi = both.narrow(1, 1, 1).reshape(band_dims);
    (lo, hi)
}

/// How synthesis filters `len` coefficients: wrapped around by `margin` at
/// each end (periodization; 0 otherwise), filtered by the transposed
/// convolution (`2 (len + 2 margin) + L − 2` samples), of which `len`
/// samples from `start` are kept.
pub(super) struct SynthesisSpan {
    pub(super) margin: usize,
    pub(super) start: usize,
    pub(super) len: usize,
}

impl SynthesisSpan {
    /// `2 m − L + 2` samples from `m` coefficients (`2 m` in periodization
    /// mode), as `pywt.idwt`: odd-length signals come back one sample longer.
    pub(super) fn new(len: usize, taps: usize, mode: Mode) -> Result<Self, WaveletError> {
        if mode == Mode::Periodization {
            let margin = taps / 4;
            return Ok(Self { margin, start: 2 * margin + taps / 2 - 1, len: 2 * len });
        }
        if 2 * len + 2 <= taps {
            return Err(WaveletError::InconsistentCoefficients(format!(
                "{len} coefficients per axis are too few for a {taps}-tap wavelet outside periodization mode"
            )));
        }
        Ok(Self { margin: 0, start: taps - 2, len: 2 * len + 2 - taps })
    }
}

/// Rebuilds axis `dim` from its approximation and detail halves (same
/// dims), along [`SynthesisSpan`].
pub(super) fn synthesize(
    lo: Tensor<4>,
    hi: Tensor<4>,
    dim: usize,
    bank: &FilterBank,
    mode: Mode,
) -> Result<Tensor<4>, WaveletError> {
    let span = SynthesisSpan::new(lo.dims()[dim], bank.len, mode)?;
    #[cfg(feature = "flex")]
    if let Some(out) = super::flex::synthesize(&lo, &hi, dim, bank, &span) {
        return Ok(out);
    }
    Ok(synthesize_with_burn(lo, hi, dim, bank, &span))
}

/// [`synthesize`] with burn operations (any backend).
pub(super) fn synthesize_with_burn(
    lo: Tensor<4>,
    hi: Tensor<4>,
    dim: usize,
    bank: &FilterBank,
    span: &SynthesisSpan,
) -> Tensor<4> {
    let dims = lo.dims();
    let (before, len, after) = split_dims(dims, dim);
    let stacked = Tensor::cat(
        vec![lo.reshape([before, 1, len, after]), hi.reshape([before, 1, len, after])],
        1,
    );
    let margin = span.margin as isize;
    let wrapped: Vec<Option<usize>> = (0..len + 2 * span.margin)
        .map(|t| Some((t as isize - margin).rem_euclid(len as isize) as usize))
        .collect();
    let options = ConvTransposeOptions::new([2, 1], [0, 0], [0, 0], [1, 1], 1);
    let full = conv_transpose2d(gather(stacked, &wrapped), bank.synthesis.clone(), None, options);
    let mut out_dims = dims;
    out_dims[dim] = span.len;
    full.narrow(2, span.start, span.len).reshape(out_dims)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_split_into_runs() {
        // db2 at N = 4, symmetric: x~[-2 .. 5] = [1, 0, 0, 1, 2, 3, 3, 2].
        assert_eq!(
            runs(&some_indices(&[1, 0, 0, 1, 2, 3, 3, 2])),
            [
                Run::Backward { first: 1, len: 2 },
                Run::Forward { first: 0, len: 4 },
                Run::Backward { first: 3, len: 2 }
            ]
        );
        assert_eq!(
            runs(&[None, None, Some(0), Some(1), Some(1), None]),
            [
                Run::Zeros { len: 2 },
                Run::Forward { first: 0, len: 2 },
                Run::Forward { first: 1, len: 1 },
                Run::Zeros { len: 1 }
            ]
        );
    }

    #[test]
    fn gather_by_runs_equals_the_index_gather() {
        let device = Device::flex();
        let x = Tensor::<4>::from_data(
            TensorData::new((0..2 * 5 * 3).map(|v| v as f32).collect(), [2, 1, 5, 3]),
            &device,
        );
        // Reflect, zero and constant (more runs than MAX_RUNS) extensions of 5 samples.
        let reflect = some_indices(&[3, 2, 1, 0, 1, 2, 3, 4, 3, 2, 1]);
        let zero = [vec![None; 3], some_indices(&[0, 1, 2, 3, 4]), vec![None; 2]].concat();
        let constant = some_indices(&[0; 10].iter().chain(&[1, 2, 3]).copied().collect::<Vec<_>>());
        for indices in [reflect, zero, constant] {
            let got = gather(x.clone(), &indices).into_data().try_to_vec::<f32>().unwrap();
            let want: Vec<f32> = (0..2)
                .flat_map(|p| {
                    indices.iter().flat_map(move |s| {
                        (0..3).map(move |q| s.map_or(0.0, |i| (p * 15 + i * 3 + q) as f32))
                    })
                })
                .collect();
            assert_eq!(got, want, "{indices:?}");
        }
    }

    fn some_indices(v: &[usize]) -> Vec<Option<usize>> {
        v.iter().map(|&i| Some(i)).collect()
    }
}
