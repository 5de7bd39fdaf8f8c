//! Images: decoded RGB (from a file natively; the page decodes in the
//! browser and hands RGBA over), prepared as torchvision does it on PIL
//! images: resize the shorter side (antialiased bilinear), centre-crop,
//! normalise.

use crate::array::HostArray;
use crate::model::ImagePreprocess;
use crate::resample::resample_window;

/// A decoded 8-bit RGB image, row-major, 3 bytes per pixel.
#[derive(Clone, Debug, PartialEq)]
pub struct RgbImage {
    /// Width in pixels.
    pub width: usize,
    /// Height in pixels.
    pub height: usize,
    /// `height * width * 3` bytes.
    pub pixels: Vec<u8>,
}

/// Images larger than this many pixels are refused before decoding.
pub const MAX_PIXELS: u64 = 50_000_000;

impl RgbImage {
    /// From `width × height` RGBA bytes (a canvas' `ImageData`), dropping
    /// alpha; refuses a wrong length, an empty image or one above [`MAX_PIXELS`].
    pub fn from_rgba(rgba: &[u8], width: usize, height: usize) -> Result<Self, String> {
        Self::check_rgba(rgba.len(), width, height)?;
        let pixels = rgba.chunks_exact(4).flat_map(|p| [p[0], p[1], p[2]]).collect();
        Ok(Self { width, height, pixels })
    }

    /// What [`Self::from_rgba`] checks, on the declared size and the byte
    /// count alone: callers holding the bytes elsewhere (JS) check before
    /// copying them.
    pub fn check_rgba(bytes: usize, width: usize, height: usize) -> Result<(), String> {
        check_size(width, height)?;
        // Within MAX_PIXELS: no overflow, even with 32-bit sizes.
        let expected = width * height * 4;
        if bytes != expected {
            return Err(format!("a {width}×{height} RGBA image has {expected} bytes, got {bytes}"));
        }
        Ok(())
    }
}

/// Refuses empty images and images above [`MAX_PIXELS`].
pub fn check_size(width: usize, height: usize) -> Result<(), String> {
    if width == 0 || height == 0 {
        return Err(format!("the image is empty ({width}×{height})"));
    }
    if width as u64 * height as u64 > MAX_PIXELS {
        return Err(format!(
            "the image is {width}×{height}: images above {} megapixels are refused",
            MAX_PIXELS / 1_000_000
        ));
    }
    Ok(())
}

/// Decodes an image file (PNG, JPEG, WebP, BMP, GIF's first frame) to
/// RGB, refusing one whose header declares more than [`MAX_PIXELS`]
/// before decoding it.
#[cfg(feature = "cli")]
pub fn decode(bytes: &[u8]) -> Result<RgbImage, String> {
    let reader = image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| format!("reading the image header: {e}"))?;
    if reader.format().is_none() {
        return Err("not an image wam can read (PNG, JPEG, WebP, BMP, GIF)".into());
    }
    let (width, height) =
        reader.into_dimensions().map_err(|e| format!("not a readable image: {e}"))?;
    check_size(width as usize, height as usize)?;
    let decoded =
        image::load_from_memory(bytes).map_err(|e| format!("not a readable image: {e}"))?;
    let rgb = decoded.to_rgb8();
    Ok(RgbImage {
        width: rgb.width() as usize,
        height: rgb.height() as usize,
        pixels: rgb.into_raw(),
    })
}

/// The model's input `[3, crop, crop]` from an RGB image, as torchvision's
/// `Resize(shorter) → CenterCrop(crop) → ToTensor → Normalize(mean, std)`.
pub fn preprocess_image(image: &RgbImage, preprocess: &ImagePreprocess) -> HostArray {
    let ImagePreprocess { resize_shorter, crop, mean, std } = preprocess;
    let (w, h) = (image.width, image.height);
    let planes: Vec<f32> = (0..3)
        .flat_map(|c| image.pixels.iter().skip(c).step_by(3).map(|&v| v as f32 / 255.0))
        .collect();
    let planes = HostArray::new(vec![3, h, w], planes).expect("sized");
    // torchvision: the shorter side becomes `resize_shorter`, the longer one is truncated.
    let (out_h, out_w) = if w <= h {
        ((*resize_shorter as f64 * h as f64 / w as f64) as usize, *resize_shorter)
    } else {
        (*resize_shorter, (*resize_shorter as f64 * w as f64 / h as f64) as usize)
    };
    // CenterCrop rounds half to even, like Python's round(); only the crop
    // is resampled, so a long thin image costs no more than a square one.
    let top = ((out_h.saturating_sub(*crop)) as f64 / 2.0).round_ties_even() as usize;
    let left = ((out_w.saturating_sub(*crop)) as f64 / 2.0).round_ties_even() as usize;
    // The crop fits: the shorter side is resized to at least `crop` (Manifest::from_json).
    let cropped = resample_window(&planes, &[out_h, out_w], &[top..top + crop, left..left + crop]);
    let out = cropped
        .data()
        .chunks(crop * crop)
        .enumerate()
        .flat_map(|(c, plane)| plane.iter().map(move |v| (v - mean[c]) / std[c]))
        .collect();
    HostArray::new(vec![3, *crop, *crop], out).expect("sized")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_up_to_the_pixel_limit_are_taken() {
        assert_eq!(check_size(10_000, 5_000), Ok(()));
        let refused = check_size(10_000, 5_001).unwrap_err();
        assert!(refused.contains("above 50 megapixels"), "{refused}");
        assert!(check_size(0, 7).unwrap_err().contains("empty"));
    }

    #[test]
    fn preprocessing_has_torchvision_geometry() {
        let spec = ImagePreprocess { resize_shorter: 8, crop: 4, mean: [0.5; 3], std: [0.5; 3] };
        let image = RgbImage { width: 12, height: 6, pixels: vec![255; 12 * 6 * 3] };
        let x = preprocess_image(&image, &spec);
        assert_eq!(x.shape(), [3, 4, 4]);
        assert!(x.data().iter().all(|v| (v - 1.0).abs() < 1e-6));
    }
}
