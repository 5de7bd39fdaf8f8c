//! [`ExplainOptions`] as JSON, the form of the wasm API's `options` object:
//! every field optional (the defaults fill in), unknown fields refused. Plain
//! Rust, so that the parser is fuzzed natively (`tests/fuzz_parsers.rs`).

use serde::{Deserialize, Serialize};

use super::{ExplainOptions, Method, Target};
use crate::wavelet::{Mode, Wavelet};

/// The options as JSON; every field is optional. (Named `ExplainOptions`
/// in the API's TypeScript declarations.)
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(rename = "ExplainOptions"))]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct Settings {
    /// `wam`, `wam-sg`, `wam-ig`, `saliency`, `smoothgrad`, `ig`, `grad-input` or `gradcam`.
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub method: Option<String>,
    /// A class index; absent or null: the top class.
    #[cfg_attr(target_arch = "wasm32", tsify(optional, type = "number | null"))]
    pub target: Option<usize>,
    /// A wavelet name (`haar`, `db4`, …).
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub wavelet: Option<String>,
    /// A signal extension mode.
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub mode: Option<String>,
    /// Levels of the transform.
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub levels: Option<usize>,
    /// Samples (SmoothGrad methods) or steps (integrated gradients).
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub samples: Option<usize>,
    /// SmoothGrad noise, as a fraction of the input's value range.
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub noise: Option<f32>,
    /// Seed of the noise.
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub seed: Option<u64>,
    /// Samples per forward/backward pass.
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub batch: Option<usize>,
}

impl Settings {
    /// Reads JSON text (an object) over the defaults; the values are
    /// checked later, by the engine ([`ExplainOptions::validate`]).
    pub fn parse(json: &str) -> Result<ExplainOptions, String> {
        let settings: Settings =
            serde_json::from_str(json).map_err(|e| format!("invalid options: {e}"))?;
        settings.resolve()
    }

    /// These settings over the defaults.
    pub fn resolve(self) -> Result<ExplainOptions, String> {
        let defaults = ExplainOptions::default();
        Ok(ExplainOptions {
            method: match self.method {
                Some(name) => name.parse::<Method>()?,
                None => defaults.method,
            },
            target: self.target.map_or(Target::Auto, Target::Class),
            wavelet: match self.wavelet {
                Some(name) => Wavelet::new(&name).map_err(|e| e.to_string())?,
                None => defaults.wavelet,
            },
            mode: match self.mode {
                Some(name) => name.parse::<Mode>().map_err(|e| e.to_string())?,
                None => defaults.mode,
            },
            levels: self.levels.unwrap_or(defaults.levels),
            samples: self.samples.unwrap_or(defaults.samples),
            noise: self.noise.unwrap_or(defaults.noise),
            seed: self.seed.unwrap_or(defaults.seed),
            batch: self.batch.unwrap_or(defaults.batch),
        })
    }
}

impl From<&ExplainOptions> for Settings {
    /// Every field set.
    fn from(options: &ExplainOptions) -> Self {
        Settings {
            method: Some(options.method.name().to_string()),
            target: match options.target {
                Target::Auto => None,
                Target::Class(class) => Some(class),
            },
            wavelet: Some(options.wavelet.name().to_string()),
            mode: Some(options.mode.name().to_string()),
            levels: Some(options.levels),
            samples: Some(options.samples),
            noise: Some(options.noise),
            seed: Some(options.seed),
            batch: Some(options.batch),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_over_the_defaults() {
        assert_eq!(Settings::parse("{}"), Ok(ExplainOptions::default()));
        let every = serde_json::to_string(&Settings::from(&ExplainOptions::default())).unwrap();
        assert_eq!(Settings::parse(&every), Ok(ExplainOptions::default()));
        let some = Settings::parse(r#"{"method": "wam", "target": 3, "levels": 2}"#).unwrap();
        assert_eq!((some.method, some.target, some.levels), (Method::Wam, Target::Class(3), 2));
        for (json, expected) in [
            (r#"{"colour": "red"}"#, "unknown field `colour`"),
            (r#"{"method": "lime"}"#, "unknown method 'lime'"),
            (r#"{"samples": -1}"#, "invalid options"),
            ("3", "invalid options"),
        ] {
            let error = Settings::parse(json).unwrap_err();
            assert!(error.contains(expected), "{json}: {error}");
        }
    }
}
