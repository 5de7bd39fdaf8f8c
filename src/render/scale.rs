//! How heat pictures turn values into colours: every map is drawn up to
//! its display top, the 99th percentile of its values' magnitudes (larger
//! ones are clipped to it), so that a few extreme values do not dim the
//! rest: from 0 (darkest) for magnitudes, from `-top` (blue) through 0
//! (white) for signed values ([`Colouring`]). One rule for every method and
//! every picture, so that pictures of different methods compare; [`Legend`]
//! says what was drawn.

use super::colouring::Colouring;

/// The percentile of a map's values drawn brightest.
pub const CLIP_PERCENTILE: f32 = 99.0;

/// The end of the scale of `values`: the [`CLIP_PERCENTILE`]-th percentile
/// (nearest rank) of `|value|`, or the largest `|value|` where that is 0 (a
/// map of almost only zeros); 0 for an empty or all-zero map. Magnitudes
/// (≥ 0) are drawn from 0 to it, signed values from `-top` to `top`.
pub fn display_top(values: &[f32]) -> f32 {
    if values.is_empty() {
        return 0.0;
    }
    let mut sorted: Vec<f32> = values.iter().map(|v| v.abs()).collect();
    let rank = ((CLIP_PERCENTILE / 100.0) * (sorted.len() - 1) as f32).round() as usize;
    let (_, top, _) = sorted.select_nth_unstable_by(rank, f32::total_cmp);
    let top = *top;
    if top > 0.0 { top } else { largest(values) }
}

/// The largest `|value|`, or 0.
fn largest(values: &[f32]) -> f32 {
    values.iter().fold(0.0, |m, v| m.max(v.abs()))
}

/// The largest value, or 0 (for maps ≥ 0).
pub(super) fn max_of(values: &[f32]) -> f32 {
    values.iter().fold(0.0, |m, v| m.max(*v))
}

/// What a heat picture's colours mean, for its colour bar: its colouring's
/// map from `low` to `high` (values beyond them clipped to them).
#[derive(Clone, Debug, PartialEq)]
pub struct Legend {
    /// The value drawn at the low end: 0 (magnitude), `-high` (signed).
    pub low: f32,
    /// The value drawn at the high end: the [`display_top`] (per band: the
    /// largest of the bands' own).
    pub high: f32,
    /// The largest `|value|` in the picture.
    pub max: f32,
    /// Each band (or row) scaled by its own top, rather than one scale shared
    /// by the whole picture.
    pub per_band: bool,
    /// How the values are coloured (signed: a two-sided map, white at 0).
    pub colouring: Colouring,
}

impl Legend {
    /// One scale shared by the whole picture of `values`.
    pub fn shared(values: &[f32], colouring: Colouring) -> Self {
        Self::new(display_top(values), largest(values), false, colouring)
    }

    /// Each of `bands` scaled by its own top.
    pub fn per_band<'a>(bands: impl IntoIterator<Item = &'a [f32]>, colouring: Colouring) -> Self {
        let (high, max) = bands
            .into_iter()
            .fold((0.0f32, 0.0f32), |(h, m), b| (h.max(display_top(b)), m.max(largest(b))));
        Self::new(high, max, true, colouring)
    }

    fn new(high: f32, max: f32, per_band: bool, colouring: Colouring) -> Self {
        let low = match colouring {
            Colouring::Magnitude => 0.0,
            Colouring::Signed => -high,
        };
        Self { low, high, max, per_band, colouring }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_top_is_the_99th_percentile() {
        // 0, 1, …, 99 and one extreme value: rank round(0.99 · 100) = 99 of the sorted 101.
        let mut values: Vec<f32> = (0..100).map(|v| v as f32).collect();
        values.push(1e6);
        values.reverse();
        assert_eq!(display_top(&values), 99.0);
        let legend = Legend::shared(&values, Colouring::Magnitude);
        assert_eq!((legend.low, legend.high, legend.max, legend.per_band), (0.0, 99.0, 1e6, false));
    }

    #[test]
    fn sparse_and_empty_maps() {
        let mut sparse = vec![0.0; 1000];
        sparse[3] = 2.0;
        assert_eq!(display_top(&sparse), 2.0, "a map of almost only zeros keeps its maximum");
        assert_eq!(display_top(&[0.0; 10]), 0.0);
        assert_eq!(display_top(&[]), 0.0);
    }

    #[test]
    fn per_band_legends_keep_the_largest_top() {
        let (a, b) = ([1.0, 2.0, 3.0], [10.0, 20.0, 30.0]);
        let legend = Legend::per_band([&a[..], &b[..]], Colouring::Magnitude);
        assert_eq!((legend.high, legend.max, legend.per_band), (30.0, 30.0, true));
    }

    #[test]
    fn signed_maps_clip_symmetrically_at_the_99th_percentile_of_magnitudes() {
        // |v| = 0, 1, …, 99 with alternating signs, and one extreme negative
        // value: the top is the 99th percentile of |v|, whatever the signs.
        let mut values: Vec<f32> =
            (0..100).map(|v| if v % 2 == 0 { v as f32 } else { -(v as f32) }).collect();
        values.push(-1e6);
        assert_eq!(display_top(&values), 99.0);
        let legend = Legend::shared(&values, Colouring::Signed);
        assert_eq!((legend.low, legend.high, legend.max), (-99.0, 99.0, 1e6));
        assert_eq!(legend.colouring, Colouring::Signed);
        let bands = Legend::per_band([&[-4.0, 1.0][..], &[2.0, -3.0][..]], Colouring::Signed);
        assert_eq!((bands.low, bands.high, bands.max, bands.per_band), (-4.0, 4.0, 4.0, true));
    }
}
