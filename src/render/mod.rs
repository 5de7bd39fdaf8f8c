//! Pictures of 2-D attributions as RGBA pixels: heatmaps, overlays, the
//! coefficient mosaic and the per-scale maps. Encoding (PNG, canvas) is the
//! caller's business.

mod colormap;
mod views;

pub use colormap::inferno;
pub use views::{Rgba, heat_layer, heatmap, mosaic_view, overlay, scales_view, to_rgb};
