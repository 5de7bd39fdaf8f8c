//! `wam dwt` / `wam idwt` driven as a user would, against the pywt fixtures,
//! and their answers to bad input.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::path::Path;

use common::cli::{assert_clear_failure, scratch, wam};
use common::{Case, WAVEDECN, WAVERECN, check_close, load_cases, report};
use wam::array::HostArray;
use wam::io::{read_file, read_npy, read_npz, write_file, write_npy, write_npz};

fn path_str(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Cases the CLI is checked on: every 2-D and 3-D case, and one wavelet of
/// each family in 1-D, all modes.
fn selected(cases: Vec<Case>) -> Vec<Case> {
    cases
        .into_iter()
        .filter(|c| {
            c.axes > 1
                || ["haar", "db5", "sym7", "coif3", "db2", "coif1"].contains(&c.wavelet.as_str())
        })
        .collect()
}

#[test]
fn dwt_matches_pywt() {
    let cases = selected(load_cases(WAVEDECN));
    let mut failures = Vec::new();
    for case in &cases {
        let input = scratch(&format!("{}.npy", case.name));
        let output = scratch(&format!("{}.npz", case.name));
        write_file(&input, &write_npy(&case.arrays["x"])).unwrap();
        let levels = case.levels.to_string();
        let axes = case.axes.to_string();
        let out = wam(&[
            "dwt",
            path_str(&input),
            path_str(&output),
            "--wavelet",
            &case.wavelet,
            "--mode",
            case.mode.name(),
            "--levels",
            &levels,
            "--axes",
            &axes,
        ]);
        if !out.status.success() {
            failures.push(format!("{}: {}", case.name, String::from_utf8_lossy(&out.stderr)));
            continue;
        }
        let bands = read_npz(&read_file(&output).unwrap()).unwrap();
        if bands.len() != case.arrays.len() - 1 {
            failures.push(format!(
                "{}: {} bands, pywt has {}",
                case.name,
                bands.len(),
                case.arrays.len() - 1
            ));
        }
        for (name, got) in &bands {
            match case.arrays.get(name) {
                None => failures.push(format!("{}: unexpected band {name}", case.name)),
                Some(want) => failures.extend(
                    check_close(&format!("{} {name}", case.name), got, want, &case.arrays["x"])
                        .err(),
                ),
            }
        }
    }
    report(failures, cases.len());
}

#[test]
fn idwt_matches_pywt() {
    let cases = selected(load_cases(WAVERECN));
    let mut failures = Vec::new();
    for case in &cases {
        let input = scratch(&format!("{}.rec.npz", case.name));
        let output = scratch(&format!("{}.rec.npy", case.name));
        let bands: Vec<(String, HostArray)> = case
            .arrays
            .iter()
            .filter(|(k, _)| *k != "y")
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        write_file(&input, &write_npz(&bands)).unwrap();
        let out = wam(&[
            "idwt",
            path_str(&input),
            path_str(&output),
            "--wavelet",
            &case.wavelet,
            "--mode",
            case.mode.name(),
        ]);
        if !out.status.success() {
            failures.push(format!("{}: {}", case.name, String::from_utf8_lossy(&out.stderr)));
            continue;
        }
        let got = read_npy(&read_file(&output).unwrap()).unwrap();
        failures.extend(check_close(&case.name, &got, &case.arrays["y"], &case.arrays["y"]).err());
    }
    report(failures, cases.len());
}

/// Runs a command that must fail: non-zero exit, one line naming the
/// problem, no panic, no output file.
fn assert_fails(args: &[&str], output: &Path, expected: &str) {
    let _ = std::fs::remove_file(output);
    assert_clear_failure(args, &wam(args), expected);
    assert!(!output.exists(), "{args:?} left {}", output.display());
}

#[test]
fn bad_input_gets_one_clear_line() {
    let input = scratch("good.npy");
    write_file(&input, &write_npy(&HostArray::new(vec![8, 16], vec![1.0; 128]).unwrap())).unwrap();
    let garbage = scratch("garbage.npy");
    std::fs::write(&garbage, b"this is not an array").unwrap();
    let out = scratch("out.npz");
    let (i, o) = (path_str(&input), path_str(&out));
    assert_fails(&["dwt", i, o, "--wavelet", "db99"], &out, "unknown wavelet 'db99'");
    assert_fails(&["dwt", i, o, "--mode", "mirror"], &out, "unknown mode 'mirror'");
    assert_fails(&["dwt", i, o, "--axes", "3"], &out, "--axes 3");
    assert_fails(&["dwt", i, o, "--axes", "0"], &out, "--axes 0");
    assert_fails(&["dwt", i, o, "--levels", "0"], &out, "levels must be at least 1");
    assert_fails(&["dwt", path_str(&garbage), o], &out, "not a valid .npy file");
    assert_fails(&["dwt", "/no/such/file.npy", o], &out, "could not read '/no/such/file.npy'");
    assert_fails(&["dwt", path_str(&scratch("image.png")), o], &out, "must be a .npy file");
    assert_fails(
        &["dwt", i, path_str(&scratch("out.txt"))],
        &scratch("out.txt"),
        "must be a .npz file",
    );
    let unwritable = "/no/such/dir/out.npz";
    assert_fails(&["dwt", i, unwritable], Path::new(unwritable), "could not write");
    let rec = scratch("rec.npy");
    assert_fails(&["idwt", i, path_str(&rec)], &rec, "must be a .npz file");
    let partial = scratch("partial.npz");
    let a = HostArray::new(vec![2], vec![1.0, 2.0]).unwrap();
    write_file(&partial, &write_npz(&[("a".into(), a.clone()), ("d2_d".into(), a)])).unwrap();
    assert_fails(&["idwt", path_str(&partial), path_str(&rec)], &rec, "band 'd1_d' is missing");
}

#[test]
fn names_in_an_archive_never_reach_a_path() {
    // `wam idwt` reads band names from the archive; the only path it writes
    // is the one given. Names that would escape a folder are refused as band
    // names, and nothing is written, there or anywhere near.
    let dir = scratch("names").join("inside");
    std::fs::create_dir_all(&dir).unwrap();
    let a = HostArray::new(vec![2], vec![1.0, 2.0]).unwrap();
    let rec = dir.join("rec.npy");
    for name in ["../escape", "/abs", "a/../../b", "d1_d/../../../c"] {
        let archive = dir.join("hostile.npz");
        let arrays = [("a".to_string(), a.clone()), (name.to_string(), a.clone())];
        write_file(&archive, &write_npz(&arrays)).unwrap();
        let expected = format!("'{name}'");
        assert_fails(&["idwt", path_str(&archive), path_str(&rec)], &rec, &expected);
        let left: Vec<_> =
            std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(left, ["hostile.npz"], "{name}: the folder holds {left:?}");
        for escaped in ["escape", "escape.npy", "b", "b.npy", "c", "c.npy"] {
            assert!(!dir.parent().unwrap().join(escaped).exists(), "{name} wrote {escaped}");
        }
        assert!(!Path::new("/abs.npy").exists() && !Path::new("/abs").exists());
    }
}

#[test]
fn a_failed_write_leaves_no_partial_file() {
    // The shell caps file sizes at 2 blocks (`ulimit -f 2`, a few KiB) and
    // ignores the signal a write past it raises, so that the write fails: the
    // 16 KiB archive cannot be written, and neither it nor its temporary file stays.
    let dir = scratch("capped");
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("x.npy");
    write_file(&input, &write_npy(&HostArray::new(vec![64, 64], vec![1.0; 4096]).unwrap()))
        .unwrap();
    let out = dir.join("out.npz");
    let run = std::process::Command::new("sh")
        .args(["-c", "ulimit -f 2; trap '' XFSZ; exec \"$0\" \"$@\""])
        .args([env!("CARGO_BIN_EXE_wam"), "dwt", path_str(&input), path_str(&out)])
        .output()
        .unwrap();
    let args = ["dwt (file size capped)"];
    assert_clear_failure(&args, &run, "could not write");
    let left: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(left, ["x.npy"], "the folder holds {left:?}");
}

#[test]
fn levels_beyond_the_maximum_warn_and_still_match_pywt() {
    // pywt.wavedecn(x, 'db4', level=2) on 5 samples: filters longer than the signal.
    let case = load_cases(WAVEDECN).into_iter().find(|c| c.name == "db4.reflect.J2.K1.5").unwrap();
    let input = scratch("short.npy");
    let output = scratch("short.npz");
    write_file(&input, &write_npy(&case.arrays["x"])).unwrap();
    let out = wam(&[
        "dwt",
        path_str(&input),
        path_str(&output),
        "--wavelet",
        "db4",
        "--mode",
        "reflect",
        "--levels",
        "2",
    ]);
    assert!(out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("warning: --levels 2 is above the maximum useful level 0")
    );
    for (name, got) in read_npz(&read_file(&output).unwrap()).unwrap() {
        check_close(&name, &got, &case.arrays[&name], &case.arrays["x"]).unwrap();
    }
}
