//! `wam explain` as a user runs it: the bundled samples get the classes
//! PyTorch gives them, every output is written, and bad input gets one line.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::path::Path;
use std::process::Command;

use common::cli::{assert_clear_failure, scratch, test_models, wam};
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

/// A BMP of headers alone, declaring `width` × `height` 24-bit pixels: the
/// size check reads it; decoding it fails (no pixels follow).
fn bmp_header(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = b"BM".to_vec();
    for field in [54, 0, 54, 40, width, height] {
        bytes.extend(field.to_le_bytes());
    }
    bytes.extend(1u16.to_le_bytes()); // planes
    bytes.extend(24u16.to_le_bytes()); // bits per pixel
    for field in [0u32, 0, 2835, 2835, 0, 0] {
        bytes.extend(field.to_le_bytes()); // no compression, pixels per metre, no palette
    }
    bytes
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
    // At the file-size limit a file is read (and found not to be an image); past it, it is not.
    let at_limit = scratch("at-limit.png");
    std::fs::File::create(&at_limit).unwrap().set_len(wam::modality::MAX_FILE_BYTES).unwrap();
    let past_limit = scratch("past-limit.png");
    std::fs::File::create(&past_limit).unwrap().set_len(wam::modality::MAX_FILE_BYTES + 1).unwrap();
    // At the pixel limit (10,000 × 5,000) an image goes on to be decoded; one pixel more
    // (14,041 × 3,561 = 50,000,001) is refused on its header.
    let at_pixel_limit = scratch("at-limit.bmp");
    std::fs::write(&at_pixel_limit, bmp_header(10_000, 5_000)).unwrap();
    let past_pixel_limit = scratch("past-limit.bmp");
    std::fs::write(&past_pixel_limit, bmp_header(14_041, 3_561)).unwrap();
    let out = scratch("bad-out");
    let o = out.to_str().unwrap();
    let cat = sample("chelsea.png");
    for (args, expected) in [
        (vec!["explain", not_image.to_str().unwrap(), "--out", o], "not an image"),
        (vec!["explain", at_limit.to_str().unwrap(), "--out", o], "not an image"),
        (vec!["explain", past_limit.to_str().unwrap(), "--out", o], "files over 50 MB are refused"),
        (vec!["explain", at_pixel_limit.to_str().unwrap(), "--out", o], "not a readable image"),
        (vec!["explain", past_pixel_limit.to_str().unwrap(), "--out", o], "above 50 megapixels"),
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
    // A failed run writes nothing: not even the output folder.
    assert!(!out.exists(), "failed runs left {}", out.display());
}

/// Runs `wam explain INPUT --model MODEL --models-dir MODELS [extra…] --out OUT`.
fn explain_with(
    models: &Path,
    input: &Path,
    model: &str,
    extra: &[&str],
    out: &Path,
) -> std::process::Output {
    let (models, input) = (models.to_str().unwrap(), input.to_str().unwrap());
    let mut args = vec!["explain", input, "--model", model, "--models-dir", models];
    args.extend_from_slice(extra);
    args.extend(["--out", out.to_str().unwrap()]);
    wam(&args)
}

#[test]
fn every_rank_gets_the_views_that_fit_it() {
    let models = test_models();
    let pngs = |dir: &Path| -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".png"))
            .collect();
        names.sort();
        names
    };
    for (rank, expected) in [
        (1, vec!["curves", "decomposition", "heatmap", "input", "scalogram"]),
        (2, vec!["decomposition", "heat", "heatmap", "input", "mosaic", "overlay", "scales"]),
        (3, vec!["decomposition", "heatmap", "input", "scales"]),
    ] {
        let shape = common::models::input_shape(rank);
        let input = scratch(&format!("x{rank}.npy"));
        write_file(&input, &write_npy(&common::random_array(&shape, rank as u64))).unwrap();
        let out = scratch(&format!("out{rank}"));
        let model = format!("tiny-{rank}d");
        let run = explain_with(&models, &input, &model, &["--samples", "2", "--levels", "2"], &out);
        assert!(run.status.success(), "rank {rank}: {}", String::from_utf8_lossy(&run.stderr));
        let expected: Vec<String> = expected.iter().map(|n| format!("{n}.png")).collect();
        assert_eq!(pngs(&out), expected, "rank {rank}");
        let r = report(&out);
        assert_eq!((r["model"].as_str(), r["modality"].as_str()), (Some(&*model), Some("tensor")));
        assert!(r["top5"].as_array().unwrap().len() == 3, "three classes: {r}");
        let bands = read_npz(&read_file(&out.join("attribution.npz")).unwrap()).unwrap();
        assert_eq!(bands.len(), 1 + 2 * ((1 << rank) - 1), "rank {rank}: a + 2 levels of details");
        let scales = read_npy(&read_file(&out.join("scales.npy")).unwrap()).unwrap();
        assert_eq!(scales.shape(), [&[3], &shape[1..]].concat(), "rank {rank}: scale maps");
        let map = read_npy(&read_file(&out.join("input_map.npy")).unwrap()).unwrap();
        assert_eq!(map.shape(), &shape[1..]);
        // The input map is the sum of the scale maps.
        let cells = map.data().len();
        for (p, v) in map.data().iter().enumerate() {
            let sum: f32 = (0..3).map(|l| scales.data()[l * cells + p]).sum();
            assert!((v - sum).abs() <= 1e-5 * (1.0 + sum.abs()), "rank {rank}, cell {p}");
        }
    }
    // An input-domain method on a signal: the attribution has the input's shape.
    let out = scratch("saliency1");
    let input = scratch("x1.npy");
    let run = explain_with(&models, &input, "tiny-1d", &["--method", "saliency"], &out);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let a = read_npy(&read_file(&out.join("attribution.npy")).unwrap()).unwrap();
    assert_eq!(a.shape(), [2, 64]);
    assert_eq!(pngs(&out), ["decomposition.png", "heatmap.png", "input.png"]);
}

#[test]
fn input_a_model_cannot_take_gets_one_clear_line() {
    let models = test_models();
    let m = models.to_str().unwrap();
    let image_sized = scratch("image-sized.npy");
    write_file(&image_sized, &write_npy(&common::random_array(&[3, 16, 16], 1))).unwrap();
    let mut nan = common::random_array(&[2, 64], 2).into_data();
    nan[7] = f32::NAN;
    let with_nan = scratch("nan.npy");
    let nan = wam::array::HostArray::new(vec![2, 64], nan).unwrap();
    write_file(&with_nan, &write_npy(&nan)).unwrap();
    let out = scratch("refused");
    let o = out.to_str().unwrap();
    let cat = sample("chelsea.png");
    let (image_sized, with_nan) = (image_sized.to_str().unwrap(), with_nan.to_str().unwrap());
    for (args, expected) in [
        (
            vec!["explain", image_sized, "--model", "tiny-1d", "--models-dir", m, "--out", o],
            "tiny-1d takes input of shape [2, 64] [channels, time], got [3, 16, 16]",
        ),
        (
            vec!["explain", with_nan, "--model", "tiny-1d", "--models-dir", m, "--out", o],
            "non-finite value (NaN)",
        ),
        (
            vec!["explain", &cat, "--model", "tiny-3d", "--models-dir", m, "--out", o],
            "tiny-3d takes tensor input [channels, depth, height, width], not an image",
        ),
    ] {
        assert_clear_failure(&args, &wam(&args), expected);
        assert!(!out.join("report.json").exists(), "{args:?} wrote a report");
    }
}

#[test]
fn samples_split_over_one_worker_per_core_give_the_one_worker_explanation() {
    let models = test_models();
    let input = scratch("workers-x2.npy");
    write_file(&input, &write_npy(&common::random_array(&common::models::input_shape(2), 11)))
        .unwrap();
    let run_on = |threads: &str, method: &str| {
        let out = scratch(&format!("workers-{method}-{threads}"));
        let (models, x) = (models.to_str().unwrap(), input.to_str().unwrap());
        let args = ["explain", x, "--model", "tiny-2d", "--models-dir", models, "--method", method];
        let run = Command::new(env!("CARGO_BIN_EXE_wam"))
            .env("RAYON_NUM_THREADS", threads)
            .args(args)
            .args(["--samples", "6", "--batch", "2", "--out", out.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(run.status.success(), "{threads}: {}", String::from_utf8_lossy(&run.stderr));
        let bands = read_npz(&read_file(&out.join("attribution.npz")).unwrap()).unwrap();
        let values: Vec<f32> = bands.into_iter().flat_map(|(_, a)| a.into_data()).collect();
        (values, report(&out)["workers"].as_u64())
    };
    for method in ["wam-sg", "wam-ig"] {
        let ((alone, one), (split, three)) = (run_on("1", method), run_on("3", method));
        assert_eq!((one, three), (Some(1), Some(3)), "{method}: workers");
        let norm = |v: &[f32]| v.iter().map(|x| x * x).sum::<f32>().sqrt();
        let diff: Vec<f32> = alone.iter().zip(&split).map(|(a, b)| a - b).collect();
        assert!(norm(&alone) > 0.0 && alone.len() == split.len(), "{method}");
        assert!(
            norm(&diff) <= 1e-5 * norm(&alone),
            "{method}: {} vs {}",
            norm(&diff),
            norm(&alone)
        );
    }
}

#[test]
fn colour_signed_draws_the_channel_sum_two_sided() {
    let models = test_models();
    let input = scratch("signed-x2.npy");
    write_file(&input, &write_npy(&common::random_array(&common::models::input_shape(2), 7)))
        .unwrap();
    let run_with = |colour: &[&str], out: &Path| {
        let extra = [&["--method", "saliency"], colour].concat();
        let run = explain_with(&models, &input, "tiny-2d", &extra, out);
        assert!(run.status.success(), "{colour:?}: {}", String::from_utf8_lossy(&run.stderr));
    };
    let (magnitude, signed) = (scratch("colour-magnitude"), scratch("colour-signed"));
    run_with(&[], &magnitude);
    run_with(&["--colour", "signed"], &signed);
    let files = |dir: &Path| {
        let mut names: Vec<_> =
            std::fs::read_dir(dir).unwrap().flatten().map(|e| e.file_name()).collect();
        names.sort();
        names
    };
    assert_eq!(files(&signed), files(&magnitude), "the same files");
    let read = |dir: &Path, name: &str| read_file(&dir.join(name)).unwrap();
    assert_eq!(read(&signed, "attribution.npy"), read(&magnitude, "attribution.npy"));
    assert_eq!(read(&signed, "input_map.npy"), read(&magnitude, "input_map.npy"), "magnitudes");

    // heatmap.png against the definition: v = Σ_c a_c, m = the 99th percentile
    // (nearest rank) of |v|, colour = RdBu_r at ½ + ½ · clamp(v / m, -1, 1).
    let a = read_npy(&read(&signed, "attribution.npy")).unwrap();
    let plane = 16 * 16;
    let v: Vec<f32> = (0..plane).map(|p| (0..3).map(|c| a.data()[c * plane + p]).sum()).collect();
    let mut sorted: Vec<f32> = v.iter().map(|x| x.abs()).collect();
    sorted.sort_by(f32::total_cmp);
    let m = sorted[(0.99 * (plane - 1) as f32).round() as usize];
    let picture = ::image::load_from_memory(&read(&signed, "heatmap.png")).unwrap().to_rgb8();
    let (mut reds, mut blues) = (0, 0);
    for (p, value) in v.iter().enumerate() {
        let rgb = picture.get_pixel((p % 16) as u32, (p / 16) as u32).0;
        let t = 0.5 + 0.5 * (value / m).clamp(-1.0, 1.0);
        assert_eq!(rgb, wam::render::diverging(t), "pixel {p}: v = {value}, m = {m}");
        if *value > 0.0 {
            assert!(rgb[0] >= rgb[2], "pixel {p}: {value} drawn red-ish, got {rgb:?}");
            reds += 1;
        } else if *value < 0.0 {
            assert!(rgb[2] >= rgb[0], "pixel {p}: {value} drawn blue-ish, got {rgb:?}");
            blues += 1;
        }
    }
    assert!(reds > 0 && blues > 0, "a gradient has both signs: {reds} red, {blues} blue");
    assert_ne!(read(&signed, "heatmap.png"), read(&magnitude, "heatmap.png"));

    let o = scratch("colour-bad");
    let args =
        ["explain", input.to_str().unwrap(), "--colour", "rainbow", "--out", o.to_str().unwrap()];
    assert_clear_failure(&args, &wam(&args), "unknown colouring 'rainbow'");
}
