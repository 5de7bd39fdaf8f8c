//! Closed triangle meshes of simple solids — boxes, cylinders, cones,
//! ellipsoids, tori — that the procedural shapes are assembled from, and
//! the rigid moves applied to whole shapes. Frame: y up.

use std::f32::consts::TAU;

use crate::mesh::Mesh;

type V = [f32; 3];

/// Segments around a round part.
const AROUND: usize = 16;

fn add(a: V, b: V) -> V {
    [a[0] + b[0], a[1] + b[1], a[2] + b[2]]
}

fn sub(a: V, b: V) -> V {
    [a[0] - b[0], a[1] - b[1], a[2] - b[2]]
}

fn scaled(a: V, s: f32) -> V {
    a.map(|c| c * s)
}

fn cross(a: V, b: V) -> V {
    [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]]
}

fn normalised(a: V) -> V {
    let n = (a[0] * a[0] + a[1] * a[1] + a[2] * a[2]).sqrt();
    scaled(a, 1.0 / n)
}

/// Appends `part` to `mesh`.
pub fn merge(mesh: &mut Mesh, part: Mesh) {
    let base = mesh.positions.len() as u32;
    mesh.positions.extend(part.positions);
    mesh.triangles.extend(part.triangles.into_iter().map(|t| t.map(|i| i + base)));
}

/// The meshes `parts` as one.
pub fn assemble(parts: impl IntoIterator<Item = Mesh>) -> Mesh {
    let mut mesh = Mesh::default();
    parts.into_iter().for_each(|part| merge(&mut mesh, part));
    mesh
}

/// An axis-aligned box with centre `centre` and sides `size`.
pub fn cuboid(centre: V, size: V) -> Mesh {
    let h = scaled(size, 0.5);
    let positions = (0..8)
        .map(|i| {
            let s = [i & 1, (i >> 1) & 1, (i >> 2) & 1].map(|b| if b == 1 { 1.0 } else { -1.0 });
            [centre[0] + s[0] * h[0], centre[1] + s[1] * h[1], centre[2] + s[2] * h[2]]
        })
        .collect();
    let quads =
        [[0, 2, 3, 1], [4, 5, 7, 6], [0, 1, 5, 4], [2, 6, 7, 3], [0, 4, 6, 2], [1, 3, 7, 5]];
    let triangles = quads.iter().flat_map(|q| [[q[0], q[1], q[2]], [q[0], q[2], q[3]]]).collect();
    Mesh { positions, triangles }
}

/// A truncated cone from `a` (radius `ra`) to `b` (radius `rb`), capped at
/// both ends; equal radii make a cylinder, `rb = 0` a cone.
pub fn frustum(a: V, b: V, ra: f32, rb: f32) -> Mesh {
    let axis = normalised(sub(b, a));
    let helper = if axis[1].abs() < 0.9 { [0.0, 1.0, 0.0] } else { [1.0, 0.0, 0.0] };
    let u = normalised(cross(axis, helper));
    let v = cross(axis, u);
    let ring = |centre: V, r: f32| {
        (0..AROUND).map(move |k| {
            let t = TAU * k as f32 / AROUND as f32;
            add(centre, add(scaled(u, r * t.cos()), scaled(v, r * t.sin())))
        })
    };
    let mut positions: Vec<V> = ring(a, ra).chain(ring(b, rb)).collect();
    positions.extend([a, b]);
    let n = AROUND as u32;
    let (ca, cb) = (2 * n, 2 * n + 1);
    let triangles = (0..n)
        .flat_map(|k| {
            let next = (k + 1) % n;
            [[k, next, n + next], [k, n + next, n + k], [ca, next, k], [cb, n + k, n + next]]
        })
        .collect();
    Mesh { positions, triangles }
}

/// A cylinder of radius `r` from `a` to `b`.
pub fn cylinder(a: V, b: V, r: f32) -> Mesh {
    frustum(a, b, r, r)
}

/// An ellipsoid with centre `centre` and semi-axes `radii` (a UV sphere).
pub fn ellipsoid(centre: V, radii: V) -> Mesh {
    let rings = AROUND / 2;
    let mut positions = vec![add(centre, [0.0, radii[1], 0.0])];
    for i in 1..rings {
        let phi = std::f32::consts::PI * i as f32 / rings as f32;
        for k in 0..AROUND {
            let t = TAU * k as f32 / AROUND as f32;
            let unit = [phi.sin() * t.cos(), phi.cos(), phi.sin() * t.sin()];
            positions.push(add(centre, [0, 1, 2].map(|a| unit[a] * radii[a])));
        }
    }
    positions.push(add(centre, [0.0, -radii[1], 0.0]));
    let n = AROUND as u32;
    let at = |ring: u32, k: u32| 1 + ring * n + k % n;
    let bottom = positions.len() as u32 - 1;
    let mut triangles = Vec::new();
    for k in 0..n {
        triangles.push([0, at(0, k + 1), at(0, k)]);
        for ring in 0..rings as u32 - 2 {
            triangles.push([at(ring, k), at(ring, k + 1), at(ring + 1, k + 1)]);
            triangles.push([at(ring, k), at(ring + 1, k + 1), at(ring + 1, k)]);
        }
        let last = rings as u32 - 2;
        triangles.push([bottom, at(last, k), at(last, k + 1)]);
    }
    Mesh { positions, triangles }
}

/// A sphere.
pub fn sphere(centre: V, r: f32) -> Mesh {
    ellipsoid(centre, [r; 3])
}

/// A torus in the plane x–y, centred at `centre`: ring radius `big`, tube radius `small`.
pub fn torus(centre: V, big: f32, small: f32) -> Mesh {
    let n = AROUND as u32;
    let positions = (0..n)
        .flat_map(|i| {
            let a = TAU * i as f32 / n as f32;
            (0..n).map(move |k| {
                let b = TAU * k as f32 / n as f32;
                let r = big + small * b.cos();
                add(centre, [r * a.cos(), r * a.sin(), small * b.sin()])
            })
        })
        .collect();
    let at = |i: u32, k: u32| (i % n) * n + k % n;
    let triangles = (0..n)
        .flat_map(|i| (0..n).map(move |k| (i, k)))
        .flat_map(|(i, k)| {
            [[at(i, k), at(i + 1, k), at(i + 1, k + 1)], [at(i, k), at(i + 1, k + 1), at(i, k + 1)]]
        })
        .collect();
    Mesh { positions, triangles }
}

/// `mesh` turned by `yaw` about y, then by `tilt` about x and `roll` about
/// z (radians), then stretched by `stretch` along x, y and z.
pub fn posed(mut mesh: Mesh, yaw: f32, tilt: f32, roll: f32, stretch: V) -> Mesh {
    let (sy, cy) = yaw.sin_cos();
    let (st, ct) = tilt.sin_cos();
    let (sr, cr) = roll.sin_cos();
    for p in &mut mesh.positions {
        let [x, y, z] = *p;
        let [x, z] = [cy * x + sy * z, -sy * x + cy * z];
        let [y, z] = [ct * y - st * z, st * y + ct * z];
        let [x, y] = [cr * x - sr * y, sr * x + cr * y];
        *p = [x * stretch[0], y * stretch[1], z * stretch[2]];
    }
    mesh
}
