//! Triangle–box overlap by the separating-axis theorem (Akenine-Möller,
//! "Fast 3D triangle-box overlap testing", 2001): a triangle and an
//! axis-aligned box are disjoint exactly when one of 13 axes separates
//! them — the box's 3 face normals, the triangle's normal, and the 9
//! cross products of their edges.

type V = [f64; 3];

fn sub(a: V, b: V) -> V {
    [a[0] - b[0], a[1] - b[1], a[2] - b[2]]
}

fn dot(a: V, b: V) -> f64 {
    a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
}

fn cross(a: V, b: V) -> V {
    [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]]
}

/// Whether `axis` separates the triangle `v` (relative to the box centre)
/// from the box of half-sides `half`.
fn separates(axis: V, v: &[V; 3], half: V) -> bool {
    let p = v.map(|p| dot(p, axis));
    let (min, max) = (p[0].min(p[1]).min(p[2]), p[0].max(p[1]).max(p[2]));
    let radius = half[0] * axis[0].abs() + half[1] * axis[1].abs() + half[2] * axis[2].abs();
    min > radius || max < -radius
}

/// Whether the triangle `triangle` touches the box centred at `centre`
/// with half-sides `half` (touching faces count as overlap).
pub fn triangle_overlaps_box(triangle: &[V; 3], centre: V, half: V) -> bool {
    let v = triangle.map(|p| sub(p, centre));
    let edges = [sub(v[1], v[0]), sub(v[2], v[1]), sub(v[0], v[2])];
    let box_axes = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]];
    // Degenerate axes (parallel edges, a zero-area triangle) are all-zero
    // vectors, which never separate.
    let mut axes = box_axes.to_vec();
    axes.push(cross(edges[0], edges[1]));
    axes.extend(box_axes.iter().flat_map(|a| edges.iter().map(move |e| cross(*a, *e))));
    !axes.into_iter().any(|axis| separates(axis, &v, half))
}

#[cfg(test)]
mod tests {
    use super::*;

    const UNIT: V = [0.5; 3];

    #[test]
    fn a_triangle_through_the_box_overlaps_it() {
        let t = [[-2.0, -2.0, 0.1], [3.0, -2.0, 0.1], [-2.0, 3.0, 0.1]];
        assert!(triangle_overlaps_box(&t, [0.0; 3], UNIT));
    }

    #[test]
    fn a_triangle_beside_the_box_does_not() {
        // Its plane cuts the box, but its hypotenuse passes beyond the corner
        // (only an edge cross product separates them).
        let t = [[0.9, 0.0, 0.0], [0.0, 0.9, 0.0], [2.0, 2.0, 0.0]];
        assert!(!triangle_overlaps_box(&t, [0.0, 0.0, 0.0], [0.25; 3]));
        let far = [[2.0, 0.0, 0.0], [3.0, 0.0, 0.0], [2.0, 1.0, 0.0]];
        assert!(!triangle_overlaps_box(&far, [0.0; 3], UNIT));
    }

    #[test]
    fn a_tilted_plane_missing_the_corner_does_not() {
        // x + y + z = 1.6 passes beyond the corner (0.5, 0.5, 0.5) of the box (sum 1.5).
        let t = [[1.6, 0.0, 0.0], [0.0, 1.6, 0.0], [0.0, 0.0, 1.6]];
        assert!(!triangle_overlaps_box(&t, [0.0; 3], UNIT));
        let t = [[1.4, 0.0, 0.0], [0.0, 1.4, 0.0], [0.0, 0.0, 1.4]];
        assert!(triangle_overlaps_box(&t, [0.0; 3], UNIT));
    }
}
