//! The input rebuilt from part of its features: "what the model needs",
//! from only its most attributed features (wavelet coefficients or input
//! values), classified again; and each level of its decomposition alone.

use burn::tensor::Device;

use super::{Domain, ExplainError, Explanation, classify};
use crate::array::HostArray;
use crate::model::Classifier;
use crate::wavelet::Band;

/// The input rebuilt from the kept coefficients, and the model's logits on it.
#[derive(Clone, Debug)]
pub struct Kept {
    /// `[C, *spatial]`, like the model's input.
    pub input: HostArray,
    /// Logits `[classes]` of `input`.
    pub logits: Vec<f32>,
    /// How many coefficients were kept…
    pub kept: usize,
    /// …of how many.
    pub total: usize,
}

/// Zeroes every value of `values` but the `fraction` (0..=1, rounded up)
/// with the largest `|attribution|`; ties go to the earlier value (arrays
/// in order, each row-major). `attribution` has the shapes of `values`.
/// Returns the kept arrays and how many values were kept.
pub fn keep_top(
    values: &[HostArray],
    attribution: &[HostArray],
    fraction: f32,
) -> (Vec<HostArray>, usize) {
    let magnitudes: Vec<f32> =
        attribution.iter().flat_map(|a| a.data().iter().map(|v| v.abs())).collect();
    let total = magnitudes.len();
    let count = ((fraction.clamp(0.0, 1.0) as f64 * total as f64).ceil() as usize).min(total);
    let mut order: Vec<usize> = (0..total).collect();
    order.sort_by(|a, b| magnitudes[*b].total_cmp(&magnitudes[*a]).then(a.cmp(b)));
    let mut keep = vec![false; total];
    order[..count].iter().for_each(|&i| keep[i] = true);
    let mut flags = keep.into_iter();
    let kept = values
        .iter()
        .map(|array| {
            let data = array
                .data()
                .iter()
                .map(|&v| if flags.next().expect("one flag per value") { v } else { 0.0 })
                .collect();
            HostArray::new(array.shape().to_vec(), data).expect("same shape")
        })
        .collect();
    (kept, count)
}

/// Keeps the top `fraction` (0..=1) of `input`'s features in the domain of
/// `explanation` (its wavelet coefficients, or its values) by
/// `|attribution|` (see [`keep_top`]), rebuilds the input from them and
/// classifies it with `model`.
pub async fn reclassify_top(
    model: &dyn Classifier,
    input: &HostArray,
    explanation: &Explanation,
    fraction: f32,
    device: &Device,
) -> Result<Kept, ExplainError> {
    if !(0.0..=1.0).contains(&fraction) {
        return Err(ExplainError::Options(format!(
            "the fraction to keep must be in 0..=1, got {fraction}"
        )));
    }
    let (values, attribution) = explanation.features(input);
    let (features, kept) = keep_top(&values, &attribution, fraction);
    let total = values.iter().map(|a| a.data().len()).sum();
    let input = explanation.domain.rebuild(features, input.shape(), device).await?;
    let logits = classify(model, &input, device).await?;
    Ok(Kept { input, logits, kept, total })
}

/// The input `[C, *spatial]` (`shape`) rebuilt from each level of
/// `explanation`'s decomposition of it alone, every other coefficient
/// zeroed: index 0 from the approximation, index j from the detail bands
/// of level j (1 = finest). They add up to the input (the inverse
/// transform is linear and rebuilds the input from all of them).
pub async fn levels_alone(
    explanation: &Explanation,
    shape: &[usize],
    device: &Device,
) -> Result<Vec<HostArray>, ExplainError> {
    let transform = &explanation.transform;
    let n = transform.levels() + 1;
    let level = |band: &Band| match band {
        Band::Approx => 0,
        Band::Detail { level, .. } => *level,
    };
    // One set of bands per level, stacked on a leading axis of n.
    let features = explanation
        .decomposition
        .iter()
        .map(|(band, values)| {
            let size = values.data().len();
            let mut data = vec![0.0; n * size];
            data[level(band) * size..][..size].copy_from_slice(values.data());
            HostArray::new([&[n], values.shape()].concat(), data)
        })
        .collect::<Result<Vec<_>, _>>()?;
    let domain = Domain::Wavelet(transform.clone());
    let rebuilt = domain.rebuild_batch(&features, shape, device)?;
    let all = HostArray::from_tensor(rebuilt, [&[n], shape].concat()).await?.into_data();
    let size = all.len() / n;
    Ok(all
        .chunks(size)
        .map(|c| HostArray::new(shape.to_vec(), c.to_vec()).expect("sized"))
        .collect())
}
