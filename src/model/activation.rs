//! How a classifier's logits become class probabilities: softmax for
//! single-label models (one class per input), sigmoid for multi-label ones.

use std::fmt;
use std::str::FromStr;

/// The function from logits to probabilities.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Activation {
    /// `exp(z_c) / Σ_k exp(z_k)`: single-label models.
    #[default]
    Softmax,
    /// `1 / (1 + exp(−z_c))` per class: multi-label models.
    Sigmoid,
}

impl Activation {
    /// Probabilities of every class under `logits`.
    pub fn probabilities(self, logits: &[f32]) -> Vec<f32> {
        match self {
            Activation::Softmax => softmax(logits),
            Activation::Sigmoid => logits.iter().map(|z| 1.0 / (1.0 + (-z).exp())).collect(),
        }
    }

    /// The activation's name: `softmax` or `sigmoid`.
    pub fn name(self) -> &'static str {
        match self {
            Activation::Softmax => "softmax",
            Activation::Sigmoid => "sigmoid",
        }
    }
}

impl fmt::Display for Activation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Activation {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "softmax" => Ok(Activation::Softmax),
            "sigmoid" => Ok(Activation::Sigmoid),
            other => Err(format!("unknown activation '{other}': expected softmax or sigmoid")),
        }
    }
}

/// Softmax probabilities of `logits` (shifted by the maximum, so no overflow).
pub fn softmax(logits: &[f32]) -> Vec<f32> {
    let max = logits.iter().fold(f32::NEG_INFINITY, |m, v| m.max(*v));
    let exp: Vec<f32> = logits.iter().map(|v| (v - max).exp()).collect();
    let sum: f32 = exp.iter().sum();
    exp.iter().map(|e| e / sum).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn softmax_normalises_without_overflow() {
        // exp(1000) overflows f32; 1000 + ln 3 is only stored to ~3e-5.
        let p = softmax(&[1000.0, 1000.0 + 3f32.ln()]);
        assert!((p[0] - 0.25).abs() < 1e-4 && (p[1] - 0.75).abs() < 1e-4, "{p:?}");
    }

    #[test]
    fn sigmoid_is_per_class_and_names_round_trip() {
        let p = Activation::Sigmoid.probabilities(&[0.0, 2.0f32.ln()]);
        assert!((p[0] - 0.5).abs() < 1e-7 && (p[1] - 2.0 / 3.0).abs() < 1e-6, "{p:?}");
        for a in [Activation::Softmax, Activation::Sigmoid] {
            assert_eq!(a.name().parse::<Activation>(), Ok(a));
        }
        assert!("relu".parse::<Activation>().unwrap_err().contains("softmax or sigmoid"));
    }
}
