//! Helpers shared by the integration tests: pywt fixtures and comparisons.
#![allow(dead_code)] // each test binary uses its own subset

use std::collections::BTreeMap;
use std::path::PathBuf;

use wam::array::HostArray;
use wam::io::{read_file, read_npz};
use wam::wavelet::{Band, Dwt, Mode, Wavelet};

/// One reference case: `{wavelet}.{mode}.J{levels}.K{axes}.{shape}`.
pub struct Case {
    pub name: String,
    pub wavelet: String,
    pub mode: Mode,
    pub levels: usize,
    pub axes: usize,
    pub arrays: BTreeMap<String, HostArray>,
}

impl Case {
    pub fn dwt(&self) -> Dwt {
        Dwt::new(Wavelet::new(&self.wavelet).unwrap(), self.mode, self.levels, self.axes).unwrap()
    }

    /// The named bands of this case (every array but `exclude`), as (Band, array).
    pub fn bands(&self, exclude: &[&str]) -> Vec<(Band, HostArray)> {
        self.arrays
            .iter()
            .filter(|(k, _)| !exclude.contains(&k.as_str()))
            .map(|(k, v)| (Band::parse(k).unwrap(), v.clone()))
            .collect()
    }
}

pub fn fixture_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// Loads a fixture archive written by tests/fixtures/pywt/generate.py.
pub fn load_cases(file: &str) -> Vec<Case> {
    let bytes = read_file(&fixture_path(file)).unwrap();
    let mut cases: BTreeMap<String, BTreeMap<String, HostArray>> = BTreeMap::new();
    for (key, array) in read_npz(&bytes).unwrap() {
        let (case, array_name) = key.rsplit_once('/').unwrap();
        cases.entry(case.to_string()).or_default().insert(array_name.to_string(), array);
    }
    cases
        .into_iter()
        .map(|(name, arrays)| {
            let parts: Vec<&str> = name.split('.').collect();
            Case {
                wavelet: parts[0].to_string(),
                mode: parts[1].parse().unwrap(),
                levels: parts[2][1..].parse().unwrap(),
                axes: parts[3][1..].parse().unwrap(),
                name,
                arrays,
            }
        })
        .collect()
}

/// Max |a - b| over two arrays of the same shape, or a message.
pub fn max_abs_diff(got: &HostArray, want: &HostArray) -> Result<f32, String> {
    if got.shape() != want.shape() {
        return Err(format!("shape {:?}, expected {:?}", got.shape(), want.shape()));
    }
    Ok(got.data().iter().zip(want.data()).map(|(a, b)| (a - b).abs()).fold(0.0, f32::max))
}

/// The tolerance for float32: 1e-4 · max(1, max|x|).
pub fn tolerance(reference: &HostArray) -> f32 {
    1e-4 * reference.data().iter().fold(1.0f32, |m, v| m.max(v.abs()))
}

/// Checks `got` against `want` with the tolerance, naming the place.
pub fn check_close(place: &str, got: &HostArray, want: &HostArray, scale: &HostArray) -> Result<(), String> {
    let diff = max_abs_diff(got, want).map_err(|e| format!("{place}: {e}"))?;
    let tol = tolerance(scale);
    if diff > tol {
        return Err(format!("{place}: max abs error {diff:e} > {tol:e}"));
    }
    Ok(())
}

/// Collects failures across cases so that one run reports all of them.
pub fn report(failures: Vec<String>, total: usize) {
    assert!(failures.is_empty(), "{} of {total} checks failed:\n{}", failures.len(), failures.join("\n"));
}
