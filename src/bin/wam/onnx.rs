//! Reads the initializers and nodes of an ONNX model (protobuf, weights
//! inline or in an external data file beside it) and folds its
//! QuantizeLinear → DequantizeLinear weight pairs into float weights.

use std::collections::HashMap;
use std::path::Path;

use anyhow::{Context, Result, bail};
use prost::Message;
use wam::array::HostArray;

use crate::onnx_proto::{AttributeProto, ModelProto, Node, TensorProto};

impl TensorProto {
    /// The external data file holding its values, if any.
    fn location(&self) -> Option<&str> {
        self.external_data.iter().find(|e| e.key == "location").map(|e| e.value.as_str())
    }
}

impl Node {
    /// Its `i`-th input (a missing one is an error, not a panic).
    pub fn input(&self, i: usize) -> Result<&str> {
        let input = self.input.get(i).filter(|name| !name.is_empty());
        input
            .map(String::as_str)
            .with_context(|| format!("{} '{}' has no input {i}", self.op_type, self.name))
    }

    fn attribute(&self, name: &str) -> Option<&AttributeProto> {
        self.attribute.iter().find(|a| a.name == name)
    }

    /// An integer-list attribute, if present.
    pub fn ints(&self, name: &str) -> Option<&[i64]> {
        self.attribute(name).map(|a| a.ints.as_slice())
    }

    /// An integer attribute, or `default`.
    pub fn int(&self, name: &str, default: i64) -> i64 {
        self.attribute(name).map_or(default, |a| a.i)
    }

    /// A float attribute, or `default`.
    pub fn float(&self, name: &str, default: f32) -> f32 {
        self.attribute(name).map_or(default, |a| a.f)
    }
}

/// A tensor's values widened to f32, with the range of its integer type.
struct Values {
    dims: Vec<usize>,
    data: Vec<f32>,
    range: Option<(f32, f32)>,
}

/// A loaded ONNX graph.
pub struct Graph {
    nodes: Vec<Node>,
    initializers: HashMap<String, TensorProto>,
    input: String,
    /// External data files by location, read once.
    external: HashMap<String, Vec<u8>>,
}

impl Graph {
    /// Reads `path` (external data files are looked up beside it).
    pub fn read(path: &Path) -> Result<Self> {
        let bytes = std::fs::read(path).with_context(|| format!("reading '{}'", path.display()))?;
        let model = ModelProto::decode(bytes.as_slice())
            .with_context(|| format!("'{}' is not an ONNX model", path.display()))?;
        let graph = model.graph.context("the ONNX model has no graph")?;
        let input = graph.input.first().context("the ONNX graph has no input")?.name.clone();
        let folder = path.parent().unwrap_or(Path::new("."));
        let mut external = HashMap::new();
        for location in graph.initializer.iter().filter_map(TensorProto::location) {
            if !external.contains_key(location) {
                let file = folder.join(location);
                let bytes = std::fs::read(&file)
                    .with_context(|| format!("reading the ONNX data '{}'", file.display()))?;
                external.insert(location.to_string(), bytes);
            }
        }
        Ok(Self {
            nodes: graph.node,
            initializers: graph.initializer.into_iter().map(|t| (t.name.clone(), t)).collect(),
            input,
            external,
        })
    }

    /// The nodes of one operation type, in graph order.
    pub fn nodes<'a>(&'a self, op_type: &'a str) -> impl Iterator<Item = &'a Node> {
        self.nodes.iter().filter(move |n| n.op_type == op_type)
    }

    fn producer(&self, output: &str, op_type: &str) -> Option<&Node> {
        self.nodes
            .iter()
            .find(|n| n.op_type == op_type && n.output.first().is_some_and(|o| o == output))
    }

    fn values(&self, name: &str) -> Result<Values> {
        let t = self.initializers.get(name).with_context(|| format!("no initializer '{name}'"))?;
        let raw = match t.location() {
            None => t.raw_data.as_slice(),
            Some(location) => {
                let field = |key: &str| -> Result<Option<usize>> {
                    let entry = t.external_data.iter().find(|e| e.key == key);
                    entry.map(|e| e.value.parse().context("bad external data field")).transpose()
                };
                let bytes = &self.external[location];
                let start = field("offset")?.unwrap_or(0);
                let end = field("length")?.map_or(bytes.len(), |l| start.saturating_add(l));
                bytes
                    .get(start..end)
                    .with_context(|| format!("'{name}' lies past the end of '{location}'"))?
            }
        };
        let (data, range): (Vec<f32>, _) = match t.data_type {
            1 if raw.is_empty() => (t.float_data.clone(), None),
            1 => (
                raw.chunks_exact(4).map(|b| f32::from_le_bytes(b.try_into().expect("4"))).collect(),
                None,
            ),
            2 if raw.is_empty() => {
                (t.int32_data.iter().map(|&v| v as f32).collect(), Some((0.0, 255.0)))
            }
            2 => (raw.iter().map(|&v| v as f32).collect(), Some((0.0, 255.0))),
            3 if raw.is_empty() => {
                (t.int32_data.iter().map(|&v| v as f32).collect(), Some((-128.0, 127.0)))
            }
            3 => (raw.iter().map(|&v| v as i8 as f32).collect(), Some((-128.0, 127.0))),
            other => bail!(
                "initializer '{name}' has ONNX data type {other}: only float32, uint8 and int8 are read"
            ),
        };
        let dims: Vec<usize> =
            t.dims.iter().map(|&d| usize::try_from(d)).collect::<Result<_, _>>()?;
        if dims.iter().product::<usize>() != data.len() {
            bail!("initializer '{name}' has {} values for dims {dims:?}", data.len());
        }
        Ok(Values { dims, data, range })
    }

    /// The float weight `name`: an initializer, or the output of
    /// `DequantizeLinear(QuantizeLinear(initializer))`, folded as ONNX computes it,
    /// `(clamp(round(w / s) + z) − z) · s`, per tensor or per channel along `axis`.
    pub fn weight(&self, name: &str) -> Result<HostArray> {
        let Some(dq) = self.producer(name, "DequantizeLinear") else {
            let v = self.values(name)?;
            return Ok(HostArray::new(v.dims, v.data)?);
        };
        let q = self
            .producer(dq.input(0)?, "QuantizeLinear")
            .with_context(|| format!("'{name}' is not a dequantised QuantizeLinear output"))?;
        let w = self.values(q.input(0)?)?;
        let scales = |n: &Node| -> Result<(Values, Values)> {
            Ok((self.values(n.input(1)?)?, self.values(n.input(2)?)?))
        };
        let ((q_scale, q_zero), (d_scale, d_zero)) = (scales(q)?, scales(dq)?);
        let (low, high) = q_zero.range.context("the zero point is not an integer")?;
        let per_channel = q_scale.data.len() > 1;
        let rank = w.dims.len() as i64;
        let axis = q.int("axis", 1);
        let axis = usize::try_from(if axis < 0 { axis + rank } else { axis })
            .ok()
            .filter(|&a| a < w.dims.len() || !per_channel)
            .with_context(|| format!("'{name}': axis {axis} is outside its rank {rank}"))?;
        let channels = if per_channel { w.dims[axis] } else { 1 };
        if [&q_scale, &q_zero, &d_scale, &d_zero].iter().any(|v| v.data.len() != channels) {
            bail!("the scales and zero points of '{name}' do not fit its {channels} channels");
        }
        let inner: usize = if per_channel { w.dims[axis + 1..].iter().product() } else { 1 };
        let data = w.data.iter().enumerate().map(|(i, &x)| {
            let c = (i / inner) % channels;
            let level = ((x / q_scale.data[c]).round_ties_even() + q_zero.data[c]).clamp(low, high);
            (level - d_zero.data[c]) * d_scale.data[c]
        });
        Ok(HostArray::new(w.dims.clone(), data.collect())?)
    }

    /// `[low, high]`: the values the graph's integer input stands for, when the
    /// graph dequantises it first (a float model reads floats clipped there).
    pub fn input_range(&self) -> Result<[f32; 2]> {
        let dq = self
            .nodes("DequantizeLinear")
            .find(|n| n.input.first() == Some(&self.input))
            .context("the graph input is not dequantised")?;
        let (scale, zero) = (self.values(dq.input(1)?)?, self.values(dq.input(2)?)?);
        let (low, high) = zero.range.context("the zero point is not an integer")?;
        match (scale.data.as_slice(), zero.data.as_slice()) {
            (&[s], &[z]) => Ok([(low - z) * s, (high - z) * s]),
            _ => bail!("the graph input is not quantised per tensor"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::onnx_proto::{GraphProto, StringStringEntryProto, ValueInfoProto};
    use std::path::PathBuf;

    fn tensor(name: &str, dims: &[i64], data_type: i32, raw_data: Vec<u8>) -> TensorProto {
        TensorProto {
            name: name.into(),
            dims: dims.to_vec(),
            data_type,
            raw_data,
            ..Default::default()
        }
    }

    fn node(op_type: &str, input: &[&str], output: &str, axis: Option<i64>) -> Node {
        let attribute =
            axis.map(|i| AttributeProto { name: "axis".into(), i, ..Default::default() });
        Node {
            input: input.iter().map(|s| s.to_string()).collect(),
            output: vec![output.into()],
            name: output.into(),
            op_type: op_type.into(),
            attribute: attribute.into_iter().collect(),
        }
    }

    /// A uint8 input dequantised (scale 0.5, zero point 144) and a weight
    /// `[2, 3]` quantised per channel to int8, its values in an external file.
    fn write_graph(dir: &Path) -> PathBuf {
        let w = [0.26f32, -0.74, 100.0, 0.125, 0.375, -40.0];
        let mut data = vec![7u8; 8];
        data.extend(w.iter().flat_map(|v| v.to_le_bytes()));
        std::fs::write(dir.join("model.data"), data).unwrap();
        let mut weight = tensor("w", &[2, 3], 1, Vec::new());
        weight.external_data = [("location", "model.data"), ("offset", "8"), ("length", "24")]
            .map(|(k, v)| StringStringEntryProto { key: k.into(), value: v.into() })
            .to_vec();
        let f32s = |v: &[f32]| v.iter().flat_map(|x| x.to_le_bytes()).collect();
        let initializer = vec![
            weight,
            tensor("w_scale", &[2], 1, f32s(&[0.5, 0.25])),
            tensor("w_zero", &[2], 3, vec![0, 2]),
            tensor("x_scale", &[], 1, f32s(&[0.5])),
            tensor("x_zero", &[], 2, vec![144]),
        ];
        let graph = GraphProto {
            node: vec![
                node("DequantizeLinear", &["x", "x_scale", "x_zero"], "x_dq", None),
                node("QuantizeLinear", &["w", "w_scale", "w_zero"], "w_q", Some(0)),
                node("DequantizeLinear", &["w_q", "w_scale", "w_zero"], "w_dq", Some(0)),
            ],
            initializer,
            input: vec![ValueInfoProto { name: "x".into() }],
        };
        let path = dir.join("model.onnx");
        std::fs::write(&path, ModelProto { graph: Some(graph) }.encode_to_vec()).unwrap();
        path
    }

    #[test]
    fn folds_per_channel_quantisation_as_onnx_rounds_and_saturates() {
        let dir = std::env::temp_dir().join(format!("wam-onnx-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let graph = Graph::read(&write_graph(&dir)).unwrap();
        // Channel 0 (scale 0.5): 0.52 → 1, −1.48 → −1, 200 saturates at 127.
        // Channel 1 (scale 0.25, zero 2): 0.5 → 0 and 1.5 → 2 (ties to even), −160 + 2 → −128.
        let folded = graph.weight("w_dq").unwrap();
        assert_eq!(folded.shape(), [2, 3]);
        assert_eq!(folded.data(), [0.5, -0.5, 63.5, 0.0, 0.5, -32.5]);
        assert_eq!(graph.weight("w_scale").unwrap().data(), [0.5, 0.25]);
        assert_eq!(graph.input_range().unwrap(), [-72.0, 55.5]);
        assert!(graph.weight("x_dq").unwrap_err().to_string().contains("not a dequantised"));
        std::fs::write(dir.join("model.data"), [0u8; 20]).unwrap();
        let graph = Graph::read(&dir.join("model.onnx")).unwrap();
        assert!(graph.weight("w_dq").unwrap_err().to_string().contains("past the end"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
