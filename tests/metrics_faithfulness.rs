//! Faithfulness metrics against a straightforward reference: insertion and
//! deletion recomputed one input at a time (`common/faithfulness.rs`:
//! features zeroed in plain vectors, an independent Haar inverse), their endpoints,
//! batch invariance, µ-fidelity on a linear model, and the correlations
//! against values worked out by hand.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use burn::tensor::{Device, Tensor, TensorData};
use common::faithfulness::{logits_of, reference_curve};
use common::models::test_model;
use common::random_array;
use wam::array::HostArray;
use wam::explain::{ExplainOptions, Explanation, Method, Target, explain};
use wam::metrics::{
    CurveKind, Faithfulness, MetricsOptions, Ranking, pearson, sanity_check, spearman,
};
use wam::model::{Classifier, InputSpec, Manifest, Model, softmax};
use wam::wavelet::{Mode, Wavelet};

fn device() -> Device {
    Device::flex().autodiff()
}

fn tiny(rank: usize) -> Model {
    let m = test_model(rank);
    Model::load(Manifest::from_json(&m.manifest).unwrap(), &m.weights, &m.labels, &device())
        .unwrap()
}

fn explain_with(model: &dyn Classifier, x: &HostArray, method: Method) -> Explanation {
    let options = ExplainOptions {
        method,
        target: Target::Class(1),
        levels: 2,
        samples: 4,
        mode: Mode::Reflect,
        wavelet: Wavelet::new("haar").unwrap(),
        ..ExplainOptions::default()
    };
    pollster::block_on(explain(model, x, &options, &device(), &mut |_, _| true)).unwrap()
}

fn metrics(
    model: &dyn Classifier,
    x: &HostArray,
    e: &Explanation,
    options: MetricsOptions,
) -> wam::metrics::Metrics {
    let f = Faithfulness::new(model, x, e, options, &device()).unwrap();
    pollster::block_on(f.evaluate(&mut |_, _| true)).unwrap()
}

fn max_gap(a: &[f32], b: &[f32]) -> f32 {
    assert_eq!(a.len(), b.len());
    a.iter().zip(b).map(|(x, y)| (x - y).abs()).fold(0.0, f32::max)
}

#[test]
fn curves_equal_the_one_at_a_time_reference() {
    let model = tiny(2);
    let x = random_array(&[3, 16, 16], 21);
    for method in [Method::WamIg, Method::Wam, Method::Saliency, Method::GradCam] {
        let e = explain_with(model.network.as_ref(), &x, method);
        let options = MetricsOptions { steps: 10, batch: 4, ..MetricsOptions::default() };
        let m = metrics(model.network.as_ref(), &x, &e, options);
        for (curve, insertion) in [(&m.insertion, true), (&m.deletion, false)] {
            let want = reference_curve(model.network.as_ref(), &x, &e, 10, insertion);
            let gap = max_gap(&curve.curve, &want);
            assert!(gap < 1e-5, "{method} insertion={insertion}: {:?} vs {want:?}", curve.curve);
            // The AUC is the trapezoid mean of the curve.
            let area: f32 = want.windows(2).map(|w| (w[0] + w[1]) / 20.0).sum();
            assert!((curve.auc - area).abs() < 1e-5, "{method}: auc {} vs {area}", curve.auc);
        }
        // Not a flat line: the test could tell a wrong order from a right one.
        let spread =
            m.deletion.curve.iter().fold(0.0f32, |s, p| s.max((p - m.deletion.curve[0]).abs()));
        assert!(spread > 1e-3, "{method}: deletion curve is flat");
    }
}

#[test]
fn curves_start_and_end_where_they_must_in_every_rank() {
    for rank in 1..=3 {
        let model = tiny(rank);
        let net = model.network.as_ref();
        let x = random_array(&test_model(rank).shape, 30 + rank as u64);
        let zero = HostArray::new(x.shape().to_vec(), vec![0.0; x.data().len()]).unwrap();
        let p_x = softmax(&logits_of(net, &x))[1];
        let p_0 = softmax(&logits_of(net, &zero))[1];
        for method in [Method::WamSg, Method::Ig] {
            let e = explain_with(net, &x, method);
            let m = metrics(net, &x, &e, MetricsOptions { steps: 8, ..MetricsOptions::default() });
            let (ins, del) = (&m.insertion.curve, &m.deletion.curve);
            assert_eq!((ins.len(), del.len()), (9, 9));
            for (what, got, want) in [
                ("insertion ends at p(x)", ins[8], p_x),
                ("deletion starts at p(x)", del[0], p_x),
                ("insertion starts at p(0)", ins[0], p_0),
                ("deletion ends at p(0)", del[8], p_0),
            ] {
                assert!((got - want).abs() < 1e-5, "rank {rank} {method}: {what}: {got} vs {want}");
            }
        }
    }
}

#[test]
fn batch_size_does_not_change_the_results() {
    let model = tiny(1);
    let x = random_array(&[2, 64], 40);
    let e = explain_with(model.network.as_ref(), &x, Method::WamIg);
    let run = |batch| {
        let options = MetricsOptions { steps: 12, subsets: 20, batch, ..MetricsOptions::default() };
        metrics(model.network.as_ref(), &x, &e, options)
    };
    let one = run(1);
    // Measures need no autodiff: a plain device gives the same numbers.
    let options = MetricsOptions { steps: 12, subsets: 20, batch: 5, ..MetricsOptions::default() };
    let f = Faithfulness::new(model.network.as_ref(), &x, &e, options, &Device::flex()).unwrap();
    let plain = pollster::block_on(f.evaluate(&mut |_, _| true)).unwrap();
    for batch in [5, 13, 64] {
        let other = if batch == 5 { plain.clone() } else { run(batch) };
        assert!(max_gap(&one.insertion.curve, &other.insertion.curve) < 1e-6, "batch {batch}");
        assert!(max_gap(&one.deletion.curve, &other.deletion.curve) < 1e-6, "batch {batch}");
        assert!((one.mu_fidelity - other.mu_fidelity).abs() < 1e-5, "batch {batch}");
    }
}

#[test]
fn the_normalised_auc_is_the_auc_over_the_curves_maximum() {
    let model = tiny(3);
    let x = random_array(&[1, 8, 8, 8], 42);
    let e = explain_with(model.network.as_ref(), &x, Method::WamSg);
    let run = |normalise| {
        let options =
            MetricsOptions { steps: 8, subsets: 4, normalise, ..MetricsOptions::default() };
        metrics(model.network.as_ref(), &x, &e, options)
    };
    let (plain, normalised) = (run(false), run(true));
    for (a, b) in
        [(&plain.insertion, &normalised.insertion), (&plain.deletion, &normalised.deletion)]
    {
        assert_eq!(a.curve, b.curve);
        let max = a.curve.iter().fold(0.0f32, |m, p| m.max(*p));
        assert!((b.auc - a.auc / max).abs() < 1e-6 && b.auc > a.auc, "{} {} {max}", a.auc, b.auc);
    }
}

#[test]
fn progress_reports_the_curve_so_far_and_cancels() {
    let model = tiny(1);
    let x = random_array(&[2, 64], 41);
    let e = explain_with(model.network.as_ref(), &x, Method::Saliency);
    let options = MetricsOptions { steps: 10, batch: 4, ..MetricsOptions::default() };
    let f = Faithfulness::new(model.network.as_ref(), &x, &e, options, &device()).unwrap();
    let mut seen = Vec::new();
    let curve = pollster::block_on(f.curve(CurveKind::Insertion, &mut |points, total| {
        seen.push((points.len(), total));
        true
    }))
    .unwrap();
    assert_eq!(seen, [(4, 11), (8, 11), (11, 11)]);
    assert_eq!(curve.curve.len(), 11);
    let mut calls = 0;
    let cancelled = pollster::block_on(f.curve(CurveKind::Deletion, &mut |_, _| {
        calls += 1;
        false
    }));
    assert!(matches!(cancelled, Err(wam::explain::ExplainError::Cancelled)) && calls == 1);
}

/// `f(x) = W·x + b`: removing a subset S lowers the target logit by
/// exactly `Σ_{i∈S} w_i x_i`, gradient × input's attribution of S.
struct Linear {
    input: InputSpec,
    weight: Tensor<2>,
}

impl Classifier for Linear {
    fn input(&self) -> &InputSpec {
        &self.input
    }
    fn features(&self, x: Tensor<5>) -> Tensor<5> {
        x
    }
    fn head(&self, features: Tensor<5>) -> Tensor<2> {
        let [n, c, a, h, w] = features.dims();
        features.reshape([n, c * a * h * w]).matmul(self.weight.clone()).add_scalar(0.5)
    }
}

#[test]
fn mu_fidelity_is_one_for_exact_attributions_and_reproducible() {
    let shape = [2usize, 8, 8];
    let weight = common::random_values(128 * 3, 50);
    let model = Linear {
        input: InputSpec { channels: 2, spatial: vec![8, 8] },
        weight: Tensor::from_data(TensorData::new(weight, [128, 3]), &device()),
    };
    let x = random_array(&shape, 51);
    // Exact in both domains: W⁻¹ is linear, so WAM-IG is z ⊙ ∂f/∂z exactly.
    for method in [Method::GradInput, Method::WamIg] {
        let e = explain_with(&model, &x, method);
        let mu = metrics(&model, &x, &e, MetricsOptions::default()).mu_fidelity;
        assert!((mu - 1.0).abs() < 1e-4, "{method}: µ-fidelity {mu}");
    }
    // A non-linear model: below 1, the same for the same seed, not for another.
    let tiny = tiny(2);
    let x = random_array(&[3, 16, 16], 52);
    let e = explain_with(tiny.network.as_ref(), &x, Method::Saliency);
    let mu = |seed| {
        let options = MetricsOptions { seed, subsets: 32, ..MetricsOptions::default() };
        metrics(tiny.network.as_ref(), &x, &e, options).mu_fidelity
    };
    let (a, b, c) = (mu(3), mu(3), mu(4));
    assert_eq!(a, b);
    assert!(a != c && a.abs() < 0.999, "{a} {c}");
}

#[test]
fn signed_ranking_puts_negative_evidence_last() {
    // On the linear model, deleting by signed gradient × input first removes
    // what raises the score: the deletion curve falls below the magnitude one.
    let weight = common::random_values(128 * 3, 60);
    let model = Linear {
        input: InputSpec { channels: 2, spatial: vec![8, 8] },
        weight: Tensor::from_data(TensorData::new(weight, [128, 3]), &device()),
    };
    let x = random_array(&[2, 8, 8], 61);
    let e = explain_with(&model, &x, Method::GradInput);
    let del = |ranking| {
        let options = MetricsOptions { ranking, steps: 16, ..MetricsOptions::default() };
        metrics(&model, &x, &e, options).deletion.auc
    };
    assert!(del(Ranking::Signed) < del(Ranking::Magnitude));
}

#[test]
fn correlations_match_hand_computed_values() {
    let (a, b) = ([1.0, 2.0, 3.0, 4.0], [2.0, 4.0, 5.0, 4.0]);
    // Σdxdy = 3.5, Σdx² = 5, Σdy² = 4.75.
    assert!((pearson(&a, &b) - 3.5 / 23.75f64.sqrt()).abs() < 1e-12);
    // Ranks of b: 1, 2.5, 4, 2.5 → Σdxdy = 3, Σdx² = 5, Σdy² = 4.5.
    assert!((spearman(&a, &b) - 3.0 / 22.5f64.sqrt()).abs() < 1e-12);
    assert!((spearman(&a, &[10.0, 20.0, 400.0, 500.0]) - 1.0).abs() < 1e-12);
    assert!((spearman(&a, &[4.0, 3.0, 2.0, -9.0]) + 1.0).abs() < 1e-12);
    assert!(pearson(&a, &[1.0; 4]).is_nan());
}

#[test]
fn bad_options_are_refused() {
    let model = tiny(1);
    let x = random_array(&[2, 64], 70);
    let e = explain_with(model.network.as_ref(), &x, Method::Saliency);
    for (options, expected) in [
        (MetricsOptions { steps: 0, ..MetricsOptions::default() }, "steps"),
        (MetricsOptions { fraction: 1.5, ..MetricsOptions::default() }, "fraction"),
        (MetricsOptions { subsets: 1, ..MetricsOptions::default() }, "subsets"),
    ] {
        let Err(error) = Faithfulness::new(model.network.as_ref(), &x, &e, options, &device())
        else {
            panic!("accepted")
        };
        assert!(error.to_string().contains(expected), "{error}");
    }
    let wrong = random_array(&[2, 32], 71);
    assert!(
        Faithfulness::new(model.network.as_ref(), &wrong, &e, MetricsOptions::default(), &device())
            .is_err()
    );
}

#[test]
fn randomising_layers_decorrelates_the_attribution() {
    let model = tiny(2);
    let net = model.network.as_ref();
    let x = random_array(&[3, 16, 16], 80);
    let options = ExplainOptions {
        method: Method::Wam,
        levels: 2,
        target: Target::Class(1),
        ..ExplainOptions::default()
    };
    let run = |seed| {
        pollster::block_on(sanity_check(net, &x, &options, seed, &device(), &mut |_, _| true))
            .unwrap()
    };
    let steps = run(7);
    assert_eq!(net.layers(), 3, "fc, conv1, conv0");
    let layers: Vec<usize> = steps.iter().map(|s| s.layers).collect();
    assert_eq!(layers, [0, 1, 2, 3]);
    assert_eq!(steps[0].correlation, 1.0);
    let last = steps[3].correlation;
    assert!(last < 0.5, "fully randomised: Spearman {last}");
    assert!(steps.iter().all(|s| s.explanation.target == 1));
    // Seeded: the same seed gives the same correlations.
    let again: Vec<f32> = run(7).iter().map(|s| s.correlation).collect();
    assert_eq!(again, steps.iter().map(|s| s.correlation).collect::<Vec<_>>());
    // No layer re-initialised: the same network; too many: a clear error.
    let copy = net.randomised(0, 7).unwrap();
    assert_eq!(logits_of(copy.as_ref(), &x), logits_of(net, &x));
    let too_many = net.randomised(4, 7).err().unwrap().to_string();
    assert!(too_many.contains("cannot re-initialise 4 layers: the model has 3"), "{too_many}");
    // From the top: one layer changes the head only, two reach the features.
    let features = |m: &dyn Classifier| {
        let t: Tensor<5> =
            Tensor::from_data(TensorData::new(x.data().to_vec(), [1, 3, 1, 16, 16]), &device());
        m.features(t).into_data().convert::<f32>().try_to_vec::<f32>().unwrap()
    };
    let (one, two) = (net.randomised(1, 7).unwrap(), net.randomised(2, 7).unwrap());
    assert_eq!(features(one.as_ref()), features(net));
    assert_ne!(features(two.as_ref()), features(net));
    assert_ne!(logits_of(one.as_ref(), &x), logits_of(net, &x));
}
