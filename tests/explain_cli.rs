//! `wam explain` as a user runs it: the bundled samples get the classes
//! PyTorch gives them, every output is written, and bad input gets one line.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::path::Path;
use std::process::Command;

use common::cli::{assert_clear_failure, scratch, wam};
use wam::io::{read_file, read_npy, read_npz, write_file, write_npy};

fn sample(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples").join(name).display().to_string()
}

fn report(dir: &Path) -> serde_json::Value {
    serde_json::from_slice(&read_file(&dir.join("report.json")).unwrap()).unwrap()
}

#[test]
fn samples_get_pytorchs_classes_and_every_output() {
    for (image, class, label, method) in
        [("chelsea.png", 282, "tiger cat", "wam"), ("coffee.png", 967, "espresso", "gradcam")]
    {
        let out = scratch(image);
        let run =
            wam(&["explain", &sample(image), "--method", method, "--out", out.to_str().unwrap()]);
        assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
        let r = report(&out);
        assert_eq!(r["top5"][0]["class"], class, "{image}: {r}");
        assert_eq!(r["top5"][0]["label"], label);
        assert_eq!(r["target"]["class"], class);
        assert_eq!(r["method"], method);
        for key in ["load", "explain", "total"] {
            assert!(r["timings_ms"][key].as_f64().unwrap() > 0.0, "{key}");
        }
        assert_eq!(read_npy(&read_file(&out.join("logits.npy")).unwrap()).unwrap().shape(), [1000]);
        for png in ["heatmap.png", "overlay.png"] {
            assert!(read_file(&out.join(png)).unwrap().starts_with(b"\x89PNG"), "{png}");
        }
    }
    let wavelet_out = scratch("chelsea.png");
    let bands = read_npz(&read_file(&wavelet_out.join("attribution.npz")).unwrap()).unwrap();
    let names: Vec<&str> = bands.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        ["a", "d3_ad", "d3_da", "d3_dd", "d2_ad", "d2_da", "d2_dd", "d1_ad", "d1_da", "d1_dd"]
    );
    assert_eq!(bands[0].1.shape(), [3, 28, 28]);
    assert_eq!(
        read_npz(&read_file(&wavelet_out.join("coefficients.npz")).unwrap()).unwrap().len(),
        10
    );
    for png in ["mosaic.png", "scales.png"] {
        assert!(read_file(&wavelet_out.join(png)).unwrap().starts_with(b"\x89PNG"), "{png}");
    }
    assert!(
        read_npy(&read_file(&scratch("coffee.png").join("attribution.npy")).unwrap())
            .unwrap()
            .shape()
            == [1, 224, 224]
    );
}

#[test]
fn no_arguments_explain_the_bundled_cat() {
    let out = scratch("default");
    let run = Command::new(env!("CARGO_BIN_EXE_wam"))
        .args(["explain", "--samples", "2", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let r = report(&out);
    assert_eq!(r["top5"][0]["class"], 282);
    assert_eq!(r["method"], "wam-sg");
    assert!(String::from_utf8_lossy(&run.stderr).contains("2/2"), "progress bar");
}

#[test]
fn bad_input_gets_one_clear_line() {
    let not_image = scratch("notes.png");
    std::fs::write(&not_image, b"just some text").unwrap();
    let wrong_shape = scratch("wrong.npy");
    write_file(
        &wrong_shape,
        &write_npy(&wam::array::HostArray::new(vec![3, 10, 10], vec![0.0; 300]).unwrap()),
    )
    .unwrap();
    let out = scratch("bad-out");
    let o = out.to_str().unwrap();
    let cat = sample("chelsea.png");
    for (args, expected) in [
        (vec!["explain", not_image.to_str().unwrap(), "--out", o], "not an image"),
        (vec!["explain", wrong_shape.to_str().unwrap(), "--out", o], "[3, 10, 10]"),
        (vec!["explain", &cat, "--model", "resnet9000", "--out", o], "unknown model 'resnet9000'"),
        (vec!["explain", &cat, "--method", "lime", "--out", o], "unknown method 'lime'"),
        (
            vec!["explain", &cat, "--target", "1000", "--method", "wam", "--out", o],
            "class 1000 does not exist",
        ),
        (vec!["explain", &cat, "--target", "cat", "--out", o], "--target 'cat'"),
        (vec!["explain", "/no/such.png", "--out", o], "could not read '/no/such.png'"),
    ] {
        assert_clear_failure(&args, &wam(&args), expected);
    }
}
