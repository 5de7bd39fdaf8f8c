//! wam: the Wavelet Attribution Method (Kasmi et al., ICML 2025).
//!
//! Explains a classifier through gradients on the wavelet coefficients of
//! its input, for audio (1-D), images (2-D) and volumes (3-D). Data flows
//! one way: [`modality`] turns raw input (a decoded image, or a tensor read
//! by [`io`]) into the model's tensor; [`explain`] attributes it, with
//! [`wavelet`] transforms and a [`model`]; [`modality::Views`] turns the
//! explanation into pictures ([`render`]) and arrays for the CLI and the page.
#![warn(missing_docs)]

pub mod array;
pub mod explain;
pub mod io;
pub mod mesh;
pub mod metrics;
pub mod modality;
pub mod model;
pub mod render;
pub mod resample;
pub mod shapes;
pub mod split;
#[cfg(test)]
mod test_values;
pub mod wavelet;
#[cfg(target_arch = "wasm32")]
pub mod web;
