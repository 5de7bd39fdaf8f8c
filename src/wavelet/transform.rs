use burn::tensor::{Device, Tensor, TensorData};

use crate::array::HostArray;

use super::axis::{FilterBank, analyze, synthesize};
use super::coefficients::band_order;
use super::{Band, Coefficients, Mode, Wavelet, WaveletError};

/// A multilevel n-D DWT configuration: `pywt.wavedecn(x, wavelet, mode,
/// level=levels, axes=<the last `axes` axes>)` and its inverse.
#[derive(Clone, Debug, PartialEq)]
pub struct Dwt {
    wavelet: Wavelet,
    mode: Mode,
    levels: usize,
    axes: usize,
}

/// Largest useful number of levels for a signal of this shape
/// (`pywt.dwt_max_level`, minimum over the axes): deeper levels only see
/// boundary effects. They are still computed, as pywt does.
pub fn dwt_max_level(shape: &[usize], filter_len: usize) -> usize {
    shape
        .iter()
        .map(|&len| {
            if filter_len <= 1 || len < filter_len - 1 {
                return 0;
            }
            let mut level = 0;
            while (filter_len - 1) << (level + 1) <= len {
                level += 1;
            }
            level
        })
        .min()
        .unwrap_or(0)
}

impl Dwt {
    /// # Arguments
    /// * `levels` — number of levels J ≥ 1 (level 1 is the finest).
    /// * `axes` — how many trailing axes to transform: 1 (audio), 2 (images) or 3 (volumes).
    pub fn new(
        wavelet: Wavelet,
        mode: Mode,
        levels: usize,
        axes: usize,
    ) -> Result<Self, WaveletError> {
        if levels == 0 {
            return Err(WaveletError::InvalidLevels(levels));
        }
        if !(1..=3).contains(&axes) {
            return Err(WaveletError::InvalidAxes { axes, rank: axes });
        }
        Ok(Self { wavelet, mode, levels, axes })
    }

    /// The wavelet.
    pub fn wavelet(&self) -> &Wavelet {
        &self.wavelet
    }

    /// The signal-extension mode.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// Number of levels.
    pub fn levels(&self) -> usize {
        self.levels
    }

    /// Number of transformed trailing axes.
    pub fn axes(&self) -> usize {
        self.axes
    }

    /// The bands this transform produces, in [`Coefficients::bands`] order.
    pub fn bands(&self) -> Vec<Band> {
        band_order(self.axes, self.levels)
    }

    /// Multilevel forward transform of the last `axes` axes of `x`.
    ///
    /// # Shapes
    /// `x`: `[*leading, *spatial]` with `spatial` of length `axes`; bands are
    /// stored as described in [`Coefficients`].
    pub fn wavedecn<const D: usize>(&self, x: Tensor<D>) -> Result<Coefficients, WaveletError> {
        let dims = x.dims();
        let canonical = self.canonical_dims(&dims)?;
        self.decompose(x.reshape(canonical), &dims)
    }

    /// [`Dwt::wavedecn`] of a host array of any rank ≥ `axes`, uploaded to `device`.
    pub fn wavedecn_array(
        &self,
        x: &HostArray,
        device: &Device,
    ) -> Result<Coefficients, WaveletError> {
        let canonical = self.canonical_dims(x.shape())?;
        let tensor = Tensor::<4>::from_data(TensorData::new(x.data().to_vec(), canonical), device);
        self.decompose(tensor, x.shape())
    }

    /// The rank-4 layout of [`Coefficients`] for an input of shape `dims`.
    fn canonical_dims(&self, dims: &[usize]) -> Result<[usize; 4], WaveletError> {
        if self.axes > dims.len() {
            return Err(WaveletError::InvalidAxes { axes: self.axes, rank: dims.len() });
        }
        let (leading, spatial) = dims.split_at(dims.len() - self.axes);
        if spatial.contains(&0) {
            return Err(WaveletError::EmptyAxis(dims.to_vec()));
        }
        let mut canonical = [1usize; 4];
        canonical[0] = leading.iter().product();
        canonical[4 - self.axes..].copy_from_slice(spatial);
        Ok(canonical)
    }

    /// Decomposes `x`, already in the rank-4 layout, of original shape `dims`.
    fn decompose(&self, x: Tensor<4>, dims: &[usize]) -> Result<Coefficients, WaveletError> {
        let (leading, spatial) = dims.split_at(dims.len() - self.axes);
        let bank = FilterBank::new(&self.wavelet, &x.device());
        let mut approx = x;
        let mut details = Vec::with_capacity(self.levels);
        for _ in 0..self.levels {
            // Split along each axis in turn; list index bits spell the key.
            let mut parts = vec![approx];
            for dim in 4 - self.axes..4 {
                parts = parts
                    .into_iter()
                    .flat_map(|t| {
                        let (lo, hi) = analyze(t, dim, &bank, self.mode);
                        [lo, hi]
                    })
                    .collect();
            }
            approx = parts.remove(0);
            details.push(parts);
        }
        Ok(Coefficients::new(self.axes, leading.to_vec(), approx, details)?
            .with_signal_shape(spatial.to_vec()))
    }

    /// Multilevel inverse transform, exactly as `pywt.waverecn`: odd-sized
    /// axes come back one sample longer. Returns the rank-4 layout of
    /// [`Coefficients`]; see [`Dwt::reconstruct`] for the original shape.
    pub fn waverecn(&self, coeffs: &Coefficients) -> Result<Tensor<4>, WaveletError> {
        if coeffs.axes() != self.axes {
            return Err(WaveletError::InconsistentCoefficients(format!(
                "coefficients of a {}-D transform given to a {}-D inverse",
                coeffs.axes(),
                self.axes
            )));
        }
        let bank = FilterBank::new(&self.wavelet, &coeffs.approx().device());
        let mut approx = coeffs.approx().clone();
        for level in (1..=coeffs.levels()).rev() {
            let details = coeffs.level(level).expect("level in range");
            approx = crop_to(approx, details[0].dims(), level, level == coeffs.levels())?;
            let mut parts: Vec<Tensor<4>> =
                std::iter::once(approx).chain(details.iter().cloned()).collect();
            // Rebuild the last axis first, pairing (…a, …d) neighbours.
            for dim in (4 - self.axes..4).rev() {
                let mut merged = Vec::with_capacity(parts.len() / 2);
                let mut iter = parts.into_iter();
                while let (Some(lo), Some(hi)) = (iter.next(), iter.next()) {
                    merged.push(synthesize(lo, hi, dim, &bank, self.mode)?);
                }
                parts = merged;
            }
            approx = parts.pop().expect("one part left");
        }
        Ok(approx)
    }

    /// Inverse transform cropped to the decomposed signal's shape and
    /// reshaped to `[*leading, *spatial]` (rank `D`).
    pub fn reconstruct<const D: usize>(
        &self,
        coeffs: &Coefficients,
    ) -> Result<Tensor<D>, WaveletError> {
        let (cropped, shape) = self.reconstruct_any(coeffs)?;
        if shape.len() != D {
            return Err(WaveletError::InvalidAxes { axes: self.axes, rank: D });
        }
        let mut out = [0usize; D];
        out.copy_from_slice(&shape);
        Ok(cropped.reshape(out))
    }

    /// [`Dwt::reconstruct`] for a rank known only at run time: the cropped
    /// canonical rank-4 tensor, and the shape it has in the caller's terms.
    pub fn reconstruct_any(
        &self,
        coeffs: &Coefficients,
    ) -> Result<(Tensor<4>, Vec<usize>), WaveletError> {
        let full = self.waverecn(coeffs)?;
        let mut dims = full.dims();
        if let Some(signal) = coeffs.signal_shape() {
            dims[4 - self.axes..].copy_from_slice(signal);
        }
        let cropped = crop_to(full, dims, 0, false)?;
        let shape = coeffs.band_shape(&cropped);
        Ok((cropped, shape))
    }
}

/// Crops `approx` to `dims` (it may exceed them after an odd-sized level,
/// as in pywt.waverecn). At the coarsest level shapes must match exactly.
fn crop_to(
    approx: Tensor<4>,
    dims: [usize; 4],
    level: usize,
    exact: bool,
) -> Result<Tensor<4>, WaveletError> {
    let have = approx.dims();
    if have == dims {
        return Ok(approx);
    }
    if exact || have.iter().zip(&dims).any(|(h, d)| h < d) {
        return Err(WaveletError::InconsistentCoefficients(format!(
            "level {level}: approximation of shape {have:?} does not fit details of shape {dims:?}"
        )));
    }
    Ok((0..4).fold(approx, |t, axis| t.narrow(axis, 0, dims[axis])))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn max_level_matches_pywt() {
        // pywt.dwt_max_level(224, 2) == 7, (224, 8) == 5, (5, 8) == 0.
        assert_eq!(dwt_max_level(&[224], 2), 7);
        assert_eq!(dwt_max_level(&[224], 8), 5);
        assert_eq!(dwt_max_level(&[5], 8), 0);
        assert_eq!(dwt_max_level(&[224, 30], 2), 4);
    }
}
