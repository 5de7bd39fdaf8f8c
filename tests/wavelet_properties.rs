//! Properties of the wavelet core that hold apart from any reference
//! values, on the CPU backend: perfect reconstruction, orthogonality,
//! adjoints, and autodiff through the inverse transform.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use burn::tensor::Device;
use common::{checks, report};

#[test]
fn perfect_reconstruction_for_every_wavelet_and_mode() {
    let (failures, count) = pollster::block_on(checks::perfect_reconstruction(&Device::flex(), 1));
    report(failures, count);
}

#[test]
fn flatten_and_unflatten_keep_band_order() {
    let (failures, count) = pollster::block_on(checks::flatten_round_trips(&Device::flex()));
    report(failures, count);
}

#[test]
fn periodization_is_orthogonal() {
    let (failures, count) =
        pollster::block_on(checks::periodization_preserves_energy(&Device::flex()));
    report(failures, count);
}

#[test]
fn autodiff_gives_the_adjoints_of_both_transforms() {
    let device = Device::flex().autodiff();
    let (failures, count) =
        pollster::block_on(checks::autodiff_adjoints(&device, &["haar", "db3", "sym4", "coif1"]));
    report(failures, count);
}

#[test]
fn gradient_through_the_inverse_is_the_transformed_input_gradient() {
    let device = Device::flex().autodiff();
    let (failures, count) =
        pollster::block_on(checks::inverse_gradient_is_transformed_input_gradient(&device));
    report(failures, count);
}
