use super::colouring::Colouring;
use super::scale::display_top;
use crate::array::HostArray;
use crate::model::{ImagePreprocess, Preprocess};
use crate::wavelet::{Band, Mosaic};

/// An 8-bit RGBA picture, row-major.
#[derive(Clone, Debug, PartialEq)]
pub struct Rgba {
    /// Width in pixels.
    pub width: usize,
    /// Height in pixels.
    pub height: usize,
    /// `height * width * 4` bytes.
    pub pixels: Vec<u8>,
}

impl Rgba {
    /// A white picture.
    pub(super) fn new(width: usize, height: usize) -> Self {
        Self { width, height, pixels: vec![255; width * height * 4] }
    }

    /// Sets the colour of pixel (x, y).
    pub(super) fn put(&mut self, x: usize, y: usize, rgb: [u8; 3]) {
        let i = (y * self.width + x) * 4;
        self.pixels[i..i + 3].copy_from_slice(&rgb);
    }

    /// Copies `other` with its top-left corner at (x, y).
    pub(super) fn paste(&mut self, other: &Rgba, x: usize, y: usize) {
        for row in 0..other.height {
            let src = &other.pixels[row * other.width * 4..][..other.width * 4];
            let start = ((y + row) * self.width + x) * 4;
            self.pixels[start..start + src.len()].copy_from_slice(src);
        }
    }
}

/// Colours a `[H, W]` map by `colouring` on a scale ending at `±top` ([`Colouring::paint`]).
pub(super) fn colour(
    map: &[f32],
    width: usize,
    height: usize,
    top: f32,
    colouring: Colouring,
) -> Rgba {
    let mut out = Rgba::new(width, height);
    for (i, v) in map.iter().enumerate() {
        out.put(i % width, i / width, colouring.paint(*v, top));
    }
    out
}

/// A `[H, W]` map as a heatmap on a scale ending at its [`display_top`]:
/// inferno from 0 (a magnitude map), or two-sided around 0 (a signed map).
pub fn heatmap(map: &HostArray, colouring: Colouring) -> Rgba {
    let [h, w] = [map.shape()[0], map.shape()[1]];
    colour(map.data(), w, h, display_top(map.data()), colouring)
}

/// The model input `[C, H, W]` as a picture: an image's RGB (undoing the
/// normalisation of `preprocess`), or [`grey`] for other inputs.
pub fn to_rgb(input: &HostArray, preprocess: &Preprocess) -> Rgba {
    let Preprocess::Image(ImagePreprocess { mean, std, .. }) = preprocess else {
        return grey(input);
    };
    let [h, w] = [input.shape()[1], input.shape()[2]];
    let mut out = Rgba::new(w, h);
    let plane = h * w;
    for p in 0..plane {
        let rgb = [0, 1, 2].map(|c| {
            ((input.data()[c * plane + p] * std[c] + mean[c]) * 255.0).round().clamp(0.0, 255.0)
                as u8
        });
        out.put(p % w, p / w, rgb);
    }
    out
}

/// A `[C, H, W]` array as grey levels: the mean over channels, its minimum
/// black and its maximum white.
pub fn grey(input: &HostArray) -> Rgba {
    let [c, h, w] = [input.shape()[0], input.shape()[1], input.shape()[2]];
    let plane = h * w;
    let mean: Vec<f32> = (0..plane)
        .map(|p| (0..c).map(|k| input.data()[k * plane + p]).sum::<f32>() / c as f32)
        .collect();
    let (lo, hi) =
        mean.iter().fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), &v| (lo.min(v), hi.max(v)));
    let span = if hi > lo { hi - lo } else { 1.0 };
    let mut out = Rgba::new(w, h);
    for (p, v) in mean.iter().enumerate() {
        out.put(p % w, p / w, [(255.0 * (v - lo) / span).round() as u8; 3]);
    }
    out
}

/// The layer [`overlay`] lays over the image: [`heatmap`]'s colours with
/// alpha growing as `sqrt(|value| / top)` (`top`: [`display_top`], the same
/// rule for every method), so faint heat stays see-through. A canvas
/// drawing it with `globalAlpha = opacity` gives the overlay.
pub fn heat_layer(map: &HostArray, colouring: Colouring) -> Rgba {
    let mut heat = heatmap(map, colouring);
    let top = display_top(map.data()).max(f32::MIN_POSITIVE);
    for (p, v) in map.data().iter().enumerate() {
        heat.pixels[p * 4 + 3] = (255.0 * (v.abs() / top).min(1.0).sqrt()).round() as u8;
    }
    heat
}

/// `map` (`[H, W]`) as a [`heat_layer`] over `image` at `opacity`.
pub fn overlay(image: &Rgba, map: &HostArray, opacity: f32, colouring: Colouring) -> Rgba {
    let heat = heat_layer(map, colouring);
    let mut out = image.clone();
    for (pixel, hot) in out.pixels.chunks_exact_mut(4).zip(heat.pixels.chunks_exact(4)) {
        let a = opacity * hot[3] as f32 / 255.0;
        for (value, h) in pixel[..3].iter_mut().zip(&hot[..3]) {
            *value = (*value as f32 * (1.0 - a) + *h as f32 * a).round() as u8;
        }
    }
    out
}

/// The 2-D attribution mosaic (pywt's `coeffs_to_array` layout): the
/// values summed over channels as `colouring` says (`Σ |a|` or `Σ a`), each
/// band scaled by its own [`display_top`] (as the authors display it, by
/// its maximum, but clipped as every heat picture is), with white grid
/// lines between bands.
pub fn mosaic_view(bands: &[(Band, HostArray)], colouring: Colouring) -> Rgba {
    let shapes: Vec<(Band, Vec<usize>)> =
        bands.iter().map(|(b, a)| (b.clone(), a.shape()[1..].to_vec())).collect();
    let layout = Mosaic::new(&shapes).expect("bands from one decomposition");
    let normalised: Vec<HostArray> = bands
        .iter()
        .map(|(_, a)| {
            let mut sum = colouring.channels(a).into_data();
            let top = display_top(&sum).max(f32::MIN_POSITIVE);
            sum.iter_mut().for_each(|s| *s /= top);
            HostArray::new(std::iter::once(1).chain(a.shape()[1..].iter().copied()).collect(), sum)
                .expect("sized")
        })
        .collect();
    let mosaic = layout.assemble(&normalised).expect("layout of these bands");
    let (h, w) = (layout.shape[0], layout.shape[1]);
    let mut out = colour(mosaic.data(), w, h, 1.0, colouring);
    for region in &layout.regions {
        let (top, left) = (region.offset[0], region.offset[1]);
        let (bottom, right) = (top + region.shape[0], left + region.shape[1]);
        for x in left..right.min(w) {
            if top > 0 {
                out.put(x, top, [255; 3]);
            }
        }
        for y in top..bottom.min(h) {
            if left > 0 {
                out.put(left, y, [255; 3]);
            }
        }
    }
    out
}

/// The per-scale maps `[levels + 1, H, W]` side by side (finest level
/// first, approximation last), on one shared scale (the [`display_top`] of
/// them all) so that levels compare.
pub fn scales_view(scales: &HostArray, colouring: Colouring) -> Rgba {
    let [n, h, w] = [scales.shape()[0], scales.shape()[1], scales.shape()[2]];
    const GAP: usize = 4;
    let max = display_top(scales.data());
    let mut out = Rgba::new(n * w + (n - 1) * GAP, h);
    for (i, map) in scales.data().chunks(h * w).enumerate() {
        out.paste(&colour(map, w, h, max, colouring), i * (w + GAP), 0);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::diverging;

    /// The RGB of pixel (x, y).
    fn at(picture: &Rgba, x: usize, y: usize) -> [u8; 3] {
        let i = (y * picture.width + x) * 4;
        [picture.pixels[i], picture.pixels[i + 1], picture.pixels[i + 2]]
    }

    #[test]
    fn a_signed_heatmap_keeps_each_pixels_sign() {
        // The top is the largest |v| here (nearest rank round(0.99 · 5) = 5 of 6): 4.
        let values = [4.0, -4.0, 0.0, 1.0, -2.0, 3.0];
        let map = HostArray::new(vec![2, 3], values.to_vec()).unwrap();
        let picture = heatmap(&map, Colouring::Signed);
        for (p, v) in values.iter().enumerate() {
            let rgb = at(&picture, p % 3, p / 3);
            assert_eq!(rgb, diverging(0.5 + 0.5 * v / 4.0), "pixel {p}");
            if *v > 0.0 {
                assert!(rgb[0] > rgb[2], "{v} is red-ish: {rgb:?}");
            } else if *v < 0.0 {
                assert!(rgb[2] > rgb[0], "{v} is blue-ish: {rgb:?}");
            }
        }
        assert_eq!(at(&picture, 0, 0), diverging(1.0), "+m: the red end");
        assert_eq!(at(&picture, 1, 0), diverging(0.0), "-m: the blue end");
        assert_eq!(at(&picture, 2, 0), [247; 3], "0: the neutral centre");
        // The overlay's layer: as opaque for -v as for +v.
        let layer = heat_layer(&map, Colouring::Signed);
        assert_eq!(layer.pixels[3], 255);
        assert_eq!(layer.pixels[4 + 3], 255);
        assert_eq!(layer.pixels[2 * 4 + 3], 0);
    }

    #[test]
    fn a_signed_mosaic_colours_each_coefficients_channel_sum() {
        // One level of a 4×4 image, two channels: four 2×2 bands. Band k's
        // channel sums are (k + 1) · [2, -1, 0.5, -2]; its top is its
        // largest |sum| (nearest rank round(0.99 · 3) = 3 of 4).
        let names = [Band::Approx, detail("ad"), detail("da"), detail("dd")];
        let pattern = [2.0, -1.0, 0.5, -2.0];
        let bands: Vec<(Band, HostArray)> = names
            .iter()
            .enumerate()
            .map(|(k, band)| {
                let sums = pattern.map(|v| v * (k + 1) as f32);
                // Channel 0 holds 3 · sum, channel 1 holds -2 · sum: Σ_c = sum.
                let data = sums.iter().map(|s| 3.0 * s).chain(sums.iter().map(|s| -2.0 * s));
                (band.clone(), HostArray::new(vec![2, 2, 2], data.collect()).unwrap())
            })
            .collect();
        let shapes: Vec<(Band, Vec<usize>)> =
            bands.iter().map(|(b, _)| (b.clone(), vec![2, 2])).collect();
        let layout = Mosaic::new(&shapes).unwrap();
        let picture = mosaic_view(&bands, Colouring::Signed);
        for region in &layout.regions {
            // The bottom-right coefficient: never under a grid line.
            let (y, x) = (region.offset[0] + 1, region.offset[1] + 1);
            assert_eq!(at(&picture, x, y), diverging(0.0), "{:?}: -2 of top 2", region.band);
        }
        let approx = &layout.regions[0];
        assert_eq!(approx.offset, [0, 0]);
        for (p, v) in pattern.iter().enumerate() {
            let rgb = at(&picture, p % 2, p / 2);
            assert_eq!(rgb, diverging(0.5 + 0.5 * v / 2.0), "approximation coefficient {p}");
        }
        let magnitude = mosaic_view(&bands, Colouring::Magnitude);
        assert_eq!(
            at(&magnitude, 1, 1),
            crate::render::inferno(1.0),
            "|3·(-2)| + |-2·(-2)| is the top"
        );
    }

    fn detail(key: &str) -> Band {
        Band::Detail { level: 1, key: key.into() }
    }
}
