//! The explanation engine: gradients against finite differences, the
//! identities between methods, WAM-IG's completeness (on a small model), and
//! EfficientNet-Lite0 against numbers computed once with PyTorch.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use burn::tensor::module::conv2d;
use burn::tensor::ops::ConvOptions;
use burn::tensor::{Device, Tensor, TensorData};
use common::{random_array, random_values};
use wam::array::HostArray;
use wam::explain::{
    Attribution, ExplainOptions, Method, Target, explain, keep_top, levels_alone, reclassify_top,
};
use wam::io::{read_file, read_npy, read_npz};
use wam::model::{Classifier, InputSpec, Manifest, Model};
use wam::wavelet::{Dwt, Mode, Wavelet};

/// A small smooth CNN on [2, 8, 8]: conv 3×3 → tanh → 4 features; head: mean → linear to 3 classes.
struct TinyNet {
    input: InputSpec,
    conv: Tensor<4>,
    fc: Tensor<2>,
}

impl TinyNet {
    fn new(device: &Device) -> Self {
        let conv =
            Tensor::from_data(TensorData::new(random_values(4 * 2 * 9, 1), [4, 2, 3, 3]), device);
        let fc = Tensor::from_data(TensorData::new(random_values(4 * 3, 2), [4, 3]), device);
        Self { input: InputSpec { channels: 2, spatial: vec![8, 8] }, conv, fc }
    }
}

impl Classifier for TinyNet {
    fn input(&self) -> &InputSpec {
        &self.input
    }

    fn features(&self, x: Tensor<5>) -> Tensor<5> {
        let [n, c, _, h, w] = x.dims();
        let y = conv2d(
            x.reshape([n, c, h, w]),
            self.conv.clone(),
            None,
            ConvOptions::new([1, 1], [1, 1], [1, 1], 1),
        )
        .tanh();
        y.reshape([n, 4, 1, h, w])
    }

    fn head(&self, features: Tensor<5>) -> Tensor<2> {
        let [n, k, _, h, w] = features.dims();
        // Squares make the score non-linear in the input, so paths matter.
        features
            .powf_scalar(2.0)
            .reshape([n, k, h * w])
            .mean_dim(2)
            .reshape([n, k])
            .matmul(self.fc.clone())
    }
}

fn options(method: Method, wavelet: &str, mode: Mode) -> ExplainOptions {
    ExplainOptions {
        method,
        target: Target::Class(1),
        wavelet: Wavelet::new(wavelet).unwrap(),
        mode,
        levels: 2,
        samples: 8,
        noise: 0.0,
        seed: 3,
        batch: 3,
    }
}

fn run(
    model: &dyn Classifier,
    input: &HostArray,
    options: &ExplainOptions,
) -> wam::explain::Explanation {
    let device = Device::flex().autodiff();
    pollster::block_on(explain(model, input, options, &device, &mut |_, _| true)).unwrap()
}

/// The attribution as one vector (bands in order, or the input-domain array).
fn flat(attribution: &Attribution) -> Vec<f32> {
    match attribution {
        Attribution::Wavelet { bands, .. } => {
            bands.iter().flat_map(|(_, a)| a.data().to_vec()).collect()
        }
        Attribution::Input(a) => a.data().to_vec(),
    }
}

/// Target logit of the model on `x` ([C, H, W]), computed in one forward.
fn score(model: &dyn Classifier, x: &HostArray, target: usize) -> f64 {
    let device = Device::flex();
    let [c, h, w] = [x.shape()[0], x.shape()[1], x.shape()[2]];
    let t: Tensor<5> =
        Tensor::from_data(TensorData::new(x.data().to_vec(), [1, c, 1, h, w]), &device);
    let logits = model.logits(t).into_data().convert::<f32>().try_to_vec::<f32>().unwrap();
    logits[target] as f64
}

fn relative_l2(got: &[f32], want: &[f32]) -> f64 {
    let num: f64 = got.iter().zip(want).map(|(a, b)| ((a - b) as f64).powi(2)).sum();
    let den: f64 = want.iter().map(|b| (*b as f64).powi(2)).sum();
    (num / den).sqrt()
}

#[test]
fn wam_gradient_equals_finite_differences() {
    // db2 in symmetric mode is not orthogonal: the gradient must go through
    // the adjoint of the inverse transform.
    let model = TinyNet::new(&Device::flex());
    let x = random_array(&[2, 8, 8], 5);
    let options = options(Method::Wam, "db2", Mode::Symmetric);
    let attribution = flat(&run(&model, &x, &options).attribution);
    let dwt = Dwt::new(options.wavelet.clone(), options.mode, options.levels, 2).unwrap();
    let device = Device::flex();
    let coeffs = dwt.wavedecn_array(&x, &device).unwrap();
    let z = coeffs.flatten().into_data().convert::<f32>().try_to_vec::<f32>().unwrap();
    let f = |z: &[f32]| {
        let t = Tensor::<1>::from_data(TensorData::new(z.to_vec(), [z.len()]), &device);
        let rebuilt: Tensor<3> = dwt.reconstruct(&coeffs.unflatten(t).unwrap()).unwrap();
        let x = HostArray::new(
            vec![2, 8, 8],
            rebuilt.into_data().convert::<f32>().try_to_vec::<f32>().unwrap(),
        )
        .unwrap();
        score(&model, &x, 1)
    };
    let eps = 1e-2;
    for i in (0..z.len()).step_by(7) {
        let (mut up, mut down) = (z.clone(), z.clone());
        up[i] += eps;
        down[i] -= eps;
        let numeric = (f(&up) - f(&down)) / (2.0 * eps as f64);
        let analytic = attribution[i] as f64;
        assert!(
            (numeric - analytic).abs() < 2e-3 * (1.0 + numeric.abs()),
            "coefficient {i}: autodiff {analytic}, finite difference {numeric}"
        );
    }
}

#[test]
fn haar_wam_is_the_dwt_of_the_input_gradient() {
    let model = TinyNet::new(&Device::flex());
    let x = random_array(&[2, 8, 8], 6);
    let wam = flat(&run(&model, &x, &options(Method::Wam, "haar", Mode::Reflect)).attribution);
    let Attribution::Input(saliency) =
        run(&model, &x, &options(Method::Saliency, "haar", Mode::Reflect)).attribution
    else {
        panic!("input attribution")
    };
    let dwt = Dwt::new(Wavelet::new("haar").unwrap(), Mode::Reflect, 2, 2).unwrap();
    let transformed = dwt.wavedecn_array(&saliency, &Device::flex()).unwrap().flatten();
    let transformed = transformed.into_data().convert::<f32>().try_to_vec::<f32>().unwrap();
    assert!(relative_l2(&wam, &transformed) < 1e-5, "{}", relative_l2(&wam, &transformed));
}

#[test]
fn wam_sg_without_noise_is_wam() {
    let model = TinyNet::new(&Device::flex());
    let x = random_array(&[2, 8, 8], 7);
    let wam =
        flat(&run(&model, &x, &options(Method::Wam, "sym3", Mode::Periodization)).attribution);
    let sg =
        flat(&run(&model, &x, &options(Method::WamSg, "sym3", Mode::Periodization)).attribution);
    assert!(relative_l2(&sg, &wam) < 1e-5, "{}", relative_l2(&sg, &wam));
    // With noise it differs, and the seed makes it reproducible.
    let noisy =
        ExplainOptions { noise: 0.2, ..options(Method::WamSg, "sym3", Mode::Periodization) };
    let a = flat(&run(&model, &x, &noisy).attribution);
    assert!(relative_l2(&a, &wam) > 1e-3);
    assert_eq!(a, flat(&run(&model, &x, &noisy).attribution));
}

#[test]
fn integrated_gradients_are_complete() {
    // Σ attributions ≈ f(x) − f(0), in both domains, for enough steps.
    let model = TinyNet::new(&Device::flex());
    let x = random_array(&[2, 8, 8], 8);
    let gap = score(&model, &x, 1)
        - score(&model, &HostArray::new(vec![2, 8, 8], vec![0.0; 128]).unwrap(), 1);
    for method in [Method::WamIg, Method::Ig] {
        let steps = ExplainOptions { samples: 64, ..options(method, "db3", Mode::Symmetric) };
        let total: f64 = flat(&run(&model, &x, &steps).attribution).iter().map(|v| *v as f64).sum();
        assert!(
            (total - gap).abs() < 0.01 * gap.abs(),
            "{method}: sum {total}, f(x) - f(0) = {gap}"
        );
    }
}

#[test]
fn grad_cam_and_baselines_have_input_shapes() {
    let model = TinyNet::new(&Device::flex());
    let x = random_array(&[2, 8, 8], 9);
    for method in
        [Method::Saliency, Method::SmoothGrad, Method::Ig, Method::GradInput, Method::GradCam]
    {
        let Attribution::Input(a) =
            run(&model, &x, &options(method, "haar", Mode::Reflect)).attribution
        else {
            panic!("{method}")
        };
        let channels = if method == Method::GradCam { 1 } else { 2 };
        assert_eq!(a.shape(), [channels, 8, 8], "{method}");
        assert!(a.data().iter().all(|v| v.is_finite()), "{method}");
    }
}

#[test]
fn bad_inputs_are_refused() {
    let model = TinyNet::new(&Device::flex());
    let device = Device::flex().autodiff();
    let mut nan = random_array(&[2, 8, 8], 1).into_data();
    nan[5] = f32::NAN;
    let cases = [
        (
            HostArray::new(vec![2, 8, 8], nan).unwrap(),
            options(Method::Wam, "haar", Mode::Reflect),
            "non-finite",
        ),
        (random_array(&[3, 8, 8], 1), options(Method::Wam, "haar", Mode::Reflect), "shape"),
        (
            random_array(&[2, 8, 8], 1),
            ExplainOptions {
                target: Target::Class(9),
                ..options(Method::Wam, "haar", Mode::Reflect)
            },
            "class 9",
        ),
        (
            random_array(&[2, 8, 8], 1),
            ExplainOptions { samples: 0, ..options(Method::WamSg, "haar", Mode::Reflect) },
            "samples must be at least 1",
        ),
        (
            random_array(&[2, 8, 8], 1),
            ExplainOptions { batch: 0, ..options(Method::Wam, "haar", Mode::Reflect) },
            "batch must be at least 1",
        ),
        (
            random_array(&[2, 8, 8], 1),
            ExplainOptions {
                noise: f32::NAN,
                ..options(Method::SmoothGrad, "haar", Mode::Reflect)
            },
            "noise must be a finite number",
        ),
    ];
    for (input, options, expected) in cases {
        let err = pollster::block_on(explain(&model, &input, &options, &device, &mut |_, _| true))
            .unwrap_err()
            .to_string();
        assert!(err.contains(expected), "{err}");
    }
    let cancelled = pollster::block_on(explain(
        &model,
        &random_array(&[2, 8, 8], 1),
        &options(Method::WamSg, "haar", Mode::Reflect),
        &device,
        &mut |_, _| false,
    ));
    assert!(cancelled.unwrap_err().to_string().contains("cancelled"));
}

#[test]
fn keep_top_rebuilds_from_the_largest_attributions() {
    let model = TinyNet::new(&Device::flex());
    let device = Device::flex().autodiff();
    let x = random_array(&[2, 8, 8], 11);
    let options = ExplainOptions { noise: 0.1, ..options(Method::WamSg, "db2", Mode::Symmetric) };
    let explanation = run(&model, &x, &options);
    let (coefficients, bands) = explanation.features(&x);
    let values =
        |b: &[HostArray]| -> Vec<f32> { b.iter().flat_map(|a| a.data().to_vec()).collect() };
    let (coeffs, attribution) = (values(&coefficients), values(&bands));
    let total = coeffs.len();

    let (all, count) = keep_top(&coefficients, &bands, 1.0);
    assert_eq!((values(&all), count), (coeffs.clone(), total));
    let (none, count) = keep_top(&coefficients, &bands, 0.0);
    assert!(count == 0 && values(&none).iter().all(|v| *v == 0.0));

    let (some, count) = keep_top(&coefficients, &bands, 0.25);
    assert_eq!(count, (total as f64 * 0.25).ceil() as usize);
    let mut ranked: Vec<f32> = attribution.iter().map(|v| v.abs()).collect();
    ranked.sort_by(|a, b| b.total_cmp(a));
    let threshold = ranked[count - 1];
    for ((kept, original), a) in values(&some).iter().zip(&coeffs).zip(&attribution) {
        let expected = if a.abs() >= threshold { *original } else { 0.0 };
        assert_eq!(*kept, expected, "|attribution| {} against threshold {threshold}", a.abs());
    }

    let full = pollster::block_on(reclassify_top(&model, &x, &explanation, 1.0, &device)).unwrap();
    assert!(relative_l2(full.input.data(), x.data()) < 1e-5, "all coefficients rebuild the input");
    assert!((full.logits[1] as f64 - score(&model, &x, 1)).abs() < 1e-4);
    let empty = pollster::block_on(reclassify_top(&model, &x, &explanation, 0.0, &device)).unwrap();
    let zeros = HostArray::new(vec![2, 8, 8], vec![0.0; 128]).unwrap();
    assert!(
        empty.input.data().iter().all(|v| *v == 0.0)
            && (empty.logits[1] as f64 - score(&model, &zeros, 1)).abs() < 1e-5
    );
    assert_eq!((empty.kept, empty.total), (0, total));
    let refused = pollster::block_on(reclassify_top(&model, &x, &explanation, 1.5, &device));
    assert!(refused.unwrap_err().to_string().contains("0..=1"));
}

#[test]
fn keep_top_works_in_the_input_domain_too() {
    // Saliency ranks input values; Grad-CAM's one channel ranks every channel's value at a place.
    let model = TinyNet::new(&Device::flex());
    let device = Device::flex().autodiff();
    let x = random_array(&[2, 8, 8], 12);
    for method in [Method::Saliency, Method::GradCam] {
        let explanation = run(&model, &x, &options(method, "haar", Mode::Reflect));
        let full =
            pollster::block_on(reclassify_top(&model, &x, &explanation, 1.0, &device)).unwrap();
        assert_eq!(full.input, x, "{method}: keeping everything is the input");
        assert_eq!((full.kept, full.total), (128, 128));
        let half =
            pollster::block_on(reclassify_top(&model, &x, &explanation, 0.5, &device)).unwrap();
        let (values, attribution) = explanation.features(&x);
        let (expected, count) = keep_top(&values, &attribution, 0.5);
        assert_eq!((half.input.data(), half.kept), (expected[0].data(), count), "{method}");
        assert_eq!(half.input.data().iter().filter(|v| **v == 0.0).count(), 64, "{method}");
    }
}

#[test]
fn each_level_alone_holds_its_frequencies_and_all_add_up_to_the_input() {
    // Channel 0: a slow sine (1/32 cycle per sample, in the approximation's
    // band 0–1/8 for 2 levels); channel 1: a fast one (3/8, in level 1's 1/4–1/2).
    let model = test_network(1);
    let sine = |f: f64| (0..64).map(move |i| (std::f64::consts::TAU * f * i as f64).sin() as f32);
    let x = HostArray::new(vec![2, 64], sine(1.0 / 32.0).chain(sine(3.0 / 8.0)).collect()).unwrap();
    let explanation =
        run(model.network.as_ref(), &x, &options(Method::Saliency, "sym8", Mode::Periodization));
    let device = Device::flex().autodiff();
    let alone = pollster::block_on(levels_alone(&explanation, x.shape(), &device)).unwrap();
    assert_eq!(alone.len(), 3, "the approximation and 2 levels");
    let sum: Vec<f32> = (0..128).map(|i| alone.iter().map(|a| a.data()[i]).sum()).collect();
    assert!(common::max_diff(&sum, x.data()) < 1e-5, "the levels do not add up to the input");
    let (slow, fast) = x.data().split_at(64);
    let error_0 = relative_l2(&alone[0].data()[..64], slow);
    let error_1 = relative_l2(&alone[1].data()[64..], fast);
    assert!(error_0 < 0.1 && error_1 < 0.1, "slow sine {error_0}, fast sine {error_1}");
}

/// The `small-cnn` test model of `rank`, on the autodiff CPU device.
fn test_network(rank: usize) -> Model {
    let m = common::models::test_model(rank);
    let manifest = Manifest::from_json(&m.manifest).unwrap();
    Model::load(manifest, &m.weights, &m.labels, &Device::flex().autodiff()).unwrap()
}

#[test]
fn every_rank_haar_wam_is_the_dwt_of_the_input_gradient() {
    // The same identity as above, through the test models of 1-D, 2-D and 3-D inputs.
    for rank in 1..=3 {
        let model = test_network(rank);
        let x = random_array(&common::models::input_shape(rank), 20 + rank as u64);
        let network = model.network.as_ref();
        let wam =
            flat(&run(network, &x, &options(Method::Wam, "haar", Mode::Symmetric)).attribution);
        let Attribution::Input(saliency) =
            run(network, &x, &options(Method::Saliency, "haar", Mode::Symmetric)).attribution
        else {
            panic!("input attribution")
        };
        assert!(saliency.data().iter().any(|v| *v != 0.0), "rank {rank}: a zero gradient");
        let dwt = Dwt::new(Wavelet::new("haar").unwrap(), Mode::Symmetric, 2, rank).unwrap();
        let transformed = dwt.wavedecn_array(&saliency, &Device::flex()).unwrap().flatten();
        let transformed = transformed.into_data().convert::<f32>().try_to_vec::<f32>().unwrap();
        let error = relative_l2(&wam, &transformed);
        assert!(error < 1e-5, "rank {rank}: {error}");
    }
}

#[test]
fn every_rank_wam_gradient_equals_finite_differences() {
    // Two coefficients per rank (approximation and finest detail), db2, symmetric.
    for rank in 1..=3 {
        let model = test_network(rank);
        let network = model.network.as_ref();
        let x = random_array(&common::models::input_shape(rank), 30 + rank as u64);
        let e = run(network, &x, &options(Method::Wam, "db2", Mode::Symmetric));
        let dwt = Dwt::new(Wavelet::new("db2").unwrap(), Mode::Symmetric, 2, rank).unwrap();
        let device = Device::flex();
        let grads = flat(&e.attribution);
        let len = grads.len();
        for index in [3, len - 5] {
            let shifted = |delta: f32| {
                let coeffs = dwt.wavedecn_array(&x, &device).unwrap();
                let mut flat =
                    coeffs.flatten().into_data().convert::<f32>().try_to_vec::<f32>().unwrap();
                flat[index] += delta;
                let z = coeffs
                    .unflatten(Tensor::from_data(TensorData::new(flat, [len]), &device))
                    .unwrap();
                let (rebuilt, shape) = dwt.reconstruct_any(&z).unwrap();
                let data = rebuilt.into_data().convert::<f32>().try_to_vec::<f32>().unwrap();
                let input = HostArray::new(shape, data).unwrap();
                let logits = pollster::block_on(wam::explain::classify(network, &input, &device));
                logits.unwrap()[1] as f64
            };
            let h = 2e-3;
            let numeric = (shifted(h) - shifted(-h)) / (2.0 * h as f64);
            let analytic = grads[index] as f64;
            assert!(
                (numeric - analytic).abs() < 2e-3 * (1.0 + analytic.abs()),
                "rank {rank}, coefficient {index}: {analytic} vs finite differences {numeric}"
            );
        }
    }
}

/// EfficientNet-Lite0 from models/ (built by scripts/fetch-models).
fn efficientnet(device: &Device) -> Model {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("models/efficientnet-lite0");
    let weights = std::fs::read(dir.join("weights.safetensors"))
        .expect("models/efficientnet-lite0/weights.safetensors: run scripts/fetch-models first");
    let manifest =
        Manifest::from_json(&std::fs::read_to_string(dir.join("manifest.json")).unwrap()).unwrap();
    let labels = std::fs::read_to_string(dir.join("labels.txt")).unwrap();
    Model::load(manifest, &weights, &labels, device).unwrap()
}

fn fixture(name: &str) -> Vec<u8> {
    read_file(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/efficientnet")
            .join(name),
    )
    .unwrap()
}

#[test]
fn efficientnet_logits_and_wam_gradients_match_pytorch() {
    let device = Device::flex().autodiff();
    let model = efficientnet(&device);
    assert_eq!(model.label(282), "tiger cat");
    let input = read_npy(&fixture("chelsea_input.npy")).unwrap();
    let want_logits = read_npy(&fixture("chelsea_logits.npy")).unwrap();
    let options =
        ExplainOptions { method: Method::Wam, target: Target::Auto, ..ExplainOptions::default() };
    let e = pollster::block_on(explain(
        model.network.as_ref(),
        &input,
        &options,
        &device,
        &mut |_, _| true,
    ))
    .unwrap();
    let err = relative_l2(&e.logits, want_logits.data());
    assert!(err < 1e-4, "logits relative L2 error {err}");
    // The forward-only path (no autodiff: the faithfulness curves) too.
    let plain = Device::flex();
    let x = input.to_tensor::<3>(&plain).unwrap().reshape([1, 3, 1, 224, 224]);
    let logits = model.network.logits(x).into_data().try_to_vec::<f32>().unwrap();
    let err = relative_l2(&logits, want_logits.data());
    assert!(err < 1e-4, "forward-only logits relative L2 error {err}");
    assert_eq!(e.target, 282);
    let Attribution::Wavelet { bands, .. } = &e.attribution else { panic!("wavelet attribution") };
    let want = read_npz(&fixture("chelsea_wam.npz")).unwrap();
    for (band, got) in bands {
        let (_, reference) =
            want.iter().find(|(name, _)| *name == band.name()).expect("band in fixture");
        assert_eq!(got.shape(), reference.shape(), "{}", band.name());
        let err = relative_l2(got.data(), reference.data());
        assert!(err < 1e-2, "band {}: relative L2 error {err}", band.name());
    }
}
