//! One level of the 1-D transform along one axis of a rank-4 tensor.
//!
//! An axis `dim` of a tensor with dims `[d0, d1, d2, d3]` is viewed as
//! `[P, 1, N, Q]` (P: the product of the dims before it, Q: after it), so a
//! strided 2-D convolution with an `(L, 1)` kernel filters that axis alone,
//! with no transposition.

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
    len: usize,
}

impl FilterBank {
    pub(super) fn new(wavelet: &Wavelet, device: &Device) -> Self {
        let len = wavelet.filter_len();
        let kernel = |lo: Vec<f64>, hi: Vec<f64>| {
            let values: Vec<f32> = lo.iter().chain(&hi).map(|&v| v as f32).collect();
            Tensor::<4>::from_data(TensorData::new(values, [2, 1, len, 1]), device)
        };
        let reversed = |f: Vec<f64>| f.into_iter().rev().collect::<Vec<_>>();
        Self {
            analysis: kernel(reversed(wavelet.dec_lo()), reversed(wavelet.dec_hi())),
            synthesis: kernel(wavelet.rec_lo(), wavelet.rec_hi()),
            len,
        }
    }
}

/// `[P, N, Q]` view of `dims` around axis `dim`.
fn split_dims(dims: [usize; 4], dim: usize) -> (usize, usize, usize) {
    let before = dims[..dim].iter().product();
    let after = dims[dim + 1..].iter().product();
    (before, dims[dim], after)
}

/// Gathers `indices` along axis 2 (`None` reads zero). The identity is free.
fn gather(x: Tensor<4>, indices: &[Option<usize>]) -> Tensor<4> {
    let len = x.dims()[2];
    if indices.len() == len && indices.iter().enumerate().all(|(i, &s)| s == Some(i)) {
        return x;
    }
    let device = x.device();
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

/// Rebuilds axis `dim` from its approximation and detail halves (same dims).
///
/// The output has `2 m - L + 2` samples (`2 m` in periodization mode), as
/// `pywt.idwt`: odd-length signals come back one sample longer.
pub(super) fn synthesize(
    lo: Tensor<4>,
    hi: Tensor<4>,
    dim: usize,
    bank: &FilterBank,
    mode: Mode,
) -> Result<Tensor<4>, WaveletError> {
    let dims = lo.dims();
    let (before, len, after) = split_dims(dims, dim);
    let taps = bank.len;
    let stacked = Tensor::cat(
        vec![lo.reshape([before, 1, len, after]), hi.reshape([before, 1, len, after])],
        1,
    );
    let out = if mode == Mode::Periodization {
        // Wrap the coefficients around, filter, then keep one period.
        let margin = taps / 4;
        let wrapped: Vec<Option<usize>> = (0..len + 2 * margin)
            .map(|t| Some((t as isize - margin as isize).rem_euclid(len as isize) as usize))
            .collect();
        let options = ConvTransposeOptions::new([2, 1], [0, 0], [0, 0], [1, 1], 1);
        let full =
            conv_transpose2d(gather(stacked, &wrapped), bank.synthesis.clone(), None, options);
        full.narrow(2, 2 * margin + taps / 2 - 1, 2 * len)
    } else {
        if 2 * len + 2 <= taps {
            return Err(WaveletError::InconsistentCoefficients(format!(
                "{len} coefficients per axis are too few for a {taps}-tap wavelet outside periodization mode"
            )));
        }
        let options = ConvTransposeOptions::new([2, 1], [taps - 2, 0], [0, 0], [1, 1], 1);
        conv_transpose2d(stacked, bank.synthesis.clone(), None, options)
    };
    let mut out_dims = dims;
    out_dims[dim] = out.dims()[2];
    Ok(out.reshape(out_dims))
}
