//! The wavelet core against PyWavelets 1.8 on the CPU backend (fixtures in
//! tests/fixtures/pywt, made by generate.py there): every wavelet and mode,
//! ranks 1–3, odd and even sizes, leading axes, levels beyond `dwt_max_level`.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use burn::tensor::Device;
use common::{checks, report};

#[test]
fn wavedecn_matches_pywt() {
    let (failures, count) =
        pollster::block_on(checks::wavedecn_matches_pywt(&Device::flex(), checks::all));
    assert!(count > 700, "only {count} cases");
    report(failures, count);
}

#[test]
fn waverecn_matches_pywt() {
    let (failures, count) =
        pollster::block_on(checks::waverecn_matches_pywt(&Device::flex(), checks::all));
    assert!(count > 300, "only {count} cases");
    report(failures, count);
}

#[test]
fn mosaic_matches_coeffs_to_array() {
    let (failures, count) = pollster::block_on(checks::mosaic_matches_pywt(&Device::flex()));
    report(failures, count);
}
