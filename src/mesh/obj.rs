//! Wavefront OBJ, read with `tobj` (geometry only: `mtllib` files are not
//! opened). Point and line statements are dropped first (tobj would take a
//! polyline for a polygon); faces are fanned into triangles by [`Polygons`].

use super::MeshError;
use super::MeshFormat::Obj;
use super::validate::Polygons;

pub(super) fn read(bytes: &[u8]) -> Result<Polygons, MeshError> {
    let options = tobj::LoadOptions::default();
    let no_materials = |_: &std::path::Path| Err(tobj::LoadError::OpenFileFailed);
    let statement = |line: &[u8], keyword: u8| match line.trim_ascii_start() {
        [first, next, ..] => *first == keyword && next.is_ascii_whitespace(),
        _ => false,
    };
    let surface: Vec<u8> = bytes
        .split_inclusive(|&b| b == b'\n')
        .filter(|line| !statement(line, b'l') && !statement(line, b'p'))
        .flatten()
        .copied()
        .collect();
    let (models, _materials) = tobj::load_obj_buf(&mut &surface[..], &options, no_materials)
        .map_err(|e| MeshError::malformed(Obj, e))?;
    let mut polygons = Polygons::default();
    for model in models {
        let mesh = model.mesh;
        let offset = polygons.vertex_count() as u32;
        for xyz in mesh.positions.chunks_exact(3) {
            polygons.vertex([xyz[0], xyz[1], xyz[2]])?;
        }
        // Face sizes (none listed: all triangles).
        let arities = match mesh.face_arities.is_empty() {
            true => vec![3; mesh.indices.len() / 3],
            false => mesh.face_arities,
        };
        let mut corners = mesh.indices.iter().map(|&i| i + offset);
        for arity in arities {
            polygons.polygon(&corners.by_ref().take(arity as usize).collect::<Vec<_>>())?;
        }
    }
    // tobj keeps only the vertices faces use: a file of bare vertices is
    // points, not an empty file.
    let has_vertices = || surface.split(|&b| b == b'\n').any(|line| statement(line, b'v'));
    if polygons.vertex_count() == 0 && has_vertices() {
        return Err(MeshError::NoTriangles);
    }
    Ok(polygons)
}
