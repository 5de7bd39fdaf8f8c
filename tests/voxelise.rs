//! The voxeliser against shapes whose occupancy is known analytically.

use wam::mesh::Mesh;
use wam::mesh::voxelise::{UpAxis, Voxels, voxelise};
use wam::shapes::parts::{assemble, cuboid, sphere};

fn at(v: &Voxels, d: usize, h: usize, w: usize) -> bool {
    let r = v.resolution;
    v.occupancy[(d * r + h) * r + w] == 1.0
}

/// A UV sphere fine enough (≤ 0.05 voxel from the true sphere at 32³) for
/// the bounds below: the parts' sphere refined by splitting each triangle.
fn fine_sphere() -> Mesh {
    let mut mesh = sphere([0.0; 3], 1.0);
    for _ in 0..4 {
        let mut next = Mesh { positions: mesh.positions.clone(), triangles: Vec::new() };
        for t in &mesh.triangles {
            let p = t.map(|i| mesh.positions[i as usize]);
            let mid = |a: usize, b: usize| {
                let m = [0, 1, 2].map(|k| (p[a][k] + p[b][k]) / 2.0);
                let n = (m[0] * m[0] + m[1] * m[1] + m[2] * m[2]).sqrt();
                m.map(|c| c / n)
            };
            let base = next.positions.len() as u32;
            next.positions.extend([mid(0, 1), mid(1, 2), mid(2, 0)]);
            let [a, b, c] = *t;
            let [ab, bc, ca] = [base, base + 1, base + 2];
            next.triangles.extend([[a, ab, ca], [ab, b, bc], [ca, bc, c], [ab, bc, ca]]);
        }
        mesh = next;
    }
    mesh
}

#[test]
fn a_sphere_fills_about_pi_over_six_of_its_cube() {
    let v = voxelise(&fine_sphere(), 32, UpAxis::Y).unwrap();
    // Every voxel whose cube lies inside the sphere is filled, every voxel
    // whose cube misses it is empty (radius 16 voxels, cube half-diagonal √3/2).
    let (r, c) = (16.0, 16.0);
    for d in 0..32 {
        for h in 0..32 {
            for w in 0..32 {
                let dist = [d, h, w].map(|i| i as f64 + 0.5 - c);
                let dist = (dist[0] * dist[0] + dist[1] * dist[1] + dist[2] * dist[2]).sqrt();
                if dist < r - 0.87 - 0.05 {
                    assert!(at(&v, d, h, w), "inside voxel ({d}, {h}, {w}) is empty");
                }
                if dist > r + 0.87 {
                    assert!(!at(&v, d, h, w), "outside voxel ({d}, {h}, {w}) is filled");
                }
            }
        }
    }
    // Every voxel the surface touches counts whole, so the fraction exceeds
    // π/6 ≈ 0.524 by about half a shell of voxels (0.596 measured): within
    // 15 % of it at 32³, and above it.
    let fraction = v.filled_fraction();
    let ideal = std::f64::consts::PI / 6.0;
    assert!(fraction > ideal && fraction / ideal - 1.0 < 0.15, "filled fraction {fraction}");
}

#[test]
fn a_cube_fills_the_grid() {
    let v = voxelise(&cuboid([3.0, -1.0, 2.0], [2.0, 2.0, 2.0]), 16, UpAxis::Z).unwrap();
    assert_eq!(v.filled_fraction(), 1.0);
    // Vertices land in corner voxels.
    let corners = [0, 15, 15 * 16, 15 * 16 + 15].map(|hw| [hw, 15 * 256 + hw]);
    assert!(v.vertex_voxels.iter().all(|i| corners.iter().flatten().any(|c| c == i)));
}

#[test]
fn two_boxes_keep_their_aspect_and_the_gap_between_them() {
    // Two 4 × 1 × 4 slabs 2 units apart: 4 units high in all,
    // so 4 voxels a unit on a 16³ grid. Their faces lie on voxel boundaries;
    // voxel i holds [i, i + 1), so the top slab's lower face marks row 4.
    let slabs = assemble([
        cuboid([0.0, 0.0, 0.0], [4.0, 1.0, 4.0]),
        cuboid([0.0, 3.0, 0.0], [4.0, 1.0, 4.0]),
    ]);
    let v = voxelise(&slabs, 16, UpAxis::Y).unwrap();
    let rows: Vec<usize> = (0..16).map(|h| (0..16).filter(|&w| at(&v, 8, h, w)).count()).collect();
    assert_eq!(rows, [16, 16, 16, 16, 16, 0, 0, 0, 0, 0, 0, 0, 16, 16, 16, 16]);
}

#[test]
fn a_thin_plate_stays_one_voxel_thick() {
    // 1 × 0.01 × 1: thinner than a voxel, centred in an odd grid.
    let v = voxelise(&cuboid([0.0; 3], [1.0, 0.01, 1.0]), 31, UpAxis::Y).unwrap();
    for h in 0..31 {
        let count = (0..31 * 31).filter(|i| at(&v, i / 31, h, i % 31)).count();
        assert_eq!(count, if h == 15 { 31 * 31 } else { 0 }, "row {h}");
    }
}

#[test]
fn an_open_surface_is_not_filled() {
    // A box without its top: five faces, an open cup the outside reaches into.
    let mut cup = cuboid([0.0; 3], [1.0, 1.0, 1.0]);
    cup.triangles.retain(|t| !t.iter().all(|&i| cup.positions[i as usize][1] > 0.0));
    assert_eq!(cup.triangles.len(), 10);
    let v = voxelise(&cup, 16, UpAxis::Y).unwrap();
    assert!(!at(&v, 8, 8, 8), "the cup's inside is filled");
    assert!(at(&v, 8, 15, 8) && at(&v, 0, 8, 8), "its bottom and sides are there");
    let closed = voxelise(&cuboid([0.0; 3], [1.0, 1.0, 1.0]), 16, UpAxis::Y).unwrap();
    assert!(v.filled_fraction() < 0.5 * closed.filled_fraction());
}

#[test]
fn the_up_axis_turns_the_mesh_upright() {
    // A tall thin box along z: with z up, it stands along the grid's h axis.
    let post = cuboid([0.0; 3], [0.1, 0.1, 1.0]);
    let v = voxelise(&post, 10, UpAxis::Z).unwrap();
    assert!((0..10).all(|h| at(&v, 5, h, 5) || at(&v, 4, h, 4)));
    let lying = voxelise(&post, 10, UpAxis::Y).unwrap();
    assert!((0..10).all(|d| at(&lying, d, 5, 5) || at(&lying, d, 4, 4)));
}

#[test]
fn bad_meshes_are_refused_with_the_reason() {
    let empty = Mesh::default();
    assert_eq!(voxelise(&empty, 8, UpAxis::Y).unwrap_err(), "the mesh has no triangles");
    let nan = Mesh {
        positions: vec![[0.0; 3], [1.0, f32::NAN, 0.0], [0.0, 1.0, 0.0]],
        triangles: vec![[0, 1, 2]],
    };
    assert!(voxelise(&nan, 8, UpAxis::Y).unwrap_err().contains("vertex 1"));
    let out = Mesh { positions: vec![[0.0; 3]; 3], triangles: vec![[0, 1, 3]] };
    assert!(voxelise(&out, 8, UpAxis::Y).unwrap_err().contains("triangle 0"));
    // A degenerate (zero-extent) mesh lands in one voxel.
    let point = Mesh { positions: vec![[1.0; 3]; 3], triangles: vec![[0, 1, 2]] };
    assert_eq!(voxelise(&point, 8, UpAxis::Y).unwrap().filled_fraction(), 1.0 / 512.0);
}
