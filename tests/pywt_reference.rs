//! The wavelet core against PyWavelets 1.8 (fixtures in tests/fixtures/pywt,
//! made by generate.py there): every wavelet and mode, ranks 1–3, odd and
//! even sizes, leading axes, levels beyond `dwt_max_level`.

mod common;

use burn::tensor::Device;
use common::{Case, check_close, load_cases, report};
use wam::array::HostArray;
use wam::wavelet::{Coefficients, Mosaic};

fn device() -> Device {
    Device::flex()
}

fn decompose(case: &Case) -> Result<Vec<(String, HostArray)>, String> {
    let coeffs = case.dwt().wavedecn_array(&case.arrays["x"], &device()).map_err(|e| e.to_string())?;
    let arrays = pollster::block_on(coeffs.to_arrays()).map_err(|e| e.to_string())?;
    Ok(arrays.into_iter().map(|(b, a)| (b.name(), a)).collect())
}

#[test]
fn wavedecn_matches_pywt() {
    let cases = load_cases("pywt/wavedecn.npz");
    assert!(cases.len() > 700, "fixture has {} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        match decompose(case) {
            Err(e) => failures.push(format!("{}: {e}", case.name)),
            Ok(bands) => {
                let expected = case.arrays.len() - 1;
                if bands.len() != expected {
                    failures.push(format!("{}: {} bands, pywt has {expected}", case.name, bands.len()));
                }
                for (name, got) in &bands {
                    let Some(want) = case.arrays.get(name) else {
                        failures.push(format!("{}: pywt has no band {name}", case.name));
                        continue;
                    };
                    if let Err(e) = check_close(&format!("{} band {name}", case.name), got, want, &case.arrays["x"]) {
                        failures.push(e);
                    }
                }
            }
        }
    }
    report(failures, cases.len());
}

#[test]
fn waverecn_matches_pywt() {
    let cases = load_cases("pywt/waverecn.npz");
    assert!(cases.len() > 300, "fixture has {} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let run = || -> Result<HostArray, String> {
            let coeffs = Coefficients::from_arrays(case.axes, &case.bands(&["y"]), &device()).map_err(|e| e.to_string())?;
            let y = case.dwt().waverecn(&coeffs).map_err(|e| e.to_string())?;
            let shape = coeffs.band_shape(&y);
            pollster::block_on(HostArray::from_tensor(y, shape)).map_err(|e| e.to_string())
        };
        let want = &case.arrays["y"];
        match run() {
            Err(e) => failures.push(format!("{}: {e}", case.name)),
            Ok(got) => {
                if let Err(e) = check_close(&case.name, &got, want, want) {
                    failures.push(e);
                }
            }
        }
    }
    report(failures, cases.len());
}

#[test]
fn mosaic_matches_coeffs_to_array() {
    let cases = load_cases("pywt/mosaic.npz");
    let mut failures = Vec::new();
    for case in &cases {
        let coeffs = Coefficients::from_arrays(case.axes, &case.bands(&["mosaic"]), &device()).unwrap();
        let arrays = pollster::block_on(coeffs.to_arrays()).unwrap();
        let layout: Vec<_> = arrays
            .iter()
            .map(|(band, a)| (band.clone(), a.shape()[a.shape().len() - case.axes..].to_vec()))
            .collect();
        let mosaic = Mosaic::new(&layout).unwrap();
        let bands: Vec<HostArray> = arrays.into_iter().map(|(_, a)| a).collect();
        let got = mosaic.assemble(&bands).unwrap();
        let want = &case.arrays["mosaic"];
        if let Err(e) = check_close(&case.name, &got, want, want) {
            failures.push(e);
        }
    }
    report(failures, cases.len());
}
