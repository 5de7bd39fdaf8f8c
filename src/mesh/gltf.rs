//! glTF 2.0 and GLB, the JSON parsed and validated with the `gltf` crate:
//! every triangle primitive (TRIANGLES, TRIANGLE_STRIP, TRIANGLE_FAN) of
//! the scene's nodes, their transforms applied. Buffers must be in the file
//! (a GLB's BIN chunk or base64 `data:` URIs). The GLB container and the
//! accessors are read here, every length checked (the crate's own readers
//! can overflow or panic on hostile files): counts against the limits, then
//! every byte range against its buffer, before reading.

use std::borrow::Cow;

use base64::Engine;
use gltf::accessor::{DataType, Dimensions};
use gltf::buffer::Source;
use gltf::mesh::{Mode, Semantic};
use gltf::{Accessor, Document, Node};

use super::MeshError;
use super::MeshFormat::Gltf as Format;
use super::validate::{MAX_TRIANGLES, MAX_VERTICES, Polygons, check_limit};

fn malformed(detail: impl ToString) -> MeshError {
    MeshError::malformed(Format, detail)
}

/// A column-major 4 × 4 transform, as glTF writes them.
type Matrix = [[f32; 4]; 4];

const IDENTITY: Matrix = [[1., 0., 0., 0.], [0., 1., 0., 0.], [0., 0., 1., 0.], [0., 0., 0., 1.]];

fn multiply(a: &Matrix, b: &Matrix) -> Matrix {
    std::array::from_fn(|col| {
        std::array::from_fn(|row| (0..4).map(|k| a[k][row] * b[col][k]).sum())
    })
}

fn transform(m: &Matrix, p: [f32; 3]) -> [f32; 3] {
    std::array::from_fn(|row| m[0][row] * p[0] + m[1][row] * p[1] + m[2][row] * p[2] + m[3][row])
}

pub(super) fn read(bytes: &[u8]) -> Result<Polygons, MeshError> {
    let (json, blob) = split_glb(bytes)?;
    let gltf = document(json)?;
    if let Some(extension) = gltf.extensions_required().next() {
        return Err(malformed(format!(
            "it requires the extension {extension}, which wam does not read"
        )));
    }
    let buffers = buffers(&gltf, blob)?;
    let mut polygons = Polygons::default();
    let mut visited = vec![false; gltf.nodes().count()];
    let mut stack: Vec<(Node, Matrix)> = roots(&gltf).into_iter().map(|n| (n, IDENTITY)).collect();
    while let Some((node, parent)) = stack.pop() {
        if std::mem::replace(&mut visited[node.index()], true) {
            return Err(malformed(format!("node {} has more than one parent", node.index())));
        }
        let matrix = multiply(&parent, &node.transform().matrix());
        stack.extend(node.children().map(|child| (child, matrix)));
        for primitive in node.mesh().iter().flat_map(|mesh| mesh.primitives()) {
            // Points and lines add their vertices, but no triangles.
            let mode = primitive.mode();
            let positions = primitive
                .get(&Semantic::Positions)
                .ok_or_else(|| malformed("a primitive has no POSITION"))?;
            let offset = polygons.vertex_count();
            let count = positions.count();
            check_limit((offset + count) as u64, MAX_VERTICES, "vertices")?;
            for position in read_positions(&positions, &buffers)? {
                polygons.vertex(transform(&matrix, position))?;
            }
            let corners = match primitive.indices() {
                Some(indices) => read_indices(&indices, &buffers)?,
                None => (0..count as u32).collect(),
            };
            if let Some(&index) = corners.iter().find(|&&i| i as usize >= count) {
                return Err(MeshError::IndexOutOfRange { index: index.into(), count });
            }
            for triangle in triangles(mode, &corners).unwrap_or_default() {
                polygons.polygon(&triangle.map(|i| i + offset as u32))?;
            }
        }
    }
    Ok(polygons)
}

/// A GLB's JSON chunk and BIN chunk (if any), or the whole file as JSON.
fn split_glb(bytes: &[u8]) -> Result<(&[u8], Option<&[u8]>), MeshError> {
    if !bytes.starts_with(b"glTF") {
        return Ok((bytes, None));
    }
    let word = |at: usize| bytes.get(at..at + 4).map(|b| u32::from_le_bytes(b.try_into().unwrap()));
    if word(4) != Some(2) {
        return Err(malformed("only GLB version 2 is supported"));
    }
    // Each chunk: its length, its type, its bytes.
    let chunk = |at: usize, kind: &[u8; 4]| {
        let length = word(at)? as usize;
        (bytes.get(at + 4..at + 8)? == kind)
            .then(|| bytes.get(at + 8..(at + 8).checked_add(length)?))?
    };
    let json = chunk(12, b"JSON").ok_or_else(|| malformed("the GLB has no whole JSON chunk"))?;
    Ok((json, chunk(20 + json.len(), b"BIN\0")))
}

/// The validated glTF document.
fn document(json: &[u8]) -> Result<Document, MeshError> {
    let root: gltf::json::Root = gltf::json::deserialize::from_slice(json).map_err(malformed)?;
    // gltf-json's validation looks POSITION accessors up before checking
    // their indices: check them first.
    let accessors = root.accessors.len();
    let attributes =
        root.meshes.iter().flat_map(|m| &m.primitives).flat_map(|p| p.attributes.values());
    if let Some(index) = attributes.map(|a| a.value()).find(|&a| a >= accessors) {
        return Err(malformed(format!("accessor {index} does not exist")));
    }
    Document::from_json(root).map_err(|error| match error {
        gltf::Error::Validation(errors) => {
            let (path, first) = &errors[0];
            malformed(format!("{path}: {first} ({} problems in all)", errors.len()))
        }
        other => malformed(other),
    })
}

/// The nodes to draw: the default (or first) scene's, or without scenes,
/// every node that is no other's child.
fn roots(gltf: &Document) -> Vec<Node<'_>> {
    if let Some(scene) = gltf.default_scene().or_else(|| gltf.scenes().next()) {
        return scene.nodes().collect();
    }
    let children: Vec<usize> = gltf.nodes().flat_map(|n| n.children()).map(|c| c.index()).collect();
    gltf.nodes().filter(|n| !children.contains(&n.index())).collect()
}

/// Each buffer's bytes: the GLB's BIN chunk or a decoded `data:` URI.
fn buffers<'a>(gltf: &Document, blob: Option<&'a [u8]>) -> Result<Vec<Cow<'a, [u8]>>, MeshError> {
    gltf.buffers()
        .map(|buffer| {
            let data: Cow<[u8]> = match buffer.source() {
                // A buffer without a URI is the GLB's BIN chunk: missing in a .gltf.
                Source::Bin => {
                    Cow::Borrowed(blob.ok_or(MeshError::ExternalBuffer(buffer.index()))?)
                }
                Source::Uri(uri) if uri.starts_with("data:") => {
                    let (_, encoded) = uri
                        .split_once(";base64,")
                        .ok_or_else(|| malformed("a data URI is not base64"))?;
                    Cow::Owned(
                        base64::engine::general_purpose::STANDARD
                            .decode(encoded)
                            .map_err(|e| malformed(format!("a data URI: {e}")))?,
                    )
                }
                Source::Uri(_) => return Err(MeshError::ExternalBuffer(buffer.index())),
            };
            if data.len() < buffer.length() {
                let (index, length) = (buffer.index(), buffer.length());
                let detail =
                    format!("buffer {index} declares {length} bytes but holds {}", data.len());
                return Err(malformed(detail));
            }
            Ok(data)
        })
        .collect()
}

/// An accessor's elements of `size` bytes each, every range checked: `None`
/// for an accessor without a buffer view (all zeros, by the specification)
/// or without elements.
fn elements<'a>(
    accessor: &Accessor,
    buffers: &'a [Cow<[u8]>],
    size: usize,
) -> Result<Option<impl Iterator<Item = &'a [u8]>>, MeshError> {
    let index = accessor.index();
    if accessor.sparse().is_some() {
        return Err(malformed(format!("accessor {index} is sparse, which wam does not read")));
    }
    let (Some(view), count @ 1..) = (accessor.view(), accessor.count()) else { return Ok(None) };
    let stride = view.stride().unwrap_or(size);
    let buffer = &buffers[view.buffer().index()];
    let view_end = view.offset().checked_add(view.length());
    let start = view.offset().checked_add(accessor.offset());
    let end = start
        .zip(count.checked_sub(1))
        .and_then(|(start, last)| last.checked_mul(stride)?.checked_add(start)?.checked_add(size));
    match (start, end, view_end) {
        (Some(start), Some(end), Some(view_end))
            if stride >= size && end <= view_end && view_end <= buffer.len() =>
        {
            Ok(Some((0..count).map(move |i| &buffer[start + i * stride..][..size])))
        }
        _ => Err(malformed(format!("accessor {index} reaches past its buffer view or buffer"))),
    }
}

/// A POSITION accessor's points (f32 VEC3, as the specification requires).
fn read_positions(accessor: &Accessor, buffers: &[Cow<[u8]>]) -> Result<Vec<[f32; 3]>, MeshError> {
    if accessor.data_type() != DataType::F32 || accessor.dimensions() != Dimensions::Vec3 {
        return Err(malformed(format!("POSITION accessor {} is not float VEC3", accessor.index())));
    }
    let float = |b: &[u8]| f32::from_le_bytes(b.try_into().unwrap());
    Ok(match elements(accessor, buffers, 12)? {
        Some(items) => {
            items.map(|b| [float(&b[0..4]), float(&b[4..8]), float(&b[8..12])]).collect()
        }
        None => vec![[0.0; 3]; accessor.count()],
    })
}

/// An index accessor's indices (unsigned SCALAR), within the triangle limit.
fn read_indices(accessor: &Accessor, buffers: &[Cow<[u8]>]) -> Result<Vec<u32>, MeshError> {
    check_limit(accessor.count() as u64 / 3, MAX_TRIANGLES, "triangles")?;
    let size = match (accessor.data_type(), accessor.dimensions()) {
        (DataType::U8, Dimensions::Scalar) => 1,
        (DataType::U16, Dimensions::Scalar) => 2,
        (DataType::U32, Dimensions::Scalar) => 4,
        _ => {
            return Err(malformed(format!(
                "index accessor {} is not unsigned SCALAR",
                accessor.index()
            )));
        }
    };
    let unsigned =
        |b: &[u8]| b.iter().rev().fold(0u32, |value, &byte| value << 8 | u32::from(byte));
    Ok(match elements(accessor, buffers, size)? {
        Some(items) => items.map(unsigned).collect(),
        None => vec![0; accessor.count()],
    })
}

/// The triangles a primitive's corners make in its mode (none for points and lines).
fn triangles(mode: Mode, corners: &[u32]) -> Option<Vec<[u32; 3]>> {
    Some(match mode {
        Mode::TriangleStrip => corners
            .windows(3)
            .enumerate()
            .map(|(i, w)| if i % 2 == 0 { [w[0], w[1], w[2]] } else { [w[1], w[0], w[2]] })
            .collect(),
        Mode::TriangleFan => corners
            .get(1..)
            .unwrap_or_default()
            .windows(2)
            .map(|w| [corners[0], w[0], w[1]])
            .collect(),
        Mode::Triangles => corners.chunks_exact(3).map(|t| [t[0], t[1], t[2]]).collect(),
        _ => return None,
    })
}
