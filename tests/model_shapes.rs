//! The shape model trained in the project (`wam train shapes`): its
//! committed weights recognise a fresh held-out draw of the procedural
//! objects, and 3-D WAM through it is the 3-D DWT of its input gradient.

use std::path::Path;

use burn::tensor::Device;
use wam::array::HostArray;
use wam::explain::{Attribution, ExplainOptions, Method, Target, classify, explain};
use wam::mesh::voxelise::{UpAxis, voxelise};
use wam::modality::Views;
use wam::model::{Manifest, Model};
use wam::render::Colouring;
use wam::shapes::{CLASSES, predictions, voxelised};
use wam::wavelet::{Dwt, Mode, Wavelet};

fn models() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/models"))
}

fn shapes_model(device: &Device) -> Model {
    let folder = models().join("shapes");
    let read = |name: &str| std::fs::read(folder.join(name)).unwrap();
    let manifest = Manifest::from_json(&String::from_utf8(read("manifest.json")).unwrap()).unwrap();
    let labels = String::from_utf8(read("labels.txt")).unwrap();
    Model::load(manifest, &read("weights.safetensors"), &labels, device).unwrap()
}

fn training_report() -> serde_json::Value {
    let text = std::fs::read_to_string(models().join("shapes/training.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn the_labels_are_the_generated_classes() {
    let model = shapes_model(&Device::flex());
    assert_eq!(model.labels, CLASSES);
}

#[test]
fn held_out_accuracy_from_the_committed_weights_is_at_least_90_percent() {
    // The held-out objects the report names, drawn afresh from its seed.
    let report = training_report();
    let data = &report["data"];
    let seed = data["seed"].as_u64().unwrap();
    let [first, end] = [0, 1].map(|i| data["held_out"]["indices"][i].as_u64().unwrap());
    let held_out = voxelised(seed, first..end, data["resolution"].as_u64().unwrap() as usize);
    let device = Device::flex();
    let model = shapes_model(&device);
    let predicted =
        pollster::block_on(predictions(model.network.as_ref(), &held_out, 16, &device)).unwrap();
    let right = predicted.iter().zip(&held_out).filter(|(p, (_, c))| *p == c).count();
    let accuracy = right as f64 / held_out.len() as f64;
    assert!(accuracy >= 0.9, "held-out accuracy {accuracy} ({right}/{})", held_out.len());
    let reported = report["held_out_accuracy"].as_f64().unwrap();
    assert!((accuracy - reported).abs() < 1e-9, "recomputed {accuracy}, reported {reported}");
}

#[test]
fn haar_wam_3d_is_the_dwt_of_the_input_gradient() {
    // Haar at even sizes is orthogonal, so the gradient on the coefficients
    // is the transform of the gradient on the voxels: WAM = DWT(saliency).
    let device = Device::flex().autodiff();
    let model = shapes_model(&device);
    let (x, class) = voxelised(7, 3..4, 32).remove(0);
    let options = |method| ExplainOptions {
        method,
        target: Target::Class(class),
        wavelet: Wavelet::new("haar").unwrap(),
        mode: Mode::Symmetric,
        levels: 3,
        ..ExplainOptions::default()
    };
    let run = |method| {
        let options = options(method);
        let network = model.network.as_ref();
        pollster::block_on(explain(network, &x, &options, &device, &mut |_, _| true)).unwrap()
    };
    let Attribution::Wavelet { bands, .. } = run(Method::Wam).attribution else {
        panic!("WAM attributes wavelet coefficients")
    };
    let Attribution::Input(gradient) = run(Method::Saliency).attribution else {
        panic!("saliency attributes the input")
    };
    assert!(gradient.data().iter().any(|v| *v != 0.0), "a zero gradient");
    let dwt = Dwt::new(Wavelet::new("haar").unwrap(), Mode::Symmetric, 3, 3).unwrap();
    let transformed = dwt.wavedecn_array(&gradient, &Device::flex()).unwrap();
    // Seven detail bands a level (aad … ddd) and the approximation.
    assert_eq!(bands.len(), 3 * 7 + 1);
    let got: Vec<f32> =
        bands.iter().flat_map(|(_, a): &(_, HostArray)| a.data().to_vec()).collect();
    let want = transformed.flatten().into_data().convert::<f32>().try_to_vec::<f32>().unwrap();
    let norm = |v: &[f32]| v.iter().map(|x| (*x as f64).powi(2)).sum::<f64>().sqrt();
    let diff: Vec<f32> = got.iter().zip(&want).map(|(a, b)| a - b).collect();
    assert_eq!(got.len(), want.len());
    let error = norm(&diff) / norm(&want);
    assert!(error < 1e-5, "relative error {error}");
}

#[test]
fn pyvistas_airplane_is_an_airplane() {
    // A real mesh, never trained on (scripts/fetch-meshes; z points up in it).
    let path = models().join(".downloads/meshes/pyvista/airplane.ply");
    let mesh = wam::mesh::decode(&std::fs::read(&path).unwrap(), "airplane.ply").unwrap();
    let input = voxelise(&mesh, 32, UpAxis::Z).unwrap().to_input();
    let device = Device::flex();
    let model = shapes_model(&device);
    let logits = pollster::block_on(classify(model.network.as_ref(), &input, &device)).unwrap();
    let top = &model.top(&logits, 1)[0];
    assert_eq!(top.label, "airplane", "{top:?}");
    assert!(top.probability > 0.5, "{top:?}");
}

#[test]
fn a_volumes_views_place_its_decomposition_in_the_3d_mosaic() {
    // The page slices each band of the input's own decomposition: the views
    // hand them over with their place in pywt's coeffs_to_array layout.
    let device = Device::flex().autodiff();
    let model = shapes_model(&device);
    let (x, class) = voxelised(7, 3..4, 32).remove(0);
    let options = ExplainOptions {
        method: Method::Saliency,
        target: Target::Class(class),
        wavelet: Wavelet::new("haar").unwrap(),
        levels: 3,
        ..ExplainOptions::default()
    };
    let network = model.network.as_ref();
    let explanation =
        pollster::block_on(explain(network, &x, &options, &device, &mut |_, _| true)).unwrap();
    let views = Views::new(&model.manifest, &x, &explanation, Colouring::Magnitude);
    let (_, bands) = views.regions.iter().find(|(name, _)| *name == "decomposition").unwrap();
    assert_eq!(bands.len(), 3 * 7 + 1);
    let cells: usize = bands.iter().map(|b| b.place.shape.iter().product::<usize>()).sum();
    assert_eq!(cells, 32 * 32 * 32, "the bands tile the mosaic");
    for (region, (band, values)) in bands.iter().zip(&explanation.decomposition) {
        assert_eq!((&region.place.band, region.values.data()), (band, values.data()));
        assert_eq!(region.place.shape, values.shape()[1..]);
    }
    let place = |name: &str| bands.iter().find(|b| b.place.band.name() == name).unwrap();
    assert_eq!(place("a").place.offset, [0, 0, 0]);
    assert_eq!(place("d1_ddd").place.offset, [16, 16, 16]);
    assert_eq!(place("d1_aad").place.offset, [0, 0, 16]);
    // A filled object has a positive approximation, drawn on its own scale.
    let approximation = &place("a").legend;
    assert!(approximation.high > 0.0 && approximation.max >= approximation.high);
}
