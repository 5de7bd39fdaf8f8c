//! "What the model needs": the input rebuilt from only its most important
//! wavelet coefficients, and classified again.

use burn::tensor::Device;

use super::{ExplainError, classify};
use crate::array::HostArray;
use crate::model::Classifier;
use crate::wavelet::{Band, Coefficients, Dwt};

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

/// Zeroes every coefficient but the `fraction` (0..=1, rounded up) with the
/// largest `|attribution|`; ties go to the earlier coefficient in band
/// order. `coefficients` and `attribution` share one layout. Returns the
/// kept bands and their count.
pub fn keep_top(
    coefficients: &[(Band, HostArray)],
    attribution: &[(Band, HostArray)],
    fraction: f32,
) -> (Vec<(Band, HostArray)>, usize) {
    let magnitudes: Vec<f32> =
        attribution.iter().flat_map(|(_, a)| a.data().iter().map(|v| v.abs())).collect();
    let total = magnitudes.len();
    let count = ((fraction.clamp(0.0, 1.0) as f64 * total as f64).ceil() as usize).min(total);
    let mut order: Vec<usize> = (0..total).collect();
    order.sort_by(|a, b| magnitudes[*b].total_cmp(&magnitudes[*a]).then(a.cmp(b)));
    let mut keep = vec![false; total];
    order[..count].iter().for_each(|&i| keep[i] = true);
    let mut flags = keep.into_iter();
    let kept = coefficients
        .iter()
        .map(|(band, values)| {
            let data = values
                .data()
                .iter()
                .map(|&v| if flags.next().expect("one flag per value") { v } else { 0.0 })
                .collect();
            (band.clone(), HostArray::new(values.shape().to_vec(), data).expect("same shape"))
        })
        .collect();
    (kept, count)
}

/// Keeps the top `fraction` of `coefficients` by `|attribution|` (see
/// [`keep_top`]), inverts `dwt` and classifies the result with `model`.
pub async fn reclassify_top(
    model: &dyn Classifier,
    dwt: &Dwt,
    coefficients: &[(Band, HostArray)],
    attribution: &[(Band, HostArray)],
    fraction: f32,
    device: &Device,
) -> Result<Kept, ExplainError> {
    let (bands, kept) = keep_top(coefficients, attribution, fraction);
    let total = bands.iter().map(|(_, a)| a.data().len()).sum();
    let shape = model.input().shape();
    let coeffs = Coefficients::from_arrays(dwt.axes(), &bands, device)?
        .with_signal_shape(shape[1..].to_vec());
    let (rebuilt, rebuilt_shape) = dwt.reconstruct_any(&coeffs)?;
    let input = HostArray::from_tensor(rebuilt, rebuilt_shape).await?;
    let logits = classify(model, &input, device).await?;
    Ok(Kept { input, logits, kept, total })
}
