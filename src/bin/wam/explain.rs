//! `wam explain`: load a model, read an input, explain, and write the
//! report, the arrays and the views that fit the input's rank.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, anyhow, bail};
use burn::tensor::Device;
use serde_json::json;
use wam::array::HostArray;
use wam::explain::{Attribution, ExplainOptions, Explanation, Kept, levels_alone, reclassify_top};
use wam::io::{read_file, read_npy, write_file, write_npy, write_npz};
use wam::mesh::{MeshFormat, decode as decode_mesh};
use wam::modality::{Chosen, Modality, Prepared, Raw, Views, check_file_size, choose, sound};
use wam::model::{Manifest, Model};
use wam::render::{Colouring, Rgba};
use wam::wavelet::{Band, Wavelet};

use crate::backend;
use crate::cli::{EngineArgs, ExplainArgs};
use crate::evaluate::{measure, metrics_options};
use crate::windows;
use crate::workers::Workers;

fn models_dir(args: &EngineArgs) -> PathBuf {
    args.models_dir
        .clone()
        .or_else(|| std::env::var_os("WAM_MODELS").map(PathBuf::from))
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("models"))
}

/// Loads `models/<name>/` (manifest, weights, labels).
pub fn load_model(dir: &Path, name: &str, device: &Device) -> Result<Model> {
    let folder = dir.join(name);
    let manifest_path = folder.join("manifest.json");
    if !manifest_path.exists() {
        let mut known: Vec<String> = std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .flatten()
                    .filter(|e| e.path().join("manifest.json").exists())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        known.sort();
        bail!("unknown model '{name}' in '{}': available: {}", dir.display(), known.join(", "));
    }
    let manifest = Manifest::from_json(&String::from_utf8_lossy(&read_file(&manifest_path)?))?;
    let weights = folder.join(&manifest.weights);
    if !weights.exists() {
        bail!("'{}' is missing: run scripts/fetch-models to build it", weights.display());
    }
    let weights = read_file(&weights)?;
    let labels = String::from_utf8_lossy(&read_file(&folder.join(&manifest.labels))?).into_owned();
    Ok(Model::load(manifest, &weights, &labels, device)?)
}

/// Decodes the file at `path`: a `.npy` is the model's tensor, a `.wav` a
/// sound (explained from `--start` seconds, if given), a mesh file (OBJ, STL,
/// PLY, OFF, glTF, GLB) a shape (`--up-axis` pointing up, if given),
/// anything else an image. Errors name the file.
fn read_input(path: &Path, args: &EngineArgs) -> Result<Raw> {
    let named = |why: String| anyhow!("'{}': {why}", path.display());
    if let Ok(metadata) = std::fs::metadata(path) {
        check_file_size(metadata.len()).map_err(|e| named(e.to_string()))?;
    }
    let bytes = read_file(path)?;
    let extension = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("npy") => Ok(Raw::Tensor(read_npy(&bytes).map_err(|e| named(e.to_string()))?)),
        Some("wav") => Ok(Raw::Sound(sound::decode_wav(&bytes).map_err(named)?, args.start)),
        _ if MeshFormat::from_name(&path.to_string_lossy()).is_ok() => {
            let name = path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into());
            let mesh = decode_mesh(&bytes, &name).map_err(|e| named(e.to_string()))?;
            Ok(Raw::Shape(mesh, args.up_axis))
        }
        _ => {
            let decoded = wam::modality::image::decode(&bytes)
                .map_err(|why| named(format!("{why} (nor a .wav sound or a .npy array)")))?;
            Ok(Raw::Image(decoded))
        }
    }
}

/// The engine's options for `method` from the command line's.
pub fn options(method: &str, args: &EngineArgs) -> Result<ExplainOptions> {
    Ok(ExplainOptions {
        method: method.parse().map_err(anyhow::Error::msg)?,
        target: args.target.parse().map_err(|why| anyhow!("--target {why}"))?,
        wavelet: Wavelet::new(&args.wavelet)?,
        mode: args.mode.parse()?,
        levels: args.levels,
        samples: args.samples,
        noise: args.noise,
        seed: args.seed,
        batch: args.batch,
    })
}

/// A progress bar on stderr: `[#####.....] 10/25`.
pub fn progress_bar(label: &'static str) -> impl FnMut(usize, usize) -> bool {
    move |done, total| {
        let width = 30;
        let filled = width * done / total.max(1);
        eprint!("\r{label} [{}{}] {done}/{total}", "#".repeat(filled), ".".repeat(width - filled));
        if done == total {
            eprintln!();
        }
        let _ = std::io::stderr().flush();
        true
    }
}

/// The model of `args` on the CLI's CPU device (with autodiff).
pub fn setup(args: &EngineArgs) -> Result<(Model, Device)> {
    let device = backend::cpu().autodiff();
    let model = load_model(&models_dir(args), &args.model, &device)?;
    Ok((model, device))
}

/// One worker per core (for a multi-sample method's samples, the measures'
/// inputs), each helper thread with its own copy of the model of `args`.
pub fn workers(args: &EngineArgs) -> Result<Workers> {
    let (dir, name) = (models_dir(args), args.model.clone());
    Workers::start(move || load_model(&dir, &name, &backend::cpu().autodiff()))
}

/// The candidates for the model's input from the file at `path` (default:
/// the bundled cat): one, or a sound's windows (only that of `args.start`,
/// if given); errors name the file.
pub fn candidates(
    model: &Model,
    path: Option<&Path>,
    args: &EngineArgs,
) -> Result<(PathBuf, Vec<Prepared>)> {
    let path = path.map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/chelsea.png"),
        Path::to_path_buf,
    );
    let raw = read_input(&path, args)?;
    let candidates = Modality::of(&model.manifest)
        .prepare(raw, &model.manifest)
        .map_err(|e| anyhow!("'{}': {e}", path.display()))?;
    Ok((path, candidates))
}

/// The model's input from the file at `path` (see [`candidates`]), for a
/// sound the window of `args.start` or where the target scores highest,
/// with the classes heard over its windows; errors name the file.
pub fn choose_input(
    model: &Model,
    device: &Device,
    path: Option<&Path>,
    args: &EngineArgs,
) -> Result<(PathBuf, Chosen)> {
    let (path, candidates) = candidates(model, path, args)?;
    let target = args.target.parse().map_err(|why| anyhow!("--target {why}"))?;
    let chosen = pollster::block_on(choose(model, candidates, target, args.batch, device))
        .map_err(|e| anyhow!("'{}': {e}", path.display()))?;
    Ok((path, chosen))
}

/// [`choose_input`]'s input alone.
pub fn prepare(
    model: &Model,
    device: &Device,
    path: Option<&Path>,
    args: &EngineArgs,
) -> Result<(PathBuf, Prepared)> {
    choose_input(model, device, path, args).map(|(path, chosen)| (path, chosen.prepared))
}

pub fn run(args: ExplainArgs) -> Result<()> {
    let started = Instant::now();
    let options = options(&args.method, &args.engine)?;
    let colouring: Colouring = args.colour.parse().map_err(|e| anyhow!("--colour: {e}"))?;
    let (model, device) = setup(&args.engine)?;
    let sampled = options.method.is_sampled();
    let workers = if sampled || args.metrics { workers(&args.engine)? } else { Workers::none() };
    let measures = args
        .metrics
        .then(|| metrics_options(&args.measures, args.engine.seed, &model))
        .transpose()?;
    if args.every_window {
        return windows::run(&args, &model, &device, &options, &workers, started);
    }
    let loaded = started.elapsed();
    let (input_path, Chosen { prepared: Prepared { input, window, shape }, timeline }) =
        choose_input(&model, &device, args.input.as_deref(), &args.engine)?;
    let named = |e: &dyn std::fmt::Display| anyhow!("'{}': {e}", input_path.display());

    let explain_start = Instant::now();
    let mut bar = progress_bar(options.method.name());
    let mut quiet = |_: usize, _: usize| true;
    let progress: &mut (dyn FnMut(usize, usize) -> bool + Send) =
        if sampled { &mut bar } else { &mut quiet };
    let explanation = workers
        .explain(model.network.as_ref(), &input, &options, &device, progress)
        .map_err(|e| named(&e))?;
    let explain_ms = explain_start.elapsed().as_secs_f64() * 1e3;
    let metrics = measures
        .map(|m| measure(model.network.as_ref(), &input, &explanation, m, &workers))
        .transpose()
        .map_err(|e| named(&e))?;
    let fraction = args.keep / 100.0;
    let kept = pollster::block_on(reclassify_top(
        model.network.as_ref(),
        &input,
        &explanation,
        fraction,
        &device,
    ))
    .map_err(|e| anyhow!("--keep {}: {e}", args.keep))?;

    let views = Views::new(&model.manifest, &input, &explanation, colouring);
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("creating '{}'", args.out.display()))?;
    write_outputs(&args.out, &explanation, &views)?;
    write_kept(&args.out, &model, &input, &explanation, &kept, &device)?;
    if let Some(shape) = &shape {
        write_file(&args.out.join("attribution.ply"), &shape.coloured_ply(views.input_map.data()))?;
    }
    let timings = [loaded.as_secs_f64() * 1e3, explain_ms, started.elapsed().as_secs_f64() * 1e3];
    let mut report = report(&model, &input_path, &options, &explanation, timings);
    report["workers"] = json!(workers.count());
    if let Some(window) = window {
        report["window"] = json!(window);
    }
    if let Some(timeline) = &timeline {
        windows::write_timeline(&args.out, timeline, &mut report)?;
    }
    report["kept"] = json!({
        "percent": args.keep, "features": kept.kept, "of": kept.total,
        "top5": model.top(&kept.logits, 5),
        "target": model.predict(&kept.logits, explanation.target),
    });
    if let Some((metrics, ms)) = metrics {
        report["metrics"] = json!(metrics);
        report["timings_ms"]["metrics"] = json!(ms);
    }
    write_file(&args.out.join("report.json"), serde_json::to_string_pretty(&report)?.as_bytes())?;
    let top = &report["top5"][0];
    println!(
        "{} ({:.1}%) — {} explained class {} in {explain_ms:.0} ms; wrote {}",
        top["label"].as_str().unwrap_or("?"),
        100.0 * top["probability"].as_f64().unwrap_or(0.0),
        options.method,
        explanation.target,
        args.out.display()
    );
    Ok(())
}

pub fn report(
    model: &Model,
    input: &Path,
    options: &ExplainOptions,
    e: &Explanation,
    [load, explain, total]: [f64; 3],
) -> serde_json::Value {
    json!({
        "model": model.manifest.name,
        "modality": Modality::of(&model.manifest).name(),
        "backend": backend::CPU_NAME,
        "input": input.display().to_string(),
        "top5": model.top(&e.logits, 5),
        "target": model.predict(&e.logits, e.target),
        "method": options.method.name(),
        "options": options_json(options),
        "timings_ms": {"load": load, "explain": explain, "total": total},
    })
}

/// The options of a report, as JSON.
pub fn options_json(options: &ExplainOptions) -> serde_json::Value {
    json!({
        "wavelet": options.wavelet.name(), "mode": options.mode.name(), "levels": options.levels,
        "samples": options.samples, "noise": options.noise, "seed": options.seed, "batch": options.batch,
    })
}

pub fn write_png(path: &Path, picture: &Rgba) -> Result<()> {
    let (width, height) = (picture.width as u32, picture.height as u32);
    let mut bytes = Vec::new();
    image::RgbaImage::from_raw(width, height, picture.pixels.clone())
        .expect("sized")
        .write_to(&mut std::io::Cursor::new(&mut bytes), image::ImageFormat::Png)?;
    Ok(write_file(path, &bytes)?)
}

pub fn named(bands: &[(Band, HostArray)]) -> Vec<(String, HostArray)> {
    bands.iter().map(|(b, a)| (b.name(), a.clone())).collect()
}

/// Writes the kept input (`kept.npy`) and, for sounds, it, the explained
/// window and the window rebuilt from each level alone (`band-d{j}.wav`,
/// `band-a{levels}.wav`) as WAV files.
fn write_kept(
    out: &Path,
    model: &Model,
    input: &HostArray,
    explanation: &Explanation,
    kept: &Kept,
    device: &Device,
) -> Result<()> {
    write_file(&out.join("kept.npy"), &write_npy(&kept.input))?;
    if let Some(rate) = Modality::of(&model.manifest).sample_rate(&model.manifest) {
        write_file(&out.join("input.wav"), &sound::encode_wav(input.data(), rate))?;
        write_file(&out.join("kept.wav"), &sound::encode_wav(kept.input.data(), rate))?;
        let alone = pollster::block_on(levels_alone(explanation, input.shape(), device))?;
        for (level, samples) in alone.iter().enumerate() {
            let name = match level {
                0 => format!("band-a{}.wav", alone.len() - 1),
                j => format!("band-d{j}.wav"),
            };
            write_file(&out.join(name), &sound::encode_wav(samples.data(), rate))?;
        }
    }
    Ok(())
}

/// Writes the logits, the attribution (`.npz` of bands or `.npy`), the
/// input's coefficients, the maps and every picture of `views` as PNG.
fn write_outputs(out: &Path, e: &Explanation, views: &Views) -> Result<()> {
    let logits = HostArray::new(vec![e.logits.len()], e.logits.clone())?;
    write_file(&out.join("logits.npy"), &write_npy(&logits))?;
    match &e.attribution {
        Attribution::Wavelet { bands, .. } => {
            write_file(&out.join("attribution.npz"), &write_npz(&named(bands)))?
        }
        Attribution::Input(a) => write_file(&out.join("attribution.npy"), &write_npy(a))?,
    }
    write_file(&out.join("coefficients.npz"), &write_npz(&named(&e.decomposition)))?;
    write_file(&out.join("input_map.npy"), &write_npy(&views.input_map))?;
    if let Some(scales) = &views.scales {
        write_file(&out.join("scales.npy"), &write_npy(scales))?;
    }
    for (name, picture) in &views.pictures {
        write_png(&out.join(format!("{name}.png")), picture)?;
    }
    Ok(())
}
