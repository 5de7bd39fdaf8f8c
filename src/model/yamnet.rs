//! YAMNet (the AudioSet classifier of tensorflow/models, 521 classes) on the
//! raw waveform: the log-mel front end ([`LogMel`]), the patch clipped to the
//! range the exported graph's 8-bit input covers, then MobileNet-v1 (a 3×3
//! convolution and 13 depthwise-separable pairs, every convolution followed
//! by ReLU), the global mean and a linear layer. It outputs logits; the
//! classes are independent, so scores are their sigmoids.
//!
//! Weights (`wam import-weights --architecture yamnet`): `conv0` … `conv26`
//! (`.weight`, `.bias`), `fc.weight` `[521, 1024]`, `fc.bias`, and
//! `input_range` `[low, high]`.

use std::collections::BTreeMap;

use burn::tensor::{Device, Tensor};

use super::conv::{Conv, same_padding};
use super::head::MeanLinear;
use super::log_mel::{HOP, LogMel, MELS, WINDOW};
use super::{Classifier, InputSpec, ModelError, check_layers};
use crate::array::HostArray;

/// Frames in one patch.
const FRAMES: usize = 96;
/// Samples in one patch: 96 frames of 25 ms every 10 ms (0.975 s at 16 kHz).
pub const YAMNET_SAMPLES: usize = WINDOW + (FRAMES - 1) * HOP;
/// Stride of each depthwise-separable pair's depthwise convolution.
const SEPARABLE_STRIDES: [usize; 13] = [1, 2, 1, 2, 1, 2, 1, 1, 1, 1, 1, 2, 1];

/// One convolution of YAMNet's body, as the importer checks it against a graph.
#[derive(Clone, Debug, PartialEq)]
pub struct YamnetLayer {
    /// `conv{i}`.
    pub name: String,
    /// Square kernel side: 3, or 1 for the pointwise convolutions.
    pub kernel: usize,
    /// Stride along both axes.
    pub stride: usize,
    /// One group per channel.
    pub depthwise: bool,
    /// (before, after) padding along the mel-patch's two axes at this layer.
    pub padding: [(usize, usize); 2],
}

/// YAMNet's 27 convolutions, in order.
pub fn yamnet_layers() -> Vec<YamnetLayer> {
    let mut shapes = vec![(3, 2, false)];
    shapes.extend(SEPARABLE_STRIDES.iter().flat_map(|&s| [(3, s, true), (1, 1, false)]));
    let mut size = [FRAMES, MELS];
    let mut layers = Vec::new();
    for (i, (kernel, stride, depthwise)) in shapes.into_iter().enumerate() {
        let padding = size.map(|len| same_padding(len, kernel, stride));
        layers.push(YamnetLayer { name: format!("conv{i}"), kernel, stride, depthwise, padding });
        size = size.map(|len| len.div_ceil(stride));
    }
    layers
}

/// See the module documentation.
#[derive(Clone)]
pub struct Yamnet {
    input: InputSpec,
    front: LogMel,
    range: (f32, f32),
    convs: Vec<Conv>,
    head: MeanLinear,
}

impl Yamnet {
    /// Builds the network from imported `tensors` for waveforms `[1, 15600]`.
    pub fn load(
        input: InputSpec,
        tensors: &BTreeMap<String, HostArray>,
        device: &Device,
    ) -> Result<Self, ModelError> {
        if input.shape() != [1, YAMNET_SAMPLES] {
            return Err(ModelError::Manifest(format!(
                "YAMNet takes waveforms [1, {YAMNET_SAMPLES}] (16 kHz), the manifest says {:?}",
                input.shape()
            )));
        }
        let range = match tensors.get("input_range").map(HostArray::data) {
            Some(&[low, high]) if low < high => (low, high),
            _ => return Err(ModelError::Weights("'input_range' must be [low, high]".into())),
        };
        let mut channels = 1;
        let mut convs = Vec::new();
        for layer in yamnet_layers() {
            let conv = Conv::load(tensors, &layer.name, layer.stride, layer.depthwise, device)?;
            if conv.channels_in() != channels {
                return Err(ModelError::Weights(format!(
                    "'{}' takes {} channels, the layer before gives {channels}",
                    layer.name,
                    conv.channels_in()
                )));
            }
            channels = conv.channels_out();
            convs.push(conv);
        }
        let head = MeanLinear::load(tensors, channels, device)?;
        Ok(Self { input, front: LogMel::new(device), range, convs, head })
    }
}

impl Classifier for Yamnet {
    fn input(&self) -> &InputSpec {
        &self.input
    }

    fn features(&self, x: Tensor<5>) -> Tensor<5> {
        let [n, _, _, _, samples] = x.dims();
        let patch = self.front.forward(x.reshape([n, samples])).clamp(self.range.0, self.range.1);
        let mut x = patch.reshape([n, 1, FRAMES, MELS]);
        for conv in &self.convs {
            x = conv.forward(x).clamp_min(0.0);
        }
        // Averaged over the mel axis, the maps run along time like the input
        // (for Grad-CAM); the head's global mean is the same.
        let [n, k, frames, _] = x.dims();
        x.mean_dim(3).reshape([n, k, 1, 1, frames])
    }

    fn head(&self, features: Tensor<5>) -> Tensor<2> {
        self.head.forward(features)
    }

    /// The linear layer, then the 27 convolutions, last first.
    fn layers(&self) -> usize {
        self.convs.len() + 1
    }

    fn randomised(&self, count: usize, seed: u64) -> Result<Box<dyn Classifier>, ModelError> {
        check_layers(count, self.layers())?;
        let mut copy = self.clone();
        for layer in 0..count {
            let stream = layer as u64;
            match layer {
                0 => copy.head = self.head.randomised(seed, stream),
                l => {
                    let i = self.convs.len() - l;
                    copy.convs[i] = self.convs[i].randomised(seed, stream);
                }
            }
        }
        Ok(Box::new(copy))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layers_match_the_exported_graph() {
        // As in YamNet_w8a8.onnx: ONNX pads [top, left, bottom, right] are
        // [0, 0, 1, 1] at stride 2 and [1, 1, 1, 1] for 3×3 at stride 1.
        let layers = yamnet_layers();
        assert_eq!(YAMNET_SAMPLES, 15_600);
        assert_eq!(layers.len(), 27);
        assert_eq!(layers.iter().filter(|l| l.depthwise).count(), 13);
        assert_eq!(layers.iter().filter(|l| l.stride == 2).count(), 5);
        for l in &layers {
            let want = match (l.kernel, l.stride) {
                (3, 2) => [(0, 1), (0, 1)],
                (3, 1) => [(1, 1), (1, 1)],
                _ => [(0, 0), (0, 0)],
            };
            assert_eq!(l.padding, want, "{}", l.name);
        }
        assert_eq!(
            (layers[3].name.as_str(), layers[3].stride, layers[3].depthwise),
            ("conv3", 2, true)
        );
    }

    #[test]
    fn load_names_what_is_wrong() {
        let device = Device::flex();
        let load = |spatial: usize, tensors: &BTreeMap<String, HostArray>| {
            let input = InputSpec { channels: 1, spatial: vec![spatial] };
            Yamnet::load(input, tensors, &device).err().expect("an error").to_string()
        };
        let mut tensors = BTreeMap::new();
        assert!(load(16_000, &tensors).contains("[1, 15600]"));
        assert!(load(YAMNET_SAMPLES, &tensors).contains("input_range"));
        let range = HostArray::new(vec![2], vec![-1.0, 1.0]).unwrap();
        tensors.insert("input_range".to_string(), range);
        assert!(load(YAMNET_SAMPLES, &tensors).contains("'conv0.weight' is missing"));
    }
}
