//! Triangle meshes: what every mesh file decodes to, before a shape model
//! voxelises it.
//!
//! [`decode`] reads OBJ, STL (ASCII and binary), PLY (ASCII and binary),
//! OFF, glTF 2.0 (embedded buffers) and GLB, picking the format from the
//! file name's extension. One module per format turns the file into vertices
//! and polygons; [`validate`] checks and triangulates them the same way for
//! all, within [`MAX_VERTICES`] and [`MAX_TRIANGLES`].

pub mod coloured;
mod error;
mod gltf;
mod obj;
mod off;
mod overlap;
mod ply;
mod stl;
mod validate;
pub mod voxelise;

pub use error::MeshError;
pub use validate::{MAX_TRIANGLES, MAX_VERTICES};

/// A triangle mesh: vertex positions and triangles indexing them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Mesh {
    /// Vertex positions `[x, y, z]`.
    pub positions: Vec<[f32; 3]>,
    /// Triangles, three indices into `positions` each.
    pub triangles: Vec<[u32; 3]>,
}

/// The mesh file formats [`decode`] reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MeshFormat {
    /// Wavefront OBJ (geometry only; material files are not read).
    Obj,
    /// STL, ASCII or binary.
    Stl,
    /// Stanford PLY, ASCII or binary (either byte order).
    Ply,
    /// Object File Format (ASCII).
    Off,
    /// glTF 2.0 JSON with its buffers embedded as `data:` URIs.
    Gltf,
    /// Binary glTF 2.0.
    Glb,
}

impl MeshFormat {
    /// Every format, in the order error messages list them.
    pub const ALL: [MeshFormat; 6] =
        [Self::Obj, Self::Stl, Self::Ply, Self::Off, Self::Gltf, Self::Glb];

    /// The file extension (lower case, without the dot).
    pub fn extension(self) -> &'static str {
        match self {
            Self::Obj => "obj",
            Self::Stl => "stl",
            Self::Ply => "ply",
            Self::Off => "off",
            Self::Gltf => "gltf",
            Self::Glb => "glb",
        }
    }

    /// The format's name in messages.
    pub fn name(self) -> &'static str {
        match self {
            Self::Gltf => "glTF",
            Self::Obj => "OBJ",
            Self::Stl => "STL",
            Self::Ply => "PLY",
            Self::Off => "OFF",
            Self::Glb => "GLB",
        }
    }

    /// The format a file name's extension names (case-insensitive).
    pub fn from_name(name: &str) -> Result<Self, MeshError> {
        let extension = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
        Self::ALL
            .into_iter()
            .find(|f| extension.as_deref() == Some(f.extension()))
            .ok_or_else(|| MeshError::UnknownFormat(name.to_string()))
    }

    /// The format the first bytes of a file look like, if they are clearly
    /// one (OBJ has no signature, so it is never guessed).
    pub fn sniff(bytes: &[u8]) -> Option<Self> {
        let text = String::from_utf8_lossy(&bytes[..bytes.len().min(64)]);
        let first = text.trim_start();
        if bytes.starts_with(b"glTF") {
            Some(Self::Glb)
        } else if bytes.starts_with(b"ply") {
            Some(Self::Ply)
        } else if first.starts_with('{') {
            Some(Self::Gltf)
        } else if first.split_whitespace().next().is_some_and(|w| w.ends_with("OFF")) {
            Some(Self::Off)
        } else if first.starts_with("solid") || stl::is_binary(bytes) {
            Some(Self::Stl)
        } else {
            None
        }
    }
}

/// Decodes a mesh file named `name` (its extension picks the format) into a
/// checked triangle mesh: polygons are fanned into triangles, degenerate
/// triangles dropped, and anything else wrong refused with one line.
pub fn decode(bytes: &[u8], name: &str) -> Result<Mesh, MeshError> {
    let format = MeshFormat::from_name(name)?;
    let polygons = match format {
        MeshFormat::Obj => obj::read(bytes),
        MeshFormat::Stl => stl::read(bytes),
        MeshFormat::Ply => ply::read(bytes),
        MeshFormat::Off => off::read(bytes),
        MeshFormat::Gltf | MeshFormat::Glb => gltf::read(bytes),
    };
    // A file that is plainly another format is named as such, whatever its
    // reader stumbled on.
    let polygons = polygons.map_err(|error| match MeshFormat::sniff(bytes) {
        Some(actual) if actual != format => {
            MeshError::WrongExtension { name: name.to_string(), actual }
        }
        _ => error,
    })?;
    polygons.finish()
}
