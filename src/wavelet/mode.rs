use std::fmt;
use std::str::FromStr;

use super::WaveletError;

/// How a signal is extended past its ends, as in PyWavelets' `pywt.Modes`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mode {
    /// Zero padding: `... 0 0 | x0 .. xn | 0 0 ...`.
    Zero,
    /// Border value repeated: `... x0 x0 | x0 .. xn | xn xn ...`.
    Constant,
    /// Half-sample symmetric: `... x1 x0 | x0 x1 .. xn | xn xn-1 ...`.
    Symmetric,
    /// Whole-sample symmetric: `... x2 x1 | x0 x1 .. xn | xn-1 xn-2 ...`.
    Reflect,
    /// Periodic: `... xn-1 xn | x0 .. xn | x0 x1 ...`.
    Periodic,
    /// Periodic with the minimal number of coefficients, `ceil(N / 2)`
    /// (odd lengths first repeat their last sample). Exactly orthogonal.
    Periodization,
}

impl Mode {
    /// Every mode, in the order of [`Mode::NAMES`].
    pub const ALL: [Mode; 6] = [
        Mode::Zero,
        Mode::Constant,
        Mode::Symmetric,
        Mode::Reflect,
        Mode::Periodic,
        Mode::Periodization,
    ];

    /// PyWavelets names of [`Mode::ALL`].
    pub const NAMES: [&'static str; 6] =
        ["zero", "constant", "symmetric", "reflect", "periodic", "periodization"];

    /// The PyWavelets name of this mode.
    pub fn name(self) -> &'static str {
        Self::NAMES[Self::ALL.iter().position(|&m| m == self).expect("listed")]
    }

    /// Number of coefficients per band for a signal of length `len`
    /// (`pywt.dwt_coeff_len`).
    pub fn coeff_len(self, len: usize, filter_len: usize) -> usize {
        match self {
            Mode::Periodization => len.div_ceil(2),
            _ => (len + filter_len - 1) / 2,
        }
    }

    /// The extended signal read by the analysis filters, as source indices
    /// into the original signal (`None` reads zero).
    ///
    /// Band coefficient `i` is `sum_m g[m] * y[2 i + m]` with `g` the reversed
    /// decomposition filter and `y` the returned extension, of length
    /// `2 * coeff_len + filter_len - 2`.
    pub(super) fn extension(self, len: usize, filter_len: usize) -> Vec<Option<usize>> {
        let (start, extended) = self.extension_span(len, filter_len);
        (0..extended).map(|t| self.source_index(start + t as isize, len)).collect()
    }

    /// Where [`Mode::extension`] starts (the signal index its first
    /// position reads, ≤ 0) and how many positions it has.
    pub(super) fn extension_span(self, len: usize, filter_len: usize) -> (isize, usize) {
        let coeff_len = self.coeff_len(len, filter_len);
        // pywt aligns a[i] = sum_k h[k] x~[2i + offset - k].
        let offset = match self {
            Mode::Periodization => filter_len / 2,
            _ => 1,
        };
        (offset as isize - (filter_len as isize - 1), 2 * coeff_len + filter_len - 2)
    }

    /// Where position `i` (possibly outside `0..len`) of the extended signal reads from.
    pub(super) fn source_index(self, i: isize, len: usize) -> Option<usize> {
        let n = len as isize;
        // Inside the signal every mode reads the sample itself.
        if (0..n).contains(&i) {
            return Some(i as usize);
        }
        let folded = match self {
            Mode::Zero => return (0..n).contains(&i).then_some(i as usize),
            Mode::Constant => i.clamp(0, n - 1),
            Mode::Symmetric => {
                let r = i.rem_euclid(2 * n);
                if r < n { r } else { 2 * n - 1 - r }
            }
            Mode::Reflect if n == 1 => 0,
            Mode::Reflect => {
                let period = 2 * n - 2;
                let r = i.rem_euclid(period);
                if r < n { r } else { period - r }
            }
            Mode::Periodic => i.rem_euclid(n),
            Mode::Periodization => {
                // Odd lengths are first extended by repeating the last sample.
                let padded = n + n % 2;
                i.rem_euclid(padded).min(n - 1)
            }
        };
        Some(folded as usize)
    }
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Mode {
    type Err = WaveletError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::NAMES
            .iter()
            .position(|n| n.eq_ignore_ascii_case(s))
            .map(|i| Self::ALL[i])
            .ok_or_else(|| WaveletError::UnknownMode(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for mode in Mode::ALL {
            assert_eq!(mode.name().parse::<Mode>(), Ok(mode));
        }
        assert!(matches!("smooth".parse::<Mode>(), Err(WaveletError::UnknownMode(_))));
    }

    #[test]
    fn extensions_follow_pywt_conventions() {
        // Haar reads exactly the signal in every mode for even lengths.
        for mode in Mode::ALL {
            let ext = mode.extension(4, 2);
            assert_eq!(ext, (0..4).map(Some).collect::<Vec<_>>(), "{mode}");
        }
        // db2 (L = 4) at N = 4 reads x~[-2 .. 5].
        let pick = |mode: Mode| mode.extension(4, 4);
        assert_eq!(pick(Mode::Symmetric), [1, 0, 0, 1, 2, 3, 3, 2].map(Some));
        assert_eq!(pick(Mode::Reflect), [2, 1, 0, 1, 2, 3, 2, 1].map(Some));
        assert_eq!(pick(Mode::Periodic), [2, 3, 0, 1, 2, 3, 0, 1].map(Some));
        assert_eq!(pick(Mode::Constant), [0, 0, 0, 1, 2, 3, 3, 3].map(Some));
        assert_eq!(pick(Mode::Zero), [None, None, Some(0), Some(1), Some(2), Some(3), None, None]);
    }

    #[test]
    fn coefficient_lengths_match_pywt() {
        assert_eq!(Mode::Symmetric.coeff_len(224, 4), 113);
        assert_eq!(Mode::Periodization.coeff_len(7, 4), 4);
        assert_eq!(Mode::Zero.coeff_len(7, 2), 4);
    }
}
