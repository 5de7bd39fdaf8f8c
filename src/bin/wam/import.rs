//! `wam import-weights`: a PyTorch state dict (.pth) to wam's safetensors
//! weights (run by scripts/fetch-models, natively: wasm cannot read .pth).

use std::collections::BTreeMap;

use anyhow::{Context, Result, bail};
use burn_store::pytorch_reader::{DType, PytorchReader};
use wam::array::HostArray;
use wam::io::write_file;
use wam::model::{fold_batchnorm, import_crepe, write_safetensors};

use crate::cli::ImportArgs;

pub fn run(args: ImportArgs) -> Result<()> {
    let convert = match args.architecture.as_str() {
        "efficientnet-lite0" => fold_batchnorm,
        "crepe" => import_crepe,
        other => {
            bail!("unknown architecture '{other}': this build imports efficientnet-lite0, crepe")
        }
    };
    let reader = PytorchReader::new(&args.input)
        .with_context(|| format!("reading '{}'", args.input.display()))?;
    let mut state = BTreeMap::new();
    for key in reader.keys() {
        if key.ends_with("num_batches_tracked") {
            continue;
        }
        let tensor = reader.get(&key).expect("listed key");
        if tensor.dtype() != DType::F32 {
            bail!("tensor '{key}' is {:?}: only float32 weights are imported", tensor.dtype());
        }
        let values = tensor
            .read()?
            .chunks_exact(4)
            .map(|b| f32::from_ne_bytes(b.try_into().expect("4 bytes")))
            .collect();
        state.insert(key.to_string(), HostArray::new(tensor.shape().to_vec(), values)?);
    }
    let weights = convert(&state)?;
    write_file(&args.output, &write_safetensors(&weights))?;
    eprintln!("wam: wrote {} tensors to {}", weights.len(), args.output.display());
    Ok(())
}
