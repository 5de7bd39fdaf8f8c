use super::WaveletError;
use super::filter_table::DEC_LO;

/// An orthogonal two-channel filter bank (haar, db, sym, coif) with
/// PyWavelets' exact filter values.
///
/// Only `dec_lo` is tabulated; the other three filters follow from it
/// exactly (pywt's conventions): `rec_lo` is `dec_lo` reversed,
/// `dec_hi[k] = (-1)^(k+1) dec_lo[L-1-k]`, `rec_hi` is `dec_hi` reversed.
#[derive(Clone, Debug, PartialEq)]
pub struct Wavelet {
    name: &'static str,
    dec_lo: &'static [f64],
}

impl Wavelet {
    /// Looks a wavelet up by its PyWavelets name (`haar`, `db4`, `sym8`, `coif3`, ...).
    pub fn new(name: &str) -> Result<Self, WaveletError> {
        DEC_LO
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|&(name, dec_lo)| Self { name, dec_lo })
            .ok_or_else(|| WaveletError::UnknownWavelet(name.to_string()))
    }

    /// Names of every supported wavelet, in table order.
    pub fn names() -> impl Iterator<Item = &'static str> {
        DEC_LO.iter().map(|(name, _)| *name)
    }

    /// The PyWavelets name.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// Filter length `L` (2 for haar, 2N for dbN and symN, 6N for coifN).
    pub fn filter_len(&self) -> usize {
        self.dec_lo.len()
    }

    /// Decomposition low-pass filter.
    pub fn dec_lo(&self) -> Vec<f64> {
        self.dec_lo.to_vec()
    }

    /// Decomposition high-pass filter.
    pub fn dec_hi(&self) -> Vec<f64> {
        let len = self.dec_lo.len();
        (0..len)
            .map(|k| {
                let v = self.dec_lo[len - 1 - k];
                if k % 2 == 0 { -v } else { v }
            })
            .collect()
    }

    /// Reconstruction low-pass filter.
    pub fn rec_lo(&self) -> Vec<f64> {
        self.dec_lo.iter().rev().copied().collect()
    }

    /// Reconstruction high-pass filter.
    pub fn rec_hi(&self) -> Vec<f64> {
        self.dec_hi().into_iter().rev().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_has_every_family_member() {
        let names: Vec<_> = Wavelet::names().collect();
        assert_eq!(names.len(), 1 + 20 + 19 + 17);
        for n in ["haar", "db1", "db20", "sym2", "sym20", "coif1", "coif17"] {
            assert!(names.contains(&n), "{n} missing");
        }
    }

    #[test]
    fn filters_are_orthonormal() {
        for name in Wavelet::names() {
            let w = Wavelet::new(name).unwrap();
            let (lo, hi) = (w.dec_lo(), w.dec_hi());
            let len = lo.len();
            // <lo, lo shifted by 2m> = delta(m), <lo, hi shifted by 2m> = 0.
            for m in 0..len / 2 {
                let shift = 2 * m;
                let ll: f64 = (0..len - shift).map(|k| lo[k] * lo[k + shift]).sum();
                let lh: f64 = (0..len - shift).map(|k| lo[k] * hi[k + shift]).sum();
                let expected = if m == 0 { 1.0 } else { 0.0 };
                assert!((ll - expected).abs() < 1e-9, "{name} lo.lo shift {shift}: {ll}");
                assert!(lh.abs() < 1e-9, "{name} lo.hi shift {shift}: {lh}");
            }
        }
    }

    #[test]
    fn db2_matches_pywt() {
        let w = Wavelet::new("DB2").unwrap();
        let pywt_dec_hi =
            [-0.48296291314453416, 0.8365163037378079, -0.2241438680420134, -0.12940952255126037];
        assert_eq!(w.dec_hi(), pywt_dec_hi);
        assert_eq!(w.rec_lo()[0], 0.48296291314453416);
        assert!(matches!(Wavelet::new("db21"), Err(WaveletError::UnknownWavelet(_))));
    }
}
