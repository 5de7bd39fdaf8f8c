use crate::array::HostArray;
use crate::resample::resample_linear;
use crate::wavelet::Band;

/// Per-scale maps in the input domain: for each level (finest first), the
/// sum over channels and detail keys of `|attribution|`, resampled to
/// `spatial`; then the approximation's. Shape `[levels + 1, *spatial]`; the
/// sum over the first axis is the pixel-domain map.
///
/// `bands` are `[C, *band]` arrays in `Coefficients::bands` order.
pub fn scale_maps(bands: &[(Band, HostArray)], spatial: &[usize]) -> HostArray {
    let levels = bands
        .iter()
        .filter_map(|(b, _)| if let Band::Detail { level, .. } = b { Some(*level) } else { None })
        .max()
        .unwrap_or(0);
    let cells: usize = spatial.iter().product();
    let mut maps = vec![0.0f32; (levels + 1) * cells];
    for (band, values) in bands {
        let slot = match band {
            Band::Detail { level, .. } => level - 1,
            Band::Approx => levels,
        };
        let upsampled = resample_linear(&values.channel_magnitude(), spatial);
        maps[slot * cells..][..cells].iter_mut().zip(upsampled.data()).for_each(|(m, v)| *m += v);
    }
    let shape = std::iter::once(levels + 1).chain(spatial.iter().copied()).collect();
    HostArray::new(shape, maps).expect("sized")
}
