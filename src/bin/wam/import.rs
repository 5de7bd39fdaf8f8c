//! `wam import-weights`: a network's published weights to wam's safetensors
//! weights (run by scripts/fetch-models, natively: wasm reads neither format):
//! a PyTorch state dict (.pth) for efficientnet-lite0, an ONNX graph with
//! quantised weights for yamnet.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result, bail};
use burn_store::pytorch_reader::{DType, PytorchReader};
use wam::array::HostArray;
use wam::io::write_file;
use wam::model::{fold_batchnorm, import_crepe, write_safetensors, yamnet_layers};

use crate::cli::ImportArgs;
use crate::onnx::Graph;

pub fn run(args: ImportArgs) -> Result<()> {
    let weights = match args.architecture.as_str() {
        "efficientnet-lite0" => fold_batchnorm(&read_pth(&args.input)?)?,
        "crepe" => import_crepe(&read_pth(&args.input)?)?,
        "yamnet" => yamnet(&Graph::read(&args.input)?)
            .with_context(|| format!("'{}' is not YAMNet's graph", args.input.display()))?,
        other => bail!(
            "unknown architecture '{other}': this build imports efficientnet-lite0 and crepe (.pth), and yamnet (.onnx)"
        ),
    };
    write_file(&args.output, &write_safetensors(&weights))?;
    eprintln!("wam: wrote {} tensors to {}", weights.len(), args.output.display());
    Ok(())
}

/// Every float32 tensor of a state dict (BatchNorm counters dropped).
fn read_pth(path: &Path) -> Result<BTreeMap<String, HostArray>> {
    let reader =
        PytorchReader::new(path).with_context(|| format!("reading '{}'", path.display()))?;
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
    Ok(state)
}

/// YAMNet's weights from its quantised ONNX export: the 27 convolutions in
/// graph order (their strides, pads, groups checked against wam's network),
/// the Gemm as `fc`, and the range of the uint8 input as `input_range`.
fn yamnet(graph: &Graph) -> Result<BTreeMap<String, HostArray>> {
    let convs: Vec<_> = graph.nodes("Conv").collect();
    let layers = yamnet_layers();
    if convs.len() != layers.len() {
        bail!("{} Conv nodes, YAMNet has {}", convs.len(), layers.len());
    }
    let mut out = BTreeMap::new();
    for (node, layer) in convs.into_iter().zip(layers) {
        let (weight, bias) = (graph.weight(node.input(1)?)?, graph.weight(node.input(2)?)?);
        let groups =
            if layer.depthwise { weight.shape().first().map_or(0, |&c| c as i64) } else { 1 };
        let [(top, bottom), (left, right)] = layer.padding.map(|(a, b)| (a as i64, b as i64));
        let (k, s) = (layer.kernel as i64, layer.stride as i64);
        if node.ints("kernel_shape").is_some_and(|v| v != [k, k])
            || node.ints("strides") != Some(&[s, s])
            || node.ints("pads") != Some(&[top, left, bottom, right])
            || node.ints("dilations").is_some_and(|d| d.iter().any(|&d| d != 1))
            || node.int("group", 1) != groups
        {
            bail!("Conv '{}' differs from wam's {}: {layer:?}", node.name, layer.name);
        }
        out.insert(format!("{}.weight", layer.name), weight);
        out.insert(format!("{}.bias", layer.name), bias);
    }
    let [gemm] = graph.nodes("Gemm").collect::<Vec<_>>()[..] else {
        bail!("expected one Gemm node");
    };
    if gemm.int("transA", 0) != 0
        || gemm.int("transB", 0) != 1
        || gemm.float("alpha", 1.0) != 1.0
        || gemm.float("beta", 1.0) != 1.0
    {
        bail!("the Gemm is not x · Wᵀ + b");
    }
    out.insert("fc.weight".into(), graph.weight(gemm.input(1)?)?);
    out.insert("fc.bias".into(), graph.weight(gemm.input(2)?)?);
    out.insert("input_range".into(), HostArray::new(vec![2], graph.input_range()?.to_vec())?);
    Ok(out)
}
