use thiserror::Error;

use super::MeshFormat;

/// Why a mesh file was refused: one line naming the problem.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum MeshError {
    /// The file name's extension is not one of the accepted formats.
    #[error("'{0}' is not a mesh file wam reads: accepted formats are {list}", list = accepted())]
    UnknownFormat(String),
    /// The content is another mesh format than the extension says.
    #[error(
        "'{name}' holds a {actual} mesh, not what its extension says: rename it to .{ext}",
        actual = actual.name(),
        ext = actual.extension()
    )]
    WrongExtension {
        /// The file name.
        name: String,
        /// The format the content looks like.
        actual: MeshFormat,
    },
    /// The file does not follow its format.
    #[error("not a valid {format} file: {detail}", format = format.name())]
    Malformed {
        /// The format the file was read as.
        format: MeshFormat,
        /// What is wrong, in a few words.
        detail: String,
    },
    /// A glTF buffer lives in another file (or nowhere).
    #[error("external buffers are not supported; use GLB or embedded data URIs (buffer {0})")]
    ExternalBuffer(usize),
    /// The file has no vertices or no faces at all.
    #[error("the mesh is empty: no vertices")]
    Empty,
    /// The file has vertices but no polygon with three or more corners.
    #[error("the mesh has no triangles: points or lines only")]
    NoTriangles,
    /// Every triangle repeats a vertex or has zero area.
    #[error("all {0} triangles are degenerate (repeated vertices or zero area)")]
    AllDegenerate(usize),
    /// A vertex coordinate is NaN or infinite.
    #[error("vertex {0} is not finite (NaN or infinite coordinate)")]
    NonFinite(usize),
    /// A face refers to a vertex the file does not have.
    #[error("a face refers to vertex {index}, but the mesh has {count} vertices")]
    IndexOutOfRange {
        /// The index found.
        index: i64,
        /// The number of vertices.
        count: usize,
    },
    /// More vertices or triangles than wam accepts (declared or found).
    #[error("the mesh has {count} {what} or more; the limit is {limit}")]
    TooLarge {
        /// "vertices" or "triangles".
        what: &'static str,
        /// How many the file declares, or the count at which reading stopped.
        count: u64,
        /// The limit.
        limit: usize,
    },
}

impl MeshError {
    /// A [`MeshError::Malformed`] for `format`: the detail on one line, at
    /// most [`DETAIL`] characters (parsers' messages can quote whole lines).
    pub(super) fn malformed(format: MeshFormat, detail: impl ToString) -> Self {
        let words: Vec<String> = detail.to_string().split_whitespace().map(String::from).collect();
        let mut detail = words.join(" ");
        if let Some((cut, _)) = detail.char_indices().nth(DETAIL) {
            detail.truncate(cut);
            detail.push('…');
        }
        Self::Malformed { format, detail }
    }
}

/// The longest detail a [`MeshError::Malformed`] keeps.
const DETAIL: usize = 160;

/// ".obj, .stl, .ply, .off, .gltf, .glb"
fn accepted() -> String {
    MeshFormat::ALL.map(|f| format!(".{}", f.extension())).join(", ")
}
