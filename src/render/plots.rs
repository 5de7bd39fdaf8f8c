//! Pictures for 1-D and 3-D inputs: a map as a colour strip, the
//! scalogram (one row per wavelet band, time across), per-level curves,
//! and mid-slices of volumes.

use super::colormap::inferno;
use super::colouring::Colouring;
use super::scale::{display_top, max_of};
use super::views::{Rgba, colour};
use crate::array::HostArray;
use crate::wavelet::{Band, MosaicRegion};

/// Widest picture of a 1-D signal; longer signals are averaged into it.
const MAX_WIDTH: usize = 1024;
/// Narrowest picture of a 1-D signal; shorter signals are stretched to it.
const MIN_WIDTH: usize = 512;
/// Height of one row of a scalogram, and of a strip.
const ROW: usize = 16;
/// Gap between panels, in pixels.
const GAP: usize = 4;

/// `values` averaged into `width` bins.
fn binned(values: &[f32], width: usize) -> Vec<f32> {
    let n = values.len();
    (0..width)
        .map(|x| {
            let (start, end) = (x * n / width, ((x + 1) * n / width).max(x * n / width + 1));
            values[start..end.min(n)].iter().sum::<f32>() / (end.min(n) - start) as f32
        })
        .collect()
}

/// Width of the pictures of a signal of `len` samples.
fn width_for(len: usize) -> usize {
    len.clamp(MIN_WIDTH, MAX_WIDTH)
}

/// A 1-D map (`[T]`) as a strip coloured by `colouring` on a scale ending at its [`display_top`].
pub fn strip(map: &HostArray, colouring: Colouring) -> Rgba {
    let width = width_for(map.data().len());
    let row = binned(map.data(), width);
    let max = display_top(map.data());
    let mut out = Rgba::new(width, ROW);
    for y in 0..ROW {
        out.paste(&colour(&row, width, 1, max, colouring), 0, y);
    }
    out
}

/// The scalogram of 1-D bands (`[C, n]` each, any order): one row per
/// band, finest detail on top and the approximation at the bottom, time
/// across (each coefficient stretched over the samples it covers), summed
/// over channels as `colouring` says, each row scaled by its own
/// [`display_top`]. Returns the picture and where each band lies in it
/// (`[row, column]` pixels).
pub fn scalogram(
    bands: &[(Band, HostArray)],
    signal_len: usize,
    colouring: Colouring,
) -> (Rgba, Vec<MosaicRegion>) {
    let mut rows: Vec<&(Band, HostArray)> = bands.iter().collect();
    let level = |b: &Band| match b {
        Band::Detail { level, .. } => *level,
        Band::Approx => usize::MAX,
    };
    rows.sort_by_key(|(b, _)| level(b));
    let width = width_for(signal_len);
    let mut out = Rgba::new(width, rows.len() * ROW);
    for (r, (_, values)) in rows.iter().enumerate() {
        let summed = colouring.channels(values).into_data();
        let n = summed.len();
        let row: Vec<f32> = (0..width).map(|x| summed[(x * n / width).min(n - 1)]).collect();
        let max = display_top(&summed);
        for y in 0..ROW {
            out.paste(&colour(&row, width, 1, max, colouring), 0, r * ROW + y);
        }
    }
    let regions = rows
        .iter()
        .enumerate()
        .map(|(r, (band, _))| MosaicRegion {
            band: band.clone(),
            offset: vec![r * ROW, 0],
            shape: vec![ROW, width],
        })
        .collect();
    (out, regions)
}

/// Curves of `maps` (`[n, T]`): one line per map, the first darkest, on
/// one shared vertical scale from `min(0, min)` to the maximum, time
/// across (per-level curves of the scale maps; a waveform).
pub fn curves(maps: &HostArray) -> Rgba {
    const HEIGHT: usize = 160;
    let [count, len] = [maps.shape()[0], maps.shape()[1]];
    let width = width_for(len);
    let lo = maps.data().iter().fold(0.0f32, |m, v| m.min(*v));
    let span = (max_of(maps.data()) - lo).max(f32::MIN_POSITIVE);
    let mut out = Rgba::new(width, HEIGHT);
    for (i, map) in maps.data().chunks(len.max(1)).enumerate() {
        let rgb = inferno(0.1 + 0.7 * i as f32 / count.max(2).saturating_sub(1) as f32);
        let ys: Vec<usize> = binned(map, width)
            .iter()
            .map(|v| ((1.0 - (v - lo) / span) * (HEIGHT - 1) as f32).round() as usize)
            .collect();
        for x in 0..width {
            // A vertical run joins each point to the next, so the line is unbroken.
            let next = ys[(x + 1).min(width - 1)];
            for y in ys[x].min(next)..=ys[x].max(next) {
                out.put(x, y.min(HEIGHT - 1), rgb);
            }
        }
    }
    out
}

/// Mid-slices of volumes (`[n, D, H, W]`): one row per volume, the
/// slices through its centre across each axis (depth, height, width)
/// side by side, enlarged to about 128 pixels, on one shared scale (their
/// [`display_top`]), coloured by `colouring`.
pub fn slices(volumes: &HostArray, colouring: Colouring) -> Rgba {
    let [n, d, h, w] = [0, 1, 2, 3].map(|i| volumes.shape()[i]);
    let zoom = (128 / d.max(h).max(w)).max(1);
    let panels = [(h, w), (d, w), (d, h)];
    let width: usize = panels.iter().map(|(_, cols)| cols * zoom).sum::<usize>() + 2 * GAP;
    let height = n * d.max(h) * zoom + n.saturating_sub(1) * GAP;
    let max = display_top(volumes.data());
    let mut out = Rgba::new(width, height);
    let at = |v: usize, z: usize, y: usize, x: usize| volumes.data()[((v * d + z) * h + y) * w + x];
    let mut top = 0;
    for v in 0..n {
        let mut left = 0;
        for (axis, (rows, cols)) in panels.into_iter().enumerate() {
            let mut slice = Vec::with_capacity(rows * cols * zoom * zoom);
            for r in 0..rows * zoom {
                for c in 0..cols * zoom {
                    let (r, c) = (r / zoom, c / zoom);
                    slice.push(match axis {
                        0 => at(v, d / 2, r, c),
                        1 => at(v, r, h / 2, c),
                        _ => at(v, r, c, w / 2),
                    });
                }
            }
            out.paste(&colour(&slice, cols * zoom, rows * zoom, max, colouring), left, top);
            left += cols * zoom + GAP;
        }
        top += d.max(h) * zoom + GAP;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binning_averages_and_keeps_short_signals() {
        assert_eq!(binned(&[1.0, 3.0, 5.0, 7.0], 2), [2.0, 6.0]);
        assert_eq!(binned(&[1.0, 2.0], 2), [1.0, 2.0]);
    }

    #[test]
    fn slices_cut_through_the_centre() {
        // One bright voxel at the centre of a 4³ volume lights each slice once.
        let mut data = vec![0.0; 64];
        data[(2 * 4 + 2) * 4 + 2] = 1.0;
        let picture =
            slices(&HostArray::new(vec![1, 4, 4, 4], data).unwrap(), Colouring::Magnitude);
        let bright = picture.pixels.chunks(4).filter(|p| p[..3] == inferno(1.0)).count();
        assert_eq!(bright, 3 * 32 * 32, "three 32×32 blocks (zoom 32)");
    }
}
