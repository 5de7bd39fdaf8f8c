//! wam: the Wavelet Attribution Method (Kasmi et al., ICML 2025).
//!
//! Explains a classifier through gradients on the wavelet coefficients of
//! its input, for audio (1-D), images (2-D) and volumes (3-D). Data flows
//! one way: [`io`] decodes, [`preprocess`] makes the model's tensor,
//! [`wavelet`] transforms, [`model`] classifies, [`explain`] attributes.
#![warn(missing_docs)]

pub mod array;
pub mod explain;
pub mod io;
pub mod model;
pub mod preprocess;
pub mod render;
pub mod resample;
pub mod wavelet;
#[cfg(target_arch = "wasm32")]
pub mod web;
