//! Explanation and display options from JS objects, defaults filled in
//! (the explanation's JSON form is read by [`Settings::parse`]; the values
//! are checked by the engine: `ExplainOptions::validate`).

use serde::Deserialize;
use tsify::Tsify;
use wasm_bindgen::JsValue;

use super::js_error;
use crate::explain::{ExplainOptions, Settings};
use crate::render::Colouring;

/// How an explanation's pictures are drawn; every field optional.
#[derive(Default, Deserialize, Tsify)]
#[serde(default, deny_unknown_fields)]
pub struct DisplayOptions {
    /// `magnitude` (the default: `Σ_c |a|`, inferno) or `signed` (`Σ_c a`,
    /// a two-sided blue–white–red map symmetric around 0).
    #[tsify(optional, type = "Colouring")]
    pub colouring: Option<String>,
}

/// Reads `value` (an object, `undefined` or `null`) over the defaults.
pub(super) fn parse(value: JsValue) -> Result<ExplainOptions, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(ExplainOptions::default());
    }
    Settings::parse(&json_of(&value, "options")?).map_err(js_error)
}

/// The colouring asked for by `value` (a `DisplayOptions` object,
/// `undefined` or `null`); by default magnitudes.
pub(super) fn colouring(value: JsValue) -> Result<Colouring, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(Colouring::default());
    }
    let display: DisplayOptions = serde_json::from_str(&json_of(&value, "display options")?)
        .map_err(|e| js_error(format!("invalid display options: {e}")))?;
    display.colouring.map_or(Ok(Colouring::default()), |name| name.parse().map_err(js_error))
}

/// `value` as JSON text. Through JSON: serde-wasm-bindgen reads only the
/// known fields of an object, so it cannot refuse a misspelt one.
fn json_of(value: &JsValue, what: &str) -> Result<String, JsValue> {
    Ok(js_sys::JSON::stringify(value)
        .map_err(|_| js_error(format!("{what} must be a plain object")))?
        .into())
}
