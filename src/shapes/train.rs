//! Training the shape model natively: burn's autodiff and Adam on the
//! procedural objects, then the weights in the layout
//! [`crate::model::SmallCnn`] loads (the network explained is the one
//! trained, through the same code as every other model).

use std::collections::BTreeMap;

use burn::module::Module;
use burn::nn::conv::{Conv3d, Conv3dConfig};
use burn::nn::loss::CrossEntropyLoss;
use burn::nn::{Linear, LinearConfig, PaddingConfig3d};
use burn::optim::{AdamConfig, GradientsParams};
use burn::tensor::activation::relu;
use burn::tensor::{Device, Int, Tensor, TensorData};

use crate::array::HostArray;
use crate::explain::noise::SplitMix64;

/// How to train.
#[derive(Clone, Debug, serde::Serialize)]
pub struct TrainConfig {
    /// Seeds the data, its order and the initial weights.
    pub seed: u64,
    /// Output channels of each convolution (the first keeps the grid's size,
    /// each later one halves it).
    pub channels: Vec<usize>,
    /// Passes over the training set.
    pub epochs: usize,
    /// Objects per optimiser step.
    pub batch: usize,
    /// Adam's learning rate.
    pub learning_rate: f64,
}

/// One epoch's mean loss and training accuracy.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Epoch {
    /// Mean cross-entropy over the epoch's batches.
    pub loss: f64,
    /// Fraction of the epoch's objects classified right as they were trained on.
    pub accuracy: f64,
    /// Seconds the epoch took.
    pub seconds: f64,
}

/// The network being trained: SmallCnn's shape with burn's modules.
#[derive(Module, Debug)]
struct Net {
    convs: Vec<Conv3d>,
    fc: Linear,
}

impl Net {
    fn new(channels: &[usize], classes: usize, device: &Device) -> Self {
        let mut inputs = 1;
        let convs = channels
            .iter()
            .enumerate()
            .map(|(i, &out)| {
                let step = if i == 0 { 1 } else { 2 };
                let conv = Conv3dConfig::new([inputs, out], [3, 3, 3])
                    .with_stride([step; 3])
                    .with_padding(PaddingConfig3d::Explicit(1, 1, 1))
                    .init(device);
                inputs = out;
                conv
            })
            .collect();
        Self { convs, fc: LinearConfig::new(inputs, classes).init(device) }
    }

    fn forward(&self, x: Tensor<5>) -> Tensor<2> {
        let features = self.convs.iter().fold(x, |x, conv| relu(conv.forward(x)));
        let [n, c, ..] = features.dims();
        self.fc.forward(features.reshape([n, c, usize::MAX]).mean_dim(2).reshape([n, c]))
    }

    /// The weights as SmallCnn reads them (`fc.weight` as `[classes, channels]`).
    fn tensors(&self) -> BTreeMap<String, HostArray> {
        let host = |t: Tensor<1>, shape: Vec<usize>| {
            let data = t.into_data().convert::<f32>().try_to_vec::<f32>().expect("f32 weights");
            HostArray::new(shape, data).expect("sized")
        };
        let flat = |t: Tensor<5>| {
            let shape = t.dims().to_vec();
            host(t.reshape([usize::MAX]), shape)
        };
        let mut tensors = BTreeMap::new();
        for (i, conv) in self.convs.iter().enumerate() {
            tensors.insert(format!("conv{i}.weight"), flat(conv.weight.val()));
            let bias = conv.bias.as_ref().expect("convolutions have biases").val();
            let len = bias.dims()[0];
            tensors.insert(format!("conv{i}.bias"), host(bias, vec![len]));
        }
        let weight = self.fc.weight.val().transpose();
        let shape = weight.dims().to_vec();
        tensors.insert("fc.weight".into(), host(weight.reshape([usize::MAX]), shape));
        let bias = self.fc.bias.as_ref().expect("the linear layer has a bias").val();
        let len = bias.dims()[0];
        tensors.insert("fc.bias".into(), host(bias, vec![len]));
        tensors
    }
}

/// Trains on `data` (inputs `[1, R, R, R]` and classes among `classes`),
/// calling `report` after each epoch; returns SmallCnn's tensors.
pub fn train(
    config: &TrainConfig,
    data: &[(HostArray, usize)],
    classes: usize,
    device: &Device,
    mut report: impl FnMut(usize, &Epoch),
) -> BTreeMap<String, HostArray> {
    let device = device.clone().autodiff();
    device.seed(config.seed);
    let mut net = Net::new(&config.channels, classes, &device);
    let mut optimiser = AdamConfig::new().init();
    let loss_fn = CrossEntropyLoss::new(None, &device);
    let mut rng = SplitMix64::new(config.seed, u64::MAX);
    let mut order: Vec<usize> = (0..data.len()).collect();
    for epoch in 0..config.epochs {
        let started = std::time::Instant::now();
        // Fisher–Yates, seeded.
        for i in (1..order.len()).rev() {
            order.swap(i, rng.below(i + 1));
        }
        let (mut loss_sum, mut right, mut batches) = (0.0, 0, 0);
        for chunk in order.chunks(config.batch) {
            let (x, y) = batch(data, chunk, &device);
            let logits = net.forward(x);
            right += correct(logits.clone(), &y);
            let loss = loss_fn.forward(logits, y);
            loss_sum += loss.clone().into_scalar::<f32>() as f64;
            batches += 1;
            let grads = GradientsParams::from_grads(loss.backward(), &net);
            net = optimiser.step(config.learning_rate, net, grads);
        }
        let summary = Epoch {
            loss: loss_sum / batches as f64,
            accuracy: right as f64 / data.len() as f64,
            seconds: started.elapsed().as_secs_f64(),
        };
        report(epoch, &summary);
    }
    net.tensors()
}

/// The inputs `[n, 1, R, R, R]` and classes `[n]` of `data[indices]`.
fn batch(
    data: &[(HostArray, usize)],
    indices: &[usize],
    device: &Device,
) -> (Tensor<5>, Tensor<1, Int>) {
    let shape = data[indices[0]].0.shape().to_vec();
    let values: Vec<f32> = indices.iter().flat_map(|&i| data[i].0.data().to_vec()).collect();
    let labels: Vec<i64> = indices.iter().map(|&i| data[i].1 as i64).collect();
    let dims = [indices.len(), shape[0], shape[1], shape[2], shape[3]];
    let x = Tensor::from_data(TensorData::new(values, dims), device);
    let y = Tensor::from_data(TensorData::new(labels, [indices.len()]), device);
    (x, y)
}

/// How many rows of `logits` have their maximum at the class in `y`.
fn correct(logits: Tensor<2>, y: &Tensor<1, Int>) -> usize {
    let n = logits.dims()[0];
    let predicted = logits.detach().argmax(1).reshape([n]);
    let same = predicted.equal(y.clone()).int().sum();
    same.into_scalar::<i64>() as usize
}
