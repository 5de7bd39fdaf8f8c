use crate::array::HostArray;
use crate::resample::resample_linear;
use crate::wavelet::Band;

/// Per-scale maps in the input domain: for each level (finest first), the
/// sum over detail keys of `channels(band)` (a sum over channels:
/// [`HostArray::channel_magnitude`] for `Σ |attribution|`,
/// [`HostArray::channel_sum`] for the signed `Σ attribution`), resampled to
/// `spatial`; then the approximation's. Shape `[levels + 1, *spatial]`; the
/// sum over the first axis is the pixel-domain map.
///
/// `bands` are `[C, *band]` arrays in `Coefficients::bands` order.
pub fn scale_maps(
    bands: &[(Band, HostArray)],
    spatial: &[usize],
    channels: impl Fn(&HostArray) -> HostArray,
) -> HostArray {
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
        let upsampled = resample_linear(&channels(values), spatial);
        maps[slot * cells..][..cells].iter_mut().zip(upsampled.data()).for_each(|(m, v)| *m += v);
    }
    let shape = std::iter::once(levels + 1).chain(spatial.iter().copied()).collect();
    HostArray::new(shape, maps).expect("sized")
}
