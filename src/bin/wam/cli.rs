//! Every argument of the `wam` command line, in one place.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// Wavelet Attribution Method: see where and at which scales a classifier looks.
#[derive(Parser, Debug)]
#[command(name = "wam", version, about)]
pub struct Args {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Multilevel wavelet transform of an .npy array into an .npz of bands (= pywt.wavedecn).
    Dwt(DwtArgs),
    /// Inverse transform of an .npz of bands into an .npy array (= pywt.waverecn).
    Idwt(IdwtArgs),
    /// Time wam's own kernels and print JSON (scripts/bench compares them with the references).
    Bench(BenchArgs),
}

/// Options shared by both directions of the transform.
#[derive(clap::Args, Debug)]
pub struct WaveletArgs {
    /// haar, db1..db20, sym2..sym20 or coif1..coif17.
    #[arg(long, default_value = "haar")]
    pub wavelet: String,
    /// zero, constant, symmetric, reflect, periodic or periodization.
    #[arg(long, default_value = "symmetric")]
    pub mode: String,
}

#[derive(clap::Args, Debug)]
pub struct DwtArgs {
    /// Input array (.npy), any rank ≥ --axes.
    pub input: PathBuf,
    /// Output (.npz) with arrays `a` and `d{level}_{key}`.
    pub output: PathBuf,
    #[command(flatten)]
    pub wavelet: WaveletArgs,
    /// Number of levels (level 1 is the finest).
    #[arg(long, default_value_t = 3)]
    pub levels: usize,
    /// How many trailing axes to transform (1–3) [default: the rank, at most 3].
    #[arg(long)]
    pub axes: Option<usize>,
}

#[derive(clap::Args, Debug)]
pub struct IdwtArgs {
    /// Bands (.npz) as written by `wam dwt` or pywt.wavedecn; levels and axes are read from the names.
    pub input: PathBuf,
    /// Output array (.npy).
    pub output: PathBuf,
    #[command(flatten)]
    pub wavelet: WaveletArgs,
}

#[derive(clap::Args, Debug)]
pub struct BenchArgs {
    /// What to time.
    #[arg(value_parser = ["wavelet"])]
    pub suite: String,
    /// Repetitions per case (the median is reported).
    #[arg(long, default_value_t = 20)]
    pub repeats: usize,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn arguments_are_consistent() {
        super::Args::command().debug_assert();
    }
}
