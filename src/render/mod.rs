//! Pictures of attributions as RGBA pixels: heatmaps, overlays, the
//! coefficient mosaic and the per-scale maps of images; strips, scalograms
//! and curves of signals; mid-slices of volumes. Encoding (PNG, canvas) is
//! the caller's business.

mod chart;
mod colormap;
mod colouring;
mod plots;
mod scale;
mod text;
mod views;

pub use chart::{Series, line_chart, line_charts};
pub use colormap::{diverging, inferno};
pub use colouring::Colouring;
pub use plots::{curves, scalogram, slices, strip};
pub use scale::{CLIP_PERCENTILE, Legend, display_top};
pub use views::{Rgba, grey, heat_layer, heatmap, mosaic_view, overlay, scales_view, to_rgb};
