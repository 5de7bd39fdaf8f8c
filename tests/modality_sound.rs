//! Sounds: WAV decoding against files written from the format's definition
//! (every sample format, channels mixed down), bad files refused with one
//! clear line, and `wam explain` on YAMNet (models/yamnet, built by
//! scripts/fetch-models): the bundled speech is "Speech", a tone a tone,
//! any sample rate is resampled, and the window explained in a longer clip
//! is the one where the class is heard.
#![cfg(all(not(target_arch = "wasm32"), feature = "cli"))]

mod common;

use common::cli::{assert_clear_failure, scratch, wam};
use common::wav::{pcm, sine, wav_bytes, wav16};
use wam::io::read_npy;
use wam::modality::sound::{Sound, decode_wav};

const SAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/samples");

/// Decodes `bytes`, or fails naming `what`.
fn decoded(what: &str, bytes: &[u8]) -> Sound {
    decode_wav(bytes).unwrap_or_else(|e| panic!("{what}: {e}"))
}

#[test]
fn every_sample_format_decodes_to_the_same_sound() {
    let signal = sine(440.0, 8_000, 0.05, 0.8);
    for bits in [8u16, 16, 24, 32] {
        let sound =
            decoded(&format!("{bits}-bit"), &wav_bytes(1, bits, 1, 8_000, &pcm(&signal, bits)));
        assert_eq!(sound.sample_rate(), 8_000);
        let step = 1.0 / (1u64 << (bits - 1)) as f32;
        let worst = common::max_diff(sound.samples(), &signal);
        assert!(worst <= step / 2.0 + 1e-7, "{bits}-bit: error {worst} > half a step {step}");
    }
    let float: Vec<u8> = signal.iter().flat_map(|v| v.to_le_bytes()).collect();
    assert_eq!(decoded("float", &wav_bytes(3, 32, 1, 8_000, &float)).samples(), signal);
}

#[test]
fn channels_are_mixed_down_to_their_mean() {
    let left = sine(300.0, 16_000, 0.02, 0.5);
    let right = sine(700.0, 16_000, 0.02, 0.25);
    let stereo: Vec<f32> = left.iter().zip(&right).flat_map(|(l, r)| [*l, *r]).collect();
    let bytes: Vec<u8> = stereo.iter().flat_map(|v| v.to_le_bytes()).collect();
    let sound = decoded("stereo", &wav_bytes(3, 32, 2, 16_000, &bytes));
    let mean: Vec<f32> = left.iter().zip(&right).map(|(l, r)| (l + r) / 2.0).collect();
    assert!(common::max_diff(sound.samples(), &mean) < 1e-7);
}

#[test]
fn bad_wavs_are_refused_with_the_reason() {
    let good = wav16(&sine(440.0, 16_000, 0.1, 0.5), 16_000);
    let mut lying = good.clone();
    lying[40..44].copy_from_slice(&(1_000_000u32).to_le_bytes()); // data chunk size
    let nan: Vec<u8> = [0.1f32, f32::NAN].iter().flat_map(|v| v.to_le_bytes()).collect();
    let long = {
        // The header of 11 minutes at 16 kHz, with no samples behind it.
        let mut bytes = wav_bytes(1, 16, 1, 16_000, &[]);
        bytes[40..44].copy_from_slice(&(11 * 60 * 16_000 * 2u32).to_le_bytes());
        bytes
    };
    let cases: [(&str, Vec<u8>, &str); 8] = [
        ("empty file", vec![], "not a readable WAV"),
        ("garbage", b"RIFF1234WAVEjunk".to_vec(), "not a readable WAV"),
        ("cut header", good[..30].to_vec(), "not a readable WAV"),
        ("lying data size", lying, "truncated"),
        ("no samples", wav_bytes(1, 16, 1, 16_000, &[]), "empty"),
        ("eleven minutes", long, "over 600 s"),
        ("NaN sample", wav_bytes(3, 32, 1, 16_000, &nan), "sample 1 is NaN"),
        ("500 Hz", wav16(&[0.0; 100], 500), "500 Hz"),
    ];
    for (what, bytes, reason) in cases {
        let refused = decode_wav(&bytes).map(|_| ()).expect_err(what);
        assert!(refused.contains(reason), "{what}: '{refused}' does not say '{reason}'");
    }
}

/// `wam explain` on YAMNet into the scratch folder `name`; returns the report.
fn explain_yamnet(name: &str, input: &str, extra: &[&str]) -> serde_json::Value {
    let out = scratch(name);
    let fixed = ["explain", input, "--model", "yamnet", "--levels", "6", "--out"];
    let args: Vec<&str> =
        fixed.into_iter().chain([out.to_str().unwrap()]).chain(extra.iter().copied()).collect();
    let run = wam(&args);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{args:?}: {stderr} (models/yamnet: run scripts/fetch-models)");
    for file in ["scalogram.png", "curves.png", "input.png", "heatmap.png", "attribution.npz"] {
        assert!(out.join(file).exists(), "{file} missing");
    }
    let wav = |file: &str| decoded(file, &std::fs::read(out.join(file)).unwrap());
    for file in ["input.wav", "kept.wav"] {
        let sound = wav(file);
        assert_eq!((sound.sample_rate(), sound.samples().len()), (16_000, 15_600), "{file}");
    }
    // The window rebuilt from each of the 6 levels alone: they add up to it.
    let bands: Vec<Sound> = (1..=6)
        .map(|j| format!("band-d{j}.wav"))
        .chain(["band-a6.wav".into()])
        .map(|f| wav(&f))
        .collect();
    let sum: Vec<f32> = (0..15_600).map(|i| bands.iter().map(|b| b.samples()[i]).sum()).collect();
    let error = common::max_diff(&sum, wav("input.wav").samples());
    assert!(error < 1e-3, "the bands add up to the window within {error}");
    serde_json::from_slice(&std::fs::read(out.join("report.json")).unwrap()).unwrap()
}

#[test]
fn yamnet_hears_speech_and_a_tone() {
    let speech = explain_yamnet("speech", &format!("{SAMPLES}/speech.wav"), &[]);
    assert_eq!(speech["modality"], "sound");
    assert_eq!(speech["top5"][0]["label"], "Speech", "{}", speech["top5"]);
    let p = speech["top5"][0]["probability"].as_f64().unwrap();
    let logit = speech["top5"][0]["logit"].as_f64().unwrap();
    assert!((p - 1.0 / (1.0 + (-logit).exp())).abs() < 1e-6, "scores are sigmoids");
    let tone = explain_yamnet("tone", &format!("{SAMPLES}/tone-1khz.wav"), &[]);
    let label = tone["top5"][0]["label"].as_str().unwrap();
    assert!(["Beep", "Sine wave", "Tone"].contains(&label), "a 1 kHz tone heard as {label}");
    // The top 10 % of the speech's coefficients keep it speech.
    assert_eq!(speech["kept"]["percent"], 10.0);
    assert_eq!(speech["kept"]["top5"][0]["label"], "Speech", "{}", speech["kept"]);
}

#[test]
fn any_sample_rate_is_resampled_to_the_models() {
    let speech = decoded("speech", &std::fs::read(format!("{SAMPLES}/speech.wav")).unwrap());
    let at_44k = speech.resampled(44_100);
    let path = scratch("speech-44k.wav");
    std::fs::write(&path, wav16(at_44k.samples(), 44_100)).unwrap();
    let report = explain_yamnet("speech-44k", path.to_str().unwrap(), &[]);
    assert_eq!(report["top5"][0]["label"], "Speech", "{}", report["top5"]);
}

/// 1.5 s of silence, the bundled speech (0.975 s), 1.5 s of silence, at 16 kHz.
fn padded_speech(name: &str) -> std::path::PathBuf {
    let speech = decoded("speech", &std::fs::read(format!("{SAMPLES}/speech.wav")).unwrap());
    let silence = vec![0.0; 24_000];
    let clip: Vec<f32> = [&silence, speech.samples(), &silence].concat();
    let path = scratch(&format!("{name}.wav"));
    std::fs::write(&path, wav16(&clip, 16_000)).unwrap();
    path
}

#[test]
fn the_window_where_the_class_is_heard_is_explained() {
    let path = padded_speech("padded-speech");

    let chosen = explain_yamnet("chosen", path.to_str().unwrap(), &["--target", "0"]);
    let start = chosen["window"]["start"].as_f64().unwrap();
    assert!((1.0..=2.0).contains(&(start + 0.4875)), "the window at {start} s misses the speech");
    assert_eq!(chosen["target"]["label"], "Speech");
    // Every window's scores: the timeline (and its chart).
    let classes = chosen["timeline"]["classes"].as_array().unwrap();
    let speech = classes.iter().find(|c| c["label"] == "Speech").expect("Speech in the timeline");
    assert_eq!(speech["scores"].as_array().unwrap().len(), 8, "one score per window");
    assert!(scratch("chosen").join("timeline.png").exists());

    let silent =
        explain_yamnet("silent", path.to_str().unwrap(), &["--target", "0", "--start", "0"]);
    assert_eq!(silent["window"]["start"].as_f64(), Some(0.0));
    let p = |r: &serde_json::Value| r["target"]["probability"].as_f64().unwrap();
    assert!(p(&chosen) > p(&silent) + 0.2, "speech {} vs silence {}", p(&chosen), p(&silent));

    let args = ["explain", path.to_str().unwrap(), "--model", "yamnet", "--start", "9"];
    assert_clear_failure(&args, &wam(&args), "cannot start at 9 s");
}

/// The `[T]` map `input_map.npy` or `stitched_map.npy` in the folder `out`.
fn map_in(out: &std::path::Path, name: &str) -> Vec<f32> {
    read_npy(&std::fs::read(out.join(name)).unwrap()).unwrap().into_data()
}

#[test]
fn every_window_is_explained_and_the_maps_are_averaged_where_they_overlap() {
    let path = padded_speech("padded-speech-every");
    let input = path.to_str().unwrap();
    let out = scratch("every");
    let args = ["explain", input, "--model", "yamnet", "--levels", "6", "--method", "wam"];
    let run = wam(&[&args[..], &["--every-window", "--out", out.to_str().unwrap()]].concat());
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let stitched: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("report.json")).unwrap()).unwrap();
    // 63,600 samples: windows of 15,600 every 7,800, the last one ending at the end.
    let windows = stitched["windows"].as_array().unwrap();
    let starts: Vec<f64> = windows.iter().map(|w| w["window"]["start"].as_f64().unwrap()).collect();
    assert_eq!(starts, [0.0, 0.4875, 0.975, 1.4625, 1.95, 2.4375, 2.925, 3.0]);
    let top = |i: usize| windows[i]["top5"][0]["label"].as_str().unwrap();
    assert_eq!((top(0), top(3), top(7)), ("Silence", "Speech", "Silence"));
    let map = map_in(&out, "stitched_map.npy");
    assert_eq!(map.len(), 63_600);
    // Each window explained alone: the stitched map is the first window's
    // where only it lies, and the mean of the first two where they overlap.
    let alone = |start: &str| {
        explain_yamnet(&format!("alone-{start}"), input, &["--method", "wam", "--start", start]);
        map_in(&scratch(&format!("alone-{start}")), "input_map.npy")
    };
    let (first, second) = (alone("0"), alone("0.4875"));
    let mean: Vec<f32> =
        first[7_800..].iter().zip(&second[..7_800]).map(|(a, b)| (a + b) / 2.0).collect();
    let scale = first.iter().fold(0.0f32, |m, v| m.max(*v));
    assert!(common::max_diff(&map[..7_800], &first[..7_800]) <= 1e-5 * scale);
    assert!(common::max_diff(&map[7_800..15_600], &mean) <= 1e-5 * scale);
    let scales = read_npy(&std::fs::read(out.join("stitched_scales.npy")).unwrap()).unwrap();
    assert_eq!(scales.shape(), [7, 63_600], "6 levels and the approximation");
    // The timeline: the classes heard most, with a score per window.
    let classes = stitched["timeline"]["classes"].as_array().unwrap();
    assert_eq!(classes.len(), 5);
    assert!(classes.iter().any(|c| c["label"] == "Speech"));
    assert!(classes.iter().all(|c| c["scores"].as_array().unwrap().len() == 8));
    for file in ["timeline.png", "stitched_heatmap.png", "stitched_curves.png"] {
        assert!(out.join(file).exists(), "{file} missing");
    }
}

#[test]
fn a_bad_wav_fails_in_one_line_and_writes_nothing() {
    let path = scratch("cut.wav");
    std::fs::write(&path, &wav16(&[0.5; 100], 16_000)[..30]).unwrap();
    let out = scratch("cut-out");
    let args =
        ["explain", path.to_str().unwrap(), "--model", "yamnet", "--out", out.to_str().unwrap()];
    assert_clear_failure(&args, &wam(&args), "not a readable WAV");
    assert!(!out.exists(), "a failed run wrote {}", out.display());
}

#[test]
fn crepe_hears_the_pitch_of_a_wav_at_any_rate() {
    let harmonics = |rate: u32| -> Vec<f32> {
        let parts: Vec<Vec<f32>> =
            (2..=8).map(|k| sine(200.0 * k as f64, rate, 0.3, 0.1)).collect();
        (0..parts[0].len()).map(|i| parts.iter().map(|p| p[i]).sum()).collect()
    };
    let cases = [
        ("a4-44k", sine(440.0, 44_100, 0.3, 0.5), 44_100, 440.0),
        ("a2-8k", sine(110.0, 8_000, 0.3, 0.5), 8_000, 110.0),
        ("missing-fundamental", harmonics(16_000), 16_000, 200.0),
    ];
    for (name, samples, rate, hz) in cases {
        let path = scratch(&format!("{name}.wav"));
        std::fs::write(&path, wav16(&samples, rate)).unwrap();
        let out = scratch(&format!("crepe-{name}"));
        let args = ["explain", path.to_str().unwrap(), "--model", "crepe-tiny", "--out"];
        let run = wam(&[&args[..], &[out.to_str().unwrap()]].concat());
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(
            run.status.success(),
            "{name}: {stderr} (models/crepe-tiny: run scripts/fetch-models)"
        );
        let report: serde_json::Value =
            serde_json::from_slice(&std::fs::read(out.join("report.json")).unwrap()).unwrap();
        let label = report["top5"][0]["label"].as_str().unwrap();
        let heard: f64 = label.split(" Hz").next().unwrap().parse().unwrap();
        let cents = 1200.0 * (heard / hz).log2();
        assert!(cents.abs() < 25.0, "{name}: heard {label}, {cents:.1} cents from {hz} Hz");
    }
}
