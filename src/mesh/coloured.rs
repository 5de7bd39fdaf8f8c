//! A mesh coloured by an attribution over its voxel grid: each vertex takes
//! the inferno colour (as the pictures use) of the value at its voxel, and
//! the result is written as a binary PLY any mesh viewer opens.

use super::Mesh;
use crate::render::inferno;

/// Each vertex's colour: `map` (one value per voxel, `≥ 0`) at the vertex's
/// voxel (`vertex_voxels`, from [`super::voxelise::Voxels`]), scaled by the
/// map's maximum.
pub fn vertex_colours(vertex_voxels: &[usize], map: &[f32]) -> Vec<[u8; 3]> {
    let max = map.iter().copied().fold(0.0f32, f32::max);
    let scale = if max > 0.0 { 1.0 / max } else { 0.0 };
    vertex_voxels.iter().map(|&i| inferno(map[i] * scale)).collect()
}

/// `mesh` with one colour per vertex, as a binary little-endian PLY.
pub fn coloured_ply(mesh: &Mesh, colours: &[[u8; 3]]) -> Vec<u8> {
    let header = format!(
        "ply\nformat binary_little_endian 1.0\ncomment wam: vertex colour = attribution (inferno)\n\
         element vertex {}\nproperty float x\nproperty float y\nproperty float z\n\
         property uchar red\nproperty uchar green\nproperty uchar blue\n\
         element face {}\nproperty list uchar int vertex_indices\nend_header\n",
        mesh.positions.len(),
        mesh.triangles.len()
    );
    let mut bytes = header.into_bytes();
    for (p, c) in mesh.positions.iter().zip(colours) {
        p.iter().for_each(|v| bytes.extend(v.to_le_bytes()));
        bytes.extend(c);
    }
    for t in &mesh.triangles {
        bytes.push(3);
        t.iter().for_each(|&i| bytes.extend((i as i32).to_le_bytes()));
    }
    bytes
}
