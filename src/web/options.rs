//! Explanation options from a JS object, defaults filled in (their values
//! are checked by the engine: `ExplainOptions::validate`).

use wasm_bindgen::JsValue;

use super::js_error;
use super::types::ExplainOptions as Settings;
use crate::explain::{ExplainOptions, Method, Target};
use crate::wavelet::Wavelet;

/// Reads `value` (an object, `undefined` or `null`) over the defaults.
pub(super) fn parse(value: JsValue) -> Result<ExplainOptions, JsValue> {
    let settings: Settings = if value.is_undefined() || value.is_null() {
        Settings::default()
    } else {
        // Through JSON: serde-wasm-bindgen reads only the known fields of an
        // object, so it cannot refuse a misspelt one.
        let json: String = js_sys::JSON::stringify(&value)
            .map_err(|_| js_error("options must be a plain object"))?
            .into();
        serde_json::from_str(&json).map_err(|e| js_error(format!("invalid options: {e}")))?
    };
    let defaults = ExplainOptions::default();
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
        levels: settings.levels.unwrap_or(defaults.levels),
        samples: settings.samples.unwrap_or(defaults.samples),
        noise: settings.noise.unwrap_or(defaults.noise),
        seed: settings.seed.unwrap_or(defaults.seed),
        batch: settings.batch.unwrap_or(defaults.batch),
    })
}

/// `options` as the JS-side options [`parse`] reads, every field set.
pub(super) fn to_settings(options: &ExplainOptions) -> Settings {
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
