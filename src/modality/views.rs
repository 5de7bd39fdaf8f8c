//! [`Views`]: what an explanation shows, as data for any drawer (the CLI
//! writes PNG files, the page draws canvases). Which pictures there are
//! follows the input's rank; every layout is computed here, once.

use crate::array::HostArray;
use crate::explain::{Attribution, Explanation, scale_maps};
use crate::model::Manifest;
use crate::render::{
    Legend, Rgba, curves, heat_layer, heatmap, mosaic_view, overlay, scales_view, scalogram,
    slices, strip, to_rgb,
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

/// Pictures (RGBA) by name and the arrays behind them.
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
    /// `[levels + 1, *spatial]` (wavelet methods): one map per level, finest first.
    pub scales: Option<HostArray>,
    /// What the colours of each heat picture named here mean (its colour bar).
    pub legends: Vec<(&'static str, Legend)>,
}

/// The heat over an image at this opacity in the `overlay` picture.
const OVERLAY_OPACITY: f32 = 0.7;

impl Views {
    /// The views of `explanation` of `input` (`[C, *spatial]`, prepared for `manifest`'s model).
    pub fn new(manifest: &Manifest, input: &HostArray, explanation: &Explanation) -> Self {
        let input_map = explanation.attribution.input_map();
        let bands = match &explanation.attribution {
            Attribution::Wavelet { bands, scales } => Some((bands, scales)),
            Attribution::Input(_) => None,
        };
        let decomposition = &explanation.decomposition;
        let mut pictures = Vec::new();
        let mut regions = Vec::new();
        let map_legend = Legend::shared(input_map.data());
        let mut legends = Vec::new();
        match input.shape().len() - 1 {
            1 => {
                let len = input.shape()[1];
                pictures.push(("input", input_picture(manifest, input)));
                pictures.push(("heatmap", strip(&input_map)));
                legends.push(("heatmap", map_legend));
                let (picture, placed) = scalogram(decomposition, len);
                pictures.push(("decomposition", picture));
                regions.push(("decomposition", with_values(placed, decomposition)));
                legends.push(("decomposition", band_legend(decomposition)));
                if let Some((bands, scales)) = bands {
                    let (picture, placed) = scalogram(bands, len);
                    pictures.push(("scalogram", picture));
                    regions.push(("scalogram", with_values(placed, bands)));
                    legends.push(("scalogram", band_legend(bands)));
                    pictures.push(("curves", curves(scales)));
                }
            }
            2 => {
                let picture = input_picture(manifest, input);
                pictures.push(("overlay", overlay(&picture, &input_map, OVERLAY_OPACITY)));
                pictures.push(("input", picture));
                pictures.push(("heat", heat_layer(&input_map)));
                pictures.push(("heatmap", heatmap(&input_map)));
                for name in ["overlay", "heat", "heatmap"] {
                    legends.push((name, map_legend.clone()));
                }
                pictures.push(("decomposition", mosaic_view(decomposition)));
                regions.push(("decomposition", mosaic_regions(decomposition)));
                legends.push(("decomposition", band_legend(decomposition)));
                if let Some((bands, scales)) = bands {
                    pictures.push(("mosaic", mosaic_view(bands)));
                    regions.push(("mosaic", mosaic_regions(bands)));
                    legends.push(("mosaic", band_legend(bands)));
                    pictures.push(("scales", scales_view(scales)));
                    legends.push(("scales", Legend::shared(scales.data())));
                }
            }
            _ => {
                let spatial = &input.shape()[1..];
                pictures.push(("input", input_picture(manifest, input)));
                pictures.push(("heatmap", slices(&volumes(input_map.clone()))));
                legends.push(("heatmap", map_legend));
                regions.push(("decomposition", mosaic_regions(decomposition)));
                let decomposition = scale_maps(decomposition, spatial);
                pictures.push(("decomposition", slices(&decomposition)));
                legends.push(("decomposition", Legend::shared(decomposition.data())));
                if let Some((_, scales)) = bands {
                    pictures.push(("scales", slices(scales)));
                    legends.push(("scales", Legend::shared(scales.data())));
                }
            }
        }
        let scales = bands.map(|(_, scales)| scales.clone());
        Self { pictures, regions, input_map, scales, legends }
    }
}

/// How the model's input looks: a waveform (1-D), the image or grey
/// levels (2-D), mid-slices of `Σ_c |x|` (3-D).
pub fn input_picture(manifest: &Manifest, input: &HostArray) -> Rgba {
    match input.shape().len() - 1 {
        1 => curves(&channel_mean(input)),
        2 => to_rgb(input, &manifest.preprocess),
        _ => slices(&volumes(input.channel_magnitude())),
    }
}

/// The legend of a band picture of `bands`: `Σ_c |·|`, each band on its own scale.
fn band_legend(bands: &[(Band, HostArray)]) -> Legend {
    let magnitudes: Vec<Vec<f32>> =
        bands.iter().map(|(_, a)| a.channel_magnitude().into_data()).collect();
    Legend::per_band(magnitudes.iter().map(Vec::as_slice))
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
            let legend = Legend::shared(values.channel_magnitude().data());
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
