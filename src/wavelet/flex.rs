//! The one-axis transform on the CPU backend (`flex`, natively and in
//! wasm) as custom operations: the loops of [`super::host`] on the
//! tensors' memory, one pass per step instead of burn's extension, strided
//! convolution and col2im. On flex's autodiff device the backward pass is
//! the adjoint of the same steps, so gradients flow through both
//! directions as through burn's generic operations
//! ([`super::axis`], used on every other backend and for other dtypes).

use std::borrow::Cow;
use std::marker::PhantomData;

use burn::backend::autodiff::checkpoint::base::Checkpointer;
use burn::backend::autodiff::checkpoint::strategy::NoCheckpointing;
use burn::backend::autodiff::grads::Gradients;
use burn::backend::autodiff::ops::{Backward, Ops, OpsKind};
use burn::backend::flex::FlexTensor;
use burn::backend::{Autodiff, Flex};
use burn::tensor::{DType, Tensor, TensorData};

use super::Mode;
use super::axis::{FilterBank, SynthesisSpan, split_dims};
use super::host::{Resampling, correlate, correlate_transpose};

/// Splits axis `dim` of `x` into its approximation and detail halves, or
/// `None` when `x` is not an f32 tensor of the CPU backend.
pub(super) fn analyze(
    x: &Tensor<4>,
    dim: usize,
    bank: &FilterBank,
    mode: Mode,
) -> Option<(Tensor<4>, Tensor<4>)> {
    let dims = x.dims();
    let (outer, len, inner) = split_dims(dims, dim);
    let (start, extended) = mode.extension_span(len, bank.len());
    let extension = Resampling::new(extended, len, start, |i| mode.source_index(i, len));
    let coeffs = mode.coeff_len(len, bank.len());
    let step = Analysis { dims, outer, inner, extension, coeffs, taps: bank.analysis_taps() };
    let both = apply(step, [x.clone()])?;
    let mut band_dims = dims;
    band_dims[dim] = coeffs;
    let lo = both.clone().narrow(0, 0, 1).reshape(band_dims);
    Some((lo, both.narrow(0, 1, 1).reshape(band_dims)))
}

/// Rebuilds axis `dim` from its halves `lo` and `hi` along `span` (as
/// [`super::axis::synthesize`]), or `None` off the CPU backend.
pub(super) fn synthesize(
    lo: &Tensor<4>,
    hi: &Tensor<4>,
    dim: usize,
    bank: &FilterBank,
    span: &SynthesisSpan,
) -> Option<Tensor<4>> {
    let dims = lo.dims();
    let (outer, len, inner) = split_dims(dims, dim);
    let wrapped = len + 2 * span.margin;
    let wrap = Resampling::new(wrapped, len, -(span.margin as isize), |i| {
        Some(i.rem_euclid(len as isize) as usize)
    });
    let full = 2 * wrapped + bank.len() - 2;
    let crop = Resampling::new(span.len, full, span.start as isize, |_| None);
    let mut out_dims = dims;
    out_dims[dim] = span.len;
    let step = Synthesis { dims, out_dims, outer, inner, wrap, crop, taps: bank.synthesis_taps() };
    apply(step, [lo.clone(), hi.clone()])
}

/// A linear map from `N` input tensors to one output, on host memory, and
/// its transpose (the backward pass).
trait Step<const N: usize>: Clone + Send + std::fmt::Debug + 'static {
    /// The output's dims.
    fn output_dims(&self) -> [usize; 4];
    /// Every input's dims (the same for all).
    fn input_dims(&self) -> [usize; 4];
    /// The map, on the inputs' row-major values.
    fn forward(&self, inputs: [&[f32]; N]) -> Vec<f32>;
    /// Its transpose: each input's gradient from the output's.
    fn transpose(&self, grad: &[f32]) -> [Vec<f32>; N];
}

/// Analysis of one axis: extension, then both filters at stride 2.
/// Output `[2, P, coeffs, Q]` (approximation first).
#[derive(Clone, Debug)]
struct Analysis {
    dims: [usize; 4],
    outer: usize,
    inner: usize,
    extension: Resampling,
    coeffs: usize,
    taps: [Vec<f32>; 2],
}

impl Step<1> for Analysis {
    fn output_dims(&self) -> [usize; 4] {
        [2, self.outer, self.coeffs, self.inner]
    }

    fn input_dims(&self) -> [usize; 4] {
        self.dims
    }

    fn forward(&self, [x]: [&[f32]; 1]) -> Vec<f32> {
        let extended = self.extension.gather(Cow::Borrowed(x), self.outer, self.inner);
        correlate(&extended, self.outer, self.extension.len(), self.inner, &self.taps)
    }

    fn transpose(&self, grad: &[f32]) -> [Vec<f32>; 1] {
        let (lo, hi) = grad.split_at(grad.len() / 2);
        let extended = correlate_transpose(lo, hi, self.outer, self.coeffs, self.inner, &self.taps);
        [self.extension.scatter(Cow::Owned(extended), self.outer, self.inner).into_owned()]
    }
}

/// Synthesis of one axis: periodic wrap (periodization), the transposed
/// filters, crop.
#[derive(Clone, Debug)]
struct Synthesis {
    dims: [usize; 4],
    out_dims: [usize; 4],
    outer: usize,
    inner: usize,
    wrap: Resampling,
    crop: Resampling,
    taps: [Vec<f32>; 2],
}

impl Step<2> for Synthesis {
    fn output_dims(&self) -> [usize; 4] {
        self.out_dims
    }

    fn input_dims(&self) -> [usize; 4] {
        self.dims
    }

    fn forward(&self, [lo, hi]: [&[f32]; 2]) -> Vec<f32> {
        let (outer, inner) = (self.outer, self.inner);
        let [lo, hi] = [lo, hi].map(|band| self.wrap.gather(Cow::Borrowed(band), outer, inner));
        let full = correlate_transpose(&lo, &hi, outer, self.wrap.len(), inner, &self.taps);
        self.crop.gather(Cow::Owned(full), outer, inner).into_owned()
    }

    fn transpose(&self, grad: &[f32]) -> [Vec<f32>; 2] {
        let (outer, inner) = (self.outer, self.inner);
        let full = self.crop.scatter(Cow::Borrowed(grad), outer, inner);
        let both = correlate(&full, outer, full.len() / (outer * inner), inner, &self.taps);
        let (lo, hi) = both.split_at(both.len() / 2);
        [lo, hi].map(|band| self.wrap.scatter(Cow::Borrowed(band), outer, inner).into_owned())
    }
}

/// The f32 values of `t`, row-major.
fn values(t: &FlexTensor) -> Cow<'_, [f32]> {
    match t.as_slice::<f32>() {
        Some(values) => Cow::Borrowed(values),
        None => Cow::Owned(t.to_contiguous().as_slice::<f32>().expect("contiguous").to_vec()),
    }
}

fn flex_tensor(values: Vec<f32>, dims: [usize; 4]) -> FlexTensor {
    FlexTensor::from_data(TensorData::new(values, dims))
}

/// Runs `step` on flex tensors.
fn run<S: Step<N>, const N: usize>(step: &S, inputs: [FlexTensor; N]) -> FlexTensor {
    let values = inputs.each_ref().map(values);
    flex_tensor(step.forward(values.each_ref().map(|v| &v[..])), step.output_dims())
}

/// The backward pass of a [`Step`]: its transpose.
#[derive(Debug)]
struct Transpose<S>(PhantomData<S>);

impl<S: Step<N>, const N: usize> Backward<Flex, N> for Transpose<S> {
    type State = S;

    fn backward(self, ops: Ops<S, N>, grads: &mut Gradients, _: &mut Checkpointer) {
        let grad = grads.consume::<Flex>(&ops.node);
        let inputs = ops.state.transpose(&values(&grad));
        for (parent, values) in ops.parents.into_iter().zip(inputs) {
            if let Some(parent) = parent {
                grads.register::<Flex>(parent.id, flex_tensor(values, ops.state.input_dims()));
            }
        }
    }
}

/// `step` applied to `inputs` when they are f32 tensors of flex (plain or
/// autodiff); `None` otherwise.
fn apply<S: Step<N>, const N: usize>(step: S, inputs: [Tensor<4>; N]) -> Option<Tensor<4>> {
    if inputs.iter().any(|t| t.dtype() != DType::F32) {
        return None;
    }
    let plain = inputs.each_ref().map(|t| t.clone().try_into_primitive::<Flex>().ok());
    if plain.iter().all(Option::is_some) {
        let out = run(&step, plain.map(|t| t.expect("checked")));
        return Some(Tensor::from_primitive::<Flex>(out));
    }
    type Ad = Autodiff<Flex>;
    let tracked = inputs.map(|t| t.try_into_primitive::<Ad>().ok());
    if !tracked.iter().all(Option::is_some) {
        return None;
    }
    let (primitives, nodes): (Vec<_>, Vec<_>) =
        tracked.into_iter().map(|t| t.expect("checked").into_parts()).unzip();
    let (Ok(primitives), Ok(nodes)) = (primitives.try_into(), nodes.try_into()) else {
        unreachable!("N inputs give N parts");
    };
    let out = run(&step, primitives);
    let out = match Transpose::<S>(PhantomData)
        .prepare::<NoCheckpointing>(nodes)
        .compute_bound()
        .stateful()
    {
        OpsKind::Tracked(prep) => prep.finish(step, out),
        OpsKind::UnTracked(prep) => prep.finish(out),
    };
    Some(Tensor::from_primitive::<Ad>(out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wavelet::Wavelet;
    use crate::wavelet::axis::{analyze_with_burn, synthesize_with_burn};
    use burn::tensor::{Device, Distribution, Tolerance};

    fn random(dims: [usize; 4], device: &Device) -> Tensor<4> {
        Tensor::random(dims, Distribution::Normal(0.0, 1.0), device).require_grad()
    }

    /// Values and gradients of `f(inputs) · weights` summed, for each input.
    fn value_and_gradients(
        inputs: &[Tensor<4>],
        outputs: Vec<Tensor<4>>,
        weights: &[Tensor<4>],
    ) -> Vec<TensorData> {
        let loss = outputs
            .iter()
            .zip(weights)
            .map(|(out, w)| out.clone().mul(w.clone()).sum())
            .reduce(|a, b| a + b)
            .expect("one output");
        let grads = loss.backward();
        let mut data: Vec<TensorData> = outputs.into_iter().map(Tensor::into_data).collect();
        data.extend(inputs.iter().map(|x| x.grad(&grads).expect("tracked").into_data()));
        data
    }

    /// The CPU path gives burn's generic path's bands, reconstructions and
    /// gradients (both directions), on every axis, in every mode, for odd
    /// sizes and sizes shorter than the filter.
    #[test]
    fn flex_path_equals_burns_operations_and_their_gradients() {
        let device = Device::flex().autodiff();
        let tolerance = Tolerance::<f32>::absolute(1e-4);
        for name in ["haar", "db2", "db4", "coif1", "sym5"] {
            let bank = FilterBank::new(&Wavelet::new(name).unwrap(), &device);
            for mode in Mode::ALL {
                for dim in 1..4 {
                    for len in [3, 8, 13] {
                        let mut dims = [2, 3, 4, 5];
                        dims[dim] = len;
                        let x = random(dims, &device);
                        let (lo, hi) = analyze(&x, dim, &bank, mode).expect("flex path");
                        let weights = [random(lo.dims(), &device), random(lo.dims(), &device)];
                        let ours =
                            value_and_gradients(std::slice::from_ref(&x), vec![lo, hi], &weights);
                        let (lo, hi) = analyze_with_burn(x.clone(), dim, &bank, mode);
                        let reference = value_and_gradients(&[x], vec![lo, hi], &weights);
                        for (a, b) in ours.iter().zip(&reference) {
                            a.assert_approx_eq::<f32>(b, tolerance);
                        }

                        let Ok(span) = SynthesisSpan::new(len, bank.len(), mode) else {
                            continue;
                        };
                        let (lo, hi) = (random(dims, &device), random(dims, &device));
                        let out = synthesize(&lo, &hi, dim, &bank, &span).expect("flex path");
                        let weights = [random(out.dims(), &device)];
                        let inputs = [lo.clone(), hi.clone()];
                        let ours = value_and_gradients(&inputs, vec![out], &weights);
                        let out = synthesize_with_burn(lo, hi, dim, &bank, &span);
                        let reference = value_and_gradients(&inputs, vec![out], &weights);
                        for (a, b) in ours.iter().zip(&reference) {
                            a.assert_approx_eq::<f32>(b, tolerance);
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn other_dtypes_take_burns_path() {
        // f64 tensors are left to burn's operations.
        let x = Tensor::<4>::zeros([1, 1, 1, 8], (&Device::flex(), DType::F64));
        let bank = FilterBank::new(&Wavelet::new("haar").unwrap(), &Device::flex());
        assert!(analyze(&x, 3, &bank, Mode::Symmetric).is_none());
    }
}
