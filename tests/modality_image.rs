//! Image preparation against torchvision: samples/chelsea.png decoded and
//! prepared by wam equals the fixture PyTorch made from the same file
//! (Resize(256) bilinear on PIL, CenterCrop(224), normalise), up to PIL's
//! rounding of the resized image to 8 bits; and odd shapes cost what the
//! model takes, not what their aspect ratio would make of them.
#![cfg(all(not(target_arch = "wasm32"), feature = "cli"))]

use std::path::Path;

use wam::io::{read_file, read_npy};
use wam::modality::{RgbImage, image, preprocess_image};
use wam::model::{Manifest, Preprocess};

fn manifest() -> Manifest {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("models/efficientnet-lite0/manifest.json");
    Manifest::from_json(&String::from_utf8(read_file(&path).unwrap()).unwrap()).unwrap()
}

#[test]
fn chelsea_is_prepared_as_torchvision_does() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let decoded = image::decode(&read_file(&root.join("samples/chelsea.png")).unwrap()).unwrap();
    let Preprocess::Image(spec) = manifest().preprocess else { panic!("an image model") };
    let got = preprocess_image(&decoded, &spec);
    let want =
        read_npy(&read_file(&root.join("tests/fixtures/efficientnet/chelsea_input.npy")).unwrap())
            .unwrap();
    assert_eq!(got.shape(), want.shape());
    let diffs: Vec<f32> = got.data().iter().zip(want.data()).map(|(a, b)| (a - b).abs()).collect();
    let max = diffs.iter().fold(0.0f32, |m, d| m.max(*d));
    let mean = diffs.iter().sum::<f32>() / diffs.len() as f32;
    // One 8-bit step is 1/255 / std = 0.0078 after normalisation.
    println!("max {max}, mean {mean}");
    assert!(max < 0.0079 && mean < 0.004, "max {max}, mean {mean}");
}

#[test]
fn a_thin_image_is_prepared_from_its_crop_alone() {
    // 1 × 20,000 pixels: torchvision resizes it to 256 × 5,120,000 and keeps the
    // centre 224²; wam computes only those. Upsampling is linear interpolation
    // between pixel centres, which this checks independently.
    let height = 20_000;
    let value = |row: usize| (row * 7 % 256) as u8;
    let pixels = (0..height).flat_map(|row| [value(row), 0, 255 - value(row)]).collect();
    let image = RgbImage { width: 1, height, pixels };
    let Preprocess::Image(spec) = manifest().preprocess else { panic!("an image model") };
    let got = preprocess_image(&image, &spec);
    assert_eq!(got.shape(), [3, 224, 224]);
    let out_h = 256 * height;
    let top = (out_h - 224) / 2;
    let scale = height as f64 / out_h as f64;
    for y in 0..224 {
        let source = ((top + y) as f64 + 0.5) * scale - 0.5;
        let (below, t) = (source.floor() as usize, source - source.floor());
        let red = (1.0 - t) * value(below) as f64 + t * value(below + 1) as f64;
        let want = ((red / 255.0) as f32 - spec.mean[0]) / spec.std[0];
        for x in 0..224 {
            let v = got.data()[y * 224 + x];
            assert!((v - want).abs() < 1e-4, "row {y}, column {x}: {v} vs {want}");
        }
    }
}

#[test]
fn a_crop_larger_than_the_resized_image_is_refused() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("models/efficientnet-lite0/manifest.json");
    let mut json: serde_json::Value = serde_json::from_slice(&read_file(&path).unwrap()).unwrap();
    json["preprocess"]["crop"] = 300.into();
    let error = Manifest::from_json(&json.to_string()).unwrap_err().to_string();
    assert!(error.contains("the crop (300)"), "{error}");
}
