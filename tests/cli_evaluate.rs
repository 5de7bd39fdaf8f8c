//! `wam evaluate`, `wam explain --metrics` and `wam sanity` as a user runs
//! them, on the tiny test models: every output is written, the numbers
//! hang together (AUCs are the trapezoid means of the curves written, the
//! table's means are the per-input values' means), bad options get one line.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::path::{Path, PathBuf};

use common::cli::{assert_clear_failure, scratch, test_models, wam};
use serde_json::Value;
use wam::io::{read_file, write_file, write_npy};

fn json(path: &Path) -> Value {
    serde_json::from_slice(&read_file(path).unwrap()).unwrap()
}

/// A random input for the 2-D test model, written as .npy.
fn input(name: &str, seed: u64) -> PathBuf {
    let path = scratch(name);
    write_file(&path, &write_npy(&common::random_array(&[3, 16, 16], seed))).unwrap();
    path
}

/// `wam COMMAND INPUT --model tiny-2d --models-dir … [extra…] --out OUT`.
fn run(command: &str, input: &Path, extra: &[&str], out: &Path) -> std::process::Output {
    let models = test_models();
    let mut args = vec![command, input.to_str().unwrap(), "--model", "tiny-2d", "--models-dir"];
    args.push(models.to_str().unwrap());
    args.extend_from_slice(extra);
    args.extend(["--out", out.to_str().unwrap(), "--levels", "2", "--samples", "2"]);
    let run = wam(&args);
    assert!(run.status.success(), "{args:?}: {}", String::from_utf8_lossy(&run.stderr));
    run
}

fn floats(v: &Value) -> Vec<f64> {
    v.as_array().unwrap().iter().map(|x| x.as_f64().unwrap()).collect()
}

fn trapezoid(curve: &[f64]) -> f64 {
    curve.windows(2).map(|w| (w[0] + w[1]) / 2.0).sum::<f64>() / (curve.len() - 1) as f64
}

#[test]
fn one_input_gets_metrics_and_curves() {
    let out = scratch("evaluate-one");
    let methods = ["wam-ig", "saliency", "gradcam"];
    let joined = methods.join(",");
    run("evaluate", &input("e1.npy", 1), &["--methods", &joined, "--steps", "8"], &out);
    let r = json(&out.join("metrics.json"));
    assert_eq!(r["metrics_options"]["steps"], 8);
    let entries = r["methods"].as_array().unwrap();
    assert_eq!(entries.len(), 3);
    for (entry, method) in entries.iter().zip(methods) {
        assert_eq!(entry["method"], method);
        let p_x = entry["target"]["probability"].as_f64().unwrap();
        let (ins, del) =
            (floats(&entry["insertion"]["curve"]), floats(&entry["deletion"]["curve"]));
        assert_eq!((ins.len(), del.len()), (9, 9), "{method}");
        assert!((ins[8] - p_x).abs() < 1e-5 && (del[0] - p_x).abs() < 1e-5, "{method}: p(x)");
        assert!((ins[0] - del[8]).abs() < 1e-6, "{method}: both reach the baseline");
        for (kind, curve) in [("insertion", &ins), ("deletion", &del)] {
            let auc = entry[kind]["auc"].as_f64().unwrap();
            assert!((auc - trapezoid(curve)).abs() < 1e-6, "{method} {kind}: {auc}");
        }
        // Undefined (null) where the attribution is constant: the tiny model's Grad-CAM is 0.
        let mu = &entry["mu_fidelity"];
        assert!(mu.as_f64().map_or(method == "gradcam", |v| v.abs() <= 1.0), "{method}: {mu}");
        for part in ["explain", "insertion", "deletion", "mu_fidelity"] {
            assert!(entry["timings_ms"][part].as_f64().unwrap() > 0.0, "{method} {part}");
        }
    }
    let png = read_file(&out.join("curves.png")).unwrap();
    assert!(png.starts_with(b"\x89PNG"));
}

#[test]
fn a_folder_gets_a_table_of_means() {
    let dir = scratch("evaluate-folder-in");
    std::fs::create_dir_all(&dir).unwrap();
    for seed in 0..3 {
        let path = input(&format!("f{seed}.npy"), 10 + seed);
        std::fs::rename(&path, dir.join(format!("f{seed}.npy"))).unwrap();
    }
    std::fs::write(dir.join("notes.txt"), "not an input").unwrap();
    let out = scratch("evaluate-folder");
    let args = ["--methods", "wam,ig", "--steps", "4", "--subsets", "8"];
    let ran = run("evaluate", &dir, &args, &out);
    assert!(String::from_utf8_lossy(&ran.stderr).contains("6/6"), "progress bar");
    let r = json(&out.join("metrics.json"));
    let inputs = r["inputs"].as_array().unwrap();
    assert_eq!(inputs.len(), 3, "three inputs, the text file skipped");
    let csv = String::from_utf8(read_file(&out.join("metrics.csv")).unwrap()).unwrap();
    let rows: Vec<Vec<&str>> = csv.lines().map(|l| l.split(',').collect()).collect();
    assert_eq!(rows[0][..4], ["method", "inputs", "insertion_mean", "insertion_std"]);
    for (m, method) in ["wam", "ig"].iter().enumerate() {
        let row = &rows[m + 1];
        assert_eq!(row[..2], [*method, "3"]);
        let values: Vec<f64> =
            inputs.iter().map(|i| i["methods"][m]["deletion"]["auc"].as_f64().unwrap()).collect();
        let mean = values.iter().sum::<f64>() / 3.0;
        let std = (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / 2.0).sqrt();
        let (got_mean, got_std): (f64, f64) = (row[4].parse().unwrap(), row[5].parse().unwrap());
        assert!((got_mean - mean).abs() < 1e-6 && (got_std - std).abs() < 1e-6, "{method}");
        assert!(std > 0.0, "{method}: inputs differ, so must their AUCs");
    }
    let md = String::from_utf8(read_file(&out.join("metrics.md")).unwrap()).unwrap();
    assert!(md.starts_with("| method | insertion ↑ | deletion ↓ | ins − del ↑ | µ-fidelity ↑"));
    assert!(md.lines().nth(2).unwrap().starts_with("| wam | ") && md.contains(" ± "), "{md}");
    assert!(read_file(&out.join("curves.png")).unwrap().starts_with(b"\x89PNG"));

    // The tiny model's Grad-CAM is 0 on every input: its µ-fidelity is
    // undefined everywhere, a dash in the table and null in the JSON.
    let args = ["--methods", "gradcam", "--steps", "2", "--subsets", "4"];
    run("evaluate", &dir, &args, &out);
    let md = String::from_utf8(read_file(&out.join("metrics.md")).unwrap()).unwrap();
    let row = md.lines().nth(2).unwrap();
    assert!(row.starts_with("| gradcam | ") && row.ends_with(" | — | 3 |"), "{row}");
    assert!(json(&out.join("metrics.json"))["summary"][0]["mu_fidelity"]["mean"].is_null());
}

#[test]
fn explain_with_metrics_adds_them_to_the_report() {
    let out = scratch("explain-metrics");
    let extra = ["--method", "wam-sg", "--metrics", "--steps", "6", "--rank", "signed"];
    run("explain", &input("m.npy", 3), &extra, &out);
    let r = json(&out.join("report.json"));
    let curve = floats(&r["metrics"]["insertion"]["curve"]);
    assert_eq!(curve.len(), 7);
    assert!((curve[6] - r["target"]["probability"].as_f64().unwrap()).abs() < 1e-5);
    assert!(r["metrics"]["mu_fidelity"].is_number() && r["timings_ms"]["metrics"].is_number());
    // Without --metrics, none.
    run("explain", &input("m.npy", 3), &[], &out);
    assert!(json(&out.join("report.json")).get("metrics").is_none());
}

#[test]
fn sanity_writes_the_cascade_and_the_maps() {
    let out = scratch("sanity");
    run("sanity", &input("s.npy", 4), &["--method", "saliency"], &out);
    let r = json(&out.join("sanity.json"));
    assert_eq!(r["layers"], 3);
    let cascade = r["cascade"].as_array().unwrap();
    let layers: Vec<u64> = cascade.iter().map(|s| s["layers"].as_u64().unwrap()).collect();
    assert_eq!(layers, [0, 1, 2, 3]);
    assert_eq!(cascade[0]["spearman"], 1.0);
    assert!(cascade[3]["spearman"].as_f64().unwrap() < 0.9, "{r}");
    for k in 0..=3 {
        let png = read_file(&out.join(format!("randomised-{k:02}.png"))).unwrap();
        assert!(png.starts_with(b"\x89PNG"), "map {k}");
    }
}

#[test]
fn bad_options_get_one_clear_line() {
    let models = test_models();
    let m = models.to_str().unwrap();
    let x = input("bad.npy", 5);
    let x = x.to_str().unwrap();
    let empty = scratch("empty-folder");
    std::fs::create_dir_all(&empty).unwrap();
    let o = scratch("bad-evaluate");
    let o = o.to_str().unwrap();
    let base = |command: &'static str, input: &str| {
        vec![command, input, "--model", "tiny-2d", "--models-dir", m, "--out", o]
            .into_iter()
            .map(str::to_string)
            .collect::<Vec<String>>()
    };
    for (command, input, extra, expected) in [
        ("evaluate", x, vec!["--methods", "wam,lime"], "unknown method 'lime'"),
        ("evaluate", x, vec!["--steps", "0"], "steps must be at least 1"),
        ("evaluate", x, vec!["--fraction", "0"], "fraction must be in (0, 1]"),
        ("evaluate", x, vec!["--rank", "loudest"], "--rank: unknown ranking 'loudest'"),
        ("evaluate", x, vec!["--activation", "relu"], "unknown activation 'relu'"),
        ("evaluate", empty.to_str().unwrap(), vec![], "holds no inputs"),
        ("explain", x, vec!["--metrics", "--subsets", "1"], "at least 2 subsets"),
        ("sanity", x, vec!["--method", "lime"], "unknown method 'lime'"),
    ] {
        let mut args = base(command, input);
        args.extend(extra.iter().map(|s| s.to_string()));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        assert_clear_failure(&args, &wam(&args), expected);
    }
}

#[test]
fn a_sound_is_measured_with_the_models_sigmoid() {
    // YAMNet (models/yamnet) is multi-label: its curves record the sigmoid
    // of the target's logit, not a softmax over its 521 classes. The
    // bundled speech is exactly one 0.975 s window at 16 kHz.
    let out = scratch("evaluate-sound");
    let speech = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/speech.wav");
    let args = [
        "evaluate",
        speech.to_str().unwrap(),
        "--model",
        "yamnet",
        "--methods",
        "wam,saliency",
        "--steps",
        "8",
        "--subsets",
        "8",
        "--out",
        out.to_str().unwrap(),
    ];
    let run = wam(&args);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let r = json(&out.join("metrics.json"));
    assert_eq!(r["metrics_options"]["activation"], "sigmoid");
    for entry in r["methods"].as_array().unwrap() {
        let target = &entry["target"];
        assert_eq!(target["label"], "Speech");
        let logit = target["logit"].as_f64().unwrap();
        let sigmoid = 1.0 / (1.0 + (-logit).exp());
        let (ins, del) =
            (floats(&entry["insertion"]["curve"]), floats(&entry["deletion"]["curve"]));
        assert!((ins[8] - sigmoid).abs() < 1e-5 && (del[0] - sigmoid).abs() < 1e-5, "{entry}");
        assert!((ins[0] - del[8]).abs() < 1e-6, "both reach the silent baseline");
        assert!(ins.iter().chain(&del).all(|p| (0.0..=1.0).contains(p)));
        let auc = entry["insertion"]["auc"].as_f64().unwrap();
        assert!((auc - trapezoid(&ins)).abs() < 1e-6);
        assert!(entry["mu_fidelity"].as_f64().is_some_and(|v| v.abs() <= 1.0), "{entry}");
    }
}
