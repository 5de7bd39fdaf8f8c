use thiserror::Error;

/// What can go wrong when configuring or applying a wavelet transform.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum WaveletError {
    /// The wavelet name is not one of haar, db1–db20, sym2–sym20, coif1–coif17.
    #[error("unknown wavelet '{0}': expected haar, db1..db20, sym2..sym20 or coif1..coif17")]
    UnknownWavelet(String),
    /// The signal-extension mode name is not supported.
    #[error("unknown mode '{0}': expected one of {valid}", valid = super::Mode::NAMES.join(", "))]
    UnknownMode(String),
    /// The number of levels is below one.
    #[error("levels must be at least 1 (got {0})")]
    InvalidLevels(usize),
    /// The number of transformed axes is not 1, 2 or 3, or exceeds the tensor rank.
    #[error(
        "cannot transform the last {axes} axes of a rank-{rank} array: axes must be 1, 2 or 3 and at most the rank"
    )]
    InvalidAxes {
        /// Requested number of transformed axes.
        axes: usize,
        /// Rank of the array.
        rank: usize,
    },
    /// An axis to transform has length zero.
    #[error("cannot transform an axis of length 0 (shape {0:?})")]
    EmptyAxis(Vec<usize>),
    /// Coefficient arrays that must agree in shape do not.
    #[error("inconsistent coefficients: {0}")]
    InconsistentCoefficients(String),
    /// A band name is not of the form `a` or `d{level}_{key}`.
    #[error("'{0}' is not a coefficient name: expected 'a' or 'd<level>_<key>' such as 'd1_dd'")]
    BadBandName(String),
}
