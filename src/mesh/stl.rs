//! STL, ASCII or binary, read with `stl_io` (which welds the triangles'
//! corners into shared vertices by exact position).

use std::borrow::Cow;
use std::io::Cursor;

use super::MeshError;
use super::MeshFormat::Stl;
use super::validate::{MAX_TRIANGLES, Polygons, check_limit};

/// A binary STL's header and triangle count, then 50 bytes a triangle.
const HEADER: usize = 84;
const TRIANGLE: u64 = 50;

/// The triangle count a binary STL header declares.
fn declared(bytes: &[u8]) -> Option<u64> {
    bytes.get(80..HEADER).map(|b| u32::from_le_bytes(b.try_into().unwrap()).into())
}

/// Whether `bytes` is exactly as long as the binary STL its header declares.
pub(super) fn is_binary(bytes: &[u8]) -> bool {
    declared(bytes).is_some_and(|n| bytes.len() as u64 == HEADER as u64 + TRIANGLE * n)
}

pub(super) fn read(bytes: &[u8]) -> Result<Polygons, MeshError> {
    // stl_io reads a file for ASCII exactly when it starts "solid ", but
    // some binary exporters write that into their header, and some ASCII
    // files start "solid" then a tab or a line break: make it so.
    let binary = is_binary(bytes) || !bytes.starts_with(b"solid");
    let bytes: Cow<[u8]> = match (binary, bytes.starts_with(b"solid ")) {
        (true, true) => Cow::Owned([b"binary", &bytes[6..]].concat()),
        (false, false) => Cow::Owned([b"solid ", &bytes[5..]].concat()),
        _ => Cow::Borrowed(bytes),
    };
    if binary {
        let count = declared(&bytes).ok_or_else(|| {
            MeshError::malformed(Stl, "shorter than a binary STL header (84 bytes)")
        })?;
        check_limit(count, MAX_TRIANGLES, "triangles")?;
        let needed = HEADER as u64 + TRIANGLE * count;
        if (bytes.len() as u64) < needed {
            let length = bytes.len();
            let detail = format!("declares {count} triangles ({needed} bytes) in {length} bytes");
            return Err(MeshError::malformed(Stl, detail));
        }
    }
    let mesh =
        stl_io::read_stl(&mut Cursor::new(&bytes)).map_err(|e| MeshError::malformed(Stl, e))?;
    let mut polygons = Polygons::default();
    for vertex in &mesh.vertices {
        polygons.vertex(vertex.0)?;
    }
    for face in &mesh.faces {
        polygons.polygon(&face.vertices.map(|i| i as u32))?;
    }
    Ok(polygons)
}
