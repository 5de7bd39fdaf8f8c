//! The NumPy `.npz` format: a zip archive of `.npy` files, one per array.

use std::io::{Cursor, Read, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use super::{IoError, read_npy, write_npy};
use crate::array::HostArray;

const FORMAT: &str = ".npz";

fn invalid(reason: impl Into<String>) -> IoError {
    IoError::Format { format: FORMAT, reason: reason.into() }
}

/// Reads every array of an `.npz` file (plain or compressed), in archive
/// order, named without the `.npy` suffix.
pub fn read_npz(bytes: &[u8]) -> Result<Vec<(String, HostArray)>, IoError> {
    let mut archive = ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| invalid(format!("not a zip archive ({e})")))?;
    let mut arrays = Vec::with_capacity(archive.len());
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(|e| invalid(format!("entry {i}: {e}")))?;
        let name = entry.name().map_err(|e| invalid(format!("entry {i}: {e}")))?.to_string();
        let Some(stem) = name.strip_suffix(".npy") else {
            return Err(invalid(format!("entry '{name}' is not a .npy array")));
        };
        let mut content = Vec::with_capacity(entry.size().min(1 << 30) as usize);
        entry.read_to_end(&mut content).map_err(|e| invalid(format!("entry '{name}': {e}")))?;
        let array = read_npy(&content).map_err(|e| invalid(format!("entry '{name}': {e}")))?;
        arrays.push((stem.to_string(), array));
    }
    Ok(arrays)
}

/// Writes `arrays` as an uncompressed `.npz` file (`np.savez` layout).
pub fn write_npz(arrays: &[(String, HostArray)]) -> Vec<u8> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options =
        SimpleFileOptions::default().compression_method(CompressionMethod::Stored).large_file(true);
    for (name, array) in arrays {
        // Writing into memory cannot fail.
        zip.start_file(format!("{name}.npy"), options).expect("in-memory zip");
        zip.write_all(&write_npy(array)).expect("in-memory zip");
    }
    zip.finish().expect("in-memory zip").into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let arrays = vec![
            ("a".to_string(), HostArray::new(vec![2, 2], vec![1.0, 2.0, 3.0, 4.0]).unwrap()),
            ("d1_dd".to_string(), HostArray::new(vec![1], vec![-1.0]).unwrap()),
        ];
        assert_eq!(read_npz(&write_npz(&arrays)).unwrap(), arrays);
        assert!(read_npz(b"not a zip").unwrap_err().to_string().contains("zip"));
    }
}
