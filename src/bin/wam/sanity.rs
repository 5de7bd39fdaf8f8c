//! `wam sanity`: the model-randomisation sanity check of one method on one
//! input — the Spearman correlation with the original attribution as the
//! model's layers are re-initialised from the top (`sanity.json`), and the
//! map of each randomised model (`randomised-{layers}.png`).

use anyhow::{Context, Result};
use serde_json::json;
use wam::io::write_file;
use wam::metrics::sanity_check;
use wam::modality::{Prepared, Views};
use wam::render::Colouring;

use crate::cli::SanityArgs;
use crate::explain::{options, options_json, prepare, progress_bar, setup, write_png};

pub fn run(args: SanityArgs) -> Result<()> {
    let options = options(&args.method, &args.engine)?;
    let (model, device) = setup(&args.engine)?;
    let (path, Prepared { input, .. }) =
        prepare(&model, &device, args.input.as_deref(), &args.engine)?;
    let mut bar = progress_bar("sanity");
    let steps = pollster::block_on(sanity_check(
        model.network.as_ref(),
        &input,
        &options,
        args.engine.seed,
        &device,
        &mut bar,
    ))
    .with_context(|| format!("'{}'", path.display()))?;
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("creating '{}'", args.out.display()))?;
    for step in &steps {
        let views = Views::new(&model.manifest, &input, &step.explanation, Colouring::Magnitude);
        let heatmap = views.pictures.iter().find(|(name, _)| *name == "heatmap");
        if let Some((_, picture)) = heatmap {
            write_png(&args.out.join(format!("randomised-{:02}.png", step.layers)), picture)?;
        }
    }
    let target = steps[0].explanation.target;
    let curve: Vec<_> =
        steps.iter().map(|s| json!({"layers": s.layers, "spearman": s.correlation})).collect();
    let report = json!({
        "model": model.manifest.name,
        "input": path.display().to_string(),
        "method": options.method.name(),
        "options": options_json(&options),
        "target": model.predict(&steps[0].explanation.logits, target),
        "seed": args.engine.seed,
        "layers": model.network.layers(),
        "cascade": curve,
    });
    write_file(&args.out.join("sanity.json"), serde_json::to_string_pretty(&report)?.as_bytes())?;
    let last = steps.last().expect("the original at least");
    println!(
        "{}: Spearman {:.3} with all {} layers re-initialised; wrote {}",
        options.method,
        last.correlation,
        last.layers,
        args.out.display()
    );
    Ok(())
}
