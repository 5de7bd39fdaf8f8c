//! Triangle meshes: what every mesh file decodes to, before a shape model
//! voxelises it.

/// A triangle mesh: vertex positions and triangles indexing them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Mesh {
    /// Vertex positions `[x, y, z]`.
    pub positions: Vec<[f32; 3]>,
    /// Triangles, three indices into `positions` each.
    pub triangles: Vec<[u32; 3]>,
}

mod overlap;
pub mod voxelise;
pub mod coloured;
