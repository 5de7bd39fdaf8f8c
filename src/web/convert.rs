//! Engine values as JS values: plain objects, typed arrays, pictures.

use js_sys::{Float32Array, Reflect, Uint8ClampedArray};
use serde::Serialize;
use wasm_bindgen::JsValue;

use crate::array::HostArray;
use crate::render::Rgba;
use crate::wavelet::{Band, Mosaic};

/// A JS object built field by field.
pub(super) struct Object(js_sys::Object);

impl Object {
    pub fn new() -> Self {
        Self(js_sys::Object::new())
    }

    /// Sets `key` to `value`.
    pub fn set(self, key: &str, value: impl Into<JsValue>) -> Self {
        Reflect::set(&self.0, &key.into(), &value.into())
            .expect("setting a field of a plain object");
        self
    }

    /// Sets `key` to `value` converted by serde (plain objects, not Maps).
    pub fn serialize(self, key: &str, value: &impl Serialize) -> Result<Self, JsValue> {
        let serializer = serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true);
        let value = value.serialize(&serializer).map_err(JsValue::from)?;
        Ok(self.set(key, value))
    }
}

impl From<Object> for JsValue {
    fn from(object: Object) -> Self {
        object.0.into()
    }
}

/// `{shape, data: Float32Array}`.
pub(super) fn array(a: &HostArray) -> Object {
    let shape: Vec<u32> = a.shape().iter().map(|&d| d as u32).collect();
    Object::new().set("shape", shape).set("data", Float32Array::from(a.data()))
}

/// `{width, height, pixels: Uint8ClampedArray}` (RGBA), ready for `new ImageData`.
pub(super) fn picture(p: &Rgba) -> Object {
    Object::new()
        .set("width", p.width as u32)
        .set("height", p.height as u32)
        .set("pixels", Uint8ClampedArray::from(&p.pixels[..]))
}

/// `{width, height, bands: [{name, level, key, offset, shape, values}]}`:
/// where each band sits in the mosaic of `bands` (2-D), and its values
/// (`[C, h, w]`), so that a view can say what lies under the pointer.
/// `level` is 0 for the approximation.
pub(super) fn regions(bands: &[(Band, HostArray)]) -> Object {
    let shapes: Vec<(Band, Vec<usize>)> =
        bands.iter().map(|(b, a)| (b.clone(), a.shape()[1..].to_vec())).collect();
    let layout = Mosaic::new(&shapes).expect("bands of one decomposition");
    let list = js_sys::Array::new();
    for (region, (_, values)) in layout.regions.iter().zip(bands) {
        let (level, key) = match &region.band {
            Band::Approx => (0, String::new()),
            Band::Detail { level, key } => (*level, key.clone()),
        };
        let offset: Vec<u32> = region.offset.iter().map(|&d| d as u32).collect();
        let shape: Vec<u32> = region.shape.iter().map(|&d| d as u32).collect();
        let entry = Object::new()
            .set("name", region.band.name())
            .set("level", level as u32)
            .set("key", key)
            .set("offset", offset)
            .set("shape", shape)
            .set("values", array(values));
        list.push(&entry.into());
    }
    Object::new()
        .set("height", layout.shape[0] as u32)
        .set("width", layout.shape[1] as u32)
        .set("bands", list)
}
