//! The tagged input of `Explainer.explain` ([`ExplainInput`]) from a JS
//! object, and as the modality layer's [`Raw`] input.

use js_sys::{Array, Float32Array, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};

use super::js_error;
use super::types::ExplainInput;
use crate::array::HostArray;
use crate::mesh;
use crate::mesh::voxelise::UpAxis;
use crate::modality::{Raw, RgbImage, Sound};

/// The field `name` of `object`.
fn field(object: &JsValue, name: &str) -> JsValue {
    Reflect::get(object, &name.into()).unwrap_or(JsValue::UNDEFINED)
}

/// `value` as a whole number ≥ 0.
fn whole(value: &JsValue) -> Option<usize> {
    value
        .as_f64()
        .filter(|n| *n >= 0.0 && n.fract() == 0.0 && *n <= u32::MAX as f64)
        .map(|n| n as usize)
}

/// A whole number ≥ 0 from the field `name`.
fn count(object: &JsValue, name: &str) -> Result<usize, JsValue> {
    whole(&field(object, name))
        .ok_or_else(|| js_error(format!("the input's '{name}' must be a whole number ≥ 0")))
}

/// Reads `input` as the raw input it stands for.
pub(super) fn raw(input: &JsValue) -> Result<Raw, JsValue> {
    Ok(match parse(input)? {
        ExplainInput::Image { rgba, width, height } => Raw::Image(
            RgbImage::from_rgba(&rgba, width as usize, height as usize).map_err(js_error)?,
        ),
        ExplainInput::Sound { samples, sample_rate, start } => {
            Raw::Sound(Sound::new(samples, sample_rate).map_err(js_error)?, start)
        }
        ExplainInput::Shape { bytes, name, up_axis } => {
            let up = up_axis.map(|a| a.parse::<UpAxis>()).transpose().map_err(js_error)?;
            let mesh = mesh::decode(&bytes, &name).map_err(|e| {
                // Every failure names the file (some messages already do).
                let message = e.to_string();
                let quoted = format!("'{name}'");
                js_error(if message.contains(&quoted) {
                    message
                } else {
                    format!("{quoted}: {message}")
                })
            })?;
            Raw::Shape(mesh, up)
        }
        ExplainInput::Tensor { data, shape } => {
            let shape = shape.iter().map(|&d| d as usize).collect();
            Raw::Tensor(HostArray::new(shape, data).map_err(js_error)?)
        }
    })
}

/// Reads `input`, refusing unknown kinds and missing or mistyped fields
/// (serde cannot: typed arrays are not plain values to it).
fn parse(input: &JsValue) -> Result<ExplainInput, JsValue> {
    if !input.is_object() {
        return Err(js_error(
            "the input must be an object with a 'kind' (image, sound, shape or tensor)",
        ));
    }
    match field(input, "kind").as_string().as_deref() {
        Some("image") => {
            let rgba = field(input, "rgba");
            // Uint8Array or Uint8ClampedArray (ImageData.data): the same bytes.
            if !(rgba.is_instance_of::<Uint8Array>()
                || rgba.is_instance_of::<js_sys::Uint8ClampedArray>())
            {
                return Err(js_error(
                    "an image input's 'rgba' must be a Uint8Array or Uint8ClampedArray",
                ));
            }
            let (width, height) = (count(input, "width")?, count(input, "height")?);
            let rgba = Uint8Array::new(&rgba);
            // Before the bytes are copied: a huge declared size or buffer costs nothing.
            RgbImage::check_rgba(rgba.length() as usize, width, height).map_err(js_error)?;
            Ok(ExplainInput::Image {
                rgba: rgba.to_vec(),
                width: width as u32,
                height: height as u32,
            })
        }
        Some("sound") => {
            let samples = field(input, "samples")
                .dyn_into::<Float32Array>()
                .map_err(|_| js_error("a sound input's 'samples' must be a Float32Array"))?;
            let sample_rate = count(input, "sampleRate")? as u32;
            let start = match field(input, "start") {
                s if s.is_undefined() || s.is_null() => None,
                s => Some(s.as_f64().ok_or_else(|| {
                    js_error("a sound input's 'start' must be a number of seconds")
                })?),
            };
            Ok(ExplainInput::Sound { samples: samples.to_vec(), sample_rate, start })
        }
        Some("shape") => {
            let bytes = field(input, "bytes")
                .dyn_into::<Uint8Array>()
                .map_err(|_| js_error("a shape input's 'bytes' must be a Uint8Array"))?;
            let name = field(input, "name")
                .as_string()
                .ok_or_else(|| js_error("a shape input's 'name' must be the file's name"))?;
            let up_axis =
                match field(input, "upAxis") {
                    a if a.is_undefined() || a.is_null() => None,
                    a => Some(a.as_string().ok_or_else(|| {
                        js_error("a shape input's 'upAxis' must be 'x', 'y' or 'z'")
                    })?),
                };
            Ok(ExplainInput::Shape { bytes: bytes.to_vec(), name, up_axis })
        }
        Some("tensor") => {
            let data = field(input, "data")
                .dyn_into::<Float32Array>()
                .map_err(|_| js_error("a tensor input's 'data' must be a Float32Array"))?;
            let shape = field(input, "shape");
            if !Array::is_array(&shape) {
                return Err(js_error("a tensor input's 'shape' must be an array of sizes"));
            }
            let shape = Array::from(&shape)
                .iter()
                .map(|d| whole(&d).map(|d| d as u32))
                .collect::<Option<_>>()
                .ok_or_else(|| js_error("a tensor input's 'shape' must hold whole numbers ≥ 0"))?;
            Ok(ExplainInput::Tensor { data: data.to_vec(), shape })
        }
        other => Err(js_error(format!(
            "unknown input kind {}: expected 'image', 'sound', 'shape' or 'tensor'",
            other.map_or("(none)".to_string(), |k| format!("'{k}'"))
        ))),
    }
}
