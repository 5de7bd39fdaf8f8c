//! OFF (Object File Format), ASCII, read here (it is a few lines): a keyword
//! (`OFF`, or `COFF`, `NOFF`, `STOFF`… whose per-vertex extras are ignored),
//! the counts `vertices faces [edges]`, then a vertex per line and a face
//! per line (`n i1 … in`, colours after the indices ignored); `#` starts a
//! comment.

use super::MeshError;
use super::MeshFormat::Off;
use super::validate::{MAX_TRIANGLES, MAX_VERTICES, Polygons, check_limit};

fn malformed(detail: impl ToString) -> MeshError {
    MeshError::malformed(Off, detail)
}

/// A whitespace-separated number, or an error naming what it is.
fn number<T: std::str::FromStr>(token: Option<&str>, what: &str) -> Result<T, MeshError> {
    let token = token.ok_or_else(|| malformed(format!("{what} is missing")))?;
    token.parse().map_err(|_| malformed(format!("{what} is not a number: '{token}'")))
}

pub(super) fn read(bytes: &[u8]) -> Result<Polygons, MeshError> {
    let text = std::str::from_utf8(bytes).map_err(|_| malformed("not UTF-8 text"))?;
    let mut lines = text
        .lines()
        .map(|line| line.split('#').next().unwrap_or_default())
        .filter(|line| !line.trim().is_empty())
        .map(str::split_whitespace);
    let mut first = lines.next().ok_or_else(|| malformed("the file is empty"))?;
    let keyword = first.next().unwrap_or_default();
    let variant = keyword.strip_suffix("OFF").ok_or_else(|| malformed("no 'OFF' keyword"))?;
    if !variant.chars().all(|c| "STCN".contains(c)) {
        return Err(malformed(format!("'{keyword}' is not a 3-D ASCII OFF variant")));
    }
    // The counts may follow the keyword on its line.
    let rest: Vec<&str> = first.collect();
    let counts = if rest.is_empty() {
        lines.next().map(Iterator::collect).unwrap_or_default()
    } else {
        rest
    };
    if counts.first() == Some(&"BINARY") {
        return Err(malformed("binary OFF is not supported"));
    }
    let vertices: u64 = number(counts.first().copied(), "the vertex count")?;
    let faces: u64 = number(counts.get(1).copied(), "the face count")?;
    check_limit(vertices, MAX_VERTICES, "vertices")?;
    check_limit(faces, MAX_TRIANGLES, "triangles")?;

    let mut polygons = Polygons::default();
    for i in 0..vertices {
        let mut line = lines
            .next()
            .ok_or_else(|| malformed(format!("ends after {i} of {vertices} vertices")))?;
        let mut position = [0.0; 3];
        for (k, value) in position.iter_mut().enumerate() {
            *value = number(line.next(), &format!("coordinate {k} of vertex {i}"))?;
        }
        polygons.vertex(position)?;
    }
    let mut corners = Vec::new();
    for j in 0..faces {
        let mut line =
            lines.next().ok_or_else(|| malformed(format!("ends after {j} of {faces} faces")))?;
        let n: usize = number(line.next(), &format!("the corner count of face {j}"))?;
        corners.clear();
        for k in 0..n {
            let index: i64 = number(line.next(), &format!("corner {k} of face {j}"))?;
            corners.push(polygons.index(index)?);
        }
        polygons.polygon(&corners)?;
    }
    Ok(polygons)
}
