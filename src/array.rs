//! [`HostArray`]: an n-D float array in host memory, the currency between
//! tensors, files and pictures.

use burn::tensor::{Device, Tensor, TensorData};
use thiserror::Error;

/// A row-major `f32` array of any rank, in host memory.
#[derive(Clone, Debug, PartialEq)]
pub struct HostArray {
    shape: Vec<usize>,
    data: Vec<f32>,
}

/// The data length does not match the shape, or a tensor could not be read.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum ArrayError {
    /// `data.len()` differs from the product of the shape.
    #[error("shape {shape:?} needs {expected} values, got {got}")]
    ShapeMismatch {
        /// The requested shape.
        shape: Vec<usize>,
        /// Its number of elements.
        expected: usize,
        /// The number of values supplied.
        got: usize,
    },
    /// The rank differs from the one a caller needs.
    #[error("expected a rank-{expected} array, got shape {shape:?}")]
    Rank {
        /// The rank needed.
        expected: usize,
        /// The shape found.
        shape: Vec<usize>,
    },
    /// The backend failed to read a tensor back.
    #[error("could not read a tensor from the device: {0}")]
    Readback(String),
}

impl HostArray {
    /// Wraps `data` (row-major) with `shape`.
    pub fn new(shape: Vec<usize>, data: Vec<f32>) -> Result<Self, ArrayError> {
        let expected = shape.iter().product();
        if data.len() != expected {
            return Err(ArrayError::ShapeMismatch { shape, expected, got: data.len() });
        }
        Ok(Self { shape, data })
    }

    /// The shape.
    pub fn shape(&self) -> &[usize] {
        &self.shape
    }

    /// The values, row-major.
    pub fn data(&self) -> &[f32] {
        &self.data
    }

    /// The values, row-major, by value.
    pub fn into_data(self) -> Vec<f32> {
        self.data
    }

    /// The values as little-endian bytes (the payload of `.npy` and safetensors files).
    pub fn le_bytes(&self) -> impl Iterator<Item = u8> + '_ {
        self.data.iter().flat_map(|v| v.to_le_bytes())
    }

    /// `Σ |a|` over the first axis (channels): shape `shape[1..]`.
    pub fn channel_magnitude(&self) -> HostArray {
        self.sum_channels(f32::abs)
    }

    /// `Σ a` over the first axis (channels), signs kept: shape `shape[1..]`.
    pub fn channel_sum(&self) -> HostArray {
        self.sum_channels(|v| v)
    }

    /// `Σ f(a)` over the first axis: shape `shape[1..]`.
    fn sum_channels(&self, f: impl Fn(f32) -> f32) -> HostArray {
        let rest = self.shape[1..].to_vec();
        let plane: usize = rest.iter().product();
        let mut sum = vec![0.0f32; plane];
        for channel in self.data.chunks(plane.max(1)) {
            sum.iter_mut().zip(channel).for_each(|(s, v)| *s += f(*v));
        }
        Self { shape: rest, data: sum }
    }

    /// Uploads to `device` as a rank-`D` tensor.
    pub fn to_tensor<const D: usize>(&self, device: &Device) -> Result<Tensor<D>, ArrayError> {
        if self.shape.len() != D {
            return Err(ArrayError::Rank { expected: D, shape: self.shape.clone() });
        }
        Ok(Tensor::from_data(TensorData::new(self.data.clone(), self.shape.clone()), device))
    }

    /// Reads a tensor back (asynchronously, as browsers' WebGPU requires)
    /// and gives it `shape` (same number of elements).
    pub async fn from_tensor<const D: usize>(
        tensor: Tensor<D>,
        shape: Vec<usize>,
    ) -> Result<Self, ArrayError> {
        let data =
            tensor.into_data_async().await.map_err(|e| ArrayError::Readback(format!("{e:?}")))?;
        let values = data
            .convert::<f32>()
            .try_into_vec::<f32>()
            .map_err(|e| ArrayError::Readback(format!("{e:?}")))?;
        Self::new(shape, values)
    }
}
