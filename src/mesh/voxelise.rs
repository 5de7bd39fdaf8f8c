//! Voxelisation: a mesh becomes an occupancy grid `[R, R, R]` (the CLI and
//! the page share it, as do the shape model's training data).
//!
//! The mesh is turned so that its up axis points up, centred on its
//! bounding box and scaled (aspect kept) so that its longest side spans the
//! grid. Voxels touching a triangle (separating-axis test) are the surface;
//! voxels the outside cannot reach through empty voxels (a flood fill from
//! the grid's border) are the interior. Open surfaces stay surfaces.
//!
//! Grid axes `[d, h, w]`: `w` is x (right), `h` is up, from the top row
//! down, `d` is z (towards the viewer): a slice `[h, w]` shows the shape
//! upright, seen from the front.

use serde::{Deserialize, Serialize};

use super::Mesh;
use super::overlap::triangle_overlaps_box;
use crate::array::HostArray;

/// The axis of a mesh that points up.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UpAxis {
    /// +x up.
    X,
    /// +y up (OBJ, glTF).
    #[default]
    Y,
    /// +z up (CAD, many PLY and STL files).
    Z,
}

impl UpAxis {
    /// `p` turned (a proper rotation) so that this axis becomes +y.
    fn turn(self, [x, y, z]: [f32; 3]) -> [f64; 3] {
        let [x, y, z] = [x, y, z].map(f64::from);
        match self {
            UpAxis::X => [-y, x, z],
            UpAxis::Y => [x, y, z],
            UpAxis::Z => [x, z, -y],
        }
    }
}

impl std::str::FromStr for UpAxis {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "x" => Ok(UpAxis::X),
            "y" => Ok(UpAxis::Y),
            "z" => Ok(UpAxis::Z),
            other => Err(format!("unknown up axis '{other}' (x, y or z)")),
        }
    }
}

/// An occupancy grid and where each mesh vertex fell in it.
#[derive(Clone, Debug, PartialEq)]
pub struct Voxels {
    /// Side `R` of the cubic grid.
    pub resolution: usize,
    /// `R³` values, 1 (occupied) or 0, in `[d, h, w]` order.
    pub occupancy: Vec<f32>,
    /// For each vertex of the mesh, the flat index of its voxel.
    pub vertex_voxels: Vec<usize>,
}

impl Voxels {
    /// The grid as the model's input `[1, R, R, R]`.
    pub fn to_input(&self) -> HostArray {
        let r = self.resolution;
        HostArray::new(vec![1, r, r, r], self.occupancy.clone()).expect("R³ values")
    }

    /// The fraction of the grid that is occupied.
    pub fn filled_fraction(&self) -> f64 {
        self.occupancy.iter().map(|&v| v as f64).sum::<f64>() / self.occupancy.len() as f64
    }
}

/// Grids up to this side are voxelised (the model's is 32).
pub const MAX_RESOLUTION: usize = 256;

/// Voxelises `mesh` on an `R³` grid (`R = resolution`) with `up` pointing up.
/// Refuses a mesh without triangles, with non-finite vertices or with
/// indices out of range (one line, naming the problem).
pub fn voxelise(mesh: &Mesh, resolution: usize, up: UpAxis) -> Result<Voxels, String> {
    if !(1..=MAX_RESOLUTION).contains(&resolution) {
        return Err(format!("a voxel grid of side {resolution}: 1 to {MAX_RESOLUTION} are taken"));
    }
    if mesh.triangles.is_empty() {
        return Err("the mesh has no triangles".into());
    }
    if let Some(i) = mesh.positions.iter().position(|p| p.iter().any(|c| !c.is_finite())) {
        return Err(format!("vertex {i} has a coordinate that is not a finite number"));
    }
    let count = mesh.positions.len();
    if let Some(t) = mesh.triangles.iter().position(|t| t.iter().any(|&i| i as usize >= count)) {
        return Err(format!("triangle {t} names a vertex beyond the {count} the mesh has"));
    }
    let grid = Grid::fit(mesh, resolution, up);
    let points: Vec<[f64; 3]> = mesh.positions.iter().map(|&p| grid.place(p)).collect();
    let mut surface = vec![false; resolution.pow(3)];
    for t in &mesh.triangles {
        mark_triangle(&t.map(|i| points[i as usize]), resolution, &mut surface);
    }
    let occupancy = fill_interior(&surface, resolution);
    let vertex_voxels = points.iter().map(|p| grid.index(*p)).collect();
    Ok(Voxels { resolution, occupancy, vertex_voxels })
}

/// The map from the mesh's frame to grid coordinates `[d, h, w]` (voxel
/// `(i, j, k)` holds `[i, i + 1) × [j, j + 1) × [k, k + 1)`; the grid's far
/// faces belong to the last voxels).
struct Grid {
    up: UpAxis,
    centre: [f64; 3],
    scale: f64,
    side: usize,
}

impl Grid {
    /// Centres the turned mesh's bounding box in the grid; its longest side spans it.
    fn fit(mesh: &Mesh, side: usize, up: UpAxis) -> Self {
        let mut lo = [f64::INFINITY; 3];
        let mut hi = [f64::NEG_INFINITY; 3];
        for t in &mesh.triangles {
            for &i in t {
                let p = up.turn(mesh.positions[i as usize]);
                for a in 0..3 {
                    lo[a] = lo[a].min(p[a]);
                    hi[a] = hi[a].max(p[a]);
                }
            }
        }
        let extent = (0..3).map(|a| hi[a] - lo[a]).fold(0.0, f64::max);
        // A point-sized mesh lands in the middle voxel.
        let scale = if extent > 0.0 { side as f64 / extent } else { 1.0 };
        let centre = [0, 1, 2].map(|a| (lo[a] + hi[a]) / 2.0);
        Self { up, centre, scale, side }
    }

    /// Grid coordinates of a mesh vertex.
    fn place(&self, p: [f32; 3]) -> [f64; 3] {
        let [x, y, z] = self.up.turn(p);
        let half = self.side as f64 / 2.0;
        let s = self.scale;
        let [cx, cy, cz] = self.centre;
        [half + (z - cz) * s, half - (y - cy) * s, half + (x - cx) * s]
    }

    /// The flat index of the voxel holding grid point `p` (the border
    /// belongs to the voxel inside).
    fn index(&self, p: [f64; 3]) -> usize {
        let r = self.side;
        let [d, h, w] = p.map(|c| (c.floor().max(0.0) as usize).min(r - 1));
        (d * r + h) * r + w
    }
}

/// Marks the voxels that `triangle` (grid coordinates) touches, among those
/// holding a point of its bounding box.
fn mark_triangle(triangle: &[[f64; 3]; 3], r: usize, surface: &mut [bool]) {
    let range = |a: usize| {
        let lo = triangle.iter().map(|p| p[a]).fold(f64::INFINITY, f64::min);
        let hi = triangle.iter().map(|p| p[a]).fold(f64::NEG_INFINITY, f64::max);
        let first = (lo.floor().max(0.0) as usize).min(r - 1);
        let last = (hi.floor().max(0.0) as usize).min(r - 1);
        first..=last
    };
    // A hair over half a voxel: a triangle on a voxel's face touches it
    // whatever the rounding.
    let half = [0.5 + 1e-9; 3];
    for d in range(0) {
        for h in range(1) {
            for w in range(2) {
                let centre = [d as f64 + 0.5, h as f64 + 0.5, w as f64 + 0.5];
                if triangle_overlaps_box(triangle, centre, half) {
                    surface[(d * r + h) * r + w] = true;
                }
            }
        }
    }
}

/// Occupancy from surface voxels: every voxel is filled but those the
/// outside reaches through empty voxels (6-connected, from a border of
/// empty voxels around the grid).
fn fill_interior(surface: &[bool], r: usize) -> Vec<f32> {
    let p = r + 2;
    let padded = |d: usize, h: usize, w: usize| (d * p + h) * p + w;
    let is_surface = |d: usize, h: usize, w: usize| {
        (1..=r).contains(&d)
            && (1..=r).contains(&h)
            && (1..=r).contains(&w)
            && surface[((d - 1) * r + h - 1) * r + w - 1]
    };
    let mut outside = vec![false; p * p * p];
    let mut stack: Vec<[usize; 3]> = vec![[0, 0, 0]];
    outside[0] = true;
    while let Some([d, h, w]) = stack.pop() {
        let neighbours = [
            [d.wrapping_sub(1), h, w],
            [d + 1, h, w],
            [d, h.wrapping_sub(1), w],
            [d, h + 1, w],
            [d, h, w.wrapping_sub(1)],
            [d, h, w + 1],
        ];
        for [nd, nh, nw] in neighbours {
            let inside_grid = nd < p && nh < p && nw < p;
            if inside_grid && !outside[padded(nd, nh, nw)] && !is_surface(nd, nh, nw) {
                outside[padded(nd, nh, nw)] = true;
                stack.push([nd, nh, nw]);
            }
        }
    }
    let mut occupancy = Vec::with_capacity(r * r * r);
    for d in 1..=r {
        for h in 1..=r {
            for w in 1..=r {
                occupancy.push(if outside[padded(d, h, w)] { 0.0 } else { 1.0 });
            }
        }
    }
    occupancy
}
