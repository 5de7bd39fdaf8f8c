//! Linear resampling of the trailing axes of a [`HostArray`], antialiased
//! when shrinking (PIL's bilinear filter): image resizing, and upsampling
//! coefficient maps and Grad-CAM maps to the input size.

use crate::array::HostArray;

/// For each output index: the first input index and the normalised
/// weights of a triangle filter of support `max(in/out, 1)`.
fn weights(in_len: usize, out_len: usize) -> Vec<(usize, Vec<f32>)> {
    let scale = in_len as f64 / out_len as f64;
    let filter_scale = scale.max(1.0);
    (0..out_len)
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

/// Resamples axis `axis` of `array` to `out_len` samples.
fn resample_axis(array: &HostArray, axis: usize, out_len: usize) -> HostArray {
    let shape = array.shape();
    let in_len = shape[axis];
    if in_len == out_len {
        return array.clone();
    }
    let outer: usize = shape[..axis].iter().product();
    let inner: usize = shape[axis + 1..].iter().product();
    let taps = weights(in_len, out_len);
    let src = array.data();
    let mut out = vec![0.0f32; outer * out_len * inner];
    for o in 0..outer {
        for (i, (start, ws)) in taps.iter().enumerate() {
            let dst = &mut out[(o * out_len + i) * inner..][..inner];
            for (k, w) in ws.iter().enumerate() {
                let row = &src[(o * in_len + start + k) * inner..][..inner];
                dst.iter_mut().zip(row).for_each(|(d, s)| *d += w * s);
            }
        }
    }
    let mut new_shape = shape.to_vec();
    new_shape[axis] = out_len;
    HostArray::new(new_shape, out).expect("sized")
}

/// Resamples the trailing `out.len()` axes of `array` to the sizes `out`,
/// one axis after the other, last axis first (as PIL: horizontal, then vertical).
pub fn resample_linear(array: &HostArray, out: &[usize]) -> HostArray {
    let first = array.shape().len() - out.len();
    (0..out.len()).rev().fold(array.clone(), |a, i| resample_axis(&a, first + i, out[i]))
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
    fn growing_interpolates_between_centres() {
        // Doubling [0, 4]: half-pixel centres give 0, 1, 3, 4.
        let out = resample_linear(&HostArray::new(vec![2], vec![0.0, 4.0]).unwrap(), &[4]);
        assert_eq!(out.data(), [0.0, 1.0, 3.0, 4.0]);
    }
}
