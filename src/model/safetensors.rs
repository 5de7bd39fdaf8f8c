//! The safetensors format (a JSON header, then raw little-endian tensors):
//! read from bytes (natively and in wasm) and written by `wam import`.

use std::collections::BTreeMap;

use burn::tensor::{Device, Tensor, TensorData};
use serde::{Deserialize, Serialize};

use crate::array::HostArray;

use super::ModelError;

#[derive(Serialize, Deserialize)]
struct Entry {
    dtype: String,
    shape: Vec<usize>,
    data_offsets: [usize; 2],
}

fn invalid(reason: impl Into<String>) -> ModelError {
    ModelError::Weights(reason.into())
}

/// Reads every `F32` tensor of a safetensors file.
pub fn read_safetensors(bytes: &[u8]) -> Result<BTreeMap<String, HostArray>, ModelError> {
    let header_len = bytes
        .get(..8)
        .map(|b| u64::from_le_bytes(b.try_into().expect("8 bytes")) as usize)
        .ok_or_else(|| invalid("file shorter than its 8-byte header length"))?;
    let header_end = 8usize
        .checked_add(header_len)
        .filter(|&end| end <= bytes.len())
        .ok_or_else(|| invalid("truncated header"))?;
    let header: BTreeMap<String, serde_json::Value> = serde_json::from_slice(&bytes[8..header_end])
        .map_err(|e| invalid(format!("header is not JSON: {e}")))?;
    let data = &bytes[header_end..];
    let mut tensors = BTreeMap::new();
    for (name, value) in header {
        if name == "__metadata__" {
            continue;
        }
        let entry: Entry =
            serde_json::from_value(value).map_err(|e| invalid(format!("tensor '{name}': {e}")))?;
        if entry.dtype != "F32" {
            return Err(invalid(format!(
                "tensor '{name}' is {}, only F32 is supported",
                entry.dtype
            )));
        }
        let [start, end] = entry.data_offsets;
        let count: usize = entry.shape.iter().product();
        if start > end || end > data.len() || end - start != 4 * count {
            return Err(invalid(format!(
                "tensor '{name}' has offsets {start}..{end} that do not fit its shape or the file"
            )));
        }
        let values = data[start..end]
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes(c.try_into().expect("4 bytes")))
            .collect();
        tensors.insert(name, HostArray::new(entry.shape, values).expect("count checked"));
    }
    Ok(tensors)
}

/// Serialises `F32` tensors as a safetensors file.
pub fn write_safetensors(tensors: &BTreeMap<String, HostArray>) -> Vec<u8> {
    let mut header = BTreeMap::new();
    let mut offset = 0;
    for (name, array) in tensors {
        let len = 4 * array.data().len();
        header.insert(
            name.clone(),
            Entry {
                dtype: "F32".into(),
                shape: array.shape().to_vec(),
                data_offsets: [offset, offset + len],
            },
        );
        offset += len;
    }
    let mut json = serde_json::to_vec(&header).expect("serialisable");
    // Pad the header with spaces to an 8-byte boundary, as the format recommends.
    json.resize(json.len().next_multiple_of(8), b' ');
    let mut out = Vec::with_capacity(8 + json.len() + offset);
    out.extend_from_slice(&(json.len() as u64).to_le_bytes());
    out.extend_from_slice(&json);
    for array in tensors.values() {
        out.extend(array.le_bytes());
    }
    out
}

/// Uploads the weight `name` of `tensors` to `device`, checking its rank.
pub(super) fn tensor<const D: usize>(
    tensors: &BTreeMap<String, HostArray>,
    name: &str,
    device: &Device,
) -> Result<Tensor<D>, ModelError> {
    let array = tensors
        .get(name)
        .ok_or_else(|| ModelError::Weights(format!("tensor '{name}' is missing")))?;
    if array.shape().len() != D {
        return Err(ModelError::Weights(format!(
            "tensor '{name}' has shape {:?}, expected rank {D}",
            array.shape()
        )));
    }
    Ok(Tensor::from_data(TensorData::new(array.data().to_vec(), array.shape().to_vec()), device))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_rejects_damage() {
        let mut tensors = BTreeMap::new();
        tensors.insert(
            "conv.weight".to_string(),
            HostArray::new(vec![2, 1, 1, 2], vec![1.0, -2.0, 3.5, 0.25]).unwrap(),
        );
        tensors
            .insert("fc.bias".to_string(), HostArray::new(vec![3], vec![0.0, 1.0, 2.0]).unwrap());
        let bytes = write_safetensors(&tensors);
        assert_eq!(read_safetensors(&bytes).unwrap(), tensors);
        assert!(
            read_safetensors(&bytes[..bytes.len() - 4])
                .unwrap_err()
                .to_string()
                .contains("offsets")
        );
        assert!(read_safetensors(&bytes[..5]).unwrap_err().to_string().contains("header"));
    }
}
