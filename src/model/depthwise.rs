//! Depthwise convolution on the CPU (`flex`): the forward and the input
//! gradient both run [`super::depthwise_kernel`], which beats flex's
//! tap-by-tap kernel (2× on EfficientNet's layers, more at stride 2).
//! burn's autodiff would take the input gradient as a transposed
//! convolution, which flex runs for depthwise layers as one GEMM per
//! channel plus a col2im scatter; here it is the correlation of the padded
//! output gradient with the flipped kernel (at stride `s`, one correlation
//! per phase of the input positions, each with its own taps). A custom
//! autodiff op on flex; elsewhere plain `conv2d`.

use burn::tensor::Tensor;
use burn::tensor::module::conv2d;
use burn::tensor::ops::ConvOptions;

/// `conv2d` of `x` with one group per channel (`weight` `[C, 1, kh, kw]`),
/// on flex as above, with or without autodiff (weights untracked:
/// `is_require_grad` is true only for leaves, not for the activations
/// derived from them, so `x` is not asked).
pub(super) fn depthwise_conv2d(
    x: Tensor<4>,
    weight: Tensor<4>,
    bias: Tensor<1>,
    options: ConvOptions<2>,
) -> Tensor<4> {
    #[cfg(feature = "flex")]
    if !weight.is_require_grad() && !bias.is_require_grad() {
        return flex::depthwise_conv2d(x, weight, bias, options);
    }
    conv2d(x, weight, Some(bias), options)
}

#[cfg(feature = "flex")]
mod flex {
    use burn::backend::autodiff::checkpoint::base::Checkpointer;
    use burn::backend::autodiff::checkpoint::strategy::NoCheckpointing;
    use burn::backend::autodiff::grads::Gradients;
    use burn::backend::autodiff::ops::{Backward, Ops, OpsKind, unary};
    use burn::backend::flex::FlexTensor;
    use burn::backend::ops::FloatTensorOps;
    use burn::backend::{Autodiff, Flex, Slice, TensorMetadata};
    use burn::tensor::module::conv2d;
    use burn::tensor::ops::ConvOptions;
    use burn::tensor::{DType, Tensor, TensorData};

    use crate::model::depthwise_kernel::{Geometry, depthwise};

    /// The op: its state is the flipped kernel, the forward's options and
    /// the input's spatial size.
    #[derive(Debug)]
    struct DepthwiseBackward;

    impl Backward<Flex, 1> for DepthwiseBackward {
        type State = (FlexTensor, ConvOptions<2>, [usize; 2]);

        fn backward(self, ops: Ops<Self::State, 1>, grads: &mut Gradients, _: &mut Checkpointer) {
            let (flipped, options, input) = ops.state;
            unary::<Flex, _>(ops.parents, ops.node, grads, |grad| {
                input_gradient(grad, flipped, &options, input)
            });
        }
    }

    /// The input gradient (`input` its spatial size) of a depthwise
    /// convolution at stride `s`: for each phase `(rh, rw)` of the input
    /// positions (see [`Phase`]), the output gradient correlated with that
    /// phase's taps of the flipped kernel, written to every `s`-th position.
    /// At stride 1 one correlation with the whole flipped kernel; at stride
    /// 2 four, a quarter of the multiply-adds of one correlation over the
    /// zero-upsampled gradient.
    fn input_gradient(
        grad: FlexTensor,
        flipped: FlexTensor,
        options: &ConvOptions<2>,
        input: [usize; 2],
    ) -> FlexTensor {
        let [n, c, h, w] = grad.shape().dims();
        let [_, _, kh, kw] = flipped.shape().dims();
        let [sh, sw] = options.stride;
        let [(bh, _), (bw, _)] = options.padding;
        let size = n * c * input[0] * input[1];
        let mut out: Option<Vec<f32>> = None;
        for rh in 0..sh {
            for rw in 0..sw {
                let (y, x) = (
                    Phase::new(kh, sh, bh, rh, h, input[0]),
                    Phase::new(kw, sw, bw, rw, w, input[1]),
                );
                if y.taps == 0 || x.taps == 0 || y.positions == 0 || x.positions == 0 {
                    continue; // positions no tap reaches: their gradient is 0
                }
                let kernel = Flex::float_slice(
                    flipped.clone(),
                    &[Slice::full(), Slice::full(), y.taps(), x.taps()],
                );
                let padding = [y.padding, x.padding];
                let options = ConvOptions { stride: [1, 1], padding, dilation: [1, 1], groups: c };
                let part = correlate(grad.clone(), kernel, None, &options);
                let part =
                    Flex::float_slice(part, &[Slice::full(), Slice::full(), y.kept(), x.kept()]);
                if sh == 1 && sw == 1 {
                    return part;
                }
                let part = part.to_contiguous();
                let part = part.as_slice::<f32>().expect("an f32 gradient");
                let out = out.get_or_insert_with(|| vec![0.0; size]);
                scatter(out, part, &y, &x, input);
            }
        }
        let out = out.unwrap_or_else(|| vec![0.0; size]);
        FlexTensor::from_data(TensorData::new(out, [n, c, input[0], input[1]]))
    }

    /// Writes a phase's values (`[planes, y.positions, x.positions]`) to
    /// its positions in `out` (planes of `input`).
    fn scatter(out: &mut [f32], part: &[f32], y: &Phase, x: &Phase, input: [usize; 2]) {
        let [rows, cols] = input;
        for (plane, values) in
            out.chunks_mut(rows * cols).zip(part.chunks(y.positions * x.positions))
        {
            for (m, row) in values.chunks(x.positions).enumerate() {
                let start = (y.first_position + y.stride * m) * cols + x.first_position;
                for (to, &value) in plane[start..].iter_mut().step_by(x.stride).zip(row) {
                    *to = value;
                }
            }
        }
    }

    /// Phase `r` of one axis of a depthwise convolution's input gradient
    /// (kernel `k`, stride `s`, padding `b` before): the input positions
    /// `i` with `i + b = s·q + r`, where the gradient is
    /// `Σ_t w[r + s·t] · g[q − t]`, a correlation of the output gradient
    /// `g` with those taps flipped.
    #[derive(Debug, PartialEq)]
    struct Phase {
        /// The stride `s`.
        stride: usize,
        /// How many taps it has (0 when no tap reaches its positions).
        taps: usize,
        /// Its first tap in the flipped kernel (then every `s`-th).
        first_tap: usize,
        /// The output gradient's padding (before, after) for the correlation.
        padding: (usize, usize),
        /// The first of the correlation's values that is the phase's.
        skip: usize,
        /// How many input positions it has.
        positions: usize,
        /// The first of them (then every `s`-th).
        first_position: usize,
    }

    impl Phase {
        /// Phase `r` over an output gradient `out` long and an input `input` long.
        fn new(k: usize, s: usize, b: usize, r: usize, out: usize, input: usize) -> Self {
            // w[r + s·t] for t < ⌈(k − r) / s⌉, at k − 1 − r − s·t flipped.
            let taps = (k + s - 1).saturating_sub(r) / s;
            let first_tap = if taps == 0 { 0 } else { k - 1 - r - s * (taps - 1) };
            // q from ⌈(b − r) / s⌉ (0 when b ≤ r): the first position in the input.
            let first_q = b.saturating_sub(r).div_ceil(s);
            let first_position = s * first_q + r - b;
            let positions = input.saturating_sub(first_position).div_ceil(s);
            // Value j of the correlation with `before` padding is at
            // q = j + taps − 1 − before.
            let before = taps as isize - 1 - first_q as isize;
            let after = (first_q + positions) as isize - out as isize;
            Self {
                stride: s,
                taps,
                first_tap,
                padding: (before.max(0) as usize, after.max(0) as usize),
                skip: (-before).max(0) as usize,
                positions,
                first_position,
            }
        }

        /// Its taps in the flipped kernel.
        fn taps(&self) -> Slice {
            strided(self.first_tap, self.taps, self.stride)
        }

        /// The correlation's values that are its positions'.
        fn kept(&self) -> Slice {
            strided(self.skip, self.positions, 1)
        }
    }

    /// `count` indices from `first`, `step` apart (`count` ≥ 1).
    fn strided(first: usize, count: usize, step: usize) -> Slice {
        let end = first + step * (count - 1) + 1;
        Slice::new(first as isize, Some(end as isize), step as isize)
    }

    /// The depthwise correlation of f32 `x` `[N, C, H, W]` with `weight`
    /// `[C, 1, kh, kw]` (dilation 1), by [`depthwise`].
    fn correlate(
        x: FlexTensor,
        weight: FlexTensor,
        bias: Option<FlexTensor>,
        options: &ConvOptions<2>,
    ) -> FlexTensor {
        let (x, weight) = (x.to_contiguous(), weight.to_contiguous());
        let [batch, channels, h, w] = x.shape().dims();
        let [_, _, kh, kw] = weight.shape().dims();
        let [(bh, ah), (bw, aw)] = options.padding;
        let output = [
            (h + bh + ah - kh) / options.stride[0] + 1,
            (w + bw + aw - kw) / options.stride[1] + 1,
        ];
        let geometry = Geometry {
            batch,
            channels,
            input: [h, w],
            kernel: [kh, kw],
            stride: options.stride,
            padding: [bh, bw],
            output,
        };
        let bias = bias.map(|b| b.to_contiguous());
        let values =
            depthwise(x.storage(), weight.storage(), bias.as_ref().map(|b| b.storage()), &geometry);
        FlexTensor::from_data(TensorData::new(values, [batch, channels, output[0], output[1]]))
    }

    /// [`super::depthwise_conv2d`] on flex, with or without autodiff (then
    /// untracked weights, so only `x` is a parent of the op).
    pub(super) fn depthwise_conv2d(
        x: Tensor<4>,
        weight: Tensor<4>,
        bias: Tensor<1>,
        options: ConvOptions<2>,
    ) -> Tensor<4> {
        type Ad = Autodiff<Flex>;
        let plain = |t: Tensor<4>| t.without_autodiff().try_into_primitive::<Flex>();
        let (Ok(wp), Ok(bp)) =
            (plain(weight.clone()), bias.clone().without_autodiff().try_into_primitive::<Flex>())
        else {
            // Another backend: burn's own convolution.
            return conv2d(x, weight, Some(bias), options);
        };
        if wp.dtype() != DType::F32 || options.dilation != [1, 1] {
            return conv2d(x, weight, Some(bias), options);
        }
        if !x.is_autodiff() {
            return match plain(x.clone()) {
                Ok(xp) if xp.dtype() == DType::F32 => {
                    Tensor::from_primitive::<Flex>(correlate(xp, wp, Some(bp), &options))
                }
                _ => conv2d(x, weight, Some(bias), options),
            };
        }
        let Ok(xp) = x.clone().try_into_primitive::<Ad>() else {
            // A checkpointing strategy: burn's own backward.
            return conv2d(x, weight, Some(bias), options);
        };
        if xp.dtype() != DType::F32 {
            return conv2d(x, weight, Some(bias), options);
        }
        let flipped = Flex::float_flip(wp.clone(), &[2, 3]);
        let (xp, node) = xp.into_parts();
        let [_, _, h, w] = xp.shape().dims();
        let y = correlate(xp, wp, Some(bp), &options);
        let y =
            match DepthwiseBackward.prepare::<NoCheckpointing>([node]).compute_bound().stateful() {
                OpsKind::Tracked(prep) => prep.finish((flipped, options, [h, w]), y),
                OpsKind::UnTracked(prep) => prep.finish(y),
            };
        Tensor::from_primitive::<Ad>(y)
    }
}

#[cfg(all(test, feature = "flex"))]
mod tests {
    use super::*;
    use crate::model::conv::same_padding;
    use burn::tensor::{Device, Distribution};

    /// The output (with and without autodiff) and the input gradient equal
    /// burn's own `conv2d`'s, for 3×3 and 5×5 kernels at stride 1 and 2
    /// ("same" padding, asymmetric at stride 2), on odd and even sizes.
    #[test]
    fn input_gradient_matches_burns_conv2d() {
        let device = Device::flex().autodiff();
        let cases = [(3, 1, 9), (3, 2, 10), (3, 2, 11), (5, 2, 11), (5, 2, 10), (5, 1, 8)];
        // Stride 3 and a kernel shorter than the stride: phases no tap reaches.
        let odd = [(3, 3, 10), (5, 3, 16), (1, 2, 7), (2, 3, 9), (5, 2, 3)];
        for (kernel, stride, size) in cases.into_iter().chain(odd) {
            let (n, c) = (2, 3);
            let x =
                Tensor::<4>::random([n, c, size, size], Distribution::Normal(0.0, 1.0), &device);
            let weight = Tensor::<4>::random(
                [c, 1, kernel, kernel],
                Distribution::Normal(0.0, 1.0),
                &device,
            );
            let bias = Tensor::<1>::random([c], Distribution::Normal(0.0, 1.0), &device);
            let pad = same_padding(size, kernel, stride);
            let options =
                ConvOptions { stride: [stride; 2], padding: [pad; 2], dilation: [1, 1], groups: c };
            let upstream = Tensor::<4>::random(
                [n, c, size.div_ceil(stride), size.div_ceil(stride)],
                Distribution::Normal(0.0, 1.0),
                &device,
            );
            let gradient = |ours: bool| {
                let x = x.clone().detach().require_grad();
                let y = if ours {
                    depthwise_conv2d(x.clone(), weight.clone(), bias.clone(), options.clone())
                } else {
                    conv2d(x.clone(), weight.clone(), Some(bias.clone()), options.clone())
                };
                let grads = (y.clone() * upstream.clone()).sum().backward();
                (y.into_data(), x.grad(&grads).unwrap().into_data())
            };
            let ((y_ours, g_ours), (y_ref, g_ref)) = (gradient(true), gradient(false));
            let tolerance = burn::tensor::Tolerance::<f32>::absolute(1e-5);
            y_ours.assert_approx_eq::<f32>(&y_ref, tolerance);
            // A plain input (no autodiff: the curves' forward passes).
            let plain = depthwise_conv2d(
                x.clone().without_autodiff(),
                weight.clone(),
                bias.clone(),
                options.clone(),
            );
            plain.into_data().assert_approx_eq::<f32>(&y_ref, tolerance);
            g_ours.assert_approx_eq::<f32>(&g_ref, tolerance);
        }
    }
}
