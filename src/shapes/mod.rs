//! The shape model's data: procedural everyday objects ([`classes`], built
//! from [`parts`]), posed at random and voxelised by the same code as
//! uploaded meshes ([`crate::mesh::voxelise`]); seeded, so a data set is
//! reproduced from its seed. `train` (native) fits the model to them.

pub mod classes;
pub mod parts;
#[cfg(feature = "cli")]
pub mod train;

pub use classes::CLASSES;

use burn::tensor::Device;

use crate::array::HostArray;
use crate::explain::noise::SplitMix64;
use crate::explain::{ExplainError, classify_all};
use crate::mesh::Mesh;
use crate::mesh::voxelise::{UpAxis, voxelise};
use crate::model::Classifier;

/// Largest tilt (and roll) off the vertical of a posed object, in radians.
const MAX_TILT: f32 = 0.15;
/// Largest stretch (or squash) of each axis, as a fraction.
const MAX_STRETCH: f32 = 0.15;

/// Object `index` of the data set seeded `seed`: its class (`index` modulo
/// the class count) and its mesh, turned to a random heading, tilted a
/// little and stretched a little along each axis.
pub fn object(seed: u64, index: u64) -> (Mesh, usize) {
    let class = (index % CLASSES.len() as u64) as usize;
    let mut rng = SplitMix64::new(seed, index);
    let mesh = classes::draw(class, &mut rng);
    let yaw = rng.range(0.0, std::f32::consts::TAU);
    let tilt = rng.range(-MAX_TILT, MAX_TILT);
    let roll = rng.range(-MAX_TILT, MAX_TILT);
    let stretch = [0; 3].map(|_| rng.range(1.0 - MAX_STRETCH, 1.0 + MAX_STRETCH));
    (parts::posed(mesh, yaw, tilt, roll, stretch), class)
}

/// Objects `range` of the data set seeded `seed`, voxelised at
/// `resolution`: inputs `[1, R, R, R]` and their classes.
pub fn voxelised(
    seed: u64,
    range: std::ops::Range<u64>,
    resolution: usize,
) -> Vec<(HostArray, usize)> {
    range
        .map(|index| {
            let (mesh, class) = object(seed, index);
            let voxels = voxelise(&mesh, resolution, UpAxis::Y).expect("a generated mesh is valid");
            (voxels.to_input(), class)
        })
        .collect()
}

/// Held-out objects are those from this index on: never among the
/// training objects (indices `0..`) of the same seed.
pub const HELD_OUT_FIRST: u64 = 1 << 40;

/// The classes `model` gives `data`'s inputs, `batch` at a time.
pub async fn predictions(
    model: &dyn Classifier,
    data: &[(HostArray, usize)],
    batch: usize,
    device: &Device,
) -> Result<Vec<usize>, ExplainError> {
    let inputs: Vec<&HostArray> = data.iter().map(|(x, _)| x).collect();
    let logits = classify_all(model, &inputs, batch, device).await?;
    Ok(logits
        .iter()
        .map(|l| (0..l.len()).fold(0, |b, i| if l[i] > l[b] { i } else { b }))
        .collect())
}
