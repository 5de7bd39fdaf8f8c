//! Helpers shared by the integration tests, native and in the browser:
//! the pywt fixtures, comparisons, and the core checks themselves.
#![allow(dead_code)] // each test binary uses its own subset

pub mod checks;
#[cfg(feature = "cli")]
pub mod cli;
#[cfg(not(target_arch = "wasm32"))]
pub mod faithfulness;
#[cfg(not(target_arch = "wasm32"))]
pub mod meshes;
pub mod models;
#[cfg(not(target_arch = "wasm32"))]
pub mod wav;

use std::collections::BTreeMap;

use wam::array::HostArray;
use wam::io::read_npz;
use wam::wavelet::{Band, Dwt, Mode, Wavelet};

/// The fixture archives, embedded so that browser tests need no file system.
pub const WAVEDECN: &[u8] = include_bytes!("../fixtures/pywt/wavedecn.npz");
pub const WAVERECN: &[u8] = include_bytes!("../fixtures/pywt/waverecn.npz");
pub const MOSAIC: &[u8] = include_bytes!("../fixtures/pywt/mosaic.npz");

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

/// Lets the browser breathe between checks: a macrotask turn, so that the
/// page (and the WebDriver that watches it) stays responsive during long
/// synchronous CPU work. Nothing to do natively.
pub async fn yield_to_browser() {
    #[cfg(target_arch = "wasm32")]
    {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            web_sys::window().unwrap().set_timeout_with_callback(&resolve).unwrap();
        });
        wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
    }
}

/// Loads a fixture archive written by tests/fixtures/pywt/generate.py.
pub fn load_cases(archive: &[u8]) -> Vec<Case> {
    let mut cases: BTreeMap<String, BTreeMap<String, HostArray>> = BTreeMap::new();
    for (key, array) in read_npz(archive).unwrap() {
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
    Ok(max_diff(got.data(), want.data()))
}

pub fn max_diff(a: &[f32], b: &[f32]) -> f32 {
    assert_eq!(a.len(), b.len());
    a.iter().zip(b).map(|(x, y)| (x - y).abs()).fold(0.0, f32::max)
}

/// The tolerance for float32: 1e-4 · max(1, max|x|).
pub fn tolerance(reference: &HostArray) -> f32 {
    1e-4 * reference.data().iter().fold(1.0f32, |m, v| m.max(v.abs()))
}

/// Checks `got` against `want` with the tolerance, naming the place.
pub fn check_close(
    place: &str,
    got: &HostArray,
    want: &HostArray,
    scale: &HostArray,
) -> Result<(), String> {
    let diff = max_abs_diff(got, want).map_err(|e| format!("{place}: {e}"))?;
    let tol = tolerance(scale);
    if diff > tol {
        return Err(format!("{place}: max abs error {diff:e} > {tol:e}"));
    }
    Ok(())
}

/// Fails with every failure listed, so that one run reports all of them.
pub fn report(failures: Vec<String>, total: usize) {
    assert!(total > 0, "no checks ran");
    assert!(
        failures.is_empty(),
        "{} of {total} checks failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Deterministic pseudo-random values in [-1, 1) (SplitMix64), for inputs.
pub fn random_values(count: usize, seed: u64) -> Vec<f32> {
    let mut state = seed;
    (0..count)
        .map(|_| {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^= z >> 31;
            (z >> 40) as f32 / (1u64 << 23) as f32 - 1.0
        })
        .collect()
}

pub fn random_array(shape: &[usize], seed: u64) -> HostArray {
    HostArray::new(shape.to_vec(), random_values(shape.iter().product(), seed)).unwrap()
}
