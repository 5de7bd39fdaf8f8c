//! Convolutions whose input gradient flex computes directly. burn's
//! autodiff takes a convolution's input gradient as a transposed
//! convolution, which flex runs as a GEMM per group plus a col2im scatter
//! into a zero-filled output (the top entry of the profile). Here, as a
//! custom autodiff op on the CPU backend (`flex`, weights untracked):
//! - depthwise: the correlation of the (zero-upsampled, padded) output
//!   gradient with the flipped kernel, flex's direct depthwise kernel;
//! - 1×1 at stride 1: `Wᵀ · grad` per sample, one batched matrix product
//!   straight into the gradient.
//!
//! Elsewhere (WebGPU, tracked weights, other kernels) it is burn's `conv2d`.

use burn::tensor::Tensor;
use burn::tensor::module::conv2d;
use burn::tensor::ops::ConvOptions;

/// `conv2d(x, weight, bias, options)`, its input gradient taken as above
/// where it applies (weights untracked: `is_require_grad` is true only for
/// leaves, not for the activations derived from them, so `x` is not asked).
pub(super) fn conv2d_fast_grad(
    x: Tensor<4>,
    weight: Tensor<4>,
    bias: Tensor<1>,
    options: ConvOptions<2>,
) -> Tensor<4> {
    #[cfg(feature = "flex")]
    if !weight.is_require_grad() && !bias.is_require_grad() {
        return flex::conv2d(x, weight, bias, options);
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
    use burn::backend::ops::{FloatTensorOps, ModuleOps};
    use burn::backend::{Autodiff, Flex, Slice, TensorMetadata};
    use burn::tensor::Tensor;
    use burn::tensor::module::conv2d as burn_conv2d;
    use burn::tensor::ops::ConvOptions;

    /// How the input gradient is taken: the op's state.
    #[derive(Clone, Debug)]
    enum InputGradient {
        /// Depthwise: the flipped kernel and the forward's options.
        Depthwise(FlexTensor, ConvOptions<2>),
        /// 1×1 at stride 1: the weight as `[1, in, out]` (a transposed view).
        Pointwise(FlexTensor),
    }

    /// The op.
    #[derive(Debug)]
    struct ConvBackward;

    impl Backward<Flex, 1> for ConvBackward {
        type State = InputGradient;

        fn backward(self, ops: Ops<Self::State, 1>, grads: &mut Gradients, _: &mut Checkpointer) {
            let state = ops.state;
            unary::<Flex, _>(ops.parents, ops.node, grads, |grad| match state {
                InputGradient::Depthwise(flipped, options) => {
                    depthwise_input_gradient(grad, flipped, &options)
                }
                InputGradient::Pointwise(transposed) => pointwise_input_gradient(grad, transposed),
            });
        }
    }

    /// The input gradient of a depthwise convolution (kernel `k`, stride
    /// `s`, padding `(b, a)` per axis): the output gradient with `s − 1`
    /// zeros between its values, padded by `(k − 1 − b, k − 1 − a)`,
    /// correlated with the flipped kernel at stride 1.
    fn depthwise_input_gradient(
        grad: FlexTensor,
        flipped: FlexTensor,
        options: &ConvOptions<2>,
    ) -> FlexTensor {
        let [n, c, h, w] = grad.shape().dims();
        let [_, _, kh, kw] = flipped.shape().dims();
        let [sh, sw] = options.stride;
        let grad = if sh == 1 && sw == 1 {
            grad
        } else {
            let shape = [n, c, sh * (h - 1) + 1, sw * (w - 1) + 1];
            let zeros = Flex::float_zeros(shape.into(), &grad.device(), grad.dtype().into());
            let every = |s: usize| Slice::new(0, None, s as isize);
            let slices = [Slice::full(), Slice::full(), every(sh), every(sw)];
            Flex::float_slice_assign(zeros, &slices, grad)
        };
        let [(bh, ah), (bw, aw)] = options.padding;
        let padding = [(kh - 1 - bh, kh - 1 - ah), (kw - 1 - bw, kw - 1 - aw)];
        let options = ConvOptions { stride: [1, 1], padding, dilation: [1, 1], groups: c };
        Flex::conv2d(grad, flipped, None, options)
    }

    /// The input gradient of a 1×1 convolution at stride 1: `Wᵀ · grad`
    /// for each sample (`grad` `[N, out, H, W]`, `transposed` `[1, in, out]`).
    fn pointwise_input_gradient(grad: FlexTensor, transposed: FlexTensor) -> FlexTensor {
        let [n, out, h, w] = grad.shape().dims();
        let channels_in = transposed.shape().dims::<3>()[1];
        let grad = Flex::float_reshape(grad, [n, out, h * w].into());
        let x_grad = Flex::float_matmul(transposed, grad);
        Flex::float_reshape(x_grad, [n, channels_in, h, w].into())
    }

    /// [`super::conv2d_fast_grad`] on flex's autodiff device: untracked weights, so
    /// only `x` is a parent of the op.
    pub(super) fn conv2d(
        x: Tensor<4>,
        weight: Tensor<4>,
        bias: Tensor<1>,
        options: ConvOptions<2>,
    ) -> Tensor<4> {
        type Ad = Autodiff<Flex>;
        let [out, per_group, kh, kw] = weight.dims();
        let depthwise = per_group == 1 && options.groups == out && out > 1;
        let pointwise = kh == 1
            && kw == 1
            && options.groups == 1
            && options.stride == [1, 1]
            && options.padding == [(0, 0); 2];
        let (true, Ok(xp), Ok(wp), Ok(bp)) = (
            depthwise || pointwise,
            x.clone().try_into_primitive::<Ad>(),
            weight.clone().try_into_primitive::<Ad>(),
            bias.clone().try_into_primitive::<Ad>(),
        ) else {
            // Another kernel, another backend, or a checkpointing strategy:
            // burn's own backward.
            return burn_conv2d(x, weight, Some(bias), options);
        };
        let (wp, bp) = (wp.into_primitive(), bp.into_primitive());
        let (xp, node) = xp.into_parts();
        let y = Flex::conv2d(xp, wp.clone(), Some(bp), options.clone());
        let y = match ConvBackward.prepare::<NoCheckpointing>([node]).compute_bound().stateful() {
            OpsKind::Tracked(prep) => {
                let state = if depthwise {
                    InputGradient::Depthwise(Flex::float_flip(wp, &[2, 3]), options)
                } else {
                    let matrix = Flex::float_reshape(wp, [1, out, per_group].into());
                    InputGradient::Pointwise(Flex::float_swap_dims(matrix, 1, 2))
                };
                prep.finish(state, y)
            }
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

    /// The input gradient equals the one burn's own `conv2d` backward
    /// gives: depthwise 3×3 and 5×5 kernels at stride 1 and 2 ("same"
    /// padding, asymmetric at stride 2) on odd and even sizes, 1×1 ones
    /// (4 → 5 channels), and a full 3×3 one (burn's backward, unchanged).
    #[test]
    fn input_gradient_matches_burns_conv2d() {
        let device = Device::flex().autodiff();
        let random =
            |shape: [usize; 4]| Tensor::<4>::random(shape, Distribution::Normal(0.0, 1.0), &device);
        // (channels in, out, groups, kernel, stride, size)
        let cases = [
            (3, 3, 3, 3, 1, 9),
            (3, 3, 3, 3, 2, 10),
            (3, 3, 3, 5, 2, 11),
            (3, 3, 3, 5, 1, 8),
            (4, 5, 1, 1, 1, 7),
            (4, 5, 1, 3, 2, 8),
        ];
        for (channels_in, out, groups, kernel, stride, size) in cases {
            let n = 2;
            let x = random([n, channels_in, size, size]);
            let weight = random([out, channels_in / groups, kernel, kernel]);
            let bias = Tensor::<1>::random([out], Distribution::Normal(0.0, 1.0), &device);
            let pad = same_padding(size, kernel, stride);
            let options =
                ConvOptions { stride: [stride; 2], padding: [pad; 2], dilation: [1, 1], groups };
            let upstream = random([n, out, size.div_ceil(stride), size.div_ceil(stride)]);
            let gradient = |ours: bool| {
                let x = x.clone().detach().require_grad();
                let y = if ours {
                    conv2d_fast_grad(x.clone(), weight.clone(), bias.clone(), options.clone())
                } else {
                    conv2d(x.clone(), weight.clone(), Some(bias.clone()), options.clone())
                };
                let grads = (y.clone() * upstream.clone()).sum().backward();
                (y.into_data(), x.grad(&grads).unwrap().into_data())
            };
            let ((y_ours, g_ours), (y_ref, g_ref)) = (gradient(true), gradient(false));
            let tolerance = burn::tensor::Tolerance::<f32>::absolute(1e-5);
            y_ours.assert_approx_eq::<f32>(&y_ref, tolerance);
            g_ours.assert_approx_eq::<f32>(&g_ref, tolerance);
        }
    }
}
