//! WAV files written byte by byte from the format's definition (RIFF,
//! `fmt ` and `data` chunks), independent of the decoder under test.

/// A WAV file: `format` 1 (integer PCM) or 3 (IEEE float), `bits` per
/// sample, `channels`, `rate` Hz, and the raw sample bytes.
pub fn wav_bytes(format: u16, bits: u16, channels: u16, rate: u32, data: &[u8]) -> Vec<u8> {
    let block = channels * bits.div_ceil(8);
    let mut out = Vec::new();
    out.extend(b"RIFF");
    out.extend((36 + data.len() as u32).to_le_bytes());
    out.extend(b"WAVEfmt ");
    out.extend(16u32.to_le_bytes());
    out.extend(format.to_le_bytes());
    out.extend(channels.to_le_bytes());
    out.extend(rate.to_le_bytes());
    out.extend((rate * block as u32).to_le_bytes());
    out.extend(block.to_le_bytes());
    out.extend(bits.to_le_bytes());
    out.extend(b"data");
    out.extend((data.len() as u32).to_le_bytes());
    out.extend(data);
    out
}

/// Interleaved samples in -1..1 as `bits`-bit integer PCM bytes (8-bit is
/// unsigned with 128 for zero, wider is signed little-endian), rounded.
pub fn pcm(samples: &[f32], bits: u16) -> Vec<u8> {
    let full = (1i64 << (bits - 1)) as f64;
    samples
        .iter()
        .flat_map(|&s| {
            let v = ((s as f64 * full).round() as i64).clamp(-(full as i64), full as i64 - 1);
            match bits {
                8 => vec![(v + 128) as u8],
                _ => v.to_le_bytes()[..bits as usize / 8].to_vec(),
            }
        })
        .collect()
}

/// A mono 16-bit WAV of `samples` at `rate` Hz.
pub fn wav16(samples: &[f32], rate: u32) -> Vec<u8> {
    wav_bytes(1, 16, 1, rate, &pcm(samples, 16))
}

/// `seconds` of a sine of `hz` at `rate` Hz, amplitude `amplitude`.
pub fn sine(hz: f64, rate: u32, seconds: f64, amplitude: f32) -> Vec<f32> {
    let n = (seconds * rate as f64).round() as usize;
    (0..n)
        .map(|i| amplitude * (std::f64::consts::TAU * hz * i as f64 / rate as f64).sin() as f32)
        .collect()
}
