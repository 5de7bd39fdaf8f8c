//! A small convolutional network for inputs of any rank (1–3 spatial
//! axes): `conv0 … convN` (odd kernels, "same" padding, ReLU; every layer
//! after the first halves the sides it convolves), then the global mean
//! and one linear layer. Its shape is read from the weights alone:
//! `conv{i}.weight` `[out, in, *kernel]` (one kernel size per spatial axis),
//! `conv{i}.bias` `[out]`, `fc.weight` `[classes, channels]`, `fc.bias`.
//! The tests' models of every rank use it, as can any small trained model.

use std::collections::BTreeMap;

use burn::tensor::module::conv3d;
use burn::tensor::ops::ConvOptions;
use burn::tensor::{Device, Tensor, TensorData};

use super::head::MeanLinear;
use super::randomise::he_normal_conv;
use super::safetensors::tensor;
use super::{Classifier, InputSpec, ModelError, check_layers};
use crate::array::HostArray;

/// One convolution, its kernel padded to 3-D with ones in front.
#[derive(Clone)]
struct Layer {
    weight: Tensor<5>,
    bias: Tensor<1>,
    options: ConvOptions<3>,
}

/// See the module documentation.
#[derive(Clone)]
pub struct SmallCnn {
    input: InputSpec,
    layers: Vec<Layer>,
    head: MeanLinear,
}

impl SmallCnn {
    /// Builds the network from `tensors` for inputs `input`.
    pub fn load(
        input: InputSpec,
        tensors: &BTreeMap<String, HostArray>,
        device: &Device,
    ) -> Result<Self, ModelError> {
        let rank = input.spatial.len();
        if !(1..=3).contains(&rank) {
            return Err(ModelError::Manifest(format!(
                "small-cnn takes 1 to 3 spatial axes, the manifest says {:?}",
                input.shape()
            )));
        }
        let mut layers = Vec::new();
        let mut channels = input.channels;
        while let Some(weight) = tensors.get(&format!("conv{}.weight", layers.len())) {
            let name = format!("conv{}", layers.len());
            let shape = weight.shape();
            let kernel = &shape[2.min(shape.len())..];
            if shape.len() != 2 + rank || shape[1] != channels || kernel.iter().any(|k| k % 2 == 0)
            {
                return Err(ModelError::Weights(format!(
                    "'{name}.weight' has shape {shape:?}: expected [out, {channels}] and {rank} odd kernel sizes"
                )));
            }
            let mut dims = [1usize; 5];
            dims[..2].copy_from_slice(&shape[..2]);
            dims[5 - rank..].copy_from_slice(kernel);
            let step = if layers.is_empty() { 1 } else { 2 };
            let stride = [2, 3, 4].map(|d| if dims[d] > 1 { step } else { 1 });
            let padding = [2, 3, 4].map(|d| dims[d] / 2);
            layers.push(Layer {
                weight: Tensor::from_data(TensorData::new(weight.data().to_vec(), dims), device),
                bias: tensor(tensors, &format!("{name}.bias"), device)?,
                options: ConvOptions::new(stride, padding, [1, 1, 1], 1),
            });
            channels = shape[0];
        }
        if layers.is_empty() {
            return Err(ModelError::Weights("small-cnn needs at least 'conv0.weight'".into()));
        }
        Ok(Self { input, layers, head: MeanLinear::load(tensors, channels, device)? })
    }
}

impl Classifier for SmallCnn {
    fn input(&self) -> &InputSpec {
        &self.input
    }

    fn features(&self, x: Tensor<5>) -> Tensor<5> {
        self.layers.iter().fold(x, |x, layer| {
            let bias = Some(layer.bias.clone());
            conv3d(x, layer.weight.clone(), bias, layer.options.clone()).clamp_min(0.0)
        })
    }

    fn head(&self, features: Tensor<5>) -> Tensor<2> {
        self.head.forward(features)
    }

    /// The linear layer, then each convolution.
    fn layers(&self) -> usize {
        self.layers.len() + 1
    }

    fn randomised(&self, count: usize, seed: u64) -> Result<Box<dyn Classifier>, ModelError> {
        check_layers(count, self.layers())?;
        let mut copy = self.clone();
        if count > 0 {
            copy.head = self.head.randomised(seed, 0);
        }
        for (i, layer) in copy.layers.iter_mut().rev().take(count.saturating_sub(1)).enumerate() {
            layer.weight = he_normal_conv(&layer.weight, seed, 1 + i as u64);
            layer.bias = layer.bias.zeros_like();
        }
        Ok(Box::new(copy))
    }
}
