//! The CPU device the CLI computes on: burn's `flex` backend, or the
//! deprecated `ndarray` one when the crate is built with
//! `--no-default-features --features cli,ndarray` (for comparisons).

use burn::tensor::Device;

/// The CPU device of this build.
pub fn cpu() -> Device {
    #[cfg(feature = "flex")]
    return Device::flex();
    // Deprecated in burn 0.22, kept selectable on purpose: see the module doc.
    #[cfg(all(feature = "ndarray", not(feature = "flex")))]
    #[allow(deprecated)]
    return Device::ndarray();
}

/// How the report names it.
pub const CPU_NAME: &str =
    if cfg!(feature = "flex") { "cpu (burn flex)" } else { "cpu (burn ndarray)" };
