//! Explanation options from a JS object, defaults filled in.

use serde::Deserialize;
use wasm_bindgen::JsValue;

use super::js_error;
use crate::explain::{ExplainOptions, Method, Target};
use crate::wavelet::Wavelet;

/// The JS-side options: every field optional, names in camelCase.
#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
struct Settings {
    method: Option<String>,
    /// A class index; absent or null: the top class.
    target: Option<usize>,
    wavelet: Option<String>,
    mode: Option<String>,
    levels: Option<usize>,
    samples: Option<usize>,
    noise: Option<f32>,
    seed: Option<u64>,
    batch: Option<usize>,
}

/// Reads `value` (an object, `undefined` or `null`) over the defaults.
pub(super) fn parse(value: JsValue) -> Result<ExplainOptions, JsValue> {
    let settings: Settings = if value.is_undefined() || value.is_null() {
        Settings::default()
    } else {
        // Through JSON: serde-wasm-bindgen reads only the known fields of an
        // object, so it cannot refuse a misspelt one.
        let json: String = js_sys::JSON::stringify(&value).map_err(|_| js_error("options must be a plain object"))?.into();
        serde_json::from_str(&json).map_err(|e| js_error(format!("invalid options: {e}")))?
    };
    let defaults = ExplainOptions::default();
    let positive = |name: &str, v: Option<usize>, default: usize| match v {
        Some(0) => Err(js_error(format!("{name} must be at least 1"))),
        v => Ok(v.unwrap_or(default)),
    };
    let noise = settings.noise.unwrap_or(defaults.noise);
    if !(noise.is_finite() && noise >= 0.0) {
        return Err(js_error("noise must be a finite number ≥ 0"));
    }
    Ok(ExplainOptions {
        method: match settings.method {
            Some(name) => name.parse::<Method>().map_err(js_error)?,
            None => defaults.method,
        },
        target: settings.target.map_or(Target::Auto, Target::Class),
        wavelet: match settings.wavelet {
            Some(name) => Wavelet::new(&name).map_err(js_error)?,
            None => defaults.wavelet,
        },
        mode: match settings.mode {
            Some(name) => name.parse().map_err(js_error)?,
            None => defaults.mode,
        },
        levels: positive("levels", settings.levels, defaults.levels)?,
        samples: positive("samples", settings.samples, defaults.samples)?,
        noise,
        seed: settings.seed.unwrap_or(defaults.seed),
        batch: positive("batch", settings.batch, defaults.batch)?,
    })
}
