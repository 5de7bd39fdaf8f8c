//! ReLU6, `min(max(x, 0), 6)`, as one pass each way on the CPU (`flex`,
//! natively and in WebAssembly).
//! burn's autodiff has no clamp of its own (its default masks, forward and
//! backward: a fifth of an explanation's time on the CPU once), and
//! flex's `clamp` runs scalar code (4× the instructions of two ReLUs: it
//! checks its bounds for NaN per value). Here, on flex, the forward is a
//! clamp with constant bounds (vectorised, in place), and on the autodiff
//! device the backward keeps the gradient where the output lies strictly
//! between 0 and 6, as PyTorch's `hardtanh_backward` does. On WebGPU it
//! is `relu(x − relu(x − 6))`, whose ReLUs have a fast backward.

use burn::tensor::Tensor;
use burn::tensor::activation::relu;

/// ReLU6 of `x`.
pub(super) fn relu6(x: Tensor<4>) -> Tensor<4> {
    #[cfg(feature = "flex")]
    let x = match flex::relu6(x) {
        Ok(y) => return y,
        Err(x) => *x,
    };
    // Exact for `x ≤ 12`; beyond, within an ulp.
    relu(x.clone() - relu(x.sub_scalar(6.0)))
}

#[cfg(feature = "flex")]
mod flex {
    use burn::backend::autodiff::checkpoint::base::Checkpointer;
    use burn::backend::autodiff::checkpoint::strategy::NoCheckpointing;
    use burn::backend::autodiff::grads::Gradients;
    use burn::backend::autodiff::ops::{Backward, Ops, OpsKind, unary};
    use burn::backend::flex::FlexTensor;
    use burn::backend::flex::ops::binary::binary_op;
    use burn::backend::flex::ops::unary::unary_op;
    use burn::backend::{Autodiff, Flex};
    use burn::tensor::Tensor;

    /// The op: its state is the output.
    #[derive(Debug)]
    struct Relu6Backward;

    impl Backward<Flex, 1> for Relu6Backward {
        type State = FlexTensor;

        fn backward(self, ops: Ops<Self::State, 1>, grads: &mut Gradients, _: &mut Checkpointer) {
            let output = ops.state;
            unary::<Flex, _>(ops.parents, ops.node, grads, |grad| {
                binary_op(
                    output,
                    grad,
                    |y: f32, g| if y > 0.0 && y < 6.0 { g } else { 0.0 },
                    |y: f64, g| if y > 0.0 && y < 6.0 { g } else { 0.0 },
                    None,
                )
            });
        }
    }

    /// `min(max(x, 0), 6)`, NaN kept, in place where `x` is not shared
    /// (constant bounds: vectorised, unlike flex's `clamp`).
    fn clamp(x: FlexTensor) -> FlexTensor {
        unary_op(x, |v: f32| v.clamp(0.0, 6.0), |v: f64| v.clamp(0.0, 6.0))
    }

    /// [`super::relu6`] on flex, with or without autodiff; `Err(x)` elsewhere.
    pub(super) fn relu6(x: Tensor<4>) -> Result<Tensor<4>, Box<Tensor<4>>> {
        type Ad = Autodiff<Flex>;
        // `x` is dropped with the closure: the primitive stays unshared.
        if !x.is_autodiff() {
            let xp = x.clone().try_into_primitive::<Flex>().map_err(|_| Box::new(x))?;
            return Ok(Tensor::from_primitive::<Flex>(clamp(xp)));
        }
        let xp = x.clone().try_into_primitive::<Ad>().map_err(|_| Box::new(x))?;
        let (xp, node) = xp.into_parts();
        let y = clamp(xp);
        let y = match Relu6Backward.prepare::<NoCheckpointing>([node]).compute_bound().stateful() {
            OpsKind::Tracked(prep) => prep.finish(y.clone(), y),
            OpsKind::UnTracked(prep) => prep.finish(y),
        };
        Ok(Tensor::from_primitive::<Ad>(y))
    }
}

#[cfg(all(test, feature = "flex", not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use burn::tensor::{Device, Distribution};

    /// Output and input gradient equal burn's own clamp's on flex's
    /// autodiff device; untracked and plain (no autodiff) inputs give
    /// `min(max(x, 0), 6)` too. Values on both sides of 0 and 6.
    #[test]
    fn relu6_matches_burns_clamp() {
        let device = Device::flex().autodiff();
        let x = Tensor::<4>::random([2, 3, 5, 7], Distribution::Uniform(-4.0, 10.0), &device);
        let upstream = Tensor::<4>::random([2, 3, 5, 7], Distribution::Normal(0.0, 1.0), &device);
        let gradient = |ours: bool| {
            let x = x.clone().detach().require_grad();
            let y = if ours { relu6(x.clone()) } else { x.clone().clamp(0.0, 6.0) };
            let grads = (y.clone() * upstream.clone()).sum().backward();
            (y.into_data(), x.grad(&grads).unwrap().into_data())
        };
        let ((y_ours, g_ours), (y_ref, g_ref)) = (gradient(true), gradient(false));
        for input in [x.clone(), x.clone().without_autodiff()] {
            assert!(flex::relu6(input).is_ok(), "flex's own path runs");
        }
        y_ours.assert_eq(&y_ref, true);
        g_ours.assert_eq(&g_ref, true);
        let g = g_ours.try_to_vec::<f32>().unwrap();
        assert!(g.contains(&0.0) && g.iter().any(|v| *v != 0.0), "{g:?}");
        let expected: Vec<f32> =
            x.to_data().try_to_vec::<f32>().unwrap().iter().map(|v| v.clamp(0.0, 6.0)).collect();
        for input in [x.clone(), x.clone().without_autodiff()] {
            assert_eq!(relu6(input).into_data().try_to_vec::<f32>().unwrap(), expected);
        }
    }
}
