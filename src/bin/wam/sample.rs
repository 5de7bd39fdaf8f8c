//! `wam sample shapes`: write held-out objects of the shape model's data
//! set as prepared grids (`.npy [1, R, R, R]`), named by their class, for
//! `wam explain` and `wam evaluate` (the README's faithfulness table).

use std::path::Path;

use anyhow::{Context, Result, bail};
use wam::io::{write_file, write_npy};
use wam::shapes::{CLASSES, HELD_OUT_FIRST, voxelised};

use crate::cli::SampleArgs;
use crate::train::shape_model;

pub fn run(args: SampleArgs) -> Result<()> {
    let models = Path::new(env!("CARGO_MANIFEST_DIR")).join("models");
    let (_, _, resolution) = shape_model(&models, &args.model)?;
    if args.count == 0 {
        bail!("--count must be at least 1");
    }
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("creating '{}'", args.out.display()))?;
    let first = HELD_OUT_FIRST;
    let objects = voxelised(args.seed, first..first + args.count as u64, resolution);
    for (i, (grid, class)) in objects.iter().enumerate() {
        let name = format!("{i:04}-{}.npy", CLASSES[*class]);
        write_file(&args.out.join(name), &write_npy(grid))?;
    }
    println!(
        "wrote {} held-out objects of seed {} (indices {first}..) to '{}'",
        objects.len(),
        args.seed,
        args.out.display()
    );
    Ok(())
}
