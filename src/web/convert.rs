//! Engine values as the API's JS-facing types ([`super::types`]): typed
//! arrays for pictures and arrays, plain objects for the rest.

use js_sys::{Float32Array, Uint8ClampedArray, Uint32Array};

use super::types::{FloatArray, Legend, MeshView, Picture, Region, Rendered};
use crate::array::HostArray;
use crate::modality::{self, ShapeInput, Views};
use crate::render::{self, CLIP_PERCENTILE, Rgba};
use crate::wavelet::Band;

/// `{shape, data: Float32Array}`.
pub(super) fn array(a: &HostArray) -> FloatArray {
    FloatArray { shape: sizes(a.shape()), data: Float32Array::from(a.data()) }
}

/// `{width, height, pixels: Uint8ClampedArray}` (RGBA).
pub(super) fn picture(p: &Rgba) -> Picture {
    Picture {
        width: p.width as u32,
        height: p.height as u32,
        pixels: Uint8ClampedArray::from(&p.pixels[..]),
    }
}

/// A picture's colour scale.
pub(super) fn legend(l: &render::Legend) -> Legend {
    Legend {
        low: l.low,
        high: l.high,
        max: l.max,
        colouring: l.colouring.name().into(),
        percentile: CLIP_PERCENTILE,
        per_band: l.per_band,
    }
}

/// The pictures and legends of `views`.
pub(super) fn rendered(views: &Views) -> Rendered {
    Rendered {
        colouring: views.colouring.name().into(),
        pictures: views.pictures.iter().map(|(n, p)| (n.to_string(), picture(p))).collect(),
        legends: views.legends.iter().map(|(n, l)| (n.to_string(), legend(l))).collect(),
    }
}

/// Where each band lies in a band picture, with its values.
pub(super) fn regions(placed: &[modality::Region]) -> Vec<Region> {
    placed
        .iter()
        .map(|modality::Region { place, values, legend: scale }| {
            let (level, key) = match &place.band {
                Band::Approx => (0, String::new()),
                Band::Detail { level, key } => (*level as u32, key.clone()),
            };
            Region {
                name: place.band.name(),
                level,
                key,
                offset: sizes(&place.offset),
                shape: sizes(&place.shape),
                values: array(values),
                legend: legend(scale),
            }
        })
        .collect()
}

/// Sizes as JS numbers.
pub(super) fn sizes(values: &[usize]) -> Vec<u32> {
    values.iter().map(|&d| d as u32).collect()
}

/// A shape's mesh and each vertex's voxel, as typed arrays.
pub(super) fn mesh_view(shape: &ShapeInput) -> MeshView {
    let positions: Vec<f32> = shape.mesh.positions.iter().flatten().copied().collect();
    let triangles: Vec<u32> = shape.mesh.triangles.iter().flatten().copied().collect();
    let voxels: Vec<u32> = shape.vertex_voxels.iter().map(|&v| v as u32).collect();
    MeshView {
        positions: Float32Array::from(positions.as_slice()),
        triangles: Uint32Array::from(triangles.as_slice()),
        voxels: Uint32Array::from(voxels.as_slice()),
    }
}
