//! From decoded input to the model's tensor `[C, *spatial]`.

mod image;

pub use image::{MAX_PIXELS, RgbImage, check_size, preprocess_image};
