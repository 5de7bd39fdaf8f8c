//! The wavelet core's checks in headless Chromium (`cargo test --target
//! wasm32-unknown-unknown`, as scripts/test runs it), on the CPU backend and on WebGPU (SwiftShader
//! headless). The same checks run natively in tests/wavelet_pywt.rs and
//! tests/wavelet_properties.rs.
#![cfg(target_arch = "wasm32")]

mod common;

use burn::tensor::Device;
use common::checks::{self, Case};
use common::report;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// A sample of the fixture cases: every `n`-th, so that each backend covers
/// every family, mode and rank without repeating the native run in full.
fn every_nth<const N: usize>(i: usize, _: &Case) -> bool {
    i.is_multiple_of(N)
}

/// On WebGPU each new filter length compiles new kernels (slow on
/// SwiftShader): one short wavelet per family, every mode and rank.
fn one_wavelet_per_family(i: usize, case: &Case) -> bool {
    ["haar", "db2", "sym3", "coif1"].contains(&case.wavelet.as_str()) && i.is_multiple_of(2)
}

/// The WebGPU device, initialised once per page (a second init is refused).
async fn webgpu() -> Device {
    static DEVICE: std::sync::OnceLock<Device> = std::sync::OnceLock::new();
    if let Some(device) = DEVICE.get() {
        return device.clone();
    }
    wam::web::run_constructors();
    let device = Device::wgpu_options()
        .init_async()
        .await
        .expect("WebGPU adapter (Chromium needs --enable-unsafe-webgpu)");
    DEVICE.get_or_init(|| device).clone()
}

#[wasm_bindgen_test]
async fn cpu_matches_pywt() {
    let device = Device::flex();
    let (mut failures, mut count) = checks::wavedecn_matches_pywt(&device, every_nth::<4>).await;
    let (f, c) = checks::waverecn_matches_pywt(&device, every_nth::<4>).await;
    failures.extend(f);
    count += c;
    let (f, c) = checks::mosaic_matches_pywt(&device).await;
    failures.extend(f);
    report(failures, count + c);
}

#[wasm_bindgen_test]
async fn cpu_properties() {
    let device = Device::flex().autodiff();
    let mut failures = Vec::new();
    let mut count = 0;
    for (f, c) in [
        checks::perfect_reconstruction(&device, 4).await,
        checks::flatten_round_trips(&device).await,
        checks::periodization_preserves_energy(&device).await,
        checks::autodiff_adjoints(&device, &["haar", "db3"]).await,
        checks::inverse_gradient_is_transformed_input_gradient(&device).await,
    ] {
        failures.extend(f);
        count += c;
    }
    report(failures, count);
}

#[wasm_bindgen_test]
async fn webgpu_matches_pywt() {
    let device = webgpu().await;
    let (mut failures, count) =
        checks::wavedecn_matches_pywt(&device, one_wavelet_per_family).await;
    let (f, c) = checks::waverecn_matches_pywt(&device, one_wavelet_per_family).await;
    failures.extend(f);
    report(failures, count + c);
}

#[wasm_bindgen_test]
async fn webgpu_properties() {
    let device = webgpu().await.autodiff();
    let mut failures = Vec::new();
    let mut count = 0;
    for (f, c) in [
        checks::perfect_reconstruction(&device, 9).await,
        checks::flatten_round_trips(&device).await,
        checks::autodiff_adjoints(&device, &["db2"]).await,
        checks::inverse_gradient_is_transformed_input_gradient(&device).await,
    ] {
        failures.extend(f);
        count += c;
    }
    report(failures, count);
}
