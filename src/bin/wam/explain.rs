//! `wam explain`: load a model, preprocess an input, explain, and write
//! the report, the arrays and the pictures.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use burn::tensor::Device;

use crate::backend;
use serde_json::json;
use wam::array::HostArray;
use wam::explain::{Attribution, ExplainOptions, Explanation, Method, Target, explain};
use wam::io::{read_file, read_npy, write_file, write_npy, write_npz};
use wam::model::{Manifest, Model};
use wam::preprocess::{RgbImage, check_size, preprocess_image};
use wam::render::{Rgba, heatmap, mosaic_view, overlay, scales_view, to_rgb};
use wam::wavelet::{Band, Wavelet};

use crate::cli::ExplainArgs;

fn models_dir(args: &ExplainArgs) -> PathBuf {
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

/// Decodes an image file (first frame of a GIF) to RGB, refusing huge ones.
fn decode_image(path: &Path) -> Result<RgbImage> {
    let bytes = read_file(path)?;
    let reader = image::ImageReader::new(std::io::Cursor::new(&bytes))
        .with_guessed_format()
        .context("reading the image header")?;
    if reader.format().is_none() {
        bail!(
            "'{}' is not an image wam can read (PNG, JPEG, WebP, BMP, GIF) nor a .npy array",
            path.display()
        );
    }
    let (width, height) = reader
        .into_dimensions()
        .with_context(|| format!("'{}' is not a readable image", path.display()))?;
    check_size(width as usize, height as usize)
        .map_err(|why| anyhow::anyhow!("'{}': {why}", path.display()))?;
    let image = image::load_from_memory(&bytes)
        .with_context(|| format!("'{}' is not a readable image", path.display()))?;
    let rgb = image.to_rgb8();
    Ok(RgbImage {
        width: rgb.width() as usize,
        height: rgb.height() as usize,
        pixels: rgb.into_raw(),
    })
}

fn options(args: &ExplainArgs) -> Result<ExplainOptions> {
    let target = match args.target.as_str() {
        "auto" => Target::Auto,
        n => Target::Class(
            n.parse()
                .with_context(|| format!("--target '{n}' is neither 'auto' nor a class index"))?,
        ),
    };
    Ok(ExplainOptions {
        method: args.method.parse::<Method>().map_err(anyhow::Error::msg)?,
        target,
        wavelet: Wavelet::new(&args.wavelet.wavelet)?,
        mode: args.wavelet.mode.parse()?,
        levels: args.levels,
        samples: args.samples,
        noise: args.noise,
        seed: args.seed,
        batch: args.batch,
    })
}

/// A progress bar on stderr: `[#####.....] 10/25`.
fn progress_bar(label: &'static str) -> impl FnMut(usize, usize) -> bool {
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

pub fn run(args: ExplainArgs) -> Result<()> {
    let started = Instant::now();
    let options = options(&args)?;
    let device = backend::cpu().autodiff();
    let model = load_model(&models_dir(&args), &args.model, &device)?;
    let loaded = started.elapsed();

    let input_path = args
        .input
        .clone()
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/chelsea.png"));
    let input = if input_path.extension().and_then(|e| e.to_str()) == Some("npy") {
        read_npy(&read_file(&input_path)?)
            .with_context(|| format!("reading '{}'", input_path.display()))?
    } else {
        preprocess_image(&decode_image(&input_path)?, &model.manifest.preprocess)
    };
    if input.shape() != model.manifest.input.shape() {
        bail!(
            "'{}' has shape {:?}; {} takes {:?}",
            input_path.display(),
            input.shape(),
            model.manifest.name,
            model.manifest.input.shape()
        );
    }

    let explain_start = Instant::now();
    let mut progress =
        progress_bar(if options.method.is_sampled() { options.method.name() } else { "" });
    let mut quiet = |_: usize, _: usize| true;
    let progress: &mut dyn FnMut(usize, usize) -> bool =
        if options.method.is_sampled() { &mut progress } else { &mut quiet };
    let explanation =
        pollster::block_on(explain(model.network.as_ref(), &input, &options, &device, progress))?;
    let explain_ms = explain_start.elapsed().as_secs_f64() * 1e3;

    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("creating '{}'", args.out.display()))?;
    write_outputs(&args.out, &model, &input, &explanation)?;
    let report = report(
        &model,
        &input_path,
        &options,
        &explanation,
        [loaded.as_secs_f64() * 1e3, explain_ms, started.elapsed().as_secs_f64() * 1e3],
    );
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

fn report(
    model: &Model,
    input: &Path,
    options: &ExplainOptions,
    e: &Explanation,
    [load, explain, total]: [f64; 3],
) -> serde_json::Value {
    json!({
        "model": model.manifest.name,
        "backend": backend::CPU_NAME,
        "input": input.display().to_string(),
        "top5": model.top(&e.logits, 5),
        "target": model.predict(&e.logits, e.target),
        "method": options.method.name(),
        "options": {
            "wavelet": options.wavelet.name(), "mode": options.mode.name(), "levels": options.levels,
            "samples": options.samples, "noise": options.noise, "seed": options.seed, "batch": options.batch,
        },
        "timings_ms": {"load": load, "explain": explain, "total": total},
    })
}

fn write_png(path: &Path, picture: &Rgba) -> Result<()> {
    let mut bytes = Vec::new();
    image::RgbaImage::from_raw(picture.width as u32, picture.height as u32, picture.pixels.clone())
        .expect("sized")
        .write_to(&mut std::io::Cursor::new(&mut bytes), image::ImageFormat::Png)?;
    Ok(write_file(path, &bytes)?)
}

fn named(bands: &[(Band, HostArray)]) -> Vec<(String, HostArray)> {
    bands.iter().map(|(b, a)| (b.name(), a.clone())).collect()
}

fn write_outputs(out: &Path, model: &Model, input: &HostArray, e: &Explanation) -> Result<()> {
    let classes = e.logits.len();
    write_file(
        &out.join("logits.npy"),
        &write_npy(&HostArray::new(vec![classes], e.logits.clone())?),
    )?;
    match &e.attribution {
        Attribution::Wavelet { bands, coefficients, scales } => {
            write_file(&out.join("attribution.npz"), &write_npz(&named(bands)))?;
            write_file(&out.join("coefficients.npz"), &write_npz(&named(coefficients)))?;
            write_png(&out.join("mosaic.png"), &mosaic_view(bands))?;
            write_png(&out.join("scales.png"), &scales_view(scales))?;
        }
        Attribution::Input(a) => write_file(&out.join("attribution.npy"), &write_npy(a))?,
    }
    let pixel_map = e.attribution.pixel_map();
    write_png(&out.join("heatmap.png"), &heatmap(&pixel_map))?;
    write_png(
        &out.join("overlay.png"),
        &overlay(&to_rgb(input, &model.manifest.preprocess), &pixel_map, 0.7),
    )?;
    Ok(())
}
