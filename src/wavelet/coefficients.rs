use burn::tensor::{Device, Tensor};

use crate::array::{ArrayError, HostArray};

use super::WaveletError;

/// Where one coefficient array sits: the approximation or a detail band.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Band {
    /// The coarsest approximation, named `a`.
    Approx,
    /// A detail band, named `d{level}_{key}`: level 1 is the finest; the key
    /// has one char per transformed axis, `a` (low-pass) or `d` (high-pass).
    Detail {
        /// 1 = finest scale.
        level: usize,
        /// e.g. `dd` (2-D diagonal), `da` (pywt's cH), `ad` (pywt's cV).
        key: String,
    },
}

impl Band {
    /// The pywt-style name: `a` or `d{level}_{key}`.
    pub fn name(&self) -> String {
        match self {
            Band::Approx => "a".to_string(),
            Band::Detail { level, key } => format!("d{level}_{key}"),
        }
    }

    /// Parses `a` or `d{level}_{key}`.
    pub fn parse(name: &str) -> Result<Self, WaveletError> {
        let bad = || WaveletError::BadBandName(name.to_string());
        if name == "a" {
            return Ok(Band::Approx);
        }
        let (level, key) =
            name.strip_prefix('d').and_then(|s| s.split_once('_')).ok_or_else(bad)?;
        let level: usize = level.parse().map_err(|_| bad())?;
        let valid_key = (1..=3).contains(&key.len())
            && key.chars().all(|c| c == 'a' || c == 'd')
            && key.contains('d');
        if level == 0 || !valid_key {
            return Err(bad());
        }
        Ok(Band::Detail { level, key: key.to_string() })
    }
}

/// The detail keys of a `axes`-dimensional transform in pywt's order
/// (`ad`, `da`, `dd` in 2-D): index `b - 1` holds the key whose bits, first
/// axis most significant, spell `b` with `d` = 1.
pub fn detail_keys(axes: usize) -> Vec<String> {
    (1..1usize << axes)
        .map(|b| (0..axes).map(|i| if b >> (axes - 1 - i) & 1 == 1 { 'd' } else { 'a' }).collect())
        .collect()
}

/// The bands of a `levels`-level `axes`-D decomposition in pywt's order:
/// `a`, then each level from the coarsest, keys in [`detail_keys`] order.
pub fn band_order(axes: usize, levels: usize) -> Vec<Band> {
    let keys = detail_keys(axes);
    let mut bands = vec![Band::Approx];
    for level in (1..=levels).rev() {
        bands.extend(keys.iter().map(|key| Band::Detail { level, key: key.clone() }));
    }
    bands
}

/// A multilevel wavelet decomposition, as `pywt.wavedecn` returns it.
///
/// Every band is stored as a rank-4 tensor `[batch, s0, s1, s2]`: `batch`
/// is the product of the untransformed leading axes, and the transformed
/// axes are the last `axes` slots (the others are 1).
/// [`Coefficients::band_shape`] gives the shape in the caller's terms.
#[derive(Clone, Debug)]
pub struct Coefficients {
    axes: usize,
    leading: Vec<usize>,
    signal: Option<Vec<usize>>,
    approx: Tensor<4>,
    /// `details[level - 1][b - 1]`, keys as in [`detail_keys`].
    details: Vec<Vec<Tensor<4>>>,
}

impl Coefficients {
    /// Assembles a decomposition from its bands (`details[level - 1]`, keys
    /// in [`detail_keys`] order), checking that each level's bands agree.
    pub fn new(
        axes: usize,
        leading: Vec<usize>,
        approx: Tensor<4>,
        details: Vec<Vec<Tensor<4>>>,
    ) -> Result<Self, WaveletError> {
        let keys = detail_keys(axes);
        if details.is_empty() {
            return Err(WaveletError::InvalidLevels(0));
        }
        let batch: usize = leading.iter().product();
        for (index, level) in details.iter().enumerate() {
            if level.len() != keys.len() {
                return Err(WaveletError::InconsistentCoefficients(format!(
                    "level {} has {} detail bands, a {axes}-D transform has {}",
                    index + 1,
                    level.len(),
                    keys.len()
                )));
            }
            if level.iter().any(|t| t.dims() != level[0].dims()) {
                return Err(WaveletError::InconsistentCoefficients(format!(
                    "the detail bands of level {} differ in shape",
                    index + 1
                )));
            }
        }
        let bands = std::iter::once(&approx).chain(details.iter().flatten());
        if bands.into_iter().any(|t| {
            let dims = t.dims();
            dims[0] != batch || dims[1..4 - axes].iter().any(|&d| d != 1)
        }) {
            return Err(WaveletError::InconsistentCoefficients(format!(
                "every band must have leading shape {leading:?}"
            )));
        }
        Ok(Self { axes, leading, signal: None, approx, details })
    }

    /// Records the shape of the transformed axes of the original signal, so
    /// that reconstruction can crop back to it.
    pub fn with_signal_shape(mut self, shape: Vec<usize>) -> Self {
        self.signal = Some(shape);
        self
    }

    /// Number of transformed axes (1, 2 or 3).
    pub fn axes(&self) -> usize {
        self.axes
    }

    /// Number of levels.
    pub fn levels(&self) -> usize {
        self.details.len()
    }

    /// The untransformed leading axes (e.g. `[3]` for an RGB image).
    pub fn leading_shape(&self) -> &[usize] {
        &self.leading
    }

    /// The shape of the transformed axes of the decomposed signal, if known.
    pub fn signal_shape(&self) -> Option<&[usize]> {
        self.signal.as_deref()
    }

    /// Every band in pywt's order: `a`, then levels coarse to fine, keys sorted.
    pub fn bands(&self) -> Vec<Band> {
        band_order(self.axes, self.levels())
    }

    /// The approximation tensor (rank-4 layout, see the type's docs).
    pub fn approx(&self) -> &Tensor<4> {
        &self.approx
    }

    /// The detail tensors of `level` (1 = finest), in [`detail_keys`] order.
    pub fn level(&self, level: usize) -> Option<&[Tensor<4>]> {
        level.checked_sub(1).and_then(|i| self.details.get(i)).map(Vec::as_slice)
    }

    /// The tensor of the band called `name` (`a` or `d{level}_{key}`).
    pub fn band(&self, name: &str) -> Result<&Tensor<4>, WaveletError> {
        match Band::parse(name)? {
            Band::Approx => Ok(&self.approx),
            Band::Detail { level, key } => detail_keys(self.axes)
                .iter()
                .position(|k| *k == key)
                .and_then(|b| self.level(level).map(|bands| &bands[b]))
                .ok_or_else(|| WaveletError::BadBandName(name.to_string())),
        }
    }

    /// Shape of `tensor` (one of this decomposition's bands) in the caller's
    /// terms: leading axes, then the transformed axes.
    pub fn band_shape(&self, tensor: &Tensor<4>) -> Vec<usize> {
        let dims = tensor.dims();
        self.leading.iter().copied().chain(dims[4 - self.axes..].iter().copied()).collect()
    }

    /// Iterates over `(band, tensor)` in [`Coefficients::bands`] order.
    pub fn iter(&self) -> impl Iterator<Item = (Band, &Tensor<4>)> {
        let keys = detail_keys(self.axes);
        let details = (1..=self.levels()).rev().flat_map(move |level| {
            let keys = keys.clone();
            self.details[level - 1]
                .iter()
                .zip(keys)
                .map(move |(t, key)| (Band::Detail { level, key }, t))
        });
        std::iter::once((Band::Approx, &self.approx)).chain(details)
    }

    /// Applies `f` to every band, in [`Coefficients::bands`] order, keeping
    /// the layout (e.g. to take gradients).
    pub fn map(&self, mut f: impl FnMut(&Tensor<4>) -> Tensor<4>) -> Self {
        let approx = f(&self.approx);
        let mut details = vec![Vec::new(); self.levels()];
        for level in (0..self.levels()).rev() {
            details[level] = self.details[level].iter().map(&mut f).collect();
        }
        Self {
            axes: self.axes,
            leading: self.leading.clone(),
            signal: self.signal.clone(),
            approx,
            details,
        }
    }

    /// All coefficients as one vector, bands in [`Coefficients::bands`] order,
    /// each band row-major (e.g. to rank coefficients).
    pub fn flatten(&self) -> Tensor<1> {
        Tensor::cat(self.iter().map(|(_, t)| t.clone().flatten::<1>(0, 3)).collect(), 0)
    }

    /// Total number of coefficients.
    pub fn len(&self) -> usize {
        self.iter().map(|(_, t)| t.dims().iter().product::<usize>()).sum()
    }

    /// True when there are no coefficients at all (never, for a valid decomposition).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The inverse of [`Coefficients::flatten`]: the same layout filled from `flat`.
    pub fn unflatten(&self, flat: Tensor<1>) -> Result<Self, WaveletError> {
        if flat.dims()[0] != self.len() {
            return Err(WaveletError::InconsistentCoefficients(format!(
                "a vector of {} values cannot fill {} coefficients",
                flat.dims()[0],
                self.len()
            )));
        }
        let mut offset = 0;
        Ok(self.map(|t| {
            let dims = t.dims();
            let count = dims.iter().product();
            let band = flat.clone().narrow(0, offset, count).reshape(dims);
            offset += count;
            band
        }))
    }
}

impl Coefficients {
    /// Builds a decomposition from named host arrays (`a` and every
    /// `d{level}_{key}` of levels 1..J), e.g. read from an `.npz` file.
    pub fn from_arrays(
        axes: usize,
        arrays: &[(Band, HostArray)],
        device: &Device,
    ) -> Result<Self, WaveletError> {
        let bad = |why: String| WaveletError::InconsistentCoefficients(why);
        if !(1..=3).contains(&axes) {
            return Err(WaveletError::InvalidAxes { axes, rank: axes });
        }
        let find = |band: &Band| {
            arrays
                .iter()
                .find(|(b, _)| b == band)
                .map(|(_, array)| array)
                .ok_or_else(|| bad(format!("band '{}' is missing", band.name())))
        };
        let approx = find(&Band::Approx)?;
        if approx.shape().len() < axes {
            return Err(WaveletError::InvalidAxes { axes, rank: approx.shape().len() });
        }
        let leading = approx.shape()[..approx.shape().len() - axes].to_vec();
        let levels = arrays
            .iter()
            .filter_map(|(b, _)| match b {
                Band::Detail { level, .. } => Some(*level),
                Band::Approx => None,
            })
            .max()
            .ok_or_else(|| bad("no detail bands".to_string()))?;
        let upload = |array: &HostArray| -> Result<Tensor<4>, WaveletError> {
            let shape = array.shape();
            if shape.len() != leading.len() + axes || shape[..leading.len()] != leading[..] {
                return Err(bad(format!(
                    "band of shape {shape:?} does not share the leading shape {leading:?}"
                )));
            }
            let mut dims = [1usize; 4];
            dims[0] = leading.iter().product();
            dims[4 - axes..].copy_from_slice(&shape[leading.len()..]);
            Ok(Tensor::from_data(
                burn::tensor::TensorData::new(array.data().to_vec(), dims),
                device,
            ))
        };
        let keys = detail_keys(axes);
        let details = (1..=levels)
            .map(|level| {
                keys.iter()
                    .map(|key| upload(find(&Band::Detail { level, key: key.clone() })?))
                    .collect::<Result<Vec<_>, _>>()
            })
            .collect::<Result<Vec<_>, _>>()?;
        if arrays.len() != 1 + levels * keys.len() {
            return Err(bad(format!(
                "{} arrays do not make a {levels}-level {axes}-D decomposition (keys must have {axes} letters)",
                arrays.len()
            )));
        }
        Self::new(axes, leading.clone(), upload(approx)?, details)
    }

    /// Reads every band back to the host (asynchronously, as browsers'
    /// WebGPU requires), in [`Coefficients::bands`] order, in the caller's shapes.
    pub async fn to_arrays(&self) -> Result<Vec<(Band, HostArray)>, ArrayError> {
        let mut out = Vec::new();
        for (band, tensor) in self.iter() {
            let shape = self.band_shape(tensor);
            out.push((band, HostArray::from_tensor(tensor.clone(), shape).await?));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_follow_pywt_order() {
        assert_eq!(detail_keys(1), ["d"]);
        assert_eq!(detail_keys(2), ["ad", "da", "dd"]);
        assert_eq!(detail_keys(3), ["aad", "ada", "add", "daa", "dad", "dda", "ddd"]);
    }

    #[test]
    fn band_names_round_trip() {
        for name in ["a", "d1_d", "d3_dd", "d12_ada"] {
            assert_eq!(Band::parse(name).unwrap().name(), name);
        }
        for bad in ["", "b", "d0_d", "d1_aa", "d1_", "dx_d", "d1_dddd", "d1_xd"] {
            assert!(Band::parse(bad).is_err(), "{bad}");
        }
    }
}
