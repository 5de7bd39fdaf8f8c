//! The 2-D convolution the image and sound networks share: a bias (BatchNorm
//! folded in, or the layer's own), TensorFlow "same" padding (asymmetric at
//! stride 2: 0 before and 1 after on even sides), depthwise as grouped
//! (with a faster input gradient on the CPU: [`super::depthwise`]), and
//! 1×1 without autodiff in WebAssembly by `pointwise.rs`.

use std::collections::BTreeMap;

use burn::tensor::module::conv2d;
use burn::tensor::ops::ConvOptions;
use burn::tensor::{Device, Tensor};

use super::ModelError;
use super::depthwise::depthwise_conv2d;
use super::randomise::he_normal_conv;
use super::safetensors::tensor;
use crate::array::HostArray;

/// `{name}.weight` `[out, in / groups, kh, kw]` and `{name}.bias` `[out]`.
#[derive(Clone)]
pub(super) struct Conv {
    weight: Tensor<4>,
    bias: Tensor<1>,
    stride: usize,
    groups: usize,
}

impl Conv {
    /// Loads the layer `name`; a depthwise one has one group per output channel.
    pub(super) fn load(
        tensors: &BTreeMap<String, HostArray>,
        name: &str,
        stride: usize,
        depthwise: bool,
        device: &Device,
    ) -> Result<Self, ModelError> {
        let weight: Tensor<4> = tensor(tensors, &format!("{name}.weight"), device)?;
        let bias: Tensor<1> = tensor(tensors, &format!("{name}.bias"), device)?;
        let [out, per_group, _, _] = weight.dims();
        if bias.dims() != [out] || (depthwise && per_group != 1) {
            return Err(ModelError::Weights(format!(
                "'{name}' has weight {:?} and bias {:?}: expected [out, {}, kh, kw] and [out]",
                weight.dims(),
                bias.dims(),
                if depthwise { "1" } else { "in" }
            )));
        }
        let groups = if depthwise { out } else { 1 };
        Ok(Self { weight, bias, stride, groups })
    }

    /// A copy with fresh weights (stream `stream` of `seed`) and zero biases.
    pub(super) fn randomised(&self, seed: u64, stream: u64) -> Self {
        let weight = he_normal_conv(&self.weight, seed, stream);
        Self { weight, bias: self.bias.zeros_like(), ..self.clone() }
    }

    /// Channels it takes.
    pub(super) fn channels_in(&self) -> usize {
        self.weight.dims()[1] * self.groups
    }

    /// Channels it gives.
    pub(super) fn channels_out(&self) -> usize {
        self.weight.dims()[0]
    }

    /// `[N, in, H, W]` to `[N, out, ⌈H / stride⌉, ⌈W / stride⌉]`.
    pub(super) fn forward(&self, x: Tensor<4>) -> Tensor<4> {
        let [_, _, h, w] = x.dims();
        let [_, _, kh, kw] = self.weight.dims();
        let padding = [same_padding(h, kh, self.stride), same_padding(w, kw, self.stride)];
        let options = ConvOptions {
            stride: [self.stride; 2],
            padding,
            dilation: [1, 1],
            groups: self.groups,
        };
        if self.groups > 1 {
            return depthwise_conv2d(x, self.weight.clone(), self.bias.clone(), options);
        }
        #[cfg(all(feature = "flex", target_arch = "wasm32"))]
        if [kh, kw, self.stride] == [1; 3]
            && let Some(y) = super::pointwise::pointwise_conv2d(&x, &self.weight, &self.bias)
        {
            return y;
        }
        conv2d(x, self.weight.clone(), Some(self.bias.clone()), options)
    }
}

/// TensorFlow "same" padding (before, after) for one axis.
pub(super) fn same_padding(len: usize, kernel: usize, stride: usize) -> (usize, usize) {
    let out = len.div_ceil(stride);
    let total = ((out - 1) * stride + kernel).saturating_sub(len);
    (total / 2, total - total / 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_padding_matches_tensorflow() {
        assert_eq!(same_padding(224, 3, 2), (0, 1));
        assert_eq!(same_padding(112, 3, 1), (1, 1));
        assert_eq!(same_padding(56, 5, 2), (1, 2));
        assert_eq!(same_padding(7, 1, 1), (0, 0));
    }
}
