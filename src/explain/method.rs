use std::fmt;
use std::str::FromStr;

use crate::wavelet::{Mode, Wavelet};

/// An attribution method.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// WAM: `∂f_c(W⁻¹z)/∂z` at `z = W(x)`.
    Wam,
    /// WAM-SG (paper eq. 6): the mean of that gradient at `W(x + δ)`, `δ ~ N(0, σ²)`.
    WamSg,
    /// WAM-IG (eq. 7): `z ⊙` the mean gradient along `αz`, α ∈ (0, 1), baseline 0.
    WamIg,
    /// Saliency: `∂f_c/∂x`.
    Saliency,
    /// SmoothGrad: the mean of `∂f_c/∂x` at `x + δ`.
    SmoothGrad,
    /// Integrated gradients: `x ⊙` the mean of `∂f_c/∂x` along `αx`, baseline 0.
    Ig,
    /// Gradient × input: `x ⊙ ∂f_c/∂x`.
    GradInput,
    /// Grad-CAM on the last feature maps, resampled to the input size.
    GradCam,
}

impl Method {
    /// Every method, in the order of [`Method::NAMES`].
    pub const ALL: [Method; 8] = [
        Method::Wam,
        Method::WamSg,
        Method::WamIg,
        Method::Saliency,
        Method::SmoothGrad,
        Method::Ig,
        Method::GradInput,
        Method::GradCam,
    ];

    /// Names as typed on the command line.
    pub const NAMES: [&'static str; 8] =
        ["wam", "wam-sg", "wam-ig", "saliency", "smoothgrad", "ig", "grad-input", "gradcam"];

    /// The method's name.
    pub fn name(self) -> &'static str {
        Self::NAMES[Self::ALL.iter().position(|&m| m == self).expect("listed")]
    }

    /// True for the methods that attribute wavelet coefficients.
    pub fn is_wavelet(self) -> bool {
        matches!(self, Method::Wam | Method::WamSg | Method::WamIg)
    }

    /// True for the methods that average over `samples` gradients.
    pub fn is_sampled(self) -> bool {
        matches!(self, Method::WamSg | Method::WamIg | Method::SmoothGrad | Method::Ig)
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Method {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::NAMES.iter().position(|n| n.eq_ignore_ascii_case(s)).map(|i| Self::ALL[i]).ok_or_else(
            || format!("unknown method '{s}': expected one of {}", Self::NAMES.join(", ")),
        )
    }
}

/// Which class to explain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// The top class of the unperturbed input.
    Auto,
    /// A class index.
    Class(usize),
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Auto => f.write_str("auto"),
            Target::Class(class) => write!(f, "{class}"),
        }
    }
}

impl FromStr for Target {
    type Err = String;

    /// `auto` or a class index.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "auto" => Ok(Target::Auto),
            n => n
                .parse()
                .map(Target::Class)
                .map_err(|_| format!("'{n}' is neither 'auto' nor a class index")),
        }
    }
}

/// Everything [`super::explain`] needs besides the model and the input.
#[derive(Clone, Debug, PartialEq)]
pub struct ExplainOptions {
    /// The method.
    pub method: Method,
    /// The class to explain.
    pub target: Target,
    /// Wavelet of the wavelet methods.
    pub wavelet: Wavelet,
    /// Its signal extension mode.
    pub mode: Mode,
    /// Its number of levels.
    pub levels: usize,
    /// Samples (SmoothGrad methods) or steps (integrated-gradient methods).
    pub samples: usize,
    /// SmoothGrad noise: σ = `noise · (max(x) − min(x))`.
    pub noise: f32,
    /// Seed of the noise.
    pub seed: u64,
    /// Samples per forward/backward pass (memory ∝ batch).
    pub batch: usize,
}

impl ExplainOptions {
    /// Refuses settings no method can run with: no samples, empty batches,
    /// negative or non-finite noise. (Wavelet settings are checked by [`crate::wavelet::Dwt::new`].)
    pub fn validate(&self) -> Result<(), String> {
        if self.samples == 0 {
            return Err("samples must be at least 1".to_string());
        }
        if self.batch == 0 {
            return Err("batch must be at least 1".to_string());
        }
        if !(self.noise.is_finite() && self.noise >= 0.0) {
            return Err(format!("noise must be a finite number ≥ 0, got {}", self.noise));
        }
        Ok(())
    }
}

impl Default for ExplainOptions {
    /// The paper's image settings: WAM-SG, Haar, 3 levels, reflect, 25 samples, σ = 0.25·range.
    fn default() -> Self {
        Self {
            method: Method::WamSg,
            target: Target::Auto,
            wavelet: Wavelet::new("haar").expect("haar exists"),
            mode: Mode::Reflect,
            levels: 3,
            samples: 25,
            noise: 0.25,
            seed: 0,
            batch: 2,
        }
    }
}
