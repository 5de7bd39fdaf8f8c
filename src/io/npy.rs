//! The NumPy `.npy` format (versions 1–3), read into and written from
//! [`HostArray`]s of `f32`.

use crate::array::HostArray;

use super::IoError;

const MAGIC: &[u8] = b"\x93NUMPY";
const FORMAT: &str = ".npy";

fn invalid(reason: impl Into<String>) -> IoError {
    IoError::Format { format: FORMAT, reason: reason.into() }
}

fn unsupported(reason: impl Into<String>) -> IoError {
    IoError::Unsupported { format: FORMAT, reason: reason.into() }
}

/// Element types wam accepts, all converted to `f32`.
#[derive(Clone, Copy)]
enum Kind {
    Float,
    Int,
    Unsigned,
    Bool,
}

/// Parses a `.npy` file. Floats, integers and booleans of any width and
/// byte order are converted to `f32`; Fortran order is transposed to C order.
pub fn read_npy(bytes: &[u8]) -> Result<HostArray, IoError> {
    if bytes.len() < 10 || &bytes[..6] != MAGIC {
        return Err(invalid("missing the \\x93NUMPY magic string"));
    }
    let major = bytes[6];
    let (header_len, header_start) = match major {
        1 => (u16::from_le_bytes([bytes[8], bytes[9]]) as usize, 10usize),
        2 | 3 => {
            if bytes.len() < 12 {
                return Err(invalid("truncated header"));
            }
            (u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]) as usize, 12)
        }
        v => return Err(unsupported(format!("format version {v}"))),
    };
    let data_start = header_start
        .checked_add(header_len)
        .filter(|&end| end <= bytes.len())
        .ok_or_else(|| invalid("truncated header"))?;
    let header = std::str::from_utf8(&bytes[header_start..data_start])
        .map_err(|_| invalid("header is not text"))?;
    let descr = dict_value(header, "descr")?;
    let descr = descr.trim_matches(|c| c == '\'' || c == '"');
    let fortran = match dict_value(header, "fortran_order")? {
        "True" => true,
        "False" => false,
        other => return Err(invalid(format!("fortran_order is '{other}'"))),
    };
    let shape = parse_shape(dict_value(header, "shape")?)?;

    let (little, kind, width) = parse_descr(descr)?;
    let count = shape
        .iter()
        .try_fold(1usize, |acc, &d| acc.checked_mul(d))
        .ok_or_else(|| invalid("shape overflows"))?;
    let payload = &bytes[data_start..];
    let needed = count.checked_mul(width).ok_or_else(|| invalid("shape overflows"))?;
    if payload.len() < needed {
        return Err(invalid(format!(
            "truncated data: shape {shape:?} of '{descr}' needs {needed} bytes, the file has {}",
            payload.len()
        )));
    }
    let values: Vec<f32> =
        payload[..needed].chunks_exact(width).map(|c| decode(c, little, kind)).collect();
    let array = HostArray::new(shape.clone(), values).expect("count checked");
    Ok(if fortran { to_c_order(array) } else { array })
}

/// Value of `key` in the header's Python dict literal, as raw text.
fn dict_value<'a>(header: &'a str, key: &str) -> Result<&'a str, IoError> {
    let missing = || invalid(format!("header has no '{key}'"));
    let at = header.find(&format!("'{key}'")).ok_or_else(missing)?;
    let rest = header[at + key.len() + 2..]
        .trim_start()
        .strip_prefix(':')
        .ok_or_else(missing)?
        .trim_start();
    let end = if rest.starts_with('(') {
        rest.find(')').map(|i| i + 1)
    } else if let Some(quote) = rest.chars().next().filter(|c| *c == '\'' || *c == '"') {
        rest[1..].find(quote).map(|i| i + 2)
    } else {
        rest.find([',', '}'])
    };
    Ok(rest[..end.ok_or_else(missing)?].trim())
}

fn parse_shape(text: &str) -> Result<Vec<usize>, IoError> {
    let inner = text
        .strip_prefix('(')
        .and_then(|t| t.strip_suffix(')'))
        .ok_or_else(|| invalid(format!("shape '{text}'")))?;
    inner
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().map_err(|_| invalid(format!("shape '{text}'"))))
        .collect()
}

fn parse_descr(descr: &str) -> Result<(bool, Kind, usize), IoError> {
    let bytes = descr.as_bytes();
    if bytes.len() < 3 {
        return Err(unsupported(format!("dtype '{descr}'")));
    }
    let little = match bytes[0] {
        b'<' | b'|' | b'=' => true,
        b'>' => false,
        _ => return Err(unsupported(format!("dtype '{descr}'"))),
    };
    let width: usize = descr[2..].parse().map_err(|_| unsupported(format!("dtype '{descr}'")))?;
    let kind = match (bytes[1], width) {
        (b'f', 2 | 4 | 8) => Kind::Float,
        (b'i', 1 | 2 | 4 | 8) => Kind::Int,
        (b'u', 1 | 2 | 4 | 8) => Kind::Unsigned,
        (b'b', 1) => Kind::Bool,
        _ => {
            return Err(unsupported(format!(
                "dtype '{descr}' (wam reads float, integer and bool arrays; complex and object arrays are not supported)"
            )));
        }
    };
    Ok((little, kind, width))
}

fn decode(chunk: &[u8], little: bool, kind: Kind) -> f32 {
    let mut raw = [0u8; 8];
    raw[..chunk.len()].copy_from_slice(chunk);
    if !little {
        raw[..chunk.len()].reverse();
    }
    let bits = u64::from_le_bytes(raw);
    let width = chunk.len();
    match kind {
        Kind::Float => match width {
            2 => half_to_f32(bits as u16),
            4 => f32::from_bits(bits as u32),
            _ => f64::from_bits(bits) as f32,
        },
        Kind::Int => {
            let shift = 64 - 8 * width as u32;
            ((bits << shift) as i64 >> shift) as f32
        }
        Kind::Unsigned => bits as f32,
        Kind::Bool => (bits != 0) as u8 as f32,
    }
}

fn half_to_f32(h: u16) -> f32 {
    let sign = if h >> 15 == 1 { -1.0 } else { 1.0 };
    let exponent = (h >> 10 & 0x1f) as i32;
    let mantissa = (h & 0x3ff) as f32;
    sign * match exponent {
        0 => mantissa * 2f32.powi(-24),
        31 if mantissa == 0.0 => f32::INFINITY,
        31 => f32::NAN,
        e => (1.0 + mantissa / 1024.0) * 2f32.powi(e - 15),
    }
}

/// Reorders a Fortran-order payload (first index fastest) into C order.
fn to_c_order(array: HostArray) -> HostArray {
    let shape = array.shape().to_vec();
    let rank = shape.len();
    let data = array.into_data();
    let mut out = vec![0.0; data.len()];
    let mut index = vec![0usize; rank];
    for value in &data {
        // `index` walks the Fortran order; write at its C-order position.
        let c_pos = index.iter().zip(&shape).fold(0, |acc, (&i, &d)| acc * d + i);
        out[c_pos] = *value;
        for (axis, i) in index.iter_mut().enumerate() {
            *i += 1;
            if *i < shape[axis] {
                break;
            }
            *i = 0;
        }
    }
    HostArray::new(shape, out).expect("same size")
}

/// Serialises `array` as a version-1 little-endian `f32` `.npy` file.
pub fn write_npy(array: &HostArray) -> Vec<u8> {
    let dims: Vec<String> = array.shape().iter().map(usize::to_string).collect();
    let shape = match dims.len() {
        1 => format!("({},)", dims[0]),
        _ => format!("({})", dims.join(", ")),
    };
    let mut header = format!("{{'descr': '<f4', 'fortran_order': False, 'shape': {shape}, }}");
    // Pad so that the data starts on a 64-byte boundary, ending in '\n'.
    let total = 10 + header.len() + 1;
    header.push_str(&" ".repeat(total.next_multiple_of(64) - total));
    header.push('\n');
    let mut out = Vec::with_capacity(10 + header.len() + 4 * array.data().len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&[1, 0]);
    out.extend_from_slice(&(header.len() as u16).to_le_bytes());
    out.extend_from_slice(header.as_bytes());
    out.extend(array.le_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_rank() {
        for shape in [vec![], vec![3], vec![2, 3], vec![2, 1, 3]] {
            let n: usize = shape.iter().product();
            let array =
                HostArray::new(shape.clone(), (0..n).map(|i| i as f32 - 1.5).collect()).unwrap();
            let bytes = write_npy(&array);
            assert_eq!((10 + u16::from_le_bytes([bytes[8], bytes[9]]) as usize) % 64, 0);
            assert_eq!(read_npy(&bytes).unwrap(), array, "{shape:?}");
        }
    }

    #[test]
    fn reads_other_dtypes_and_orders() {
        // np.array([[1, 2, 3], [4, 5, 6]], dtype='>i2', order='F') as written by numpy.
        let header = "{'descr': '>i2', 'fortran_order': True, 'shape': (2, 3), }";
        let mut bytes = b"\x93NUMPY\x01\x00".to_vec();
        bytes.extend_from_slice(&(header.len() as u16).to_le_bytes());
        bytes.extend_from_slice(header.as_bytes());
        for v in [1i16, 4, 2, 5, 3, 6] {
            bytes.extend_from_slice(&v.to_be_bytes());
        }
        let array = read_npy(&bytes).unwrap();
        assert_eq!(array.shape(), [2, 3]);
        assert_eq!(array.data(), [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
        assert_eq!(half_to_f32(0x3c00), 1.0);
        assert_eq!(half_to_f32(0xc000), -2.0);
    }

    #[test]
    fn rejects_bad_files_with_reasons() {
        let good = write_npy(&HostArray::new(vec![4], vec![1.0; 4]).unwrap());
        let cases: [(&[u8], &str); 3] = [
            (b"PK\x03\x04 not npy", "magic"),
            (&good[..good.len() - 3], "truncated data"),
            (&good[..20], "truncated header"),
        ];
        for (bytes, reason) in cases {
            let err = read_npy(bytes).unwrap_err().to_string();
            assert!(err.contains(reason), "{err}");
        }
        let at = good.windows(3).position(|w| w == b"<f4").unwrap();
        let mut complex = good.clone();
        complex[at + 1] = b'c';
        let err = read_npy(&complex).unwrap_err().to_string();
        assert!(err.contains("complex"), "{err}");
    }
}
