//! Seeded random numbers, generated on the host so that every backend
//! (CPU, WebGPU, native, wasm) sees the same samples for the same seed.

use std::convert::Infallible;

use rand_distr::{Distribution, StandardNormal};

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

    /// Uniform in `[lo, hi)`.
    pub(crate) fn range(&mut self, lo: f32, hi: f32) -> f32 {
        lo + (hi - lo) * (self.next_u64() >> 40) as f32 / (1u64 << 24) as f32
    }

    /// Uniform in `0..n` (`n ≥ 1`; the modulo bias is below 2⁻⁴⁰ for `n < 2²⁴`).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

/// The generator as `rand`'s distributions take it.
impl rand_core::TryRng for SplitMix64 {
    type Error = Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        Ok((self.next_u64() >> 32) as u32)
    }

    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        Ok(self.next_u64())
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        for chunk in dst.chunks_mut(8) {
            chunk.copy_from_slice(&self.next_u64().to_le_bytes()[..chunk.len()]);
        }
        Ok(())
    }
}

/// `count` draws of N(0, 1) for sample `stream` of a run seeded with `seed`
/// (SplitMix64, then the ziggurat method: no logarithm or sine for all but
/// the rare draws in the tails).
pub(crate) fn standard_normal(count: usize, seed: u64, stream: u64) -> Vec<f32> {
    let mut rng = SplitMix64::new(seed, stream);
    (0..count).map(|_| StandardNormal.sample(&mut rng)).collect()
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
        // The shape too: P(|x| > 1.96) = 5 %, P(|x| > 3) = 0.27 %.
        let beyond = |t: f32| a.iter().filter(|v| v.abs() > t).count() as f64 / a.len() as f64;
        assert!((beyond(1.96) - 0.05).abs() < 0.003, "{}", beyond(1.96));
        assert!((beyond(3.0) - 0.0027).abs() < 0.0006, "{}", beyond(3.0));
        assert_eq!(a, standard_normal(100_000, 7, 0));
        assert_ne!(a[..10], standard_normal(10, 7, 1)[..]);
        assert_ne!(a[..10], standard_normal(10, 8, 0)[..]);
    }
}
