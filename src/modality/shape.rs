//! Shapes: a triangle mesh (decoded by [`crate::mesh`]) voxelised on the
//! model's grid; the vertices keep their voxels, so that an attribution
//! over the grid colours the mesh ([`crate::mesh::coloured`]).

use super::{InputError, Prepared};
use crate::mesh::Mesh;
use crate::mesh::coloured::{coloured_ply, vertex_colours};
use crate::mesh::voxelise::{UpAxis, voxelise};
use crate::model::ShapePreprocess;

/// The mesh a shape model's input was made from, and each vertex's voxel
/// (a flat index into the grid `[R, R, R]`).
#[derive(Clone, Debug)]
pub struct ShapeInput {
    /// The mesh as decoded.
    pub mesh: Mesh,
    /// For each vertex of `mesh`, the flat index of its voxel.
    pub vertex_voxels: Vec<usize>,
}

impl ShapeInput {
    /// The mesh as a binary PLY, each vertex coloured by `map` (one value
    /// per voxel of the grid, `≥ 0`; an attribution map) at its voxel: the
    /// file `wam explain` writes and the page exports.
    pub fn coloured_ply(&self, map: &[f32]) -> Vec<u8> {
        coloured_ply(&self.mesh, &vertex_colours(&self.vertex_voxels, map))
    }
}

/// The model's input `[1, R, R, R]` from `mesh`, `up` pointing up (none:
/// the manifest's up axis).
pub fn prepare_shape(
    mesh: Mesh,
    spec: &ShapePreprocess,
    up: Option<UpAxis>,
) -> Result<Prepared, InputError> {
    let voxels =
        voxelise(&mesh, spec.resolution, up.unwrap_or(spec.up_axis)).map_err(InputError)?;
    let input = voxels.to_input();
    let shape = ShapeInput { mesh, vertex_voxels: voxels.vertex_voxels };
    Ok(Prepared { input, window: None, shape: Some(shape) })
}
