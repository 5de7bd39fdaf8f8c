//! Seeded random numbers, generated on the host so that every backend
//! (CPU, WebGPU, native, wasm) sees the same samples for the same seed.

/// SplitMix64: a small, fast, seedable generator of 64-bit values.
pub(crate) struct SplitMix64(u64);

impl SplitMix64 {
    /// The generator of stream `stream` of a run seeded with `seed`.
    pub(crate) fn new(seed: u64, stream: u64) -> Self {
        Self(seed ^ stream.wrapping_add(1).wrapping_mul(0xD1B5_4A32_D192_ED03))
    }

    /// The next 64 random bits.
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in (0, 1]: never 0, so its logarithm is finite.
    fn uniform(&mut self) -> f64 {
        ((self.next_u64() >> 11) as f64 + 1.0) / (1u64 << 53) as f64
    }

    /// Uniform in `[lo, hi)`.
    pub(crate) fn range(&mut self, lo: f32, hi: f32) -> f32 {
        lo + (hi - lo) * (self.next_u64() >> 40) as f32 / (1u64 << 24) as f32
    }

    /// Uniform in `0..n` (`n ≥ 1`; the modulo bias is below 2⁻⁴⁰ for `n < 2²⁴`).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

/// `count` draws of N(0, 1) for sample `stream` of a run seeded with `seed`
/// (SplitMix64, then Box–Muller).
pub(crate) fn standard_normal(count: usize, seed: u64, stream: u64) -> Vec<f32> {
    let mut rng = SplitMix64::new(seed, stream);
    let mut out = Vec::with_capacity(count + 1);
    while out.len() < count {
        let (u1, u2) = (rng.uniform(), rng.uniform());
        let radius = (-2.0 * u1.ln()).sqrt();
        let angle = 2.0 * std::f64::consts::PI * u2;
        out.push((radius * angle.cos()) as f32);
        out.push((radius * angle.sin()) as f32);
    }
    out.truncate(count);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moments_are_standard_and_streams_differ() {
        let a = standard_normal(100_000, 7, 0);
        let mean = a.iter().map(|&v| v as f64).sum::<f64>() / a.len() as f64;
        let var = a.iter().map(|&v| (v as f64 - mean).powi(2)).sum::<f64>() / a.len() as f64;
        assert!(mean.abs() < 0.02 && (var - 1.0).abs() < 0.02, "mean {mean} var {var}");
        assert_eq!(a, standard_normal(100_000, 7, 0));
        assert_ne!(a[..10], standard_normal(10, 7, 1)[..]);
        assert_ne!(a[..10], standard_normal(10, 8, 0)[..]);
    }
}
