//! Reproducible pseudo-random inputs for unit tests.

/// `count` values in [-0.5, 0.5), the same for the same `seed` (a 64-bit
/// linear congruential generator's top 24 bits).
pub(crate) fn test_values(count: usize, seed: u64) -> Vec<f32> {
    let mut state = seed;
    (0..count)
        .map(|_| {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (state >> 40) as f32 / (1u64 << 24) as f32 - 0.5
        })
        .collect()
}
