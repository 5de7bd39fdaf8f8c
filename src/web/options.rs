//! Explanation options from a JS object, defaults filled in (the JSON form
//! is read by [`Settings::parse`]; the values are checked by the engine:
//! `ExplainOptions::validate`).

use wasm_bindgen::JsValue;

use super::js_error;
use crate::explain::{ExplainOptions, Settings};

/// Reads `value` (an object, `undefined` or `null`) over the defaults.
pub(super) fn parse(value: JsValue) -> Result<ExplainOptions, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(ExplainOptions::default());
    }
    // Through JSON: serde-wasm-bindgen reads only the known fields of an
    // object, so it cannot refuse a misspelt one.
    let json: String = js_sys::JSON::stringify(&value)
        .map_err(|_| js_error("options must be a plain object"))?
        .into();
    Settings::parse(&json).map_err(js_error)
}
