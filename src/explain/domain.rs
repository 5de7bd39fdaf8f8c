//! Where attributions live: the model's input itself, or the wavelet
//! coefficients of it. WAM is SmoothGrad, IG and saliency taken in the
//! wavelet domain; gradient passes and keep-top are written once against
//! [`Domain`], so both kinds of method run the same code.

use burn::tensor::{Device, Tensor, TensorData};

use super::ExplainError;
use crate::array::HostArray;
use crate::wavelet::{Coefficients, Dwt, WaveletError};

/// The space a method takes gradients in and ranks features of.
#[derive(Clone, Debug, PartialEq)]
pub enum Domain {
    /// The model's input `[C, *spatial]` (saliency, SmoothGrad, IG,
    /// gradient × input, Grad-CAM).
    Input,
    /// The wavelet coefficients of the input (WAM, WAM-SG, WAM-IG).
    Wavelet(Dwt),
}

impl Domain {
    /// Differentiable leaves standing for a batch `x` (`[n, C, s0, s1, s2]`),
    /// and the model's input computed from them: `x` itself, or
    /// `W⁻¹(W x)` with the coefficients `W x` tracked. Each leaf has the
    /// sample as its outermost axis.
    pub(super) fn track(&self, x: Tensor<5>) -> Result<(Vec<Tensor<4>>, Tensor<5>), WaveletError> {
        match self {
            Domain::Input => {
                let [n, c, s0, s1, s2] = x.dims();
                let leaf = x.reshape([n, c, s0, s1 * s2]).require_grad();
                Ok((vec![leaf.clone()], leaf.reshape([n, c, s0, s1, s2])))
            }
            Domain::Wavelet(dwt) => {
                let z = dwt.wavedecn(x)?.map(|t| t.clone().require_grad());
                let rebuilt = dwt.reconstruct(&z)?;
                Ok((z.iter().map(|(_, t)| t.clone()).collect(), rebuilt))
            }
        }
    }

    /// The input `[C, *spatial]` (`shape`) from its features in this domain,
    /// given as the arrays of [`super::Explanation::features`]' layout:
    /// the input itself, or its bands in [`Dwt::bands`] order (inverted).
    pub async fn rebuild(
        &self,
        features: Vec<HostArray>,
        shape: &[usize],
        device: &Device,
    ) -> Result<HostArray, ExplainError> {
        let batched = features
            .into_iter()
            .map(|a| HostArray::new([&[1], a.shape()].concat(), a.into_data()))
            .collect::<Result<Vec<_>, _>>()?;
        let rebuilt = self.rebuild_batch(&batched, shape, device)?;
        Ok(HostArray::from_tensor(rebuilt, shape.to_vec()).await?)
    }

    /// [`Domain::rebuild`] for `n` sets of features at once, on the device:
    /// each array has a leading axis of `n` (`[n, C, *band]`); returns the
    /// model's inputs `[n, C, s0, s1, s2]` for inputs of shape `shape`.
    pub fn rebuild_batch(
        &self,
        features: &[HostArray],
        shape: &[usize],
        device: &Device,
    ) -> Result<Tensor<5>, ExplainError> {
        let n = features.first().map_or(0, |a| a.shape()[0]);
        let dims = batch_dims(shape, n);
        match self {
            Domain::Input => Ok(flat_tensor(&features[0], device).reshape(dims)),
            Domain::Wavelet(dwt) => {
                let bands: Vec<_> = dwt.bands().into_iter().zip(features.iter().cloned()).collect();
                let coeffs = Coefficients::from_arrays(dwt.axes(), &bands, device)?
                    .with_signal_shape(shape[1..].to_vec());
                Ok(dwt.reconstruct_any(&coeffs)?.0.reshape(dims))
            }
        }
    }
}

/// `[n, C, s0, s1, s2]`, the model's layout of `n` inputs of shape `[C, *spatial]`
/// (spatial axes right-aligned, the others 1).
pub(crate) fn batch_dims(shape: &[usize], n: usize) -> [usize; 5] {
    let mut dims = [n, shape[0], 1, 1, 1];
    dims[5 - (shape.len() - 1)..].copy_from_slice(&shape[1..]);
    dims
}

/// `input` (`[C, *spatial]`) as a flat tensor on `device`.
pub(super) fn flat_tensor(input: &HostArray, device: &Device) -> Tensor<1> {
    Tensor::from_data(TensorData::new(input.data().to_vec(), [input.data().len()]), device)
}
