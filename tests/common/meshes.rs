//! A unit cube written in every mesh format wam reads, by small writers
//! that follow each format's specification (the decoders' tests and the
//! fuzz corpus start from these files).

use base64::Engine;

/// The cube's corners: corner `i` is `(i & 1, i >> 1 & 1, i >> 2 & 1)`.
pub fn cube_positions() -> Vec<[f32; 3]> {
    (0..8).map(|i| [(i & 1) as f32, (i >> 1 & 1) as f32, (i >> 2 & 1) as f32]).collect()
}

/// The cube's six faces, counter-clockwise seen from outside.
pub const CUBE_QUADS: [[u32; 4]; 6] =
    [[0, 2, 3, 1], [4, 5, 7, 6], [0, 1, 5, 4], [2, 6, 7, 3], [0, 4, 6, 2], [1, 3, 7, 5]];

/// The cube's quads fanned into twelve triangles.
pub fn cube_triangles() -> Vec<[u32; 3]> {
    CUBE_QUADS.iter().flat_map(|[a, b, c, d]| [[*a, *b, *c], [*a, *c, *d]]).collect()
}

/// A triangle as its three corners' positions, rotated so the smallest
/// comes first (the same triangle whatever the vertex numbering).
pub fn corners(positions: &[[f32; 3]], triangle: [u32; 3]) -> [[f32; 3]; 3] {
    let p = triangle.map(|i| positions[i as usize]);
    let first = (0..3).min_by(|&a, &b| p[a].partial_cmp(&p[b]).unwrap()).unwrap();
    [0, 1, 2].map(|k| p[(first + k) % 3])
}

/// A mesh's triangles as sorted corner positions: equal for equal surfaces.
pub fn surface(positions: &[[f32; 3]], triangles: &[[u32; 3]]) -> Vec<[[f32; 3]; 3]> {
    let mut all: Vec<_> = triangles.iter().map(|&t| corners(positions, t)).collect();
    all.sort_by(|a, b| a.partial_cmp(b).unwrap());
    all
}

pub fn obj(positions: &[[f32; 3]], faces: &[Vec<u32>]) -> Vec<u8> {
    let mut text = String::from("# a cube\no cube\n");
    for [x, y, z] in positions {
        text += &format!("v {x} {y} {z}\n");
    }
    for face in faces {
        let corners: Vec<String> = face.iter().map(|i| (i + 1).to_string()).collect();
        text += &format!("f {}\n", corners.join(" "));
    }
    text.into_bytes()
}

pub fn off(positions: &[[f32; 3]], faces: &[Vec<u32>]) -> Vec<u8> {
    let mut text = format!("OFF\n# a cube\n{} {} 0\n", positions.len(), faces.len());
    for [x, y, z] in positions {
        text += &format!("{x} {y} {z}\n");
    }
    for face in faces {
        let corners: Vec<String> = face.iter().map(u32::to_string).collect();
        text += &format!("{} {}\n", face.len(), corners.join(" "));
    }
    text.into_bytes()
}

/// PLY's encodings.
#[derive(Clone, Copy, PartialEq)]
pub enum Encoding {
    Ascii,
    LittleEndian,
    BigEndian,
}

/// A PLY file: float x, y, z per vertex, `uchar int` vertex_indices per face.
pub fn ply(positions: &[[f32; 3]], faces: &[Vec<u32>], encoding: Encoding) -> Vec<u8> {
    let format = match encoding {
        Encoding::Ascii => "ascii",
        Encoding::LittleEndian => "binary_little_endian",
        Encoding::BigEndian => "binary_big_endian",
    };
    let mut bytes = format!(
        "ply\nformat {format} 1.0\ncomment a cube\nelement vertex {}\nproperty float x\n\
         property float y\nproperty float z\nelement face {}\n\
         property list uchar int vertex_indices\nend_header\n",
        positions.len(),
        faces.len()
    )
    .into_bytes();
    let word = |bytes: &mut Vec<u8>, b: [u8; 4]| match encoding {
        Encoding::BigEndian => bytes.extend(b.iter().rev()),
        _ => bytes.extend(b),
    };
    for p in positions {
        match encoding {
            Encoding::Ascii => bytes.extend(format!("{} {} {}\n", p[0], p[1], p[2]).bytes()),
            _ => p.iter().for_each(|v| word(&mut bytes, v.to_le_bytes())),
        }
    }
    for face in faces {
        match encoding {
            Encoding::Ascii => {
                let corners: Vec<String> = face.iter().map(u32::to_string).collect();
                bytes.extend(format!("{} {}\n", face.len(), corners.join(" ")).bytes());
            }
            _ => {
                bytes.push(face.len() as u8);
                face.iter().for_each(|&i| word(&mut bytes, (i as i32).to_le_bytes()));
            }
        }
    }
    bytes
}

/// An ASCII STL file of the triangles (normals left zero, as readers recompute them).
pub fn stl_ascii(positions: &[[f32; 3]], triangles: &[[u32; 3]]) -> Vec<u8> {
    let mut text = String::from("solid cube\n");
    for t in triangles {
        text += "  facet normal 0 0 0\n    outer loop\n";
        for [x, y, z] in t.map(|i| positions[i as usize]) {
            text += &format!("      vertex {x} {y} {z}\n");
        }
        text += "    endloop\n  endfacet\n";
    }
    (text + "endsolid cube\n").into_bytes()
}

/// A binary STL file of the triangles; `count` overrides the declared count.
pub fn stl_binary(positions: &[[f32; 3]], triangles: &[[u32; 3]], count: Option<u32>) -> Vec<u8> {
    let mut bytes = vec![b' '; 80];
    bytes[..10].copy_from_slice(b"binary STL");
    bytes.extend(count.unwrap_or(triangles.len() as u32).to_le_bytes());
    for t in triangles {
        bytes.extend([0f32; 3].iter().flat_map(|v| v.to_le_bytes()));
        for p in t.map(|i| positions[i as usize]) {
            bytes.extend(p.iter().flat_map(|v| v.to_le_bytes()));
        }
        bytes.extend([0, 0]);
    }
    bytes
}

/// The binary buffer of a glTF mesh: the positions (f32 VEC3), then the
/// triangles' indices (u16), and the glTF JSON naming it as `uri` (None:
/// a GLB's BIN chunk); the node moves the mesh by `translation`.
fn gltf_json(
    positions: &[[f32; 3]],
    triangles: &[[u32; 3]],
    translation: [f32; 3],
    uri: Option<String>,
) -> (String, Vec<u8>) {
    let mut buffer: Vec<u8> = positions.iter().flatten().flat_map(|v| v.to_le_bytes()).collect();
    let positions_length = buffer.len();
    buffer.extend(triangles.iter().flatten().flat_map(|&i| (i as u16).to_le_bytes()));
    let indices_length = buffer.len() - positions_length;
    buffer.resize(buffer.len().next_multiple_of(4), 0);
    let bound = |start: f32, pick: fn(f32, f32) -> f32| {
        [0, 1, 2].map(|k| positions.iter().map(|p| p[k]).fold(start, pick))
    };
    let (min, max) = (bound(f32::INFINITY, f32::min), bound(f32::NEG_INFINITY, f32::max));
    let uri = uri.map_or(String::new(), |u| format!(r#""uri":"{u}","#));
    let json = format!(
        r#"{{"asset":{{"version":"2.0"}},"scene":0,"scenes":[{{"nodes":[0]}}],
"nodes":[{{"mesh":0,"translation":{translation:?}}}],
"meshes":[{{"primitives":[{{"attributes":{{"POSITION":0}},"indices":1,"mode":4}}]}}],
"accessors":[
 {{"bufferView":0,"componentType":5126,"count":{},"type":"VEC3","min":{min:?},"max":{max:?}}},
 {{"bufferView":1,"componentType":5123,"count":{},"type":"SCALAR"}}],
"bufferViews":[{{"buffer":0,"byteOffset":0,"byteLength":{positions_length}}},
 {{"buffer":0,"byteOffset":{positions_length},"byteLength":{indices_length}}}],
"buffers":[{{{uri}"byteLength":{}}}]}}"#,
        positions.len(),
        triangles.len() * 3,
        buffer.len()
    );
    (json, buffer)
}

/// A .gltf file with its buffer embedded as a base64 `data:` URI.
pub fn gltf(positions: &[[f32; 3]], triangles: &[[u32; 3]], translation: [f32; 3]) -> Vec<u8> {
    let (_, buffer) = gltf_json(positions, triangles, translation, None);
    let encoded = base64::engine::general_purpose::STANDARD.encode(&buffer);
    let uri = format!("data:application/octet-stream;base64,{encoded}");
    gltf_json(positions, triangles, translation, Some(uri)).0.into_bytes()
}

/// A .gltf file whose buffer is the file `uri` beside it (wam refuses it).
pub fn gltf_external(positions: &[[f32; 3]], triangles: &[[u32; 3]], uri: &str) -> Vec<u8> {
    gltf_json(positions, triangles, [0.0; 3], Some(uri.to_string())).0.into_bytes()
}

/// A GLB file: the JSON chunk, then the BIN chunk.
pub fn glb(positions: &[[f32; 3]], triangles: &[[u32; 3]], translation: [f32; 3]) -> Vec<u8> {
    let (json, buffer) = gltf_json(positions, triangles, translation, None);
    let mut json = json.into_bytes();
    json.resize(json.len().next_multiple_of(4), b' ');
    let total = 12 + 8 + json.len() + 8 + buffer.len();
    let mut bytes = b"glTF".to_vec();
    bytes.extend(2u32.to_le_bytes());
    bytes.extend((total as u32).to_le_bytes());
    bytes.extend((json.len() as u32).to_le_bytes());
    bytes.extend(b"JSON");
    bytes.extend(json);
    bytes.extend((buffer.len() as u32).to_le_bytes());
    bytes.extend(b"BIN\0");
    bytes.extend(buffer);
    bytes
}

/// The cube's quads as polygons (for the formats that keep polygons).
pub fn cube_faces() -> Vec<Vec<u32>> {
    CUBE_QUADS.iter().map(|q| q.to_vec()).collect()
}

/// The cube in every format wam reads: (file name, bytes).
pub fn cube_files() -> Vec<(&'static str, Vec<u8>)> {
    let (p, f, t) = (cube_positions(), cube_faces(), cube_triangles());
    vec![
        ("cube.obj", obj(&p, &f)),
        ("cube.ply", ply(&p, &f, Encoding::Ascii)),
        ("cube-le.ply", ply(&p, &f, Encoding::LittleEndian)),
        ("cube-be.ply", ply(&p, &f, Encoding::BigEndian)),
        ("cube.off", off(&p, &f)),
        ("cube.stl", stl_ascii(&p, &t)),
        ("cube-binary.stl", stl_binary(&p, &t, None)),
        ("cube.gltf", gltf(&p, &t, [0.0; 3])),
        ("cube.glb", glb(&p, &t, [0.0; 3])),
    ]
}
