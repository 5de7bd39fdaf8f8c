//! Reading and writing arrays: NumPy `.npy` and `.npz` files.

mod npy;
mod npz;

pub use npy::{read_npy, write_npy};
pub use npz::{read_npz, write_npz};

use std::path::Path;

use thiserror::Error;

/// What can be wrong with a file wam reads or writes.
#[derive(Debug, Error)]
pub enum IoError {
    /// The bytes are not a valid file of the expected format.
    #[error("not a valid {format} file: {reason}")]
    Format {
        /// `.npy`, `.npz`, ...
        format: &'static str,
        /// What is wrong, in words.
        reason: String,
    },
    /// The file is valid but holds something wam cannot use.
    #[error("unsupported {format} content: {reason}")]
    Unsupported {
        /// `.npy`, `.npz`, ...
        format: &'static str,
        /// What is not supported, and the fix.
        reason: String,
    },
    /// Reading or writing a path failed.
    #[error("could not {action} '{path}': {source}")]
    File {
        /// `read` or `write`.
        action: &'static str,
        /// The path.
        path: String,
        /// The system's reason.
        source: std::io::Error,
    },
}

/// Reads a whole file, naming it in the error.
pub fn read_file(path: &Path) -> Result<Vec<u8>, IoError> {
    std::fs::read(path).map_err(|source| IoError::File {
        action: "read",
        path: path.display().to_string(),
        source,
    })
}

/// Writes a whole file atomically: to a temporary sibling first, renamed
/// into place only once complete (and removed if writing it fails), so no
/// partial output is ever left.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), IoError> {
    let fail = |source| IoError::File { action: "write", path: path.display().to_string(), source };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temp = path.with_file_name(format!(".{name}.{}.partial", std::process::id()));
    std::fs::write(&temp, bytes).and_then(|()| std::fs::rename(&temp, path)).map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        fail(e)
    })
}
