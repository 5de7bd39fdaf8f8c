//! Stanford PLY, ASCII or binary (either byte order), read with
//! `ply-rs-bw`: the `vertex` element's x, y, z and the `face` element's
//! `vertex_indices` (or `vertex_index`) lists; other elements are skipped.

use ply_rs_bw::parser::{Parser, Reader};
use ply_rs_bw::ply::{Property, PropertyAccess, PropertyAccessResult};

use super::MeshError;
use super::MeshFormat::Ply;
use super::validate::{MAX_TRIANGLES, MAX_VERTICES, Polygons, check_limit};

/// One element of any kind: what a vertex or a face needs, the rest ignored.
#[derive(Default)]
struct Element {
    position: [f32; 3],
    corners: Vec<u32>,
    /// A corner index that is no `u32` (negative), if any.
    bad_corner: Option<i64>,
}

impl PropertyAccess for Element {
    fn new() -> Self {
        Self::default()
    }

    fn set_property(&mut self, name: &str, property: Property) -> PropertyAccessResult {
        let axis = ["x", "y", "z"].iter().position(|&a| a == name);
        match (axis, name) {
            (Some(axis), _) => self.position[axis] = property.to_f32_lossy().unwrap_or(f32::NAN),
            (None, "vertex_indices" | "vertex_index") => {
                let Some(corners) = signed_list(property) else {
                    return PropertyAccessResult::UnsupportedType;
                };
                self.bad_corner = corners.iter().copied().find(|&c| u32::try_from(c).is_err());
                self.corners = corners.into_iter().map(|c| c as u32).collect();
            }
            _ => return PropertyAccessResult::Ignored,
        }
        PropertyAccessResult::Set
    }
}

pub(super) fn read(bytes: &[u8]) -> Result<Polygons, MeshError> {
    let malformed = |e: ply_rs_bw::parser::ParseError| MeshError::malformed(Ply, e);
    let parser = Parser::<Element>::new();
    let mut reader = Reader::new(bytes);
    let header = parser.read_header(&mut reader).map_err(malformed)?;
    let vertex = header
        .elements
        .get("vertex")
        .ok_or_else(|| MeshError::malformed(Ply, "no 'vertex' element"))?;
    if let Some(axis) = ["x", "y", "z"].iter().find(|a| !vertex.properties.contains_key(**a)) {
        return Err(MeshError::malformed(Ply, format!("the vertex element has no '{axis}'")));
    }
    check_limit(vertex.count as u64, MAX_VERTICES, "vertices")?;
    let faces = header.elements.get("face").map_or(0, |face| face.count);
    check_limit(faces as u64, MAX_TRIANGLES, "triangles")?;

    let mut polygons = Polygons::default();
    for element in header.elements.values() {
        let items =
            parser.read_payload_for_element(&mut reader, element, &header).map_err(malformed)?;
        match element.name.as_str() {
            "vertex" => items.iter().try_for_each(|v| polygons.vertex(v.position))?,
            "face" => {
                for face in &items {
                    if let Some(index) = face.bad_corner {
                        let count = polygons.vertex_count();
                        return Err(MeshError::IndexOutOfRange { index, count });
                    }
                    polygons.polygon(&face.corners)?;
                }
            }
            _ => {}
        }
    }
    Ok(polygons)
}

/// An integer list property's values.
fn signed_list(property: Property) -> Option<Vec<i64>> {
    fn widen<T: Into<i64>>(values: Vec<T>) -> Vec<i64> {
        values.into_iter().map(Into::into).collect()
    }
    Some(match property {
        Property::ListChar(v) => widen(v),
        Property::ListUChar(v) => widen(v),
        Property::ListShort(v) => widen(v),
        Property::ListUShort(v) => widen(v),
        Property::ListInt(v) => widen(v),
        Property::ListUInt(v) => widen(v),
        _ => return None,
    })
}
