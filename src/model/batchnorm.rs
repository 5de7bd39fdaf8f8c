//! BatchNorm in inference: a per-channel affine map, computed once when
//! PyTorch weights are imported.

use std::collections::BTreeMap;

use super::ModelError;
use crate::array::HostArray;

/// BatchNorm epsilon of the TensorFlow originals (EfficientNet-Lite and
/// CREPE: torchcrepe's 0.0010000000474974513 is this value in f32).
pub(super) const BATCHNORM_EPS: f32 = 1e-3;

/// `y = x·scale + shift` per channel.
pub(super) struct Affine {
    /// `γ/√(σ²+ε)`.
    pub scale: Vec<f32>,
    /// `β − μ·scale`.
    pub shift: Vec<f32>,
}

impl Affine {
    /// The affine map of BatchNorm statistics `[γ, β, μ, σ²]`, or `None`
    /// when they do not all have `channels` values.
    pub(super) fn from_stats(
        [gamma, beta, mean, var]: [&HostArray; 4],
        channels: usize,
    ) -> Option<Self> {
        if [gamma, beta, mean, var].iter().any(|t| t.data().len() != channels) {
            return None;
        }
        let scale: Vec<f32> = (0..channels)
            .map(|c| gamma.data()[c] / (var.data()[c] + BATCHNORM_EPS).sqrt())
            .collect();
        let shift = (0..channels).map(|c| beta.data()[c] - mean.data()[c] * scale[c]).collect();
        Some(Self { scale, shift })
    }

    /// The affine map of the BatchNorm `{prefix}.weight|bias|running_mean|running_var`
    /// of a PyTorch state dict, which must have `channels` channels.
    pub(super) fn from_state(
        state: &BTreeMap<String, HostArray>,
        prefix: &str,
        channels: usize,
    ) -> Result<Self, ModelError> {
        let [g, b, m, v] = ["weight", "bias", "running_mean", "running_var"]
            .map(|s| entry(state, &format!("{prefix}.{s}")));
        Self::from_stats([g?, b?, m?, v?], channels).ok_or_else(|| {
            ModelError::Weights(format!("'{prefix}' does not have {channels} channels"))
        })
    }
}

/// The tensor `key` of a PyTorch state dict.
pub(super) fn entry<'a>(
    state: &'a BTreeMap<String, HostArray>,
    key: &str,
) -> Result<&'a HostArray, ModelError> {
    state.get(key).ok_or_else(|| ModelError::Weights(format!("state dict has no '{key}'")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn affine_equals_batchnorm_and_checks_lengths() {
        let arr = |v: &[f32]| HostArray::new(vec![v.len()], v.to_vec()).unwrap();
        let (g, b, m, v) =
            (arr(&[2.0, 0.5]), arr(&[0.1, -0.2]), arr(&[0.3, 1.0]), arr(&[4.0, 0.25]));
        let affine = Affine::from_stats([&g, &b, &m, &v], 2).unwrap();
        for (c, x) in [0.7f32, -1.3].into_iter().enumerate() {
            let expected = (x - m.data()[c]) / (v.data()[c] + BATCHNORM_EPS).sqrt() * g.data()[c]
                + b.data()[c];
            let got = x * affine.scale[c] + affine.shift[c];
            assert!((got - expected).abs() < 1e-6, "channel {c}: {got} vs {expected}");
        }
        assert!(Affine::from_stats([&g, &b, &m, &v], 3).is_none());
    }
}
