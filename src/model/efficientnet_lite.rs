//! EfficientNet-Lite (Tan & Le 2019, the TFLite-friendly variant): ReLU6, no
//! squeeze-excitation, TensorFlow "same" padding (asymmetric at stride 2).
//! BatchNorm is folded into the convolutions when weights are imported.

use std::collections::BTreeMap;

use burn::tensor::{Device, Tensor};

use super::batchnorm::{Affine, entry};
use super::conv::Conv;
use super::head::MeanLinear;
use super::relu6::relu6;
use super::{Classifier, InputSpec, ModelError, check_layers};
use crate::array::HostArray;

/// One stage of MBConv blocks: (repeats, kernel, stride, expansion, in, out).
type Stage = (usize, usize, usize, usize, usize, usize);

/// EfficientNet-Lite0's stages (efficientnet_lite_builder.py).
const LITE0_STAGES: [Stage; 7] = [
    (1, 3, 1, 1, 32, 16),
    (2, 3, 2, 6, 16, 24),
    (2, 5, 2, 6, 24, 40),
    (3, 3, 2, 6, 40, 80),
    (3, 5, 1, 6, 80, 112),
    (4, 5, 2, 6, 112, 192),
    (1, 3, 1, 6, 192, 320),
];

/// Mobile inverted bottleneck: expand (1×1), depthwise (k×k), project (1×1).
#[derive(Clone)]
struct MbConv {
    expand: Option<Conv>,
    depthwise: Conv,
    project: Conv,
    residual: bool,
}

impl MbConv {
    /// A copy with all three convolutions re-initialised (streams `4·stream + 1..=3`).
    fn randomised(&self, seed: u64, stream: u64) -> Self {
        Self {
            expand: self.expand.as_ref().map(|c| c.randomised(seed, 4 * stream + 1)),
            depthwise: self.depthwise.randomised(seed, 4 * stream + 2),
            project: self.project.randomised(seed, 4 * stream + 3),
            residual: self.residual,
        }
    }

    fn forward(&self, x: Tensor<4>) -> Tensor<4> {
        let mut h = x.clone();
        if let Some(expand) = &self.expand {
            h = relu6(expand.forward(h));
        }
        h = self.project.forward(relu6(self.depthwise.forward(h)));
        if self.residual { h + x } else { h }
    }
}

/// An EfficientNet-Lite network on one device.
#[derive(Clone)]
pub struct EfficientNetLite {
    input: InputSpec,
    stem: Conv,
    blocks: Vec<MbConv>,
    head: Conv,
    classifier: MeanLinear,
}

impl EfficientNetLite {
    /// EfficientNet-Lite0 from folded weights (see [`fold_batchnorm`]).
    pub fn lite0(
        input: InputSpec,
        tensors: &BTreeMap<String, HostArray>,
        device: &Device,
    ) -> Result<Self, ModelError> {
        if input.channels != 3 || input.spatial.len() != 2 {
            return Err(ModelError::Manifest(format!(
                "EfficientNet-Lite takes [3, H, W] images, the manifest says {:?}",
                input.shape()
            )));
        }
        let stem = Conv::load(tensors, "stem", 2, false, device)?;
        let mut blocks = Vec::new();
        for (repeats, _kernel, stride, expansion, channels_in, channels_out) in LITE0_STAGES {
            for r in 0..repeats {
                let i = blocks.len();
                let (stride, channels_in) =
                    if r == 0 { (stride, channels_in) } else { (1, channels_out) };
                let expand = (expansion != 1)
                    .then(|| Conv::load(tensors, &format!("blocks.{i}.expand"), 1, false, device))
                    .transpose()?;
                blocks.push(MbConv {
                    expand,
                    depthwise: Conv::load(
                        tensors,
                        &format!("blocks.{i}.depthwise"),
                        stride,
                        true,
                        device,
                    )?,
                    project: Conv::load(tensors, &format!("blocks.{i}.project"), 1, false, device)?,
                    residual: stride == 1 && channels_in == channels_out,
                });
            }
        }
        let head = Conv::load(tensors, "head", 1, false, device)?;
        let classifier = MeanLinear::load(tensors, head.channels_out(), device)?;
        Ok(Self { input, stem, blocks, head, classifier })
    }
}

impl Classifier for EfficientNetLite {
    fn input(&self) -> &InputSpec {
        &self.input
    }

    fn features(&self, x: Tensor<5>) -> Tensor<5> {
        let [n, c, _, h, w] = x.dims();
        let mut x = relu6(self.stem.forward(x.reshape([n, c, h, w])));
        for block in &self.blocks {
            x = block.forward(x);
        }
        let x = relu6(self.head.forward(x));
        let [n, k, h, w] = x.dims();
        x.reshape([n, k, 1, h, w])
    }

    fn head(&self, features: Tensor<5>) -> Tensor<2> {
        self.classifier.forward(features)
    }

    /// From the top: the classifier, the head convolution, each block (last
    /// first), the stem.
    fn layers(&self) -> usize {
        self.blocks.len() + 3
    }

    fn randomised(&self, count: usize, seed: u64) -> Result<Box<dyn Classifier>, ModelError> {
        check_layers(count, self.layers())?;
        let mut copy = self.clone();
        let blocks = self.blocks.len();
        for layer in 0..count {
            let stream = 4 * layer as u64;
            match layer {
                0 => copy.classifier = self.classifier.randomised(seed, stream),
                1 => copy.head = self.head.randomised(seed, stream),
                l if l < blocks + 2 => {
                    let i = blocks + 1 - l;
                    copy.blocks[i] = self.blocks[i].randomised(seed, layer as u64);
                }
                _ => copy.stem = self.stem.randomised(seed, stream),
            }
        }
        Ok(Box::new(copy))
    }
}

/// Folds BatchNorm into the convolution before it: `w' = w·γ/√(σ²+ε)`,
/// `b = β − μ·γ/√(σ²+ε)`, per output channel. Returns (weight, bias).
fn fold_layer(weight: &HostArray, batchnorm: &Affine) -> Option<(HostArray, HostArray)> {
    let channels = *weight.shape().first()?;
    if batchnorm.scale.len() != channels {
        return None;
    }
    let per_channel = weight.data().len() / channels;
    let folded = weight
        .data()
        .iter()
        .enumerate()
        .map(|(i, w)| w * batchnorm.scale[i / per_channel])
        .collect();
    Some((
        HostArray::new(weight.shape().to_vec(), folded).ok()?,
        HostArray::new(vec![channels], batchnorm.shift.clone()).ok()?,
    ))
}

/// Converts a PyTorch state dict of `efficientnet-lite-pytorch` (keys
/// `_conv_stem.weight`, `_bn0.*`, `_blocks.{i}._expand_conv.weight`, …) into
/// wam's weights (`stem`, `blocks.{i}.expand|depthwise|project`, `head`,
/// `fc`), every convolution with its BatchNorm folded in.
pub fn fold_batchnorm(
    state: &BTreeMap<String, HostArray>,
) -> Result<BTreeMap<String, HostArray>, ModelError> {
    let mut out = BTreeMap::new();
    let mut fold = |conv: String, bn: String, name: String| -> Result<(), ModelError> {
        let weight = entry(state, &format!("{conv}.weight"))?;
        let channels = weight.shape().first().copied().unwrap_or(0);
        let (weight, bias) = fold_layer(weight, &Affine::from_state(state, &bn, channels)?)
            .ok_or_else(|| {
                ModelError::Weights(format!("'{bn}' does not match the channels of '{conv}'"))
            })?;
        out.insert(format!("{name}.weight"), weight);
        out.insert(format!("{name}.bias"), bias);
        Ok(())
    };
    fold("_conv_stem".into(), "_bn0".into(), "stem".into())?;
    let blocks = LITE0_STAGES.iter().map(|s| s.0).sum::<usize>();
    for i in 0..blocks {
        let p = format!("_blocks.{i}");
        if state.contains_key(&format!("{p}._expand_conv.weight")) {
            fold(format!("{p}._expand_conv"), format!("{p}._bn0"), format!("blocks.{i}.expand"))?;
        }
        fold(format!("{p}._depthwise_conv"), format!("{p}._bn1"), format!("blocks.{i}.depthwise"))?;
        fold(format!("{p}._project_conv"), format!("{p}._bn2"), format!("blocks.{i}.project"))?;
    }
    fold("_conv_head".into(), "_bn1".into(), "head".into())?;
    for key in ["_fc.weight", "_fc.bias"] {
        out.insert(key.trim_start_matches('_').to_string(), entry(state, key)?.clone());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_equals_conv_then_batchnorm() {
        // A 1×1 convolution, 2 channels in and out, on one pixel x.
        let weight = HostArray::new(vec![2, 2, 1, 1], vec![1.0, 2.0, -1.0, 0.5]).unwrap();
        let batchnorm = Affine { scale: vec![2.0, -0.5], shift: vec![0.1, 0.3] };
        let (w2, b2) = fold_layer(&weight, &batchnorm).unwrap();
        let x = [0.7f32, -1.3];
        for c in 0..2 {
            let conv = weight.data()[2 * c] * x[0] + weight.data()[2 * c + 1] * x[1];
            let expected = conv * batchnorm.scale[c] + batchnorm.shift[c];
            let folded = w2.data()[2 * c] * x[0] + w2.data()[2 * c + 1] * x[1] + b2.data()[c];
            assert!((folded - expected).abs() < 1e-6, "channel {c}: {folded} vs {expected}");
        }
        let narrow = Affine { scale: vec![1.0], shift: vec![0.0] };
        assert!(fold_layer(&weight, &narrow).is_none());
    }
}
