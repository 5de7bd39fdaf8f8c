//! `wam explain --every-window`: each window of a sound explained, their
//! maps stitched over the whole sound (the mean where windows overlap),
//! and the classes heard window by window (`timeline.png`, also written
//! by a plain `wam explain` of a sound that has several windows).

use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result, anyhow, bail};
use burn::tensor::Device;
use serde_json::json;
use wam::array::HostArray;
use wam::explain::ExplainOptions;
use wam::io::{write_file, write_npy};
use wam::modality::{Modality, TIMELINE_CLASSES, Timeline, Window, stitch};
use wam::model::Model;
use wam::render::{Colouring, Series, curves, line_chart, strip};

use crate::cli::ExplainArgs;
use crate::explain::{candidates, options_json, progress_bar, write_png};
use crate::workers::Workers;

/// Explains every window of the sound `args.input`, writes the stitched
/// maps (`stitched_map.npy` `[T]`, `stitched_scales.npy` `[levels + 1, T]`
/// for wavelet methods, at the model's rate), their pictures, the timeline
/// and `report.json` with each window's predictions.
pub fn run(
    args: &ExplainArgs,
    model: &Model,
    device: &Device,
    options: &ExplainOptions,
    workers: &Workers,
    started: Instant,
) -> Result<()> {
    let manifest = &model.manifest;
    let Some(rate) = Modality::of(manifest).sample_rate(manifest) else {
        bail!("--every-window explains sounds: {} is not a sound model", manifest.name);
    };
    let (path, candidates) = candidates(model, args.input.as_deref(), &args.engine)?;
    let named = |e: &dyn std::fmt::Display| anyhow!("'{}': {e}", path.display());
    let mut bar = progress_bar("windows");
    let mut entries = Vec::new();
    let (mut maps, mut scales, mut scores, mut windows) = (vec![], vec![], vec![], vec![]);
    for (i, candidate) in candidates.iter().enumerate() {
        let window: Window = candidate.window.ok_or_else(|| named(&"not a sound"))?;
        let e = workers
            .explain(model.network.as_ref(), &candidate.input, options, device, &mut |_, _| true)
            .map_err(|e| named(&e))?;
        let start = (window.start * rate as f64).round() as usize;
        let map = e.attribution.input_map();
        maps.push((start, HostArray::new([&[1], map.shape()].concat(), map.into_data())?));
        if let wam::explain::Attribution::Wavelet { scales: s, .. } = &e.attribution {
            scales.push((start, s.clone()));
        }
        entries.push(json!({
            "window": window, "top5": model.top(&e.logits, 5),
            "target": model.predict(&e.logits, e.target),
        }));
        scores.push(manifest.activation.probabilities(&e.logits));
        windows.push(window);
        bar(i + 1, candidates.len());
    }
    let total = maps.iter().map(|(start, m)| start + m.shape()[1]).max().unwrap_or(0);
    let stitched = |pieces: &[(usize, HostArray)]| {
        let pieces: Vec<(usize, &HostArray)> = pieces.iter().map(|(s, m)| (*s, m)).collect();
        stitch(&pieces, total)
    };
    let map = stitched(&maps);
    let map = HostArray::new(vec![total], map.into_data())?;

    let out = &args.out;
    std::fs::create_dir_all(out).with_context(|| format!("creating '{}'", out.display()))?;
    write_file(&out.join("stitched_map.npy"), &write_npy(&map))?;
    write_png(&out.join("stitched_heatmap.png"), &strip(&map, Colouring::Magnitude))?;
    if !scales.is_empty() {
        let scales = stitched(&scales);
        write_file(&out.join("stitched_scales.npy"), &write_npy(&scales))?;
        write_png(&out.join("stitched_curves.png"), &curves(&scales))?;
    }
    let label = |class| model.label(class).to_string();
    let timeline = Timeline::new(windows, &scores, TIMELINE_CLASSES, label);
    let mut report = json!({
        "model": manifest.name,
        "input": path.display().to_string(),
        "method": options.method.name(),
        "options": options_json(options),
        "sample_rate": rate,
        "samples": total,
        "stitching": "each window's map added at its start; the mean where windows overlap",
        "windows": entries,
        "timings_ms": {"total": started.elapsed().as_secs_f64() * 1e3},
    });
    write_timeline(out, &timeline, &mut report)?;
    write_file(&out.join("report.json"), serde_json::to_string_pretty(&report)?.as_bytes())?;
    println!(
        "{} explained {} windows of {:.2} s; wrote {}",
        options.method,
        candidates.len(),
        total as f64 / rate as f64,
        out.display()
    );
    Ok(())
}

/// Writes `timeline` into `report` (`timeline`) and as a chart of each
/// class's score over time (`timeline.png`, a point per window's middle).
pub fn write_timeline(
    out: &Path,
    timeline: &Timeline,
    report: &mut serde_json::Value,
) -> Result<()> {
    report["timeline"] = json!(timeline);
    let lines: Vec<Series> = timeline
        .classes
        .iter()
        .map(|c| Series { label: c.label.clone(), values: c.scores.clone() })
        .collect();
    let middle = |w: &Window| w.start + w.seconds / 2.0;
    let ends = [timeline.windows.first(), timeline.windows.last()]
        .map(|w| format!("{:.2} s", w.map_or(0.0, middle)));
    let chart = line_chart("scores over time", &lines, [&ends[0], &ends[1]]);
    write_png(&out.join("timeline.png"), &chart)
}
