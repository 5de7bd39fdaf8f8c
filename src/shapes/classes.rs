//! The ten everyday object classes, each drawn from parts with random
//! proportions and counts (y up, the front towards +z, before posing).

use super::parts::{assemble, cuboid, cylinder, ellipsoid, frustum, sphere, torus};
use crate::explain::noise::SplitMix64;
use crate::mesh::Mesh;

/// The classes, in label order.
pub const CLASSES: [&str; 10] =
    ["airplane", "car", "chair", "table", "lamp", "mug", "bottle", "bed", "animal", "tree"];

/// One random object of class `class` (an index into [`CLASSES`]).
pub(crate) fn draw(class: usize, rng: &mut SplitMix64) -> Mesh {
    let draw = [airplane, car, chair, table, lamp, mug, bottle, bed, animal, tree][class];
    draw(rng)
}

/// Four legs of `height` and radius `r` under the corners of a `width × depth`
/// rectangle centred on the y axis, from y = `top` down.
fn legs(width: f32, depth: f32, top: f32, height: f32, r: f32) -> Vec<Mesh> {
    [(-1.0, -1.0), (1.0, -1.0), (-1.0, 1.0), (1.0, 1.0)]
        .map(|(sx, sz)| {
            let (x, z) = (sx * width / 2.0, sz * depth / 2.0);
            cylinder([x, top, z], [x, top - height, z], r)
        })
        .into()
}

fn airplane(rng: &mut SplitMix64) -> Mesh {
    let length = rng.range(1.6, 2.4);
    let radius = rng.range(0.09, 0.16);
    let span = length * rng.range(0.7, 1.1);
    let chord = rng.range(0.2, 0.35);
    let wing_z = rng.range(-0.15, 0.15);
    let tail = -length / 2.0;
    let mut parts = vec![
        cylinder([0.0, 0.0, tail], [0.0, 0.0, length / 2.0], radius),
        frustum([0.0, 0.0, length / 2.0], [0.0, 0.0, length / 2.0 + 0.3], radius, 0.02),
        cuboid([0.0, -radius * 0.3, wing_z], [span, 0.04, chord]),
        cuboid([0.0, 0.0, tail + 0.1], [span * rng.range(0.25, 0.4), 0.03, 0.15]),
        cuboid([0.0, radius + 0.12, tail + 0.1], [0.03, 0.25 + radius, 0.18]),
    ];
    let engines = 2 * rng.below(3);
    for k in 0..engines {
        let side = if k % 2 == 0 { 1.0 } else { -1.0 };
        let x = side * span * (0.2 + 0.15 * (k / 2) as f32);
        let z = wing_z + chord * 0.4;
        parts.push(cylinder(
            [x, -radius * 0.3 - 0.08, z - 0.3],
            [x, -radius * 0.3 - 0.08, z],
            0.06,
        ));
    }
    assemble(parts)
}

fn car(rng: &mut SplitMix64) -> Mesh {
    let length = rng.range(1.6, 2.4);
    let width = rng.range(0.7, 0.95);
    let body = rng.range(0.3, 0.45);
    let wheel = rng.range(0.14, 0.22);
    let truck = rng.below(3) == 0;
    let mut parts = vec![cuboid([0.0, wheel + body / 2.0, 0.0], [width, body, length])];
    let top = wheel + body;
    if truck {
        let cab = length * rng.range(0.25, 0.35);
        let cargo = length - cab - 0.05;
        let high = rng.range(0.4, 0.7);
        parts.push(cuboid([0.0, top + 0.2, length / 2.0 - cab / 2.0], [width * 0.95, 0.4, cab]));
        parts.push(cuboid(
            [0.0, top + high / 2.0, -length / 2.0 + cargo / 2.0],
            [width, high, cargo],
        ));
    } else {
        let cabin = length * rng.range(0.4, 0.6);
        let shift = rng.range(-0.15, 0.1);
        let high = rng.range(0.22, 0.35);
        parts.push(cuboid([0.0, top + high / 2.0, shift], [width * 0.85, high, cabin]));
    }
    let axle = length / 2.0 - wheel * rng.range(1.3, 1.8);
    for (x, z) in [(-1.0, -1.0), (1.0, -1.0), (-1.0, 1.0), (1.0, 1.0)] {
        let (x, z) = (x * width / 2.0, z * axle);
        parts.push(cylinder([x - 0.06, wheel, z], [x + 0.06, wheel, z], wheel));
    }
    assemble(parts)
}

fn chair(rng: &mut SplitMix64) -> Mesh {
    let width = rng.range(0.8, 1.1);
    let depth = rng.range(0.8, 1.1);
    let seat = rng.range(0.8, 1.1);
    let back = rng.range(0.7, 1.2);
    let thick = rng.range(0.06, 0.12);
    let mut parts = legs(width * 0.85, depth * 0.85, seat, seat, rng.range(0.03, 0.06));
    parts.push(cuboid([0.0, seat + thick / 2.0, 0.0], [width, thick, depth]));
    let z = -depth / 2.0 + thick / 2.0;
    parts.push(cuboid([0.0, seat + back / 2.0, z], [width, back, thick]));
    if rng.below(3) == 0 {
        for x in [-width / 2.0, width / 2.0] {
            parts.push(cuboid([x, seat + 0.3, 0.0], [0.06, 0.06, depth]));
        }
    }
    assemble(parts)
}

fn table(rng: &mut SplitMix64) -> Mesh {
    let width = rng.range(1.2, 2.2);
    let depth = rng.range(0.8, 1.3);
    let height = rng.range(0.6, 1.0);
    let thick = rng.range(0.05, 0.1);
    let round = rng.below(3) == 0;
    let mut parts = if round {
        let r = depth / 2.0 + 0.2;
        vec![
            cylinder([0.0, height, 0.0], [0.0, height + thick, 0.0], r),
            cylinder([0.0, 0.0, 0.0], [0.0, height, 0.0], rng.range(0.05, 0.1)),
            cylinder([0.0, 0.0, 0.0], [0.0, 0.05, 0.0], r * rng.range(0.4, 0.7)),
        ]
    } else {
        let mut parts = legs(width * 0.9, depth * 0.85, height, height, rng.range(0.03, 0.07));
        parts.push(cuboid([0.0, height + thick / 2.0, 0.0], [width, thick, depth]));
        parts
    };
    if !round && rng.below(2) == 0 {
        parts.push(cuboid([0.0, height * 0.3, 0.0], [width * 0.9, 0.03, depth * 0.85]));
    }
    assemble(parts)
}

fn lamp(rng: &mut SplitMix64) -> Mesh {
    let base = rng.range(0.2, 0.35);
    let height = rng.range(1.0, 1.8);
    let shade = rng.range(0.25, 0.45);
    let lean = rng.range(-0.3, 0.3);
    let top = [lean, height, 0.0];
    let shade_height = rng.range(0.25, 0.45);
    assemble([
        cylinder([0.0, 0.0, 0.0], [0.0, 0.05, 0.0], base),
        cylinder([0.0, 0.0, 0.0], top, rng.range(0.02, 0.04)),
        frustum(
            [lean, height - shade_height * 0.6, 0.0],
            [lean, height + shade_height * 0.4, 0.0],
            shade,
            shade * rng.range(0.4, 0.7),
        ),
    ])
}

fn mug(rng: &mut SplitMix64) -> Mesh {
    let r = rng.range(0.3, 0.45);
    let height = rng.range(0.6, 1.0);
    let handle = rng.range(0.15, 0.25);
    assemble([
        cylinder([0.0, 0.0, 0.0], [0.0, height, 0.0], r),
        torus([r, height / 2.0, 0.0], handle, rng.range(0.03, 0.05)),
    ])
}

fn bottle(rng: &mut SplitMix64) -> Mesh {
    let r = rng.range(0.15, 0.3);
    let body = rng.range(0.6, 1.1);
    let shoulder = rng.range(0.1, 0.3);
    let neck_r = r * rng.range(0.25, 0.45);
    let neck = rng.range(0.2, 0.4);
    let top = body + shoulder + neck;
    assemble([
        cylinder([0.0, 0.0, 0.0], [0.0, body, 0.0], r),
        frustum([0.0, body, 0.0], [0.0, body + shoulder, 0.0], r, neck_r),
        cylinder([0.0, body + shoulder, 0.0], [0.0, top, 0.0], neck_r),
        cylinder([0.0, top, 0.0], [0.0, top + 0.06, 0.0], neck_r * 1.2),
    ])
}

fn bed(rng: &mut SplitMix64) -> Mesh {
    let width = rng.range(1.0, 1.6);
    let length = rng.range(1.8, 2.2);
    let leg = rng.range(0.1, 0.25);
    let mattress = rng.range(0.2, 0.35);
    let head = rng.range(0.4, 0.8);
    let top = leg + mattress;
    let mut parts = legs(width * 0.9, length * 0.9, leg, leg, 0.04);
    parts.push(cuboid([0.0, leg + mattress / 2.0, 0.0], [width, mattress, length]));
    parts.push(cuboid([0.0, (top + head) / 2.0, -length / 2.0], [width, top + head, 0.08]));
    if rng.below(2) == 0 {
        let foot = rng.range(0.1, 0.3);
        parts.push(cuboid([0.0, (top + foot) / 2.0, length / 2.0], [width, top + foot, 0.08]));
    }
    let pillow_z = -length / 2.0 + 0.25;
    parts.push(ellipsoid([0.0, top + 0.05, pillow_z], [width * 0.35, 0.08, 0.15]));
    assemble(parts)
}

fn animal(rng: &mut SplitMix64) -> Mesh {
    let length = rng.range(0.9, 1.6);
    let girth = rng.range(0.18, 0.3);
    let leg = rng.range(0.4, 0.8);
    let neck = rng.range(0.2, 0.6);
    let head = rng.range(0.12, 0.2);
    let body_y = leg + girth * 0.6;
    let front = length / 2.0;
    let neck_top = [0.0, body_y + neck, front + neck * 0.4];
    let mut parts = legs(girth * 1.1, length * 0.75, body_y, body_y, rng.range(0.04, 0.07));
    parts.extend([
        ellipsoid([0.0, body_y, 0.0], [girth, girth, length / 2.0]),
        cylinder([0.0, body_y, front * 0.8], neck_top, girth * 0.35),
        ellipsoid(
            [0.0, neck_top[1], neck_top[2] + head * 0.6],
            [head * 0.7, head * 0.8, head * 1.4],
        ),
        cylinder(
            [0.0, body_y, -front * 0.9],
            [0.0, body_y - rng.range(0.1, 0.4), -front - rng.range(0.2, 0.4)],
            0.03,
        ),
    ]);
    assemble(parts)
}

fn tree(rng: &mut SplitMix64) -> Mesh {
    let trunk = rng.range(0.5, 1.0);
    let r = rng.range(0.06, 0.12);
    let mut parts = vec![cylinder([0.0, 0.0, 0.0], [0.0, trunk, 0.0], r)];
    if rng.below(2) == 0 {
        // A conifer: stacked cones.
        let tiers = 2 + rng.below(3);
        let width = rng.range(0.5, 0.8);
        for k in 0..tiers {
            let y = trunk * 0.7 + k as f32 * 0.35;
            let w = width * (1.0 - k as f32 / (tiers as f32 + 1.0));
            parts.push(frustum([0.0, y, 0.0], [0.0, y + 0.6, 0.0], w, 0.0));
        }
    } else {
        // A broadleaf: a cluster of balls.
        let balls = 1 + rng.below(4);
        for _ in 0..balls {
            let c = [rng.range(-0.3, 0.3), trunk + rng.range(0.2, 0.5), rng.range(-0.3, 0.3)];
            parts.push(sphere(c, rng.range(0.35, 0.6)));
        }
    }
    assemble(parts)
}
