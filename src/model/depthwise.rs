//! Depthwise convolution whose input gradient is itself a depthwise
//! convolution. burn's autodiff takes a convolution's input gradient as a
//! transposed convolution, which flex runs for depthwise layers as one GEMM
//! per channel plus a col2im scatter (the top entry of the profile). Here
//! the gradient is the correlation of the (zero-upsampled, padded) output
//! gradient with the flipped kernel: flex's direct depthwise kernel. A
//! custom autodiff op on the CPU backend (`flex`); elsewhere plain `conv2d`.

use burn::tensor::Tensor;
use burn::tensor::module::conv2d;
use burn::tensor::ops::ConvOptions;

/// `conv2d` of `x` with one group per channel (`weight` `[C, 1, kh, kw]`),
/// the input gradient taken as above on flex's autodiff device (weights
/// untracked: `is_require_grad` is true only for leaves, not for the
/// activations derived from them, so `x` is not asked).
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
    use burn::backend::ops::{FloatTensorOps, ModuleOps};
    use burn::backend::{Autodiff, Flex, Slice, TensorMetadata};
    use burn::tensor::Tensor;
    use burn::tensor::module::conv2d;
    use burn::tensor::ops::ConvOptions;

    /// The op: its state is the flipped kernel and the forward's options.
    #[derive(Debug)]
    struct DepthwiseBackward;

    impl Backward<Flex, 1> for DepthwiseBackward {
        type State = (FlexTensor, ConvOptions<2>);

        fn backward(self, ops: Ops<Self::State, 1>, grads: &mut Gradients, _: &mut Checkpointer) {
            let (flipped, options) = ops.state;
            unary::<Flex, _>(ops.parents, ops.node, grads, |grad| {
                input_gradient(grad, flipped, &options)
            });
        }
    }

    /// The input gradient of a depthwise convolution (kernel `k`, stride
    /// `s`, padding `(b, a)` per axis): the output gradient with `s − 1`
    /// zeros between its values, padded by `(k − 1 − b, k − 1 − a)`,
    /// correlated with the flipped kernel at stride 1.
    fn input_gradient(
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

    /// [`super::depthwise_conv2d`] on flex's autodiff device: untracked weights, so
    /// only `x` is a parent of the op.
    pub(super) fn depthwise_conv2d(
        x: Tensor<4>,
        weight: Tensor<4>,
        bias: Tensor<1>,
        options: ConvOptions<2>,
    ) -> Tensor<4> {
        type Ad = Autodiff<Flex>;
        let (Ok(xp), Ok(wp), Ok(bp)) = (
            x.clone().try_into_primitive::<Ad>(),
            weight.clone().try_into_primitive::<Ad>(),
            bias.clone().try_into_primitive::<Ad>(),
        ) else {
            // Another backend, or a checkpointing strategy: burn's own backward.
            return conv2d(x, weight, Some(bias), options);
        };
        let (wp, bp) = (wp.into_primitive(), bp.into_primitive());
        let flipped = Flex::float_flip(wp.clone(), &[2, 3]);
        let (xp, node) = xp.into_parts();
        let y = Flex::conv2d(xp, wp, Some(bp), options.clone());
        let y =
            match DepthwiseBackward.prepare::<NoCheckpointing>([node]).compute_bound().stateful() {
                OpsKind::Tracked(prep) => prep.finish((flipped, options), y),
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
    /// gives, for 3×3 and 5×5 kernels at stride 1 and 2 ("same" padding,
    /// asymmetric at stride 2), on odd and even sizes.
    #[test]
    fn input_gradient_matches_burns_conv2d() {
        let device = Device::flex().autodiff();
        for (kernel, stride, size) in [(3, 1, 9), (3, 2, 10), (5, 2, 11), (5, 1, 8)] {
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
            g_ours.assert_approx_eq::<f32>(&g_ref, tolerance);
        }
    }
}
