//! Re-initialising layers, for the model-randomisation sanity check
//! (Adebayo et al. 2018): He-normal weights `N(0, 2/fan_in)`, zero biases,
//! drawn on the host from a seed so that every backend gets the same ones.

use burn::tensor::{Tensor, TensorData};

use crate::explain::noise::standard_normal;

/// Fresh He-normal weights of `like`'s shape for a layer taking `fan_in`
/// inputs per output, from stream `stream` of `seed`.
pub(super) fn he_normal<const D: usize>(
    like: &Tensor<D>,
    fan_in: usize,
    seed: u64,
    stream: u64,
) -> Tensor<D> {
    let dims = like.dims();
    let count = dims.iter().product();
    let scale = (2.0 / fan_in.max(1) as f32).sqrt();
    let values = standard_normal(count, seed, stream).into_iter().map(|v| v * scale).collect();
    Tensor::from_data(TensorData::new(values, dims), &like.device())
}

/// [`he_normal`] for a convolution's `[out, in / groups, *kernel]` weight.
pub(super) fn he_normal_conv<const D: usize>(
    weight: &Tensor<D>,
    seed: u64,
    stream: u64,
) -> Tensor<D> {
    let fan_in = weight.dims()[1..].iter().product();
    he_normal(weight, fan_in, seed, stream)
}
