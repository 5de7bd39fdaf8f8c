//! Mesh decoding: a cube written in every format decodes to the same
//! surface; real meshes from registry packages (scripts/fetch-meshes)
//! decode with the counts their headers state; assimp's malformed test
//! files and every kind of hostile input get their one-line error, and
//! limits are enforced before memory is allocated (a counting allocator
//! measures it).
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::path::PathBuf;

use common::meshes::*;
use wam::mesh::{MAX_TRIANGLES, Mesh, MeshError, MeshFormat, decode};

/// Counts the bytes each thread has allocated, and their peak.
struct Counting;

thread_local! {
    static LIVE: Cell<usize> = const { Cell::new(0) };
    static PEAK: Cell<usize> = const { Cell::new(0) };
}

fn count(delta: isize) {
    let live = LIVE.with(|l| l.get()).saturating_add_signed(delta);
    LIVE.with(|l| l.set(live));
    PEAK.with(|p| p.set(p.get().max(live)));
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(layout.size() as isize);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        count(-(layout.size() as isize));
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count(new_size as isize - layout.size() as isize);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Decodes, returning the result and the most memory it held at once.
fn decode_measured(bytes: &[u8], name: &str) -> (Result<Mesh, MeshError>, usize) {
    let base = LIVE.with(|l| l.get());
    PEAK.with(|p| p.set(base));
    let result = decode(bytes, name);
    (result, PEAK.with(|p| p.get()) - base)
}

fn error(bytes: &[u8], name: &str) -> MeshError {
    decode(bytes, name).expect_err(name)
}

#[test]
fn every_format_decodes_the_cube_to_the_same_surface() {
    let expected = surface(&cube_positions(), &cube_triangles());
    for (name, bytes) in cube_files() {
        let mesh = decode(&bytes, name).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(mesh.positions.len(), 8, "{name}");
        assert_eq!(mesh.triangles.len(), 12, "{name}");
        assert_eq!(surface(&mesh.positions, &mesh.triangles), expected, "{name}");
    }
    // The extension is read case-insensitively.
    let obj = obj(&cube_positions(), &cube_faces());
    assert_eq!(decode(&obj, "CUBE.OBJ").unwrap().triangles.len(), 12);
}

#[test]
fn a_binary_stl_whose_header_starts_with_solid_is_read_as_binary() {
    let mut bytes = stl_binary(&cube_positions(), &cube_triangles(), None);
    bytes[..11].copy_from_slice(b"solid cube ");
    assert_eq!(decode(&bytes, "cube.stl").unwrap().triangles.len(), 12);
}

#[test]
fn polygons_are_fanned_from_their_first_corner() {
    let pentagon: Vec<[f32; 3]> = (0..5)
        .map(|i| {
            let a = i as f32 * std::f32::consts::TAU / 5.0;
            [a.cos(), a.sin(), 0.0]
        })
        .collect();
    let face = vec![vec![0, 1, 2, 3, 4]];
    let fan = vec![[0, 1, 2], [0, 2, 3], [0, 3, 4]];
    for (name, bytes) in [
        ("p.obj", obj(&pentagon, &face)),
        ("p.ply", ply(&pentagon, &face, Encoding::BigEndian)),
        ("p.off", off(&pentagon, &face)),
    ] {
        assert_eq!(decode(&bytes, name).unwrap().triangles, fan, "{name}");
    }
}

#[test]
fn gltf_node_transforms_compose_and_apply() {
    let p = cube_positions();
    let moved = decode(&glb(&p, &cube_triangles(), [1.0, 2.0, 3.0]), "m.glb").unwrap();
    let shifted: Vec<[f32; 3]> = p.iter().map(|q| [q[0] + 1.0, q[1] + 2.0, q[2] + 3.0]).collect();
    assert_eq!(moved.positions, shifted);
    // A parent moved by (10, 0, 0) over a child scaled by 2: x ↦ 2x + (10, 0, 0).
    let text = String::from_utf8(gltf(&p, &cube_triangles(), [0.0; 3])).unwrap();
    let text = text.replace(
        r#""nodes":[{"mesh":0,"translation":[0.0, 0.0, 0.0]}]"#,
        r#""nodes":[{"children":[1],"translation":[10,0,0]},{"mesh":0,"scale":[2,2,2]}]"#,
    );
    let nested = decode(text.as_bytes(), "nested.gltf").unwrap();
    let expected: Vec<[f32; 3]> =
        p.iter().map(|q| [2.0 * q[0] + 10.0, 2.0 * q[1], 2.0 * q[2]]).collect();
    assert_eq!(nested.positions, expected);
}

#[test]
fn gltf_triangle_strips_and_fans_are_read() {
    // Six points along a zigzag; the writer's six indices 0..6 read as a
    // strip or a fan once the primitive's mode says so.
    let zigzag: Vec<[f32; 3]> = (0..6).map(|i| [(i / 2) as f32, (i % 2) as f32, 0.0]).collect();
    let six = [[0, 1, 2], [3, 4, 5]];
    let with_mode = |mode: u32| {
        let text = String::from_utf8(gltf(&zigzag, &six, [0.0; 3])).unwrap();
        decode(text.replace(r#""mode":4"#, &format!(r#""mode":{mode}"#)).as_bytes(), "s.gltf")
    };
    assert_eq!(with_mode(5).unwrap().triangles, vec![[0, 1, 2], [2, 1, 3], [2, 3, 4], [4, 3, 5]]);
    // The fan's triangles from corner 0: (0,1,2) and (0,4,5) have area, the
    // rest are collinear with corner 0 or not, as the geometry says.
    let fan = with_mode(6).unwrap().triangles;
    assert!(fan.iter().all(|t| t[0] == 0) && !fan.is_empty());
    assert_eq!(with_mode(0).unwrap_err(), MeshError::NoTriangles);
}

#[test]
fn non_manifold_and_self_intersecting_meshes_decode() {
    // Three triangles on one edge (non-manifold), and two cubes through
    // each other (self-intersecting).
    let fin =
        vec![[0.0, 0.0, 0.0], [0.0, 0.0, 1.0], [1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [-1.0, 0.0, 0.0]];
    let fins = vec![vec![0, 1, 2], vec![0, 1, 3], vec![0, 1, 4]];
    assert_eq!(decode(&off(&fin, &fins), "fin.off").unwrap().triangles.len(), 3);
    let mut two = cube_positions();
    two.extend(cube_positions().iter().map(|p| p.map(|v| v + 0.5)));
    let mut faces = cube_faces();
    faces.extend(cube_faces().iter().map(|f| f.iter().map(|i| i + 8).collect()));
    assert_eq!(decode(&obj(&two, &faces), "two.obj").unwrap().triangles.len(), 24);
}

#[test]
fn degenerate_triangles_are_dropped_and_all_degenerate_is_refused() {
    let p = cube_positions();
    let mut faces = cube_faces();
    faces.push(vec![0, 0, 1]); // a repeated vertex
    faces.push(vec![0, 1, 1]);
    let mut line = p.clone();
    line.push([2.0, 0.0, 0.0]); // collinear with corners 0 and 1
    faces.push(vec![0, 1, 8]);
    let mesh = decode(&ply(&line, &faces, Encoding::Ascii), "d.ply").unwrap();
    assert_eq!(surface(&mesh.positions, &mesh.triangles), surface(&p, &cube_triangles()));
    let flat = decode(&off(&line, &[vec![0, 1, 8], vec![1, 1, 2]]), "flat.off").unwrap_err();
    assert_eq!(flat, MeshError::AllDegenerate(2));
    assert!(flat.to_string().contains("degenerate"));
}

#[test]
fn empty_meshes_and_points_or_lines_only_are_refused() {
    let p = cube_positions();
    assert_eq!(error(b"", "e.obj"), MeshError::Empty);
    assert_eq!(error(&off(&[], &[]), "e.off"), MeshError::Empty);
    assert_eq!(error(&ply(&[], &[], Encoding::LittleEndian), "e.ply"), MeshError::Empty);
    assert_eq!(error(&stl_binary(&p, &[], None), "e.stl"), MeshError::Empty);
    assert!(matches!(error(b"", "e.stl"), MeshError::Malformed { .. }));
    let points_and_lines = b"v 0 0 0\nv 1 0 0\nv 0 1 0\np 1 2 3\nl 1 2\n";
    assert_eq!(error(points_and_lines, "pl.obj"), MeshError::NoTriangles);
    assert_eq!(error(&off(&p, &[vec![0, 1], vec![2]]), "pl.off"), MeshError::NoTriangles);
    assert_eq!(error(&ply(&p, &[], Encoding::Ascii), "points.ply"), MeshError::NoTriangles);
    assert!(MeshError::NoTriangles.to_string().contains("points or lines only"));
}

#[test]
fn non_finite_vertices_are_refused_in_every_format() {
    let mut p = cube_positions();
    p[5] = [0.0, f32::NAN, 0.0];
    let mut files = vec![
        ("n.obj", obj(&p, &cube_faces())),
        ("n.ply", ply(&p, &cube_faces(), Encoding::LittleEndian)),
        ("n.off", off(&p, &cube_faces())),
        ("n.gltf", gltf(&p, &cube_triangles(), [0.0; 3])),
        ("n.glb", glb(&p, &cube_triangles(), [0.0; 3])),
    ];
    p[5] = [f32::INFINITY, 0.0, 0.0];
    files.push(("i.stl", stl_binary(&p, &cube_triangles(), None)));
    for (name, bytes) in files {
        let error = error(&bytes, name);
        assert!(matches!(error, MeshError::NonFinite(_)), "{name}: {error}");
        assert!(error.to_string().contains("not finite"));
    }
}

#[test]
fn indices_out_of_range_are_refused_in_every_format() {
    let p = cube_positions();
    let out = vec![vec![0, 1, 8]];
    let negative = vec![vec![0, 1, u32::MAX]]; // written as -1 where the format is signed
    let expected = MeshError::IndexOutOfRange { index: 8, count: 8 };
    assert_eq!(error(&off(&p, &out), "o.off"), expected);
    assert_eq!(error(&ply(&p, &out, Encoding::BigEndian), "o.ply"), expected);
    let wide = MeshError::IndexOutOfRange { index: -1, count: 8 };
    assert_eq!(error(&ply(&p, &negative, Encoding::LittleEndian), "n.ply"), wide);
    assert_eq!(error(&gltf(&p, &[[0, 1, 8]], [0.0; 3]), "o.gltf"), expected);
    assert_eq!(error(&glb(&p, &[[0, 1, 8]], [0.0; 3]), "o.glb"), expected);
    let obj_error = error(&obj(&p, &out), "o.obj").to_string();
    assert!(obj_error.contains("out of bounds"), "{obj_error}");
    assert!(expected.to_string().contains("refers to vertex 8, but the mesh has 8 vertices"));
}

#[test]
fn gltf_external_or_missing_buffers_are_refused() {
    let (p, t) = (cube_positions(), cube_triangles());
    let external = error(&gltf_external(&p, &t, "cube.bin"), "x.gltf");
    assert_eq!(external, MeshError::ExternalBuffer(0));
    assert!(
        external
            .to_string()
            .contains("external buffers are not supported; use GLB or embedded data URIs")
    );
    // A buffer without a URI in a .gltf (no BIN chunk to point at).
    let text = String::from_utf8(gltf_external(&p, &t, "cube.bin")).unwrap();
    let missing = text.replace(r#""uri":"cube.bin","#, "");
    assert_eq!(error(missing.as_bytes(), "m.gltf"), MeshError::ExternalBuffer(0));
}

#[test]
fn unknown_and_wrong_extensions_name_the_accepted_formats() {
    let cube = cube_files();
    let unknown = error(&cube[0].1, "cube.3ds").to_string();
    assert!(
        unknown.contains("'cube.3ds'") && unknown.contains(".obj, .stl, .ply, .off, .gltf, .glb")
    );
    assert!(matches!(error(&cube[0].1, "cube"), MeshError::UnknownFormat(_)));
    // PLY bytes named .stl, GLB bytes named .off, OFF bytes named .ply.
    for (bytes, name, actual) in [
        (&cube[2].1, "cube.stl", MeshFormat::Ply),
        (&cube[8].1, "cube.off", MeshFormat::Glb),
        (&cube[4].1, "cube.ply", MeshFormat::Off),
    ] {
        let error = error(bytes, name);
        assert_eq!(error, MeshError::WrongExtension { name: name.into(), actual }, "{name}");
        assert!(error.to_string().contains("rename it to ."));
    }
    // OBJ has no signature: its bytes as PLY are just not PLY.
    assert!(error(&cube[0].1, "cube.ply").to_string().starts_with("not a valid PLY file"));
}

/// A PLY header declaring `vertices` and `faces`, with no data after it.
fn ply_header(vertices: usize, faces: usize) -> Vec<u8> {
    let mut bytes = ply(&[], &[], Encoding::LittleEndian);
    let text = String::from_utf8(bytes.clone()).unwrap();
    let text = text
        .replace("element vertex 0", &format!("element vertex {vertices}"))
        .replace("element face 0", &format!("element face {faces}"));
    bytes.clear();
    bytes.extend(text.bytes());
    bytes
}

#[test]
fn declared_counts_past_the_limit_are_refused_before_allocating() {
    let (p, t) = (cube_positions(), cube_triangles());
    let ten_million = 10_000_000;
    let mut gltf_text = String::from_utf8(gltf(&p, &t, [0.0; 3])).unwrap();
    gltf_text = gltf_text.replace(r#""count":36"#, &format!(r#""count":{}"#, 3 * ten_million));
    let cases = [
        ("big.stl", stl_binary(&p, &t, Some(ten_million as u32))),
        ("big.ply", ply_header(8, ten_million)),
        ("big.off", format!("OFF\n8 {ten_million} 0\n").into_bytes()),
        ("big.gltf", gltf_text.into_bytes()),
    ];
    for (name, bytes) in cases {
        let (result, peak) = decode_measured(&bytes, name);
        let error = result.expect_err(name);
        assert!(
            matches!(error, MeshError::TooLarge { what: "triangles", limit: MAX_TRIANGLES, .. }),
            "{name}: {error}"
        );
        assert!(peak < 1 << 20, "{name}: held {peak} bytes before refusing");
    }
    assert!(matches!(
        error(&ply_header(ten_million, 0), "v.ply"),
        MeshError::TooLarge { what: "vertices", .. }
    ));
}

#[test]
fn a_truncated_file_declaring_the_limit_is_refused_without_allocating_it() {
    let (p, t) = (cube_positions(), cube_triangles());
    let cases = [
        ("max.stl", stl_binary(&p, &t, Some(MAX_TRIANGLES as u32))),
        ("max.ply", ply_header(8, MAX_TRIANGLES)),
        ("max.off", format!("OFF\n8 {MAX_TRIANGLES} 0\n").into_bytes()),
    ];
    for (name, bytes) in cases {
        let (result, peak) = decode_measured(&bytes, name);
        let error = result.expect_err(name);
        assert!(matches!(error, MeshError::Malformed { .. }), "{name}: {error}");
        assert!(peak < 4 << 20, "{name}: held {peak} bytes for a {} byte file", bytes.len());
    }
}

/// A fetched mesh file (scripts/fetch-meshes puts them there).
fn fetched(path: &str) -> (Vec<u8>, String) {
    let full =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("models/.downloads/meshes").join(path);
    let bytes = std::fs::read(&full).unwrap_or_else(|e| {
        panic!("{}: {e}; run scripts/fetch-meshes to unpack the test meshes", full.display())
    });
    (bytes, full.file_name().unwrap().to_string_lossy().into_owned())
}

fn decode_fetched(path: &str) -> Result<Mesh, MeshError> {
    let (bytes, name) = fetched(path);
    decode(&bytes, &name)
}

#[test]
fn real_meshes_decode_with_the_counts_their_files_state() {
    // (file, vertices, triangles): PLY and OFF counts are the headers',
    // binary STL counts the header's (vertices welded by position).
    let cases = [
        ("pyvista/airplane.ply", 1335, 2452),
        ("pyvista/ant.ply", 486, 912),
        ("pyvista/nut.ply", 523, 1046),
        ("pyvista/sphere.ply", 422, 840),
        ("assimp-testmodels/PLY/cube_binary.ply", 8, 12),
        ("assimp-testmodels/OFF/Cube.off", 8, 12),
    ];
    for (path, vertices, triangles) in cases {
        let mesh = decode_fetched(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_eq!((mesh.positions.len(), mesh.triangles.len()), (vertices, triangles), "{path}");
    }
    // More real models in every format: each decodes to a sizeable mesh.
    for path in [
        "glmark2-data/bunny.obj",
        "assimp-testmodels/OBJ/spider.obj",
        "assimp-testmodels/OBJ/WusonOBJ.obj",
        "assimp-testmodels/STL/Spider_ascii.stl",
        "assimp-testmodels/STL/Spider_binary.stl",
        "assimp-testmodels/STL/sphereWithHole.stl",
        "assimp-testmodels/STL/3DSMaxExport.STL",
        "assimp-testmodels/OFF/Wuson.off",
        "assimp-testmodels/glTF2/BoxTextured-glTF-Embedded/BoxTextured.gltf",
        "assimp-testmodels/glTF2/BoxTextured-glTF-Binary/BoxTextured.glb",
        "assimp-testmodels/glTF2/2CylinderEngine-glTF-Binary/2CylinderEngine.glb",
    ] {
        let mesh = decode_fetched(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        println!("{path}: {} vertices, {} triangles", mesh.positions.len(), mesh.triangles.len());
        assert!(mesh.triangles.len() >= 12, "{path}");
    }
}

#[test]
fn one_model_in_four_formats_has_one_triangle_count() {
    // assimp's Wuson: 3732 faces in the OFF header (its PLY is refused, below).
    for path in ["OBJ/WusonOBJ.obj", "STL/Wuson.stl", "OFF/Wuson.off"] {
        let mesh = decode_fetched(&format!("assimp-testmodels/{path}")).unwrap();
        assert_eq!(mesh.triangles.len(), 3732, "{path}");
    }
    let ascii = decode_fetched("assimp-testmodels/STL/Spider_ascii.stl").unwrap();
    let binary = decode_fetched("assimp-testmodels/STL/Spider_binary.stl").unwrap();
    assert_eq!(ascii.triangles.len(), binary.triangles.len());
}

#[test]
fn assimps_malformed_files_get_clear_errors() {
    let gltf2 = "assimp-testmodels/glTF2";
    let expect = |path: &str, check: fn(&MeshError) -> bool| {
        let error = decode_fetched(path).expect_err(path);
        assert!(check(&error), "{path}: {error}");
    };
    expect("assimp-testmodels/OFF/invalid.off", |e| matches!(e, MeshError::IndexOutOfRange { .. }));
    // A header line that is no PLY keyword ("Created by Blender3D …").
    expect("assimp-testmodels/PLY/Wuson.ply", |e| {
        e.to_string().starts_with("not a valid PLY file: Line 3")
    });
    expect("assimp-testmodels/invalid/OutOfMemory.off", |e| {
        matches!(e, MeshError::TooLarge { .. })
    });
    expect("assimp-testmodels/invalid/empty.off", |e| matches!(e, MeshError::Malformed { .. }));
    expect("assimp-testmodels/invalid/empty.ply", |e| matches!(e, MeshError::Malformed { .. }));
    expect("assimp-testmodels/invalid/empty.obj", |e| *e == MeshError::Empty);
    expect("assimp-testmodels/invalid/malformed.obj", |e| e.to_string().contains("out of bounds"));
    expect("assimp-testmodels/OBJ/testpoints.obj", |e| *e == MeshError::NoTriangles);
    expect("assimp-testmodels/OBJ/testline.obj", |e| *e == MeshError::NoTriangles);
    expect("assimp-testmodels/PLY/points.ply", |e| *e == MeshError::NoTriangles);
    // Its POSITION bounds, which would be infinite, are missing (JSON has no infinity).
    expect(&format!("{gltf2}/BoxWithInfinites-glTF-Binary/BoxWithInfinites.glb"), |e| {
        e.to_string().contains(r#"attributes["POSITION"].min: Missing data"#)
    });
    expect(&format!("{gltf2}/MissingBin/BoxTextured.gltf"), |e| {
        matches!(e, MeshError::ExternalBuffer(_))
    });
    expect(&format!("{gltf2}/RecursiveNodes/RecursiveNodes.gltf"), |e| {
        e.to_string().contains("parent")
    });
    // IndexOutOfRange's buffer is a .bin beside it: refused as external;
    // with that buffer embedded as a data URI, its bad index is named.
    for name in ["IndexOutOfRange", "AllIndicesOutOfRange"] {
        let path = format!("{gltf2}/IndexOutOfRange/{name}.gltf");
        expect(&path, |e| matches!(e, MeshError::ExternalBuffer(0)));
        let (text, _) = fetched(&path);
        let (bin, _) = fetched(&format!("{gltf2}/IndexOutOfRange/{name}.bin"));
        use base64::Engine;
        let uri = format!("data:;base64,{}", base64::engine::general_purpose::STANDARD.encode(bin));
        let embedded = String::from_utf8(text).unwrap().replace(&format!("{name}.bin"), &uri);
        let error = decode(embedded.as_bytes(), "embedded.gltf").unwrap_err();
        assert!(matches!(error, MeshError::IndexOutOfRange { .. }), "{name}: {error}");
    }
}
