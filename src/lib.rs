//! wam: the Wavelet Attribution Method (Kasmi et al., ICML 2025).
//!
//! Explains a classifier through gradients on the wavelet coefficients of
//! its input, for audio (1-D), images (2-D) and volumes (3-D).
#![warn(missing_docs)]

pub mod array;
pub mod io;
pub mod wavelet;
