//! The 1×1 convolution's forward pass without autodiff (the faithfulness
//! curves', keep-top's) in WebAssembly on flex, by
//! [`super::pointwise_kernel`]: 1.24× flex's in the page's wasm. Natively flex's
//! gemm (AVX2 and FMA) is faster, and elsewhere burn's `conv2d` runs.

use burn::backend::flex::FlexTensor;
use burn::backend::{Flex, TensorMetadata};
use burn::tensor::{DType, Tensor, TensorData};

use super::pointwise_kernel::{Geometry, pointwise};

/// `conv2d` of a flex f32 `x` `[N, in, H, W]` with a 1×1 `weight`
/// `[out, in, 1, 1]` at stride 1 and no padding, when no gradient goes
/// through it (`x` untracked, the weights not requiring one: the curves'
/// activations are autodiff tensors that no op tracks); `None` otherwise
/// or for another backend or type.
pub(super) fn pointwise_conv2d(
    x: &Tensor<4>,
    weight: &Tensor<4>,
    bias: &Tensor<1>,
) -> Option<Tensor<4>> {
    if x.is_tracked() || weight.is_require_grad() || bias.is_require_grad() {
        return None;
    }
    let autodiff = x.is_autodiff();
    let x = x.clone().without_autodiff().try_into_primitive::<Flex>().ok()?;
    let w = weight.clone().without_autodiff().try_into_primitive::<Flex>().ok()?;
    let b = bias.clone().without_autodiff().try_into_primitive::<Flex>().ok()?;
    if [x.dtype(), w.dtype(), b.dtype()] != [DType::F32; 3] {
        return None;
    }
    let (x, w, b) = (x.to_contiguous(), w.to_contiguous(), b.to_contiguous());
    let [batch, channels_in, h, width] = x.shape().dims();
    let channels_out = w.shape().dims::<4>()[0];
    let geometry = Geometry { batch, channels_in, channels_out, positions: h * width };
    let values = pointwise(x.storage(), w.storage(), b.storage(), &geometry);
    let y = FlexTensor::from_data(TensorData::new(values, [batch, channels_out, h, width]));
    let y = Tensor::from_primitive::<Flex>(y);
    // Where `x` has autodiff (untracked), so has `y`: a caller may track it (Grad-CAM's features).
    Some(if autodiff { y.autodiff() } else { y })
}
