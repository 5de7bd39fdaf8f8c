use crate::array::HostArray;

use super::{Band, WaveletError};

/// Where one band sits in a [`Mosaic`].
#[derive(Clone, Debug, PartialEq)]
pub struct MosaicRegion {
    /// The band.
    pub band: Band,
    /// First index along each transformed axis.
    pub offset: Vec<usize>,
    /// Extent along each transformed axis.
    pub shape: Vec<usize>,
}

/// The dyadic layout of `pywt.coeffs_to_array`, in 1, 2 or 3 dimensions:
/// the approximation in the first corner, then each level's detail bands in
/// the blocks where their key says `d` (2-D: `da` below, `ad` to the right).
#[derive(Clone, Debug, PartialEq)]
pub struct Mosaic {
    /// Extent of the mosaic along each transformed axis.
    pub shape: Vec<usize>,
    /// One region per band, in [`super::Coefficients::bands`] order.
    pub regions: Vec<MosaicRegion>,
}

impl Mosaic {
    /// Lays out bands given in pywt order (`a`, then levels coarse to fine)
    /// with the shapes of their transformed axes.
    pub fn new(bands: &[(Band, Vec<usize>)]) -> Result<Self, WaveletError> {
        let bad = |why: &str| WaveletError::InconsistentCoefficients(why.to_string());
        let (first, details) = bands.split_first().ok_or_else(|| bad("no bands"))?;
        if first.0 != Band::Approx {
            return Err(bad("the first band must be the approximation"));
        }
        let axes = first.1.len();
        let mut corner = first.1.clone();
        let mut shape = first.1.clone();
        let mut regions =
            vec![MosaicRegion { band: Band::Approx, offset: vec![0; axes], shape: corner.clone() }];
        let mut index = 0;
        while index < details.len() {
            let Band::Detail { level, .. } = &details[index].0 else {
                return Err(bad("only the first band may be the approximation"));
            };
            let level_bands: Vec<_> = details[index..]
                .iter()
                .take_while(|(b, _)| matches!(b, Band::Detail { level: l, .. } if l == level))
                .collect();
            let all_d = "d".repeat(axes);
            let full = level_bands
                .iter()
                .find(|(b, _)| matches!(b, Band::Detail { key, .. } if *key == all_d))
                .map(|(_, s)| s.clone())
                .ok_or_else(|| bad("every level needs its all-detail band"))?;
            for (band, band_shape) in &level_bands {
                let Band::Detail { key, .. } = band else { unreachable!("filtered above") };
                if band_shape.len() != axes || key.len() != axes {
                    return Err(bad("bands differ in number of axes"));
                }
                let offset =
                    key.chars().zip(&corner).map(|(c, &a)| if c == 'd' { a } else { 0 }).collect();
                regions.push(MosaicRegion {
                    band: band.clone(),
                    offset,
                    shape: band_shape.clone(),
                });
            }
            for axis in 0..axes {
                shape[axis] += full[axis];
                corner[axis] += full[axis];
            }
            index += level_bands.len();
        }
        Ok(Self { shape, regions })
    }

    /// Paints `bands` (same order as the layout; each `[*leading, *band]`)
    /// into one `[*leading, *mosaic]` array, zero where no band lands.
    pub fn assemble(&self, bands: &[HostArray]) -> Result<HostArray, WaveletError> {
        let bad = |why: String| WaveletError::InconsistentCoefficients(why);
        if bands.len() != self.regions.len() {
            return Err(bad(format!("{} bands for {} regions", bands.len(), self.regions.len())));
        }
        let axes = self.shape.len();
        let lead_shape = &bands[0].shape()[..bands[0].shape().len() - axes];
        let batch: usize = lead_shape.iter().product();
        let cells: usize = self.shape.iter().product();
        let mut out = vec![0.0f32; batch * cells];
        // Strides of the mosaic over the transformed axes, padded to 3-D.
        let pad = |v: &[usize], fill: usize| -> [usize; 3] {
            let mut p = [fill; 3];
            p[3 - v.len()..].copy_from_slice(v);
            p
        };
        let m = pad(&self.shape, 1);
        for (region, band) in self.regions.iter().zip(bands) {
            let expected: Vec<usize> = lead_shape.iter().chain(&region.shape).copied().collect();
            if band.shape() != expected {
                return Err(bad(format!(
                    "band {} has shape {:?}, expected {expected:?}",
                    region.band.name(),
                    band.shape()
                )));
            }
            let (s, o) = (pad(&region.shape, 1), pad(&region.offset, 0));
            let band_cells = s[0] * s[1] * s[2];
            for b in 0..batch {
                for i in 0..s[0] {
                    for j in 0..s[1] {
                        let src = b * band_cells + (i * s[1] + j) * s[2];
                        let dst = b * cells + ((i + o[0]) * m[1] + j + o[1]) * m[2] + o[2];
                        out[dst..dst + s[2]].copy_from_slice(&band.data()[src..src + s[2]]);
                    }
                }
            }
        }
        let shape = lead_shape.iter().chain(&self.shape).copied().collect();
        Ok(HostArray::new(shape, out).expect("sized above"))
    }
}
