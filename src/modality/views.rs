//! [`Views`]: what an explanation shows, as data for any drawer (the CLI
//! writes PNG files, the page draws canvases). Which pictures there are
//! follows the input's rank; every layout is computed here, once.

use crate::array::HostArray;
use crate::explain::{Attribution, Explanation, scale_maps};
use crate::model::Manifest;
use crate::render::{
    Colouring, Legend, Rgba, curves, heat_layer, heatmap, mosaic_view, overlay, scales_view,
    scalogram, slices, strip, to_rgb,
};
use crate::wavelet::{Band, Mosaic, MosaicRegion};

/// Where a band lies in a band picture (mosaic, scalogram), in pixels
/// (`[row, column]`), and its values `[C, *band]`: a drawer reads the
/// coefficient under the pointer at `floor(offset_in_region · band size /
/// region size)` along each axis. Volumes have no band picture: their
/// bands lie in the 3-D mosaic (`[d, h, w]`, pywt's `coeffs_to_array`).
#[derive(Clone, Debug)]
pub struct Region {
    /// The band, its place and its extent.
    pub place: MosaicRegion,
    /// Its values (attributions, or the input's coefficients).
    pub values: HostArray,
    /// The colour scale of `Σ_c |values|` drawn on its own.
    pub legend: Legend,
}

/// Pictures (RGBA) by name and the arrays behind them. The heat pictures
/// colour magnitudes (`Σ_c |a|`) or signed sums (`Σ_c a`), as the
/// [`Colouring`] asks; the arrays are the magnitudes either way.
///
/// | rank | pictures |
/// |---|---|
/// | 1 (signals) | `input` (waveform), `heatmap` (strip), `decomposition`; wavelet methods: `scalogram`, `curves` (per level) |
/// | 2 (images) | `input`, `heat` (the layer to draw over it), `overlay`, `heatmap`, `decomposition`; wavelet methods: `mosaic`, `scales` |
/// | 3 (volumes) | mid-slices: `input`, `heatmap`, `decomposition` (per level; its bands in `regions`); wavelet methods: `scales` |
#[derive(Clone, Debug)]
pub struct Views {
    /// In display order.
    pub pictures: Vec<(&'static str, Rgba)>,
    /// Where each band lies in the band pictures named here (`mosaic`,
    /// `scalogram`, `decomposition`; volumes: the input's `decomposition`,
    /// whose bands their slices show).
    pub regions: Vec<(&'static str, Vec<Region>)>,
    /// `[*spatial]`: the attribution over the input (see [`Attribution::input_map`]).
    pub input_map: HostArray,
    /// How the heat pictures are coloured.
    pub colouring: Colouring,
    /// `[levels + 1, *spatial]` (wavelet methods): one map per level, finest first.
    pub scales: Option<HostArray>,
    /// What the colours of each heat picture named here mean (its colour bar).
    pub legends: Vec<(&'static str, Legend)>,
}

/// The heat over an image at this opacity in the `overlay` picture.
const OVERLAY_OPACITY: f32 = 0.7;

impl Views {
    /// The views of `explanation` of `input` (`[C, *spatial]`, prepared for
    /// `manifest`'s model), heat pictures coloured by `colouring`.
    pub fn new(
        manifest: &Manifest,
        input: &HostArray,
        explanation: &Explanation,
        colouring: Colouring,
    ) -> Self {
        let spatial = &input.shape()[1..];
        let bands = match &explanation.attribution {
            Attribution::Wavelet { bands, .. } => Some(bands),
            Attribution::Input(_) => None,
        };
        let (map, scales) = coloured_maps(&explanation.attribution, spatial, colouring);
        let decomposition = &explanation.decomposition;
        let mut pictures = Vec::new();
        let mut regions = Vec::new();
        let map_legend = Legend::shared(map.data(), colouring);
        let scales_legend = |scales: &HostArray| Legend::shared(scales.data(), colouring);
        let mut legends = Vec::new();
        match spatial.len() {
            1 => {
                let len = spatial[0];
                pictures.push(("input", input_picture(manifest, input)));
                pictures.push(("heatmap", strip(&map, colouring)));
                legends.push(("heatmap", map_legend));
                let (picture, placed) = scalogram(decomposition, len, colouring);
                pictures.push(("decomposition", picture));
                regions.push(("decomposition", with_values(placed, decomposition)));
                legends.push(("decomposition", band_legend(decomposition, colouring)));
                if let (Some(bands), Some(scales)) = (bands, &scales) {
                    let (picture, placed) = scalogram(bands, len, colouring);
                    pictures.push(("scalogram", picture));
                    regions.push(("scalogram", with_values(placed, bands)));
                    legends.push(("scalogram", band_legend(bands, colouring)));
                    pictures.push(("curves", curves(scales)));
                }
            }
            2 => {
                let picture = input_picture(manifest, input);
                let overlaid = overlay(&picture, &map, OVERLAY_OPACITY, colouring);
                pictures.push(("overlay", overlaid));
                pictures.push(("input", picture));
                pictures.push(("heat", heat_layer(&map, colouring)));
                pictures.push(("heatmap", heatmap(&map, colouring)));
                for name in ["overlay", "heat", "heatmap"] {
                    legends.push((name, map_legend.clone()));
                }
                pictures.push(("decomposition", mosaic_view(decomposition, colouring)));
                regions.push(("decomposition", mosaic_regions(decomposition)));
                legends.push(("decomposition", band_legend(decomposition, colouring)));
                if let (Some(bands), Some(scales)) = (bands, &scales) {
                    pictures.push(("mosaic", mosaic_view(bands, colouring)));
                    regions.push(("mosaic", mosaic_regions(bands)));
                    legends.push(("mosaic", band_legend(bands, colouring)));
                    pictures.push(("scales", scales_view(scales, colouring)));
                    legends.push(("scales", scales_legend(scales)));
                }
            }
            _ => {
                pictures.push(("input", input_picture(manifest, input)));
                pictures.push(("heatmap", slices(&volumes(map), colouring)));
                legends.push(("heatmap", map_legend));
                regions.push(("decomposition", mosaic_regions(decomposition)));
                let decomposition = scale_maps(decomposition, spatial, |a| colouring.channels(a));
                pictures.push(("decomposition", slices(&decomposition, colouring)));
                legends.push(("decomposition", scales_legend(&decomposition)));
                if let Some(scales) = &scales {
                    pictures.push(("scales", slices(scales, colouring)));
                    legends.push(("scales", scales_legend(scales)));
                }
            }
        }
        let input_map = explanation.attribution.input_map();
        let scales = match &explanation.attribution {
            Attribution::Wavelet { scales, .. } => Some(scales.clone()),
            Attribution::Input(_) => None,
        };
        Self { pictures, regions, input_map, colouring, scales, legends }
    }
}

/// The map over the input and the per-scale maps (wavelet methods) that the
/// heat pictures colour: the attribution's own ([`Attribution::input_map`],
/// `Σ |a|`), or, signed, the same sums with the signs kept (`Σ a` over
/// channels, and over detail keys and levels).
fn coloured_maps(
    attribution: &Attribution,
    spatial: &[usize],
    colouring: Colouring,
) -> (HostArray, Option<HostArray>) {
    match (colouring, attribution) {
        (Colouring::Magnitude, Attribution::Wavelet { scales, .. }) => {
            (attribution.input_map(), Some(scales.clone()))
        }
        (Colouring::Magnitude, Attribution::Input(_)) => (attribution.input_map(), None),
        (Colouring::Signed, Attribution::Wavelet { bands, .. }) => {
            let scales = scale_maps(bands, spatial, HostArray::channel_sum);
            (scales.channel_sum(), Some(scales))
        }
        (Colouring::Signed, Attribution::Input(a)) => (a.channel_sum(), None),
    }
}

/// How the model's input looks: a waveform (1-D), the image or grey
/// levels (2-D), mid-slices of `Σ_c |x|` (3-D).
pub fn input_picture(manifest: &Manifest, input: &HostArray) -> Rgba {
    match input.shape().len() - 1 {
        1 => curves(&channel_mean(input)),
        2 => to_rgb(input, &manifest.preprocess),
        _ => slices(&volumes(input.channel_magnitude()), Colouring::Magnitude),
    }
}

/// The legend of a band picture of `bands` (summed over channels as
/// `colouring` says), each band on its own scale.
fn band_legend(bands: &[(Band, HostArray)], colouring: Colouring) -> Legend {
    let sums: Vec<Vec<f32>> =
        bands.iter().map(|(_, a)| colouring.channels(a).into_data()).collect();
    Legend::per_band(sums.iter().map(Vec::as_slice), colouring)
}

/// The mosaic layout of 2-D or 3-D bands (`[C, *band]` each, pywt order), with their values.
fn mosaic_regions(bands: &[(Band, HostArray)]) -> Vec<Region> {
    let shapes: Vec<(Band, Vec<usize>)> =
        bands.iter().map(|(b, a)| (b.clone(), a.shape()[1..].to_vec())).collect();
    let layout = Mosaic::new(&shapes).expect("bands of one decomposition");
    with_values(layout.regions, bands)
}

/// Each placed band with its values from `bands`.
fn with_values(places: Vec<MosaicRegion>, bands: &[(Band, HostArray)]) -> Vec<Region> {
    places
        .into_iter()
        .map(|place| {
            let (_, values) = bands.iter().find(|(b, _)| *b == place.band).expect("a placed band");
            let legend = Legend::shared(values.channel_magnitude().data(), Colouring::Magnitude);
            Region { values: values.clone(), place, legend }
        })
        .collect()
}

/// `[C, T]` → `[1, T]`: the mean over channels.
fn channel_mean(input: &HostArray) -> HostArray {
    let [c, t] = [input.shape()[0], input.shape()[1]];
    let mean = (0..t).map(|i| (0..c).map(|k| input.data()[k * t + i]).sum::<f32>() / c as f32);
    HostArray::new(vec![1, t], mean.collect()).expect("sized")
}

/// `[D, H, W]` → `[1, D, H, W]`.
fn volumes(volume: HostArray) -> HostArray {
    let shape = std::iter::once(1).chain(volume.shape().iter().copied()).collect();
    HostArray::new(shape, volume.into_data()).expect("same size")
}
