//! Faithfulness curves recomputed the plain way, for the metrics tests:
//! features zeroed in host vectors, the input rebuilt with an independent
//! Haar inverse (or as it is), classified one input at a time.

use burn::tensor::{Device, Tensor, TensorData};
use wam::array::HostArray;
use wam::explain::{Attribution, Explanation};
use wam::model::{Classifier, softmax};
use wam::wavelet::Band;

/// One input `[C, *spatial]` as a batch of one `[1, C, d0, d1, d2]`.
fn batch_of_one(x: &HostArray) -> Tensor<5> {
    let mut dims = [1, x.shape()[0], 1, 1, 1];
    dims[5 - (x.shape().len() - 1)..].copy_from_slice(&x.shape()[1..]);
    Tensor::from_data(TensorData::new(x.data().to_vec(), dims), &Device::flex().autodiff())
}

/// Logits of one input `[C, *spatial]`, alone in its batch.
pub fn logits_of(model: &dyn Classifier, x: &HostArray) -> Vec<f32> {
    model.logits(batch_of_one(x)).into_data().convert::<f32>().try_to_vec::<f32>().unwrap()
}

/// The model-randomisation cascade of a network (`Classifier::randomised`)
/// on the input `x`: no layer re-initialised is the network itself; the
/// top layer alone changes the logits but not the feature maps; the next
/// one reaches them; every layer can be re-initialised, the same way from
/// the same seed; one more is refused, naming how many there are.
pub fn check_randomisation(model: &dyn Classifier, x: &HostArray) {
    let layers = model.layers();
    assert!(layers >= 2, "{layers} layers");
    let features = |m: &dyn Classifier| {
        m.features(batch_of_one(x)).into_data().convert::<f32>().try_to_vec::<f32>().unwrap()
    };
    let copy = |count: usize| model.randomised(count, 7).unwrap();
    let original = logits_of(model, x);
    assert_eq!(logits_of(copy(0).as_ref(), x), original);
    let one = copy(1);
    assert_eq!(features(one.as_ref()), features(model));
    assert_ne!(logits_of(one.as_ref(), x), original);
    assert_ne!(features(copy(2).as_ref()), features(model));
    let all = logits_of(copy(layers).as_ref(), x);
    assert!(all.iter().all(|v| v.is_finite()));
    assert_ne!(all, original);
    assert_eq!(logits_of(copy(layers).as_ref(), x), all, "seeded");
    let too_many = model.randomised(layers + 1, 7).err().unwrap().to_string();
    assert!(too_many.contains(&format!("the model has {layers}")), "{too_many}");
}

/// pywt's Haar inverse of 2-D bands (`a`, `d{j}_{da,ad,dd}`, `[C, h, w]`):
/// each coefficient spreads over its 2×2 block as ±c/2.
pub fn haar_inverse_2d(bands: &[(Band, Vec<f32>, Vec<usize>)]) -> Vec<f32> {
    let find = |name: &str| bands.iter().find(|(b, _, _)| b.name() == name).unwrap();
    let (_, mut x, shape) = find("a").clone();
    let (c, mut h, mut w) = (shape[0], shape[1], shape[2]);
    let levels = bands.len() / 3;
    for level in (1..=levels).rev() {
        let mut up = vec![0.0; c * 4 * h * w];
        for (key, sign0, sign1) in [("a", 1, 1), ("da", -1, 1), ("ad", 1, -1), ("dd", -1, -1)] {
            let d: &[f32] = if key == "a" { &x } else { &find(&format!("d{level}_{key}")).1 };
            for (ch, i, j) in
                (0..c).flat_map(|ch| (0..h).flat_map(move |i| (0..w).map(move |j| (ch, i, j))))
            {
                let v = d[(ch * h + i) * w + j] / 2.0;
                for (r, s) in [(0, 0), (0, 1), (1, 0), (1, 1)] {
                    let sign = (if r == 1 { sign0 } else { 1 }) * (if s == 1 { sign1 } else { 1 });
                    up[(ch * 2 * h + 2 * i + r) * 2 * w + 2 * j + s] += sign as f32 * v;
                }
            }
        }
        (x, h, w) = (up, 2 * h, 2 * w);
    }
    x
}

/// The curve recomputed the plain way: rank by Σ_c|a_c| (ties by index),
/// zero features in host vectors, rebuild (identity or [`haar_inverse_2d`]),
/// classify one input at a time.
pub fn reference_curve(
    model: &dyn Classifier,
    x: &HostArray,
    e: &Explanation,
    steps: usize,
    insertion: bool,
) -> Vec<f32> {
    // (band, values, attribution, shape) with Grad-CAM's channel repeated.
    type Array = (Band, Vec<f32>, Vec<f32>, Vec<usize>);
    let arrays: Vec<Array> = match &e.attribution {
        Attribution::Wavelet { bands, .. } => e
            .decomposition
            .iter()
            .zip(bands)
            .map(|((b, v), (_, a))| {
                (b.clone(), v.data().to_vec(), a.data().to_vec(), v.shape().to_vec())
            })
            .collect(),
        Attribution::Input(a) => {
            let repeat = x.shape()[0] / a.shape()[0];
            vec![(Band::Approx, x.data().to_vec(), a.data().repeat(repeat), x.shape().to_vec())]
        }
    };
    // Feature (array, position) in order; its score sums the channels.
    let mut features = Vec::new();
    for (i, (_, _, a, shape)) in arrays.iter().enumerate() {
        let cells: usize = shape[1..].iter().product();
        for p in 0..cells {
            let score: f32 = (0..shape[0]).map(|c| a[c * cells + p].abs()).sum();
            features.push((i, p, score));
        }
    }
    let n = features.len();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|a, b| features[*b].2.partial_cmp(&features[*a].2).unwrap().then(a.cmp(b)));
    (0..=steps)
        .map(|k| {
            let moved = (k as f64 * n as f64 / steps as f64).round() as usize;
            let mut kept: Vec<Vec<f32>> = arrays
                .iter()
                .map(|(_, v, _, _)| if insertion { vec![0.0; v.len()] } else { v.clone() })
                .collect();
            for &f in &order[..moved] {
                let (i, p, _) = features[f];
                let (_, v, _, shape) = &arrays[i];
                let cells: usize = shape[1..].iter().product();
                for c in 0..shape[0] {
                    kept[i][c * cells + p] = if insertion { v[c * cells + p] } else { 0.0 };
                }
            }
            let input = match &e.attribution {
                Attribution::Input(_) => kept.remove(0),
                Attribution::Wavelet { .. } => {
                    let bands: Vec<_> = arrays
                        .iter()
                        .zip(kept)
                        .map(|((b, _, _, s), v)| (b.clone(), v, s.clone()))
                        .collect();
                    haar_inverse_2d(&bands)
                }
            };
            let input = HostArray::new(x.shape().to_vec(), input).unwrap();
            softmax(&logits_of(model, &input))[e.target]
        })
        .collect()
}
