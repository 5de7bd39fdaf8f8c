//! Running the `wam` binary as a user would, for the CLI tests.

use std::path::PathBuf;
use std::process::{Command, Output};

/// Runs `wam` with `args`.
pub fn wam(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wam")).args(args).output().expect("run wam")
}

/// A path in this test process's scratch folder.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("wam-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// A failed run as the house rules want it: non-zero exit, no panic, one
/// line on stderr that contains `expected`.
pub fn assert_clear_failure(args: &[&str], run: &Output, expected: &str) {
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(!run.status.success(), "{args:?} succeeded");
    assert!(!stderr.contains("panicked"), "{args:?} panicked: {stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "{args:?}: not one line: {stderr}");
    assert!(stderr.contains(expected), "{args:?}: '{stderr}' does not mention '{expected}'");
}

/// A models folder holding the test models of every rank, written once
/// per test process (tests run in parallel and must not see it half-written).
pub fn test_models() -> PathBuf {
    static DIR: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let dir = scratch("models");
        for rank in 1..=3 {
            super::models::write_test_model(&dir, rank);
        }
        dir
    })
    .clone()
}
