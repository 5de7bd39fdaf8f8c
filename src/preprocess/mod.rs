//! From decoded input to the model's tensor `[C, *spatial]`.

mod image;

pub use image::{RgbImage, preprocess_image};
