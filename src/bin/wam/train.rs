//! `wam train shapes`: generate the procedural objects, train the 3-D CNN,
//! and write its weights, labels and training report beside its manifest;
//! the held-out accuracy is measured on the written weights, loaded as any
//! model is.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use burn::tensor::Device;
use serde_json::json;
use wam::explain::classify;
use wam::io::{read_file, write_file};
use wam::mesh::decode;
use wam::mesh::voxelise::{UpAxis, voxelise};
use wam::model::{Manifest, Model, Preprocess, write_safetensors};
use wam::shapes::train::{TrainConfig, train};
use wam::shapes::{CLASSES, HELD_OUT_FIRST, predictions, voxelised};

use crate::backend;
use crate::cli::TrainArgs;
use crate::explain::load_model;

/// Output channels of the four convolutions.
const CHANNELS: [usize; 4] = [4, 16, 32, 32];
/// Objects per optimiser step.
const BATCH: usize = 32;
/// Adam's learning rate.
const LEARNING_RATE: f64 = 2e-3;

pub fn run(args: TrainArgs) -> Result<()> {
    let started = Instant::now();
    let models = Path::new(env!("CARGO_MANIFEST_DIR")).join("models");
    let out = args.out.clone().unwrap_or_else(|| models.join(&args.model));
    std::fs::create_dir_all(&out).with_context(|| format!("creating '{}'", out.display()))?;
    let (manifest_path, manifest, resolution) = shape_model(&models, &args.model)?;
    let classes = CLASSES.len() as u64;
    let train_set = voxelised(args.seed, 0..classes * args.per_class as u64, resolution);
    let first = HELD_OUT_FIRST;
    let held_out = voxelised(args.seed, first..first + classes * args.held_out as u64, resolution);
    let generated = started.elapsed().as_secs_f64();
    eprintln!("generated {} + {} objects in {generated:.1} s", train_set.len(), held_out.len());

    let config = TrainConfig {
        seed: args.seed,
        channels: CHANNELS.to_vec(),
        epochs: args.epochs,
        batch: BATCH,
        learning_rate: LEARNING_RATE,
    };
    let device = backend::cpu();
    let mut epochs = Vec::new();
    let tensors = train(&config, &train_set, CLASSES.len(), &device, |i, epoch| {
        eprintln!(
            "epoch {}: loss {:.4}, accuracy {:.3} ({:.1} s)",
            i + 1,
            epoch.loss,
            epoch.accuracy,
            epoch.seconds
        );
        epochs.push(epoch.clone());
    });
    let trained = started.elapsed().as_secs_f64() - generated;
    write_file(&out.join(&manifest.weights), &write_safetensors(&tensors))?;
    write_file(&out.join(&manifest.labels), (CLASSES.join("\n") + "\n").as_bytes())?;
    if out.join("manifest.json") != manifest_path {
        std::fs::copy(&manifest_path, out.join("manifest.json"))?;
    }

    let model = load_model(out.parent().unwrap_or(Path::new(".")), &dir_name(&out), &device)?;
    let predicted =
        pollster::block_on(predictions(model.network.as_ref(), &held_out, 16, &device))?;
    let right = predicted.iter().zip(&held_out).filter(|(p, (_, c))| *p == c).count();
    let accuracy = right as f64 / held_out.len() as f64;
    eprintln!("held-out accuracy {accuracy:.3} ({right}/{})", held_out.len());
    let report = json!({
        "model": manifest.name,
        "command": format!("wam train {} --seed {} --epochs {} --per-class {} --held-out {}",
            args.model, args.seed, args.epochs, args.per_class, args.held_out),
        "data": {
            "seed": args.seed, "classes": CLASSES, "resolution": resolution,
            "train": {"objects": train_set.len(), "indices": [0, train_set.len()]},
            "held_out": {"objects": held_out.len(), "indices": [first, first + held_out.len() as u64]},
        },
        "config": config,
        "epochs": epochs,
        "held_out_accuracy": accuracy,
        "confusion": confusion(&predicted, &held_out.iter().map(|(_, c)| *c).collect::<Vec<_>>()),
        "real_meshes": real_meshes(&model, &models.join(".downloads/meshes"), resolution, &device)?,
        "seconds": {"generate": generated, "train": trained, "total": started.elapsed().as_secs_f64()},
        "threads": std::thread::available_parallelism().map_or(1, |n| n.get()),
    });
    write_file(&out.join("training.json"), serde_json::to_string_pretty(&report)?.as_bytes())?;
    println!(
        "trained {} in {trained:.0} s: held-out accuracy {:.1} %",
        args.model,
        100.0 * accuracy
    );
    Ok(())
}

/// The manifest of shape model `name` under `models`, its path and its grids' resolution.
pub fn shape_model(models: &Path, name: &str) -> Result<(PathBuf, Manifest, usize)> {
    let path = models.join(name).join("manifest.json");
    let manifest = Manifest::from_json(&String::from_utf8_lossy(&read_file(&path)?))?;
    let Preprocess::Shape(spec) = &manifest.preprocess else {
        bail!("'{}' is not a shape model", path.display());
    };
    let resolution = spec.resolution;
    Ok((path, manifest, resolution))
}

fn dir_name(path: &Path) -> String {
    path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned())
}

/// `[true class][predicted class]` counts.
fn confusion(predicted: &[usize], truth: &[usize]) -> Vec<Vec<usize>> {
    let mut counts = vec![vec![0; CLASSES.len()]; CLASSES.len()];
    for (&p, &t) in predicted.iter().zip(truth) {
        counts[t][p] += 1;
    }
    counts
}

/// Real meshes kept out of training (fetched by `scripts/fetch-meshes`),
/// with the axis that points up in each file.
const REAL_MESHES: [(&str, UpAxis); 3] = [
    ("pyvista/airplane.ply", UpAxis::Z),
    ("pyvista/ant.ply", UpAxis::Y),
    ("glmark2-data/bunny.obj", UpAxis::Y),
];

/// The top three classes of each real mesh found under `dir`.
fn real_meshes(
    model: &Model,
    dir: &Path,
    resolution: usize,
    device: &Device,
) -> Result<Vec<serde_json::Value>> {
    let mut found = Vec::new();
    for (name, up) in REAL_MESHES {
        let path = dir.join(name);
        if !path.exists() {
            eprintln!("'{}' is missing (scripts/fetch-meshes): not classified", path.display());
            continue;
        }
        let mesh = decode(&read_file(&path)?, name)?;
        let input = voxelise(&mesh, resolution, up).map_err(anyhow::Error::msg)?.to_input();
        let logits = pollster::block_on(classify(model.network.as_ref(), &input, device))?;
        found.push(json!({"mesh": name, "up_axis": up, "top3": model.top(&logits, 3)}));
    }
    Ok(found)
}
