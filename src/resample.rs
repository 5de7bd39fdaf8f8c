//! Linear resampling of the trailing axes of a [`HostArray`], antialiased
//! when shrinking (PIL's bilinear filter): image resizing, and upsampling
//! coefficient maps and Grad-CAM maps to the input size. Only the outputs
//! asked for are computed, so a crop of a huge resize costs the crop.

use std::ops::Range;

use crate::array::HostArray;

/// For each output index of `window` (of `out_len`): the first input index
/// and the normalised weights of a triangle filter of support `max(in/out, 1)`.
fn weights(in_len: usize, out_len: usize, window: Range<usize>) -> Vec<(usize, Vec<f32>)> {
    let scale = in_len as f64 / out_len as f64;
    let filter_scale = scale.max(1.0);
    window
        .map(|i| {
            let center = (i as f64 + 0.5) * scale;
            // Truncation toward zero, as PIL's C code does.
            let start = ((center - filter_scale + 0.5) as isize).max(0) as usize;
            let end = ((center + filter_scale + 0.5) as usize).min(in_len);
            let raw: Vec<f64> = (start..end)
                .map(|x| (1.0 - ((x as f64 - center + 0.5) / filter_scale).abs()).max(0.0))
                .collect();
            let total: f64 = raw.iter().sum();
            (start, raw.into_iter().map(|w| (w / total) as f32).collect())
        })
        .collect()
}

/// Resamples axis `axis` of `array` to `out_len` samples and keeps those in `window`.
fn resample_axis(
    array: &HostArray,
    axis: usize,
    out_len: usize,
    window: Range<usize>,
) -> HostArray {
    let shape = array.shape();
    let in_len = shape[axis];
    if in_len == out_len && window == (0..out_len) {
        return array.clone();
    }
    let outer: usize = shape[..axis].iter().product();
    let inner: usize = shape[axis + 1..].iter().product();
    let kept = window.len();
    let taps = weights(in_len, out_len, window);
    let src = array.data();
    let mut out = vec![0.0f32; outer * kept * inner];
    for o in 0..outer {
        for (i, (start, ws)) in taps.iter().enumerate() {
            let dst = &mut out[(o * kept + i) * inner..][..inner];
            for (k, w) in ws.iter().enumerate() {
                let row = &src[(o * in_len + start + k) * inner..][..inner];
                dst.iter_mut().zip(row).for_each(|(d, s)| *d += w * s);
            }
        }
    }
    let mut new_shape = shape.to_vec();
    new_shape[axis] = kept;
    HostArray::new(new_shape, out).expect("sized")
}

/// Resamples the trailing `out.len()` axes of `array` to the sizes `out`,
/// one axis after the other, last axis first (as PIL: horizontal, then vertical).
pub fn resample_linear(array: &HostArray, out: &[usize]) -> HostArray {
    let whole: Vec<Range<usize>> = out.iter().map(|&n| 0..n).collect();
    resample_window(array, out, &whole)
}

/// The part `window` (a range per axis) of [`resample_linear`]`(array,
/// out)`, computing only that part: its cost follows the window, however
/// large `out` is.
pub fn resample_window(array: &HostArray, out: &[usize], window: &[Range<usize>]) -> HostArray {
    let first = array.shape().len() - out.len();
    (0..out.len())
        .rev()
        .fold(array.clone(), |a, i| resample_axis(&a, first + i, out[i], window[i].clone()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constants_stay_constant() {
        let flat = HostArray::new(vec![2, 4, 6], vec![0.25; 48]).unwrap();
        let out = resample_linear(&flat, &[3, 13]);
        assert_eq!(out.shape(), [2, 3, 13]);
        assert!(out.data().iter().all(|v| (v - 0.25).abs() < 1e-6));
    }

    #[test]
    fn shrinking_uses_pils_antialiased_triangle() {
        // Halving [0, 1, 2, 3]: output 0 is centred at 1.0 and reads x = 0, 1, 2
        // with weights 0.75, 0.75, 0.25 -> 5/7; output 1 by symmetry 3 - 5/7.
        let ramp = HostArray::new(vec![1, 4], vec![0.0, 1.0, 2.0, 3.0]).unwrap();
        let half = resample_linear(&ramp, &[2]);
        assert!((half.data()[0] - 5.0 / 7.0).abs() < 1e-6, "{:?}", half.data());
        assert!((half.data()[1] - 16.0 / 7.0).abs() < 1e-6, "{:?}", half.data());
    }

    #[test]
    fn a_window_is_that_part_of_the_whole() {
        let values: Vec<f32> = (0..5 * 7).map(|i| ((i * 37) % 11) as f32).collect();
        let array = HostArray::new(vec![5, 7], values).unwrap();
        let whole = resample_linear(&array, &[13, 3]);
        let part = resample_window(&array, &[13, 3], &[4..10, 1..3]);
        assert_eq!(part.shape(), [6, 2]);
        for (r, row) in part.data().chunks(2).enumerate() {
            assert_eq!(row, &whole.data()[(4 + r) * 3 + 1..][..2], "row {r}");
        }
    }

    #[test]
    fn growing_interpolates_between_centres() {
        // Doubling [0, 4]: half-pixel centres give 0, 1, 3, 4.
        let out = resample_linear(&HostArray::new(vec![2], vec![0.0, 4.0]).unwrap(), &[4]);
        assert_eq!(out.data(), [0.0, 1.0, 3.0, 4.0]);
    }
}
