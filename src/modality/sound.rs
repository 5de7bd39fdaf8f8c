//! Sounds: mono samples at a known rate (decoded from a WAV file natively;
//! the page decodes audio with Web Audio and hands samples over), prepared
//! for a model that takes one window of N samples at its own rate:
//! resampled (band-limited), cut into windows, optionally standardised.

use rubato::{FftFixedIn, Resampler};

use crate::array::HostArray;
use crate::model::{SAMPLE_RATES, SoundPreprocess};

/// Sounds longer than this many seconds are refused (before decoding,
/// where a header says how long they are).
pub const MAX_SECONDS: u64 = 600;

/// Mono samples (nominally in -1..1) at `sample_rate` Hz.
#[derive(Clone, Debug, PartialEq)]
pub struct Sound {
    samples: Vec<f32>,
    sample_rate: u32,
}

impl Sound {
    /// Refuses a rate outside [`SAMPLE_RATES`], an empty sound, one longer
    /// than [`MAX_SECONDS`] and samples that are not finite.
    pub fn new(samples: Vec<f32>, sample_rate: u32) -> Result<Self, String> {
        check_length(samples.len() as u64, sample_rate)?;
        if let Some((i, v)) = samples.iter().enumerate().find(|(_, v)| !v.is_finite()) {
            return Err(format!("sample {i} is {v}: a sound must hold finite numbers"));
        }
        Ok(Self { samples, sample_rate })
    }

    /// The samples.
    pub fn samples(&self) -> &[f32] {
        &self.samples
    }

    /// Samples per second.
    pub fn sample_rate(&self) -> u32 {
        self.sample_rate
    }

    /// The sound at `rate` Hz, resampled with a band-limited (FFT) filter;
    /// `round(len · rate / sample_rate)` samples long, aligned in time.
    pub fn resampled(&self, rate: u32) -> Sound {
        if rate == self.sample_rate {
            return self.clone();
        }
        let (from, to) = (self.sample_rate as usize, rate as usize);
        let expected = (self.samples.len() as u64 * to as u64).div_ceil(from as u64) as usize;
        // Chunks of an even number of the ratio's input units make the FFT's
        // output size even, so its delay (half of it) is a whole sample.
        let unit = from / gcd(from, to);
        let units = 1024usize.div_ceil(unit).next_multiple_of(2);
        let mut resampler = FftFixedIn::<f32>::new(from, to, units * unit, 1, 1)
            .expect("rates checked by Sound::new");
        let delay = resampler.output_delay();
        let mut out = Vec::with_capacity(expected + delay + 2048);
        let mut rest = self.samples.as_slice();
        while rest.len() >= resampler.input_frames_next() {
            let (chunk, tail) = rest.split_at(resampler.input_frames_next());
            out.extend_from_slice(&resampler.process(&[chunk], None).expect("sized chunk")[0]);
            rest = tail;
        }
        // The tail, then silence until the filter's delay has come out.
        let mut last = Some([rest]);
        while out.len() < expected + delay {
            let input = last.take();
            let block =
                resampler.process_partial(input.as_ref().map(|c| &c[..]), None).expect("sized");
            out.extend_from_slice(&block[0]);
        }
        out.drain(..delay);
        out.truncate(expected);
        Sound { samples: out, sample_rate: rate }
    }
}

fn gcd(a: usize, b: usize) -> usize {
    if b == 0 { a } else { gcd(b, a % b) }
}

/// Refuses a sample rate outside [`SAMPLE_RATES`], an empty sound and one
/// longer than [`MAX_SECONDS`].
pub fn check_length(frames: u64, sample_rate: u32) -> Result<(), String> {
    if !SAMPLE_RATES.contains(&sample_rate) {
        return Err(format!(
            "a sample rate of {sample_rate} Hz: wam reads {} to {} Hz",
            SAMPLE_RATES.start(),
            SAMPLE_RATES.end()
        ));
    }
    if frames == 0 {
        return Err("the sound is empty (no samples)".into());
    }
    if frames > MAX_SECONDS * sample_rate as u64 {
        return Err(format!(
            "the sound lasts {:.0} s: sounds over {MAX_SECONDS} s are refused",
            frames as f64 / sample_rate as f64
        ));
    }
    Ok(())
}

/// Decodes a WAV file (8-, 16-, 24- or 32-bit integer or 32-bit float PCM,
/// any number of channels, mixed down to mono), refusing one whose header
/// declares more than [`MAX_SECONDS`] or more samples than the file holds
/// before reading them.
#[cfg(feature = "cli")]
pub fn decode_wav(bytes: &[u8]) -> Result<Sound, String> {
    use hound::{SampleFormat, WavReader};
    let reader = WavReader::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("not a readable WAV file: {e}"))?;
    let spec = reader.spec();
    let channels = spec.channels as usize;
    check_length(reader.duration() as u64, spec.sample_rate)?;
    let declared = reader.len() as u64 * spec.bits_per_sample.div_ceil(8) as u64;
    if declared > bytes.len() as u64 {
        return Err(format!(
            "the WAV header declares {declared} bytes of samples but the file has {}: it is truncated",
            bytes.len()
        ));
    }
    let interleaved: Vec<f32> = match (spec.sample_format, spec.bits_per_sample) {
        (SampleFormat::Float, 32) => reader.into_samples::<f32>().collect::<Result<_, _>>(),
        (SampleFormat::Int, bits @ (8 | 16 | 24 | 32)) => {
            let scale = 1.0 / (1u64 << (bits - 1)) as f32;
            reader.into_samples::<i32>().map(|s| s.map(|v| v as f32 * scale)).collect()
        }
        (format, bits) => {
            return Err(format!("{bits}-bit {format:?} WAV samples are not supported"));
        }
    }
    .map_err(|e| format!("reading the WAV samples: {e}"))?;
    let mono = interleaved.chunks(channels).map(|f| f.iter().sum::<f32>() / channels as f32);
    Sound::new(mono.collect(), spec.sample_rate)
}

/// A 16-bit PCM mono WAV file of `samples` at `sample_rate` Hz, scaled
/// down to a peak of 1 if they exceed it (a standardised window does).
#[cfg(feature = "cli")]
pub fn encode_wav(samples: &[f32], sample_rate: u32) -> Vec<u8> {
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let peak = samples.iter().fold(1.0f32, |m, v| m.max(v.abs()));
    let mut bytes = std::io::Cursor::new(Vec::new());
    let mut writer = hound::WavWriter::new(&mut bytes, spec).expect("in memory");
    for v in samples {
        writer.write_sample((v / peak * 32767.0).round() as i16).expect("in memory");
    }
    writer.finalize().expect("in memory");
    bytes.into_inner()
}

/// Where windows of `len` samples start in a sound of `total` samples: half
/// a window apart, the last one ending at the end (one window if the sound
/// is shorter; it is padded with silence).
pub fn window_starts(total: usize, len: usize) -> Vec<usize> {
    let last = total.saturating_sub(len);
    let hop = (len / 2).max(1);
    let mut starts: Vec<usize> = (0..last).step_by(hop).collect();
    starts.push(last);
    starts
}

/// The model's input `[1, len]`: `len` samples of `sound` (at the model's
/// rate) from `start`, silence past its end, standardised if `spec` says so.
pub fn sound_window(sound: &Sound, spec: &SoundPreprocess, len: usize, start: usize) -> HostArray {
    let samples = sound.samples();
    let mut window: Vec<f32> =
        samples[start.min(samples.len())..].iter().copied().take(len).collect();
    window.resize(len, 0.0);
    if spec.standardise {
        standardise(&mut window);
    }
    HostArray::new(vec![1, len], window).expect("sized")
}

/// `(x − mean) / max(std, 1e-10)` with the unbiased std (n − 1), as
/// torchcrepe's front end does.
fn standardise(window: &mut [f32]) {
    let n = window.len() as f64;
    let mean = window.iter().map(|&v| v as f64).sum::<f64>() / n;
    let var = window.iter().map(|&v| (v as f64 - mean).powi(2)).sum::<f64>() / (n - 1.0).max(1.0);
    let std = var.sqrt().max(1e-10);
    window.iter_mut().for_each(|v| *v = ((*v as f64 - mean) / std) as f32);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tone(hz: f64, rate: u32, seconds: f64) -> Vec<f32> {
        let n = (seconds * rate as f64) as usize;
        (0..n).map(|i| (std::f64::consts::TAU * hz * i as f64 / rate as f64).sin() as f32).collect()
    }

    #[test]
    fn resampling_keeps_a_tone() {
        for (from, to) in [(44_100, 16_000), (8_000, 16_000), (48_000, 16_000), (22_050, 16_000)] {
            let sound = Sound::new(tone(440.0, from, 0.5), from).unwrap();
            let resampled = sound.resampled(to);
            let expected = tone(440.0, to, 0.5);
            assert_eq!(resampled.samples().len(), expected.len(), "{from} → {to}");
            // Away from the edges (where the filter sees silence beyond the clip).
            let margin = to as usize / 50;
            let worst = resampled.samples()[margin..expected.len() - margin]
                .iter()
                .zip(&expected[margin..])
                .map(|(a, b)| (a - b).abs())
                .fold(0.0, f32::max);
            assert!(worst < 2e-3, "{from} → {to} Hz: worst error {worst}");
        }
    }

    #[test]
    fn lengths_and_rates_are_checked() {
        assert!(check_length(0, 16_000).unwrap_err().contains("empty"));
        assert!(check_length(600 * 16_000, 16_000).is_ok());
        assert!(check_length(600 * 16_000 + 1, 16_000).unwrap_err().contains("over 600 s"));
        assert!(check_length(10, 999).unwrap_err().contains("999 Hz"));
        assert!(Sound::new(vec![0.0, f32::NAN], 16_000).unwrap_err().contains("sample 1 is NaN"));
    }

    #[cfg(feature = "cli")]
    #[test]
    fn wavs_written_read_back() {
        let tone: Vec<f32> = tone(440.0, 8_000, 0.01).iter().map(|v| v * 0.5).collect();
        let back = decode_wav(&encode_wav(&tone, 8_000)).unwrap();
        assert_eq!(back.sample_rate(), 8_000);
        assert!(back.samples().iter().zip(&tone).all(|(a, b)| (a - b).abs() < 1e-4));
        let loud = decode_wav(&encode_wav(&[0.0, 4.0, -2.0], 8_000)).unwrap();
        assert!(loud.samples().iter().zip([0.0, 1.0, -0.5]).all(|(a, b)| (a - b).abs() < 1e-4));
    }

    #[test]
    fn windows_cover_the_sound() {
        assert_eq!(window_starts(10, 4), [0, 2, 4, 6]);
        assert_eq!(window_starts(11, 4), [0, 2, 4, 6, 7]);
        assert_eq!(window_starts(3, 4), [0]);
        let spec = SoundPreprocess { sample_rate: 8_000, standardise: true };
        let sound = Sound::new(vec![1.0, 3.0], 8_000).unwrap();
        // [1, 3, 0, 0]: mean 1, unbiased std √2
        let window = sound_window(&sound, &spec, 4, 0);
        let std = 2f32.sqrt();
        let expected = [0.0, 2.0 / std, -1.0 / std, -1.0 / std];
        assert!(window.data().iter().zip(expected).all(|(a, b)| (a - b).abs() < 1e-6));
    }
}
