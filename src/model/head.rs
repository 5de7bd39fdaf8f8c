//! The classifier head both networks share: the global mean over the
//! feature maps' positions, then one linear layer (`fc.weight`
//! `[classes, channels]`, `fc.bias` `[classes]`).

use std::collections::BTreeMap;

use burn::tensor::{Device, Tensor};

use super::ModelError;
use super::randomise::he_normal;
use super::safetensors::tensor;
use crate::array::HostArray;

/// Global mean pooling and a linear layer.
#[derive(Clone)]
pub(super) struct MeanLinear {
    /// `[channels, classes]` (transposed once, at load).
    weight: Tensor<2>,
    bias: Tensor<1>,
}

impl MeanLinear {
    /// Loads `fc.weight` and `fc.bias`, checking that the layer takes `channels` features.
    pub(super) fn load(
        tensors: &BTreeMap<String, HostArray>,
        channels: usize,
        device: &Device,
    ) -> Result<Self, ModelError> {
        let weight: Tensor<2> = tensor(tensors, "fc.weight", device)?;
        if weight.dims()[1] != channels {
            return Err(ModelError::Weights(format!(
                "'fc.weight' has shape {:?}: expected [classes, {channels}]",
                weight.dims()
            )));
        }
        Ok(Self { weight: weight.transpose(), bias: tensor(tensors, "fc.bias", device)? })
    }

    /// A copy with fresh weights (stream `stream` of `seed`) and zero biases.
    pub(super) fn randomised(&self, seed: u64, stream: u64) -> Self {
        let fan_in = self.weight.dims()[0];
        Self { weight: he_normal(&self.weight, fan_in, seed, stream), bias: self.bias.zeros_like() }
    }

    /// Logits `[N, classes]` of feature maps `[N, K, f0, f1, f2]`.
    pub(super) fn forward(&self, features: Tensor<5>) -> Tensor<2> {
        let [n, k, f0, f1, f2] = features.dims();
        let pooled = features.reshape([n, k, f0 * f1 * f2]).mean_dim(2).reshape([n, k]);
        pooled.matmul(self.weight.clone()) + self.bias.clone().unsqueeze::<2>()
    }
}
