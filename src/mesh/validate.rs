//! The checks every decoder shares: limits (before allocating, where a
//! header declares counts), fan triangulation, finite vertices, indices in
//! range, degenerate triangles dropped.

use super::{Mesh, MeshError};

/// The most triangles a mesh may have (after triangulating its polygons).
pub const MAX_TRIANGLES: usize = 5_000_000;

/// The most vertices a mesh may have.
pub const MAX_VERTICES: usize = 5_000_000;

/// Refuses `count` items of `what` past `limit` (a count a header declares,
/// checked before anything is allocated for it).
pub(super) fn check_limit(count: u64, limit: usize, what: &'static str) -> Result<(), MeshError> {
    if count > limit as u64 { Err(MeshError::TooLarge { what, count, limit }) } else { Ok(()) }
}

/// Vertices and triangles as a decoder reads them, before the checks.
#[derive(Default)]
pub(super) struct Polygons {
    positions: Vec<[f32; 3]>,
    triangles: Vec<[u32; 3]>,
}

impl Polygons {
    /// The vertices read so far.
    pub fn vertex_count(&self) -> usize {
        self.positions.len()
    }

    /// Adds a vertex, within [`MAX_VERTICES`].
    pub fn vertex(&mut self, position: [f32; 3]) -> Result<(), MeshError> {
        check_limit(self.positions.len() as u64 + 1, MAX_VERTICES, "vertices")?;
        self.positions.push(position);
        Ok(())
    }

    /// Adds a polygon as a fan of triangles from its first corner, within
    /// [`MAX_TRIANGLES`]; one or two corners (a point, a line) add nothing.
    pub fn polygon(&mut self, corners: &[u32]) -> Result<(), MeshError> {
        let Some((&first, rest)) = corners.split_first() else { return Ok(()) };
        check_limit(
            (self.triangles.len() + rest.len().saturating_sub(1)) as u64,
            MAX_TRIANGLES,
            "triangles",
        )?;
        self.triangles.extend(rest.windows(2).map(|pair| [first, pair[0], pair[1]]));
        Ok(())
    }

    /// An index as a file writes it, checked against the vertices read so far.
    pub fn index(&self, value: i64) -> Result<u32, MeshError> {
        let count = self.positions.len();
        match u32::try_from(value) {
            Ok(index) if (index as usize) < count => Ok(index),
            _ => Err(MeshError::IndexOutOfRange { index: value, count }),
        }
    }

    /// The checked mesh: vertices present and finite, indices in range, at
    /// least one triangle that is not degenerate (degenerate ones dropped).
    pub fn finish(mut self) -> Result<Mesh, MeshError> {
        if self.positions.is_empty() {
            return Err(MeshError::Empty);
        }
        if let Some(at) = self.positions.iter().position(|p| p.iter().any(|v| !v.is_finite())) {
            return Err(MeshError::NonFinite(at));
        }
        let count = self.positions.len();
        if let Some(&index) = self.triangles.iter().flatten().find(|&&i| i as usize >= count) {
            return Err(MeshError::IndexOutOfRange { index: index.into(), count });
        }
        if self.triangles.is_empty() {
            return Err(MeshError::NoTriangles);
        }
        let all = self.triangles.len();
        let positions = &self.positions;
        self.triangles.retain(|t| has_area(t.map(|i| positions[i as usize])));
        if self.triangles.is_empty() {
            return Err(MeshError::AllDegenerate(all));
        }
        Ok(Mesh { positions: self.positions, triangles: self.triangles })
    }
}

/// Whether a triangle's corners span a non-zero area (its edges' cross
/// product, in f64, is not the zero vector).
fn has_area([a, b, c]: [[f32; 3]; 3]) -> bool {
    let edge = |p: [f32; 3]| [0, 1, 2].map(|k| f64::from(p[k]) - f64::from(a[k]));
    let (u, v) = (edge(b), edge(c));
    let cross = [u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]];
    cross.iter().any(|&x| x != 0.0)
}
