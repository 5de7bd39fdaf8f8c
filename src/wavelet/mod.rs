//! Multilevel discrete wavelet transform over the last 1, 2 or 3 axes of a
//! tensor, with PyWavelets' filters, modes, shapes and key names.
//!
//! One axis of one level is either the CPU backend's loops (`flex`: custom
//! operations whose backward pass is their adjoint) or, on every other
//! backend, burn tensor operations (gathers, strided convolutions and
//! their transposes); autodiff flows through both the forward and the
//! inverse transform on each.
//!
//! ```
//! use burn::tensor::{Device, Tensor};
//! use wam::wavelet::{Dwt, Mode, Wavelet};
//!
//! let device = Device::default();
//! let x = Tensor::<1>::from_floats([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0], &device);
//! let dwt = Dwt::new(Wavelet::new("haar").unwrap(), Mode::Symmetric, 2, 1).unwrap();
//! let coeffs = dwt.wavedecn(x.clone()).unwrap();
//! assert_eq!(coeffs.band("d1_d").unwrap().dims(), [1, 1, 1, 4]);
//! let back = dwt.waverecn(&coeffs).unwrap();
//! assert!(back.sub(x.reshape([1, 1, 1, 8])).abs().max().into_scalar::<f32>() < 1e-5);
//! ```

mod axis;
mod coefficients;
mod error;
mod filter_table;
mod filters;
#[cfg(feature = "flex")]
mod flex;
#[cfg(feature = "flex")]
mod host;
mod mode;
mod mosaic;
mod transform;

pub use coefficients::{Band, Coefficients, band_order};
pub use error::WaveletError;
pub use filters::Wavelet;
pub use mode::Mode;
pub use mosaic::{Mosaic, MosaicRegion};
pub use transform::{Dwt, dwt_max_level};
