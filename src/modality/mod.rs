//! The modality layer, shared by the CLI and the wasm API: raw input
//! ([`Raw`]: a decoded image, or a prepared tensor) becomes the model's
//! tensor `[C, *spatial]` ([`Modality::prepare`]), and an explanation
//! becomes [`Views`] (pictures and arrays fitting the input's rank). The
//! manifest's `preprocess.kind` picks the modality; the edges never branch
//! on it themselves.

pub mod image;
mod views;

pub use image::{MAX_PIXELS, RgbImage, check_size, preprocess_image};

/// Input files larger than this are refused before they are read (the CLI
/// and the page alike).
pub const MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;

/// Refuses a file of `size` bytes above [`MAX_FILE_BYTES`].
pub fn check_file_size(size: u64) -> Result<(), InputError> {
    if size > MAX_FILE_BYTES {
        let mb = |bytes: u64| bytes as f64 / (1024.0 * 1024.0);
        return Err(InputError(format!(
            "the file is {:.0} MB: files over {:.0} MB are refused",
            mb(size),
            mb(MAX_FILE_BYTES)
        )));
    }
    Ok(())
}
pub use views::{Region, Views, input_picture};

use std::fmt;

use crate::array::HostArray;
use crate::model::{Manifest, Preprocess};

/// Raw input, decoded.
#[derive(Clone, Debug)]
pub enum Raw {
    /// An RGB image.
    Image(RgbImage),
    /// The model's tensor itself, `[C, *spatial]` (any modality takes it).
    Tensor(HostArray),
}

/// What kind of raw input a model takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Modality {
    /// Images (decoded RGB), prepared by the manifest's image preprocessing.
    Image,
    /// Prepared tensors only.
    Tensor,
}

impl Modality {
    /// The modality of a model.
    pub fn of(manifest: &Manifest) -> Self {
        match manifest.preprocess {
            Preprocess::Image(_) => Modality::Image,
            Preprocess::Tensor => Modality::Tensor,
        }
    }

    /// Its name, as the wasm API's `modality` and input `kind` say it.
    pub fn name(self) -> &'static str {
        match self {
            Modality::Image => "image",
            Modality::Tensor => "tensor",
        }
    }

    /// The model's input `[C, *spatial]` from `raw`; refuses input of
    /// another modality and tensors of another shape than the model's.
    pub fn prepare(self, raw: Raw, manifest: &Manifest) -> Result<HostArray, InputError> {
        let expected = manifest.input.shape();
        match (raw, &manifest.preprocess) {
            (Raw::Image(image), Preprocess::Image(spec)) => Ok(preprocess_image(&image, spec)),
            (Raw::Image(_), _) => Err(InputError(format!(
                "{} takes {} input {}, not an image",
                manifest.name,
                self.name(),
                axes(&expected)
            ))),
            (Raw::Tensor(tensor), _) if tensor.shape() != expected => Err(InputError(format!(
                "{} takes input of shape {expected:?} {}, got {:?}",
                manifest.name,
                axes(&expected),
                tensor.shape()
            ))),
            (Raw::Tensor(tensor), _) => Ok(tensor),
        }
    }
}

/// The names of the axes of a `[C, *spatial]` shape.
fn axes(shape: &[usize]) -> &'static str {
    match shape.len() {
        2 => "[channels, time]",
        3 => "[channels, height, width]",
        _ => "[channels, depth, height, width]",
    }
}

/// Input that does not fit the model, with the reason.
#[derive(Clone, Debug, PartialEq)]
pub struct InputError(pub String);

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for InputError {}
