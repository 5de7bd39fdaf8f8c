//! `wam evaluate`: how faithful each method is on one input (`metrics.json`
//! and `curves.png`) or on a folder of inputs (a table of means ± std in
//! Markdown and CSV), and the measures `wam explain --metrics` adds.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, anyhow, bail};
use burn::tensor::Device;
use serde_json::{Value, json};
use wam::array::HostArray;
use wam::explain::{ExplainOptions, Explanation, Method};
use wam::io::write_file;
use wam::mesh::MeshFormat;
use wam::metrics::{Curve, CurveKind, Faithfulness, Metrics, MetricsOptions};
use wam::modality::Prepared;
use wam::model::{Classifier, Model};
use wam::render::{Series, line_charts};

use crate::backend;
use crate::cli::{EvaluateArgs, MetricsArgs};
use crate::explain::{options, options_json, prepare, progress_bar, setup, workers, write_png};
use crate::summary::{Line, Summary};
use crate::workers::Workers;

/// Files a folder of inputs may hold besides meshes; others are skipped.
const INPUT_EXTENSIONS: [&str; 8] = ["png", "jpg", "jpeg", "webp", "bmp", "gif", "wav", "npy"];

/// Whether a folder's file named with `extension` (lower case) is an input.
fn is_input(extension: &str) -> bool {
    INPUT_EXTENSIONS.contains(&extension)
        || MeshFormat::ALL.iter().any(|f| f.extension() == extension)
}

/// The metrics' options from the command line's (`seed` seeds the subsets;
/// the activation is `model`'s unless `--activation` says otherwise).
pub fn metrics_options(args: &MetricsArgs, seed: u64, model: &Model) -> Result<MetricsOptions> {
    let activation = match &args.activation {
        Some(name) => name.parse().map_err(|why| anyhow!("--activation: {why}"))?,
        None => model.manifest.activation,
    };
    let options = MetricsOptions {
        steps: args.steps,
        ranking: args.rank.parse().map_err(|why| anyhow!("--rank: {why}"))?,
        activation,
        normalise: args.normalise,
        subsets: args.subsets,
        fraction: args.fraction,
        seed,
        batch: args.metrics_batch,
    };
    options.validate().map_err(anyhow::Error::msg)?;
    Ok(options)
}

/// Every measure of `explanation`, and how long they took (ms), their
/// inputs split over `workers`. Measures need no gradients: they run on
/// the plain CPU device (faster).
pub fn measure(
    model: &dyn Classifier,
    input: &HostArray,
    explanation: &Explanation,
    options: MetricsOptions,
    workers: &Workers,
) -> Result<(Metrics, f64)> {
    let start = Instant::now();
    let metrics = workers.run(|helpers| -> Result<Metrics> {
        let faithfulness = Faithfulness::new(model, input, explanation, options, &backend::cpu())?
            .helped_by(helpers);
        Ok(pollster::block_on(faithfulness.evaluate(&mut |_, _| true))?)
    })?;
    Ok((metrics, start.elapsed().as_secs_f64() * 1e3))
}

/// One method on one input: its measures and the report's entry.
struct Evaluated {
    method: Method,
    metrics: Metrics,
    json: Value,
}

/// Explains `input` with `options` and measures it, timing each part; a
/// multi-sample method's samples and every measure's inputs are split over
/// `workers`.
fn evaluate_one(
    model: &Model,
    input: &HostArray,
    options: &ExplainOptions,
    measures: &MetricsOptions,
    device: &Device,
    workers: &Workers,
) -> Result<Evaluated> {
    let network = model.network.as_ref();
    let ms = |start: Instant| start.elapsed().as_secs_f64() * 1e3;
    let start = Instant::now();
    let e = workers.explain(network, input, options, device, &mut |_, _| true)?;
    let explain_ms = ms(start);
    let (metrics, [insertion_ms, deletion_ms, mu_fidelity_ms]) = workers.run(|helpers| {
        let faithfulness =
            Faithfulness::new(network, input, &e, measures.clone(), &backend::cpu())?
                .helped_by(helpers);
        let timed = |kind| -> Result<_> {
            let start = Instant::now();
            let curve = pollster::block_on(faithfulness.curve(kind, &mut |_, _| true))?;
            Ok((curve, ms(start)))
        };
        let ((insertion, insertion_ms), (deletion, deletion_ms)) =
            (timed(CurveKind::Insertion)?, timed(CurveKind::Deletion)?);
        let start = Instant::now();
        let mu_fidelity = pollster::block_on(faithfulness.mu_fidelity(&mut |_, _| true))?;
        let metrics = Metrics { insertion, deletion, mu_fidelity };
        anyhow::Ok((metrics, [insertion_ms, deletion_ms, ms(start)]))
    })?;
    let json = json!({
        "method": options.method.name(),
        "options": options_json(options),
        "target": model.predict(&e.logits, e.target),
        "insertion": metrics.insertion,
        "deletion": metrics.deletion,
        "mu_fidelity": metrics.mu_fidelity,
        "timings_ms": {
            "explain": explain_ms, "insertion": insertion_ms, "deletion": deletion_ms,
            "mu_fidelity": mu_fidelity_ms,
        },
    });
    Ok(Evaluated { method: options.method, metrics, json })
}

/// The inputs of a folder, sorted by name.
fn folder_inputs(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("could not read the folder '{}'", dir.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let ext = p.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
            p.is_file() && ext.is_some_and(|e| is_input(&e))
        })
        .collect();
    inputs.sort();
    if inputs.is_empty() {
        let meshes = MeshFormat::ALL.map(MeshFormat::extension);
        bail!(
            "'{}' holds no inputs ({}, {})",
            dir.display(),
            INPUT_EXTENSIONS.join(", "),
            meshes.join(", ")
        );
    }
    Ok(inputs)
}

/// Insertion and deletion curves of each method, labelled with their AUCs.
fn curves_png(path: &Path, lines: &[Line]) -> Result<()> {
    let series = |pick: fn(&Line) -> &Curve| -> Vec<Series> {
        lines
            .iter()
            .map(|line| {
                let curve = pick(line);
                Series {
                    label: format!("{} {:.3}", line.method, curve.auc),
                    values: curve.curve.clone(),
                }
            })
            .collect()
    };
    let (insertion, deletion) = (series(|l| &l.insertion), series(|l| &l.deletion));
    write_png(path, &line_charts(&[("insertion (auc)", &insertion), ("deletion (auc)", &deletion)]))
}

pub fn run(args: EvaluateArgs) -> Result<()> {
    let methods: Vec<ExplainOptions> =
        args.methods.split(',').map(|m| options(m.trim(), &args.engine)).collect::<Result<_>>()?;
    let (model, device) = setup(&args.engine)?;
    let workers = workers(&args.engine)?;
    let measures = metrics_options(&args.measures, args.engine.seed, &model)?;
    let folder = args.input.as_deref().filter(|p| p.is_dir());
    let inputs = match folder {
        Some(dir) => folder_inputs(dir)?.into_iter().map(Some).collect(),
        None => vec![args.input.clone()],
    };
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("creating '{}'", args.out.display()))?;
    let mut summary = Summary::new(&methods);
    let mut reports = Vec::new();
    let mut bar = progress_bar("evaluate");
    let total = inputs.len() * methods.len();
    for (i, path) in inputs.iter().enumerate() {
        let (path, Prepared { input, .. }) =
            prepare(&model, &device, path.as_deref(), &args.engine)?;
        let named = |e: anyhow::Error| anyhow!("'{}': {e:#}", path.display());
        let mut entries = Vec::new();
        for (m, options) in methods.iter().enumerate() {
            let evaluated = evaluate_one(&model, &input, options, &measures, &device, &workers)
                .map_err(named)?;
            summary.add(evaluated.method, &evaluated.metrics);
            entries.push(evaluated);
            if folder.is_some() {
                bar(i * methods.len() + m + 1, total);
            }
        }
        let json: Vec<&Value> = entries.iter().map(|e| &e.json).collect();
        reports.push(json!({"input": path.display().to_string(), "methods": json}));
        if folder.is_none() {
            let lines: Vec<_> = entries.iter().map(|e| Line::of(e.method, &e.metrics)).collect();
            curves_png(&args.out.join("curves.png"), &lines)?;
            for e in &entries {
                let m = &e.metrics;
                println!(
                    "{:<10} insertion {:.3}  deletion {:.3}  µ-fidelity {:.3}",
                    e.method.name(),
                    m.insertion.auc,
                    m.deletion.auc,
                    m.mu_fidelity
                );
            }
        }
    }
    let mut report = json!({"model": model.manifest.name, "metrics_options": measures});
    if folder.is_some() {
        report["inputs"] = json!(reports);
        report["summary"] = summary.json();
        write_file(&args.out.join("metrics.md"), summary.markdown().as_bytes())?;
        write_file(&args.out.join("metrics.csv"), summary.csv().as_bytes())?;
        curves_png(&args.out.join("curves.png"), &summary.mean_lines())?;
        print!("{}", summary.markdown());
    } else {
        report["input"] = reports[0]["input"].take();
        report["methods"] = reports[0]["methods"].take();
    }
    write_file(&args.out.join("metrics.json"), serde_json::to_string_pretty(&report)?.as_bytes())?;
    Ok(())
}
