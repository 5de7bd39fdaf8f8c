//! Work split over helpers (src/split.rs): explanations and faithfulness
//! curves computed in parts (here each helper runs its jobs in-process on
//! its own copy of the model, as a web worker or a thread would) equal the
//! one-part results, for any number of helpers and batch size.

mod common;

use burn::tensor::Device;
use common::models::test_model;
use common::random_array;
use wam::explain::{Attribution, ExplainOptions, Method, Target, explain, explain_with};
use wam::metrics::{CurveKind, Faithfulness, MetricsOptions};
use wam::model::{Manifest, Model};
use wam::split::{Answer, Helper, Job, run};
use wam::wavelet::{Mode, Wavelet};

fn device() -> Device {
    Device::flex().autodiff()
}

fn tiny() -> Model {
    let m = test_model(2);
    Model::load(Manifest::from_json(&m.manifest).unwrap(), &m.weights, &m.labels, &device())
        .unwrap()
}

/// A helper holding its own copy of the model, counting its jobs.
struct Local {
    model: Model,
    jobs: std::cell::Cell<usize>,
}

impl Helper for Local {
    fn start(&self, job: Job) -> Answer {
        self.jobs.set(self.jobs.get() + 1);
        let answer = pollster::block_on(run(self.model.network.as_ref(), &job, &device()));
        Box::pin(async move { answer })
    }
}

fn relative_l2(got: &[f32], want: &[f32]) -> f32 {
    let num: f32 = got.iter().zip(want).map(|(a, b)| (a - b).powi(2)).sum();
    let den: f32 = want.iter().map(|b| b.powi(2)).sum();
    (num / den).sqrt()
}

fn values(attribution: &Attribution) -> Vec<f32> {
    match attribution {
        Attribution::Wavelet { bands, .. } => {
            bands.iter().flat_map(|(_, a)| a.data().iter().copied()).collect()
        }
        Attribution::Input(a) => a.data().to_vec(),
    }
}

#[test]
fn parts_on_helpers_give_the_one_part_explanation_and_curves() {
    let model = tiny();
    let network = model.network.as_ref();
    let x = random_array(&[3, 16, 16], 3);
    let locals: Vec<Local> =
        (0..3).map(|_| Local { model: tiny(), jobs: std::cell::Cell::new(0) }).collect();
    for method in [Method::WamSg, Method::WamIg, Method::SmoothGrad, Method::Wam] {
        let options = ExplainOptions {
            method,
            target: Target::Auto,
            levels: 2,
            samples: 7,
            batch: 2,
            mode: Mode::Reflect,
            wavelet: Wavelet::new("haar").unwrap(),
            ..ExplainOptions::default()
        };
        let alone = pollster::block_on(explain(network, &x, &options, &device(), &mut |_, _| true))
            .unwrap();
        for count in 1..=3 {
            let helpers: Vec<&dyn Helper> =
                locals[..count].iter().map(|l| l as &dyn Helper).collect();
            let mut seen = Vec::new();
            let split = pollster::block_on(explain_with(
                network,
                &x,
                &options,
                &device(),
                &helpers,
                &mut |done, total| {
                    seen.push((done, total));
                    true
                },
            ))
            .unwrap();
            let (got, want) = (values(&split.attribution), values(&alone.attribution));
            let gap = relative_l2(&got, &want);
            assert!(gap < 1e-5, "{method} on {} workers: {gap}", count + 1);
            assert_eq!(split.target, alone.target);
            if method.is_sampled() {
                // Rounds of up to 2 samples a worker, the last one complete.
                assert_eq!(seen.last(), Some(&(7, 7)), "{method}: {seen:?}");
                assert_eq!(seen.len(), 7usize.div_ceil(2 * (count + 1)), "{method}: {seen:?}");
            }
        }
        let faithfulness = |helpers: &[&dyn Helper]| {
            let options = MetricsOptions { steps: 9, batch: 3, ..MetricsOptions::default() };
            let kinds = [CurveKind::Insertion, CurveKind::Deletion];
            let f = Faithfulness::new(network, &x, &alone, options, &device().without_autodiff())
                .unwrap()
                .helped_by(helpers);
            pollster::block_on(f.curves(kinds, &mut |_, _, _| true)).unwrap()
        };
        let one = faithfulness(&[]);
        let helpers: Vec<&dyn Helper> = locals.iter().map(|l| l as &dyn Helper).collect();
        let parts = faithfulness(&helpers);
        for (got, want) in parts.iter().zip(&one) {
            assert_eq!(got.curve.len(), 10);
            assert!(relative_l2(&got.curve, &want.curve) < 1e-5, "{got:?} vs {want:?}");
        }
    }
    assert!(locals.iter().all(|l| l.jobs.get() > 0), "every helper ran jobs");
}

#[test]
fn both_curves_at_once_share_their_identical_points() {
    let model = tiny();
    let network = model.network.as_ref();
    let x = random_array(&[3, 16, 16], 4);
    let options = ExplainOptions { method: Method::Saliency, ..ExplainOptions::default() };
    let e =
        pollster::block_on(explain(network, &x, &options, &device(), &mut |_, _| true)).unwrap();
    let metrics = MetricsOptions { steps: 8, batch: 4, ..MetricsOptions::default() };
    let f = Faithfulness::new(network, &x, &e, metrics, &device()).unwrap();
    let insertion = pollster::block_on(f.curve(CurveKind::Insertion, &mut |_, _| true)).unwrap();
    let deletion = pollster::block_on(f.curve(CurveKind::Deletion, &mut |_, _| true)).unwrap();
    // Counted by the helper: 16 distinct inputs (not 18) in batches of 4.
    let counter = Local { model: tiny(), jobs: std::cell::Cell::new(0) };
    let helpers: [&dyn Helper; 1] = [&counter];
    let f = f.helped_by(&helpers);
    let both = [CurveKind::Insertion, CurveKind::Deletion];
    let [ins, del] = pollster::block_on(f.curves(both, &mut |_, _, _| true)).unwrap();
    assert_eq!((ins.curve, del.curve), (insertion.curve, deletion.curve));
    // Rounds of 4 + 4 over 2 workers: 16 inputs in 2 rounds, one job each for the helper.
    assert_eq!(counter.jobs.get(), 2);
}
