//! The colour maps of heat pictures, as control points linearly
//! interpolated: inferno for magnitudes, a blue–white–red diverging map for
//! signed values.

/// Matplotlib's "inferno" colormap, from 9 evenly spaced control points,
/// linearly interpolated; `t` is clamped to [0, 1] (NaN reads as 0).
pub fn inferno(t: f32) -> [u8; 3] {
    const STOPS: [[f32; 3]; 9] = [
        [0.0, 0.0, 4.0],
        [31.0, 12.0, 72.0],
        [85.0, 15.0, 109.0],
        [136.0, 34.0, 106.0],
        [186.0, 54.0, 85.0],
        [227.0, 89.0, 51.0],
        [249.0, 140.0, 10.0],
        [249.0, 201.0, 50.0],
        [252.0, 255.0, 164.0],
    ];
    interpolate(&STOPS, t)
}

/// ColorBrewer's 11-class "RdBu" diverging scheme reversed (matplotlib's
/// `RdBu_r`): dark blue at 0, near-white (#f7f7f7) at ½, dark red at 1.
/// ColorBrewer marks it colour-blind safe: its two arms differ in
/// lightness as well as hue, so red–green colour blindness still tells
/// them apart. `t` is clamped to [0, 1] (NaN reads as ½, the neutral centre).
pub fn diverging(t: f32) -> [u8; 3] {
    const STOPS: [[f32; 3]; 11] = [
        [5.0, 48.0, 97.0],
        [33.0, 102.0, 172.0],
        [67.0, 147.0, 195.0],
        [146.0, 197.0, 222.0],
        [209.0, 229.0, 240.0],
        [247.0, 247.0, 247.0],
        [253.0, 219.0, 199.0],
        [244.0, 165.0, 130.0],
        [214.0, 96.0, 77.0],
        [178.0, 24.0, 43.0],
        [103.0, 0.0, 31.0],
    ];
    interpolate(&STOPS, if t.is_nan() { 0.5 } else { t })
}

/// The colour at `t` ∈ [0, 1] (clamped; NaN reads as 0) along evenly spaced `stops`.
fn interpolate(stops: &[[f32; 3]], t: f32) -> [u8; 3] {
    let t = if t.is_nan() { 0.0 } else { t.clamp(0.0, 1.0) } * (stops.len() - 1) as f32;
    let i = (t as usize).min(stops.len() - 2);
    let f = t - i as f32;
    let mix = |c: usize| (stops[i][c] * (1.0 - f) + stops[i + 1][c] * f).round() as u8;
    [mix(0), mix(1), mix(2)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ends_and_clamping() {
        assert_eq!(inferno(0.0), [0, 0, 4]);
        assert_eq!(inferno(1.0), [252, 255, 164]);
        assert_eq!(inferno(-3.0), inferno(0.0));
        assert_eq!(inferno(f32::NAN), inferno(0.0));
        assert_eq!(inferno(0.125), [31, 12, 72]);
    }

    #[test]
    fn diverging_runs_blue_white_red() {
        // ColorBrewer RdBu's ends (#053061, #67001f) and centre (#f7f7f7).
        assert_eq!(diverging(0.0), [0x05, 0x30, 0x61]);
        assert_eq!(diverging(0.5), [0xf7; 3]);
        assert_eq!(diverging(1.0), [0x67, 0x00, 0x1f]);
        assert_eq!(diverging(2.0), diverging(1.0));
        assert_eq!(diverging(f32::NAN), diverging(0.5));
        // Every step away from the centre is darker, on both arms alike.
        let lightness = |[r, g, b]: [u8; 3]| r as u32 + g as u32 + b as u32;
        for k in 1..=5 {
            let (blue, red) = (diverging(0.5 - 0.1 * k as f32), diverging(0.5 + 0.1 * k as f32));
            assert!(blue[2] > blue[0] && red[0] > red[2], "{k}: {blue:?} {red:?}");
            assert!(lightness(blue) < lightness(diverging(0.6 - 0.1 * k as f32)));
            assert!(lightness(red) < lightness(diverging(0.4 + 0.1 * k as f32)));
        }
    }
}
