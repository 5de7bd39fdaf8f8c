//! `wam dwt` and `wam idwt`.

use std::path::Path;

use anyhow::{Context, Result, bail};

use crate::backend;
use wam::array::HostArray;
use wam::io::{read_file, read_npy, read_npz, write_file, write_npy, write_npz};
use wam::wavelet::{Band, Coefficients, Dwt, Mode, Wavelet, dwt_max_level};

use crate::cli::{DwtArgs, IdwtArgs, WaveletArgs};

/// Fails unless `path` ends in `.{extension}`.
fn expect_extension(path: &Path, extension: &str, what: &str) -> Result<()> {
    if path.extension().and_then(|e| e.to_str()) != Some(extension) {
        bail!("{what} '{}' must be a .{extension} file", path.display());
    }
    Ok(())
}

fn parse_wavelet(args: &WaveletArgs) -> Result<(Wavelet, Mode)> {
    Ok((Wavelet::new(&args.wavelet)?, args.mode.parse()?))
}

pub fn dwt(args: DwtArgs) -> Result<()> {
    expect_extension(&args.input, "npy", "input")?;
    expect_extension(&args.output, "npz", "output")?;
    let (wavelet, mode) = parse_wavelet(&args.wavelet)?;
    let x = read_npy(&read_file(&args.input)?)
        .with_context(|| format!("reading '{}'", args.input.display()))?;
    let rank = x.shape().len();
    let axes = args.axes.unwrap_or(rank.min(3));
    if !(1..=3).contains(&axes) || axes > rank {
        bail!(
            "--axes {axes} is out of range for an array of shape {:?}: use 1, 2 or 3, at most the rank",
            x.shape()
        );
    }
    let spatial = &x.shape()[rank - axes..];
    let max_level = dwt_max_level(spatial, wavelet.filter_len());
    if args.levels > max_level {
        eprintln!(
            "wam: warning: --levels {} is above the maximum useful level {max_level} for shape {spatial:?} and {}: all coefficients will experience boundary effects",
            args.levels,
            wavelet.name()
        );
    }
    let coeffs = Dwt::new(wavelet, mode, args.levels, axes)?.wavedecn_array(&x, &backend::cpu())?;
    let arrays: Vec<(String, HostArray)> = pollster::block_on(coeffs.to_arrays())?
        .into_iter()
        .map(|(band, array)| (band.name(), array))
        .collect();
    write_file(&args.output, &write_npz(&arrays))?;
    print_energy_table(&arrays);
    Ok(())
}

/// Prints each band's shape and share of the total energy: where the signal lives.
fn print_energy_table(arrays: &[(String, HostArray)]) {
    let energy = |a: &HostArray| a.data().iter().map(|v| (*v as f64).powi(2)).sum::<f64>();
    let total: f64 = arrays.iter().map(|(_, a)| energy(a)).sum::<f64>().max(f64::MIN_POSITIVE);
    println!("{:<10} {:<20} {:>8}", "band", "shape", "energy");
    for (name, array) in arrays {
        let shape = format!("{:?}", array.shape());
        println!("{name:<10} {shape:<20} {:>7.2}%", 100.0 * energy(array) / total);
    }
}

pub fn idwt(args: IdwtArgs) -> Result<()> {
    expect_extension(&args.input, "npz", "input")?;
    expect_extension(&args.output, "npy", "output")?;
    let (wavelet, mode) = parse_wavelet(&args.wavelet)?;
    let arrays = read_npz(&read_file(&args.input)?)
        .with_context(|| format!("reading '{}'", args.input.display()))?;
    let bands = arrays
        .into_iter()
        .map(|(name, array)| Ok((Band::parse(&name)?, array)))
        .collect::<Result<Vec<_>>>()?;
    let axes = axes_from_keys(&bands)?;
    let device = backend::cpu();
    let coeffs = Coefficients::from_arrays(axes, &bands, &device)?;
    let y = Dwt::new(wavelet, mode, coeffs.levels(), axes)?.waverecn(&coeffs)?;
    let shape = coeffs.band_shape(&y);
    let y = pollster::block_on(HostArray::from_tensor(y, shape))?;
    write_file(&args.output, &write_npy(&y))?;
    Ok(())
}

/// The number of transformed axes: the length of every detail key.
fn axes_from_keys(bands: &[(Band, HostArray)]) -> Result<usize> {
    let mut lengths = bands.iter().filter_map(|(band, _)| match band {
        Band::Detail { key, .. } => Some(key.len()),
        Band::Approx => None,
    });
    let Some(first) = lengths.next() else { bail!("the archive has no detail bands (d1_...)") };
    if lengths.any(|len| len != first) {
        bail!("detail keys differ in length: every key needs one letter per transformed axis");
    }
    Ok(first)
}
