//! `wam bench`: median wall times of wam's kernels, with the peak resident
//! memory of each case, one JSON object per line. `scripts/bench` feeds the same lines to the reference
//! implementations so that both are timed on the same machine in one run.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Result;

use crate::backend;
use burn::tensor::Device;
use wam::array::HostArray;
use wam::explain::{ExplainOptions, Method, explain_with};
use wam::io::{read_file, read_npy};
use wam::metrics::{CurveKind, Faithfulness, MetricsOptions};
use wam::modality::{Modality, Raw, sound};
use wam::model::Model;
use wam::wavelet::{Dwt, Mode, Wavelet};

use crate::cli::BenchArgs;
use crate::workers::Workers;

/// The benchmark cases: name, wavelet, levels, input shape, transformed axes.
const WAVELET_CASES: [(&str, &str, usize, &[usize], usize); 4] = [
    ("image 3x224x224 haar J=3", "haar", 3, &[3, 224, 224], 2),
    ("image 3x224x224 db4 J=3", "db4", 3, &[3, 224, 224], 2),
    ("audio 1x220500 haar J=3", "haar", 3, &[1, 220_500], 1),
    ("volume 1x32x32x32 haar J=3", "haar", 3, &[1, 32, 32, 32], 3),
];

pub fn run(args: BenchArgs) -> Result<()> {
    match args.suite.as_str() {
        "wavelet" => wavelet(&args),
        "evaluate" => evaluate(&args),
        "sound" => sound(&args),
        "shape" => shape(&args),
        _ => explain(&args),
    }
}

fn wavelet(args: &BenchArgs) -> Result<()> {
    let device = backend::cpu();
    let mode = Mode::Symmetric;
    for (name, wavelet, levels, shape, axes) in WAVELET_CASES {
        let dwt = Dwt::new(Wavelet::new(wavelet)?, mode, levels, axes)?;
        let count = shape.iter().product::<usize>();
        let x = HostArray::new(
            shape.to_vec(),
            (0..count).map(|i| ((i * 7919) % 255) as f32 / 255.0).collect(),
        )?;
        let mut forward = Vec::with_capacity(args.repeats);
        let mut inverse = Vec::with_capacity(args.repeats);
        reset_peak_memory();
        for _ in 0..args.repeats.max(1) {
            let start = Instant::now();
            let coeffs = dwt.wavedecn_array(&x, &device)?;
            let arrays = pollster::block_on(coeffs.to_arrays())?;
            forward.push(start.elapsed().as_secs_f64() * 1e3);
            drop(arrays);
            let start = Instant::now();
            let y = dwt.waverecn(&coeffs)?;
            let shape = coeffs.band_shape(&y);
            pollster::block_on(HostArray::from_tensor(y, shape))?;
            inverse.push(start.elapsed().as_secs_f64() * 1e3);
        }
        println!(
            "{{\"suite\": \"wavelet\", \"case\": \"{name}\", \"wavelet\": \"{wavelet}\", \"mode\": \"{mode}\", \"levels\": {levels}, \"shape\": {shape:?}, \"axes\": {axes}, \"dwt_ms\": {:.3}, \"idwt_ms\": {:.3}, \"peak_mb\": {}}}",
            median(&mut forward),
            median(&mut inverse),
            peak_memory_mb()
        );
    }
    Ok(())
}

/// EfficientNet-Lite0 on the committed preprocessed cat: (method, samples).
const EXPLAIN_CASES: [(&str, usize); 3] = [("wam", 1), ("wam-sg", 25), ("wam-ig", 25)];

/// The model the cat is explained with.
const CAT_MODEL: &str = "efficientnet-lite0";

/// The project's `models/`.
fn models_dir() -> PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("models")
}

/// EfficientNet-Lite0 on the device, and the committed preprocessed cat (with its path).
fn cat(device: &Device) -> Result<(Model, HostArray, PathBuf)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let model = crate::explain::load_model(&models_dir(), CAT_MODEL, device)?;
    let input_path = root.join("tests/fixtures/efficientnet/chelsea_input.npy");
    let input = read_npy(&read_file(&input_path)?)?;
    Ok((model, input, input_path))
}

fn explain(args: &BenchArgs) -> Result<()> {
    let device = backend::cpu().autodiff();
    let (model, input, input_path) = cat(&device)?;
    for (method, samples) in EXPLAIN_CASES
        .into_iter()
        .filter(|(m, _)| args.method.as_deref().is_none_or(|only| only == *m))
    {
        let options = ExplainOptions {
            method: method.parse().map_err(anyhow::Error::msg)?,
            samples,
            batch: args.batch,
            ..ExplainOptions::default()
        };
        reset_peak_memory();
        let ms = time_explain(args.repeats, CAT_MODEL, &model, &input, &options, &device)?;
        println!(
            "{{\"suite\": \"explain\", \"case\": \"{method} ({samples})\", \"method\": \"{method}\", \"samples\": {samples}, \"batch\": {}, \"input\": \"{}\", \"ms\": {:.1}, \"peak_mb\": {}}}",
            args.batch,
            input_path.display(),
            ms,
            peak_memory_mb()
        );
    }
    Ok(())
}

/// The median time in ms of `repeats` explanations of `input` by `model`
/// (model `name` of `models/`); a multi-sample method splits its samples
/// over one worker per core ([`Workers`], each with its copy of the model).
fn time_explain(
    repeats: usize,
    name: &str,
    model: &Model,
    input: &HostArray,
    options: &ExplainOptions,
    device: &Device,
) -> Result<f64> {
    let workers = if options.method.is_sampled() {
        let name = name.to_string();
        Workers::start(move || {
            crate::explain::load_model(&models_dir(), &name, &backend::cpu().autodiff())
        })?
    } else {
        Workers::none()
    };
    let mut times = Vec::new();
    for _ in 0..repeats.max(1) {
        let start = Instant::now();
        workers.explain(model.network.as_ref(), input, options, device, &mut |_, _| true)?;
        times.push(start.elapsed().as_secs_f64() * 1e3);
    }
    Ok(median(&mut times))
}

/// Insertion and deletion (K = 64) of one WAM-IG explanation of the cat
/// (explained once, untimed), in batches of `--batch`.
fn evaluate(args: &BenchArgs) -> Result<()> {
    let device = backend::cpu().autodiff();
    let (model, input, input_path) = cat(&device)?;
    let network = model.network.as_ref();
    let method = args.method.as_deref().unwrap_or("wam-ig");
    let options = ExplainOptions {
        method: method.parse().map_err(anyhow::Error::msg)?,
        samples: 5,
        ..ExplainOptions::default()
    };
    let e =
        pollster::block_on(explain_with(network, &input, &options, &device, &[], &mut |_, _| {
            true
        }))?;
    let measures = MetricsOptions { batch: args.batch, ..MetricsOptions::default() };
    reset_peak_memory();
    let workers = Workers::start(|| {
        crate::explain::load_model(&models_dir(), CAT_MODEL, &backend::cpu().autodiff())
    })?;
    let ms = workers.run(|helpers| -> Result<f64> {
        let faithfulness =
            Faithfulness::new(network, &input, &e, measures.clone(), &backend::cpu())?
                .helped_by(helpers);
        let mut times = Vec::new();
        for _ in 0..args.repeats.max(1) {
            let start = Instant::now();
            let kinds = [CurveKind::Insertion, CurveKind::Deletion];
            pollster::block_on(faithfulness.curves(kinds, &mut |_, _, _| true))?;
            times.push(start.elapsed().as_secs_f64() * 1e3);
        }
        Ok(median(&mut times))
    })?;
    println!(
        "{{\"suite\": \"evaluate\", \"case\": \"insertion+deletion K={} ({method})\", \"method\": \"{method}\", \"steps\": {}, \"batch\": {}, \"input\": \"{}\", \"ms\": {:.1}, \"peak_mb\": {}}}",
        measures.steps,
        measures.steps,
        args.batch,
        input_path.display(),
        ms,
        peak_memory_mb()
    );
    Ok(())
}

/// WAM-SG (25 samples) of YAMNet and of CREPE tiny on one window of the
/// bundled speech (its first: 0.975 s for YAMNet, 1024 samples for CREPE).
fn sound(args: &BenchArgs) -> Result<()> {
    let device = backend::cpu().autodiff();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let clip = root.join("samples/speech.wav");
    let speech = sound::decode_wav(&read_file(&clip)?).map_err(anyhow::Error::msg)?;
    for (name, levels) in [("yamnet", 6), ("crepe-tiny", 5)] {
        let model = crate::explain::load_model(&models_dir(), name, &device)?;
        let raw = Raw::Sound(speech.clone(), Some(0.0));
        let window = Modality::of(&model.manifest).prepare(raw, &model.manifest)?.remove(0);
        let options = ExplainOptions {
            method: Method::WamSg,
            samples: 25,
            levels,
            batch: args.batch,
            ..ExplainOptions::default()
        };
        reset_peak_memory();
        let ms = time_explain(args.repeats, name, &model, &window.input, &options, &device)?;
        println!(
            "{{\"suite\": \"sound\", \"case\": \"{name} wam-sg (25)\", \"model\": \"{name}\", \"levels\": {levels}, \"samples\": 25, \"batch\": {}, \"input\": \"{}\", \"window\": {:?}, \"ms\": {ms:.1}, \"peak_mb\": {}}}",
            args.batch,
            clip.display(),
            window.input.shape(),
            peak_memory_mb()
        );
    }
    Ok(())
}

/// Starts a new peak of resident memory (Linux: `/proc/self/clear_refs`;
/// elsewhere nothing, and [`peak_memory_mb`] says `null`).
fn reset_peak_memory() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// The peak resident memory since [`reset_peak_memory`] in MB (`VmHWM`),
/// as JSON: `null` where the system does not say.
fn peak_memory_mb() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb = status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok());
    kb.map_or("null".to_string(), |kb| format!("{:.0}", kb / 1024.0))
}

/// WAM-SG (25 samples) of the shape model on one generated object (an
/// airplane, data seed 0), with the training time its report records.
fn shape(args: &BenchArgs) -> Result<()> {
    let device = backend::cpu().autodiff();
    let root = models_dir();
    let model = crate::explain::load_model(&root, "shapes", &device)?;
    let (input, _) = wam::shapes::voxelised(0, 0..1, 32).remove(0);
    let options = ExplainOptions {
        method: wam::explain::Method::WamSg,
        samples: 25,
        batch: args.batch,
        ..ExplainOptions::default()
    };
    reset_peak_memory();
    let ms = time_explain(args.repeats, "shapes", &model, &input, &options, &device)?;
    let report: serde_json::Value =
        serde_json::from_slice(&read_file(&root.join("shapes/training.json"))?)?;
    println!(
        "{{\"suite\": \"shape\", \"case\": \"wam-sg (25) shapes 1x32x32x32\", \"batch\": {}, \"ms\": {ms:.1}, \"peak_mb\": {}, \"training_s\": {:.0}, \"training_threads\": {}}}",
        args.batch,
        peak_memory_mb(),
        report["seconds"]["train"].as_f64().unwrap_or(f64::NAN),
        report["threads"]
    );
    Ok(())
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}
