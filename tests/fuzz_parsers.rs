//! Fuzzing every parser a user's bytes reach, on stable Rust: each target
//! gets a seed corpus of small valid files (built below from the crate's own
//! writers and the `image` crate's encoders, so the corpus is this code),
//! mutated at random (bit flips, byte overwrites with boundary values,
//! truncation, duplicated and deleted runs, spliced seeds). Every mutant must
//! be answered with a value or an error: no panic, and no case slower than
//! `SLOW` (a hang). Targets: image decoding and preparation, WAV decoding,
//! resampling and windowing, `.npy`, `.npz`,
//! model manifests, safetensors weights and the model built from them, mesh
//! files in each format (OBJ, STL, PLY, OFF, glTF, GLB), and what the wasm
//! API parses: its options (JSON) and an RGBA image's size.
//!
//! `scripts/test` runs a short pass; `WAM_FUZZ_ITERATIONS=100000 cargo test
//! --release --test fuzz_parsers -- --nocapture` runs a long one and prints
//! a report per target.
#![cfg(all(not(target_arch = "wasm32"), feature = "cli"))]

mod common;

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

use burn::tensor::Device;
use wam::array::HostArray;
use wam::explain::{ExplainOptions, Settings};
use wam::io::{read_npy, read_npz, write_npy, write_npz};
use wam::modality::sound::{decode_wav, sound_window};
use wam::modality::{RgbImage, image, preprocess_image};
use wam::model::{
    ImagePreprocess, Manifest, Model, SoundPreprocess, read_safetensors, write_safetensors,
};
use wam::wavelet::Dwt;

/// A case slower than this counts as a hang.
const SLOW: Duration = Duration::from_secs(2);

/// Executions per target: `WAM_FUZZ_ITERATIONS`, or a short pass.
fn iterations() -> usize {
    std::env::var("WAM_FUZZ_ITERATIONS").ok().and_then(|n| n.parse().ok()).unwrap_or(20_000)
}

/// SplitMix64: a reproducible stream of random numbers.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// One to four random mutations of `seed` (`other`: a second seed to splice in).
fn mutate(seed: &[u8], other: &[u8], rng: &mut Rng) -> Vec<u8> {
    const BOUNDARIES: [u8; 8] = [0x00, 0x01, 0x7f, 0x80, 0xfe, 0xff, b'9', b'-'];
    let mut bytes = seed.to_vec();
    for _ in 0..1 + rng.below(4) {
        let len = bytes.len();
        let at = rng.below(len);
        match rng.below(7) {
            0 if len > 0 => bytes[at] ^= 1 << rng.below(8),
            1 if len > 0 => bytes[at] = BOUNDARIES[rng.below(BOUNDARIES.len())],
            2 if len >= 4 => {
                // A 32-bit field set to a boundary value (sizes, lengths, offsets).
                let value = [0u32, 1, 0x7fff_ffff, 0xffff_ffff, 0x0001_0000][rng.below(5)];
                let at = at.min(len - 4);
                bytes[at..at + 4].copy_from_slice(&value.to_le_bytes());
            }
            3 => bytes.truncate(at),
            4 if len > 0 => {
                let end = (at + 1 + rng.below(64)).min(len);
                let run = bytes[at..end].to_vec();
                bytes.splice(at..at, run);
            }
            5 if len > 0 => {
                let end = (at + 1 + rng.below(64)).min(len);
                bytes.drain(at..end);
            }
            _ => {
                let from = rng.below(other.len());
                bytes.truncate(at);
                bytes.extend_from_slice(&other[from..]);
            }
        }
    }
    bytes
}

/// Runs `parse` on `iterations()` mutants of `seeds`; fails on any panic or
/// hang, naming the seed and the mutant's number (the run is reproducible).
fn fuzz(target: &str, seeds: &[(&str, Vec<u8>)], mut parse: impl FnMut(&[u8]) -> bool) {
    let mut rng = Rng(0x5eed ^ target.len() as u64);
    let (mut accepted, mut slowest) = (0, Duration::ZERO);
    let mut failures = Vec::new();
    let count = iterations();
    let started = Instant::now();
    for i in 0..count {
        let (name, seed) = &seeds[rng.below(seeds.len())];
        let other = &seeds[rng.below(seeds.len())].1;
        let mutant = mutate(seed, other, &mut rng);
        let start = Instant::now();
        match catch_unwind(AssertUnwindSafe(|| parse(&mutant))) {
            Ok(ok) => accepted += ok as usize,
            Err(_) => failures.push(format!("{target}: mutant {i} of '{name}' panicked")),
        }
        let took = start.elapsed();
        slowest = slowest.max(took);
        if took > SLOW {
            failures.push(format!("{target}: mutant {i} of '{name}' took {took:?}"));
        }
    }
    println!(
        "fuzz {target}: {count} executions in {:.2} s, {accepted} accepted, slowest {slowest:?}, {} failures",
        started.elapsed().as_secs_f64(),
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Small images in every format wam decodes.
fn image_seeds() -> Vec<(&'static str, Vec<u8>)> {
    let picture = ::image::RgbImage::from_fn(12, 9, |x, y| {
        ::image::Rgb([(x * 20) as u8, (y * 27) as u8, ((x + y) * 9) as u8])
    });
    let encode = |format| {
        let mut bytes = std::io::Cursor::new(Vec::new());
        ::image::DynamicImage::ImageRgb8(picture.clone()).write_to(&mut bytes, format).unwrap();
        bytes.into_inner()
    };
    use ::image::ImageFormat::{Bmp, Gif, Jpeg, Png, WebP};
    vec![
        ("png", encode(Png)),
        ("jpeg", encode(Jpeg)),
        ("gif", encode(Gif)),
        ("bmp", encode(Bmp)),
        ("webp", encode(WebP)),
    ]
}

/// The preparation every fuzzed image goes through.
const SPEC: ImagePreprocess =
    ImagePreprocess { resize_shorter: 32, crop: 28, mean: [0.5; 3], std: [0.5; 3] };

#[test]
fn images_decode_and_prepare_or_are_refused() {
    fuzz("image", &image_seeds(), |bytes| match image::decode(bytes) {
        Ok(decoded) => preprocess_image(&decoded, &SPEC).shape() == [3, 28, 28],
        Err(_) => false,
    });
}

/// Short WAVs in every sample format wam decodes, mono and stereo.
fn wav_seeds() -> Vec<(&'static str, Vec<u8>)> {
    use common::wav::{pcm, sine, wav_bytes};
    let tone = sine(440.0, 8_000, 0.01, 0.7);
    let float: Vec<u8> = tone.iter().flat_map(|v| v.to_le_bytes()).collect();
    vec![
        ("8-bit", wav_bytes(1, 8, 1, 8_000, &pcm(&tone, 8))),
        ("16-bit", wav_bytes(1, 16, 1, 8_000, &pcm(&tone, 16))),
        ("24-bit stereo", wav_bytes(1, 24, 2, 8_000, &pcm(&tone, 24))),
        ("32-bit", wav_bytes(1, 32, 1, 44_100, &pcm(&tone, 32))),
        ("float", wav_bytes(3, 32, 1, 16_000, &float)),
    ]
}

#[test]
fn wavs_decode_resample_and_window_or_are_refused() {
    let spec = SoundPreprocess { sample_rate: 16_000, standardise: true };
    fuzz("wav", &wav_seeds(), |bytes| match decode_wav(bytes) {
        Ok(sound) => {
            let at_rate = sound.resampled(spec.sample_rate);
            sound_window(&at_rate, &spec, 256, 0).data().iter().all(|v| v.is_finite())
        }
        Err(_) => false,
    });
}

#[test]
fn wasm_rgba_images_prepare_or_are_refused() {
    // What the wasm API's image input hands on: the declared width and height
    // (here the first 8 bytes, little-endian u32s) and the RGBA bytes.
    let seed = |width: u32, height: u32| {
        let mut bytes = [width.to_le_bytes(), height.to_le_bytes()].concat();
        bytes.extend((0..width * height * 4).map(|i| (i * 37) as u8));
        bytes
    };
    let seeds = vec![("3 × 2", seed(3, 2)), ("1 × 40", seed(1, 40)), ("16 × 16", seed(16, 16))];
    fuzz("wasm image", &seeds, |bytes| {
        let size = |at: usize| {
            bytes.get(at..at + 4).map_or(0, |b| u32::from_le_bytes(b.try_into().unwrap()))
        };
        let rgba = bytes.get(8..).unwrap_or_default();
        RgbImage::from_rgba(rgba, size(0) as usize, size(4) as usize)
            .is_ok_and(|image| preprocess_image(&image, &SPEC).shape() == [3, 28, 28])
    });
}

#[test]
fn wasm_options_parse_or_are_refused() {
    // The wasm API's options object, as the JSON text it is read from, then
    // the checks the engine makes before it runs.
    let every = serde_json::to_vec(&Settings::from(&ExplainOptions::default())).unwrap();
    let seeds = vec![
        ("empty", b"{}".to_vec()),
        ("every field", every),
        (
            "other values",
            br#"{"method":"wam-ig","target":281,"wavelet":"db4","mode":"periodization","levels":5,"samples":1,"noise":0.0,"seed":18446744073709551615,"batch":1}"#.to_vec(),
        ),
        ("nulls", br#"{"target":null,"method":null,"levels":null}"#.to_vec()),
    ];
    fuzz("wasm options", &seeds, |bytes| {
        Settings::parse(&String::from_utf8_lossy(bytes))
            .is_ok_and(|o| o.validate().is_ok() && Dwt::new(o.wavelet, o.mode, o.levels, 2).is_ok())
    });
}

fn array_seeds() -> Vec<(&'static str, HostArray)> {
    vec![
        ("f32 [3, 4, 5]", common::random_array(&[3, 4, 5], 1)),
        ("f32 [7]", common::random_array(&[7], 2)),
        ("f32 [2, 1, 3, 2]", common::random_array(&[2, 1, 3, 2], 3)),
    ]
}

#[test]
fn npy_files_read_or_are_refused() {
    let mut seeds: Vec<(&str, Vec<u8>)> =
        array_seeds().iter().map(|(name, a)| (*name, write_npy(a))).collect();
    // NumPy's other element types and Fortran order, as headers over the same bytes.
    let header = |descr: &str, fortran: bool, shape: &str, data: &[u8]| {
        let dict = format!(
            "{{'descr': '{descr}', 'fortran_order': {}, 'shape': {shape}, }}",
            if fortran { "True" } else { "False" }
        );
        let mut bytes = b"\x93NUMPY\x01\x00".to_vec();
        let padded =
            format!("{dict:<width$}\n", width = (dict.len() + 11).next_multiple_of(64) - 11);
        bytes.extend((padded.len() as u16).to_le_bytes());
        bytes.extend(padded.bytes());
        bytes.extend(data);
        bytes
    };
    seeds.push((
        "<i2 fortran",
        header("<i2", true, "(2, 3)", &[1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0]),
    ));
    seeds.push((
        ">f8",
        header(">f8", false, "(2,)", &[0x3f, 0xf0, 0, 0, 0, 0, 0, 0, 0x40, 0, 0, 0, 0, 0, 0, 0]),
    ));
    seeds.push(("|b1", header("|b1", false, "(3,)", &[1, 0, 1])));
    fuzz("npy", &seeds, |bytes| read_npy(bytes).is_ok());
}

#[test]
fn npz_files_read_or_are_refused() {
    let named = |arrays: &[(&str, HostArray)]| {
        let arrays: Vec<(String, HostArray)> =
            arrays.iter().map(|(n, a)| (n.to_string(), a.clone())).collect();
        write_npz(&arrays)
    };
    let arrays = array_seeds();
    let seeds = vec![("two bands", named(&arrays[..2])), ("one band", named(&arrays[2..]))];
    fuzz("npz", &seeds, |bytes| read_npz(bytes).is_ok());
}

#[test]
fn manifests_parse_or_are_refused() {
    let efficientnet = include_str!("../models/efficientnet-lite0/manifest.json").to_string();
    let seeds = vec![
        ("efficientnet-lite0", efficientnet.into_bytes()),
        ("tiny-1d", common::models::test_model(1).manifest.into_bytes()),
        ("tiny-3d", common::models::test_model(3).manifest.into_bytes()),
    ];
    fuzz("manifest", &seeds, |bytes| Manifest::from_json(&String::from_utf8_lossy(bytes)).is_ok());
}

#[test]
fn weights_load_or_are_refused() {
    // The safetensors reader, then the network built from whatever it read.
    let models: Vec<_> = (1..=3).map(common::models::test_model).collect();
    let seeds: Vec<(&str, Vec<u8>)> = ["tiny-1d", "tiny-2d", "tiny-3d"]
        .into_iter()
        .zip(models.iter().map(|m| m.weights.clone()))
        .collect();
    let manifests: Vec<Manifest> =
        models.iter().map(|m| Manifest::from_json(&m.manifest).unwrap()).collect();
    let device = Device::flex();
    let mut count = 0;
    fuzz("safetensors", &seeds, |bytes| {
        let tensors: Result<BTreeMap<String, HostArray>, _> = read_safetensors(bytes);
        // Each mutant against the next rank's manifest in turn.
        count += 1;
        let manifest = manifests[count % manifests.len()].clone();
        tensors.is_ok() && Model::load(manifest, bytes, "zero\none\ntwo\n", &device).is_ok()
    });
    // The writer's output of each seed reads back as it was written.
    for model in &models {
        let tensors = read_safetensors(&model.weights).unwrap();
        assert_eq!(write_safetensors(&tensors), model.weights);
    }
}

/// Mutants of the cube files of one mesh format (tests/common/meshes.rs:
/// every encoding the format has), decoded under that format's extension.
fn fuzz_mesh(extension: &str) {
    let seeds: Vec<(&str, Vec<u8>)> = common::meshes::cube_files()
        .into_iter()
        .filter(|(name, _)| name.ends_with(&format!(".{extension}")))
        .collect();
    let name = format!("mesh.{extension}");
    fuzz(&name, &seeds, |bytes| wam::mesh::decode(bytes, &name).is_ok());
}

#[test]
fn obj_meshes_decode_or_are_refused() {
    fuzz_mesh("obj");
}

#[test]
fn stl_meshes_decode_or_are_refused() {
    fuzz_mesh("stl");
}

#[test]
fn ply_meshes_decode_or_are_refused() {
    fuzz_mesh("ply");
}

#[test]
fn off_meshes_decode_or_are_refused() {
    fuzz_mesh("off");
}

#[test]
fn gltf_meshes_decode_or_are_refused() {
    fuzz_mesh("gltf");
}

#[test]
fn glb_meshes_decode_or_are_refused() {
    fuzz_mesh("glb");
}
