//! The wavelet core's checks, written once and run natively (tests/*.rs)
//! and in headless Chromium on the CPU and WebGPU backends (tests/wavelet_browser.rs).
//! Each returns `(failures, checks run)`.

use burn::tensor::{Device, Tensor, TensorData};
use wam::array::HostArray;
use wam::wavelet::{Coefficients, Dwt, Mode, Mosaic, Wavelet};

pub use super::Case;
use super::{
    MOSAIC, WAVEDECN, WAVERECN, check_close, load_cases, max_diff, random_array, random_values,
    yield_to_browser,
};

/// Which fixture cases to run: all natively, a sample on slow backends.
pub type Filter = fn(usize, &Case) -> bool;

/// Every case.
pub fn all(_: usize, _: &Case) -> bool {
    true
}

async fn read(t: Tensor<1>) -> Vec<f32> {
    let len = t.dims()[0];
    HostArray::from_tensor(t, vec![len]).await.unwrap().into_data()
}

fn dot(a: &[f32], b: &[f32]) -> f64 {
    a.iter().zip(b).map(|(x, y)| *x as f64 * *y as f64).sum()
}

fn dwt(wavelet: &str, mode: Mode, levels: usize, axes: usize) -> Dwt {
    Dwt::new(Wavelet::new(wavelet).unwrap(), mode, levels, axes).unwrap()
}

/// `wavedecn` against pywt.wavedecn, band by band.
pub async fn wavedecn_matches_pywt(device: &Device, keep: Filter) -> (Vec<String>, usize) {
    let mut failures = Vec::new();
    let mut count = 0;
    for (i, case) in load_cases(WAVEDECN).iter().enumerate().filter(|(i, c)| keep(*i, c)) {
        count += 1;
        yield_to_browser().await;
        let x = &case.arrays["x"];
        let bands = match case.dwt().wavedecn_array(x, device) {
            Ok(coeffs) => coeffs.to_arrays().await.unwrap(),
            Err(e) => {
                failures.push(format!("{}: {e}", case.name));
                continue;
            }
        };
        if bands.len() != case.arrays.len() - 1 {
            failures.push(format!(
                "{} ({i}): {} bands, pywt has {}",
                case.name,
                bands.len(),
                case.arrays.len() - 1
            ));
        }
        for (band, got) in &bands {
            let name = band.name();
            match case.arrays.get(&name) {
                None => failures.push(format!("{}: pywt has no band {name}", case.name)),
                Some(want) => failures
                    .extend(check_close(&format!("{} band {name}", case.name), got, want, x).err()),
            }
        }
    }
    (failures, count)
}

/// `waverecn` of perturbed bands against pywt.waverecn.
pub async fn waverecn_matches_pywt(device: &Device, keep: Filter) -> (Vec<String>, usize) {
    let mut failures = Vec::new();
    let mut count = 0;
    for (_, case) in load_cases(WAVERECN).iter().enumerate().filter(|(i, c)| keep(*i, c)) {
        count += 1;
        yield_to_browser().await;
        let want = &case.arrays["y"];
        let result = Coefficients::from_arrays(case.axes, &case.bands(&["y"]), device)
            .and_then(|coeffs| Ok((case.dwt().waverecn(&coeffs)?, coeffs)));
        match result {
            Err(e) => failures.push(format!("{}: {e}", case.name)),
            Ok((y, coeffs)) => {
                let shape = coeffs.band_shape(&y);
                let got = HostArray::from_tensor(y, shape).await.unwrap();
                failures.extend(check_close(&case.name, &got, want, want).err());
            }
        }
    }
    (failures, count)
}

/// The mosaic against pywt.coeffs_to_array.
pub async fn mosaic_matches_pywt(device: &Device) -> (Vec<String>, usize) {
    let mut failures = Vec::new();
    let cases = load_cases(MOSAIC);
    for case in &cases {
        let coeffs =
            Coefficients::from_arrays(case.axes, &case.bands(&["mosaic"]), device).unwrap();
        let arrays = coeffs.to_arrays().await.unwrap();
        let layout: Vec<_> = arrays
            .iter()
            .map(|(band, a)| (band.clone(), a.shape()[a.shape().len() - case.axes..].to_vec()))
            .collect();
        let bands: Vec<HostArray> = arrays.into_iter().map(|(_, a)| a).collect();
        let got = Mosaic::new(&layout).unwrap().assemble(&bands).unwrap();
        let want = &case.arrays["mosaic"];
        failures.extend(check_close(&case.name, &got, want, want).err());
    }
    (failures, cases.len())
}

/// `flatten` lists the bands in `bands()` order, and `unflatten` (built on
/// `map`) puts every value back in its band.
pub async fn flatten_round_trips(device: &Device) -> (Vec<String>, usize) {
    let mut failures = Vec::new();
    let x = random_array(&[2, 9, 12], 4);
    let coeffs = dwt("db2", Mode::Symmetric, 3, 2).wavedecn_array(&x, device).unwrap();
    let flat = read(coeffs.flatten()).await;
    let mut offset = 0;
    let rebuilt = coeffs
        .unflatten(Tensor::from_data(TensorData::new(flat.clone(), [flat.len()]), device))
        .unwrap();
    for ((band, original), (_, back)) in coeffs.iter().zip(rebuilt.iter()) {
        let values = read(original.clone().flatten(0, 3)).await;
        if flat[offset..offset + values.len()] != values[..] {
            failures.push(format!("flatten: band {} is not at offset {offset}", band.name()));
        }
        if read(back.clone().flatten(0, 3)).await != values {
            failures.push(format!("unflatten: band {} differs", band.name()));
        }
        offset += values.len();
    }
    (failures, coeffs.bands().len())
}

/// Reconstructs, cropped to the input shape, and compares with the input.
pub async fn perfect_reconstruction(
    device: &Device,
    every_nth_wavelet: usize,
) -> (Vec<String>, usize) {
    let shapes: [(&[usize], usize); 5] =
        [(&[13], 1), (&[16], 1), (&[2, 9, 12], 2), (&[7, 5], 2), (&[5, 6, 7], 3)];
    let mut failures = Vec::new();
    let mut count = 0;
    for (w, name) in Wavelet::names().enumerate().filter(|(w, _)| w % every_nth_wavelet == 0) {
        for mode in Mode::ALL {
            for (s, (shape, axes)) in shapes.iter().enumerate() {
                // Every wavelet in 1-D; one in seven in 2-D and 3-D.
                if *axes > 1 && w % 7 != 0 {
                    continue;
                }
                count += 1;
                yield_to_browser().await;
                let x = random_array(shape, (w * 100 + s) as u64);
                let transform = dwt(name, mode, 2, *axes);
                let coeffs = transform.wavedecn_array(&x, device).unwrap();
                let back = match shape.len() {
                    1 => transform.reconstruct::<1>(&coeffs).unwrap(),
                    2 => transform.reconstruct::<2>(&coeffs).unwrap().flatten(0, 1),
                    _ => transform.reconstruct::<3>(&coeffs).unwrap().flatten(0, 2),
                };
                let err = max_diff(&read(back).await, x.data());
                if err > 1e-4 {
                    failures.push(format!("{name} {mode} {shape:?}: max error {err:e}"));
                }
            }
        }
    }
    (failures, count)
}

/// Periodization with sizes divisible by 2^J preserves energy.
pub async fn periodization_preserves_energy(device: &Device) -> (Vec<String>, usize) {
    let mut failures = Vec::new();
    let mut count = 0;
    for (i, name) in ["haar", "db4", "sym8", "coif3", "db20"].iter().enumerate() {
        for (shape, axes) in [(vec![64], 1), (vec![3, 32, 16], 2), (vec![8, 16, 8], 3)] {
            count += 1;
            let x = random_array(&shape, i as u64);
            let coeffs =
                dwt(name, Mode::Periodization, 3, axes).wavedecn_array(&x, device).unwrap();
            let energy_x = dot(x.data(), x.data());
            let flat = read(coeffs.flatten()).await;
            let energy_z = dot(&flat, &flat);
            if ((energy_z - energy_x) / energy_x).abs() > 1e-5 {
                failures.push(format!("{name} {shape:?}: energy {energy_z} vs {energy_x}"));
            }
        }
    }
    (failures, count)
}

/// The matrix of a linear map, one column per basis vector.
async fn matrix(n: usize, apply: impl AsyncFn(Vec<f32>) -> Vec<f32>) -> Vec<Vec<f32>> {
    let mut columns = Vec::with_capacity(n);
    for j in 0..n {
        let mut e = vec![0.0; n];
        e[j] = 1.0;
        columns.push(apply(e).await);
    }
    columns
}

/// `<W x, y> = <x, Wᵀ y>` and `<W⁻¹ z, u> = <z, W⁻ᵀ u>`, with `Wᵀ y` and
/// `W⁻ᵀ u` taken by autodiff and checked against explicit matrices.
/// `device` must have autodiff enabled.
pub async fn autodiff_adjoints(device: &Device, wavelets: &[&str]) -> (Vec<String>, usize) {
    let mut failures = Vec::new();
    let mut count = 0;
    for name in wavelets {
        for mode in Mode::ALL {
            for shape in [vec![11usize], vec![5, 6]] {
                count += 1;
                yield_to_browser().await;
                let axes = shape.len();
                let transform = dwt(name, mode, 2, axes);
                let n: usize = shape.iter().product();
                let forward = |v: Vec<f32>| {
                    transform
                        .wavedecn_array(&HostArray::new(shape.clone(), v).unwrap(), device)
                        .unwrap()
                };
                let template = forward(vec![0.0; n]);
                let m = template.len();
                let w = matrix(n, async |e| read(forward(e).flatten()).await).await;
                let y = random_values(m, 7);
                let x = Tensor::<1>::from_data(TensorData::new(random_values(n, 3), [n]), device)
                    .require_grad();
                let mut dims = [1usize; 3];
                dims[3 - axes..].copy_from_slice(&shape);
                let coeffs = transform.wavedecn(x.clone().reshape(dims)).unwrap();
                let y_tensor = Tensor::<1>::from_data(TensorData::new(y.clone(), [m]), device);
                let grads = coeffs.flatten().mul(y_tensor).sum().backward();
                let wt_y = read(x.grad(&grads).unwrap()).await;
                let expected: Vec<f32> = w.iter().map(|col| dot(col, &y) as f32).collect();
                let err = max_diff(&wt_y, &expected);
                if err > 1e-4 {
                    failures
                        .push(format!("{name} {mode} {shape:?}: autodiff W^T y off by {err:e}"));
                }
                let inverse = |z: Vec<f32>| {
                    let flat = Tensor::<1>::from_data(TensorData::new(z, [m]), device);
                    transform
                        .waverecn(&template.unflatten(flat).unwrap())
                        .unwrap()
                        .flatten::<1>(0, 3)
                };
                let out_len = inverse(vec![0.0; m]).dims()[0];
                let winv = matrix(m, async |e| read(inverse(e)).await).await;
                let u = random_values(out_len, 11);
                let z = Tensor::<1>::from_data(TensorData::new(random_values(m, 5), [m]), device)
                    .require_grad();
                let u_tensor =
                    Tensor::<1>::from_data(TensorData::new(u.clone(), [out_len]), device);
                let rec = transform
                    .waverecn(&template.unflatten(z.clone()).unwrap())
                    .unwrap()
                    .flatten::<1>(0, 3);
                let grads = rec.mul(u_tensor).sum().backward();
                let got = read(z.grad(&grads).unwrap()).await;
                let expected: Vec<f32> = winv.iter().map(|col| dot(col, &u) as f32).collect();
                let err = max_diff(&got, &expected);
                if err > 1e-4 {
                    failures
                        .push(format!("{name} {mode} {shape:?}: autodiff W^-T u off by {err:e}"));
                }
            }
        }
    }
    (failures, count)
}

/// For an orthogonal transform (periodization, sizes divisible by 2^J),
/// `∂f(W⁻¹z)/∂z = W(∇ₓf)`: here `f(x) = Σ c·x²`, so `∇ₓf = 2c·x`
/// (a polynomial: GPUs' transcendental functions are approximate).
/// `device` must have autodiff enabled.
pub async fn inverse_gradient_is_transformed_input_gradient(
    device: &Device,
) -> (Vec<String>, usize) {
    let mut failures = Vec::new();
    let mut count = 0;
    for name in ["haar", "db2", "sym6", "coif2"] {
        for shape in [vec![2usize, 32], vec![3, 16, 16], vec![1, 8, 8, 8]] {
            count += 1;
            yield_to_browser().await;
            let axes = shape.len() - 1;
            let transform = dwt(name, Mode::Periodization, 2, axes);
            let n: usize = shape.iter().product();
            let x = random_array(&shape, 1);
            let c = random_values(n, 2);
            let z = transform
                .wavedecn_array(&x, device)
                .unwrap()
                .map(|t| t.clone().detach().require_grad());
            let rec = transform.waverecn(&z).unwrap().flatten::<1>(0, 3);
            let weights = Tensor::<1>::from_data(TensorData::new(c.clone(), [n]), device);
            let grads = rec.powf_scalar(2.0).mul(weights).sum().backward();
            let mut got = Vec::new();
            for (_, t) in z.iter() {
                got.extend(read(t.grad(&grads).unwrap().flatten(0, 3)).await);
            }
            let grad_x: Vec<f32> = x.data().iter().zip(&c).map(|(v, w)| 2.0 * w * v).collect();
            let expected = transform
                .wavedecn_array(&HostArray::new(shape.clone(), grad_x).unwrap(), device)
                .unwrap();
            let expected = read(expected.flatten()).await;
            let err = max_diff(&got, &expected);
            if err > 1e-4 * expected.iter().fold(1.0f32, |m, v| m.max(v.abs())) {
                failures.push(format!("{name} {shape:?}: off by {err:e}"));
            }
        }
    }
    (failures, count)
}
