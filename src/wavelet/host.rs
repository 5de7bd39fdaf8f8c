//! The one-axis transform as plain loops over host memory (the CPU
//! backend's fast path, [`super::flex`]), and the adjoint of each step.
//!
//! Data are slabs `[outer, len, inner]`, row-major: the axis being
//! transformed is the middle one. One level is four linear steps:
//!
//! - analysis = [`correlate`] ∘ [`Resampling::gather`] (the signal extension);
//! - synthesis = gather (crop) ∘ [`correlate_transpose`] ∘ gather (periodic
//!   wrap of the coefficients, periodization only);
//!
//! and their adjoints (autodiff) are the same steps transposed:
//! [`Resampling::scatter`] and the other correlation.

use std::borrow::Cow;
use std::ops::Range;

/// A linear map from a source axis of `source_len` rows to `len`
/// positions: position `t` reads row `t + offset` where that lies in the
/// source, and the row listed in `outside` elsewhere (`None`: zero).
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Resampling {
    len: usize,
    source_len: usize,
    offset: isize,
    outside: Vec<(usize, Option<usize>)>,
}

impl Resampling {
    /// `len` positions reading row `t + offset`; positions whose row falls
    /// outside `0..source_len` read `read(t + offset)` instead.
    pub(super) fn new(
        len: usize,
        source_len: usize,
        offset: isize,
        read: impl Fn(isize) -> Option<usize>,
    ) -> Self {
        let mut map = Self { len, source_len, offset, outside: Vec::new() };
        let inside = map.inside();
        map.outside = (0..inside.start)
            .chain(inside.end..len)
            .map(|t| (t, read(t as isize + offset)))
            .collect();
        map
    }

    /// Number of positions.
    pub(super) fn len(&self) -> usize {
        self.len
    }

    /// The positions that read their own row of the source, `t + offset`.
    fn inside(&self) -> Range<usize> {
        let start = (-self.offset).clamp(0, self.len as isize) as usize;
        let end = (self.source_len as isize - self.offset).clamp(start as isize, self.len as isize);
        start..end as usize
    }

    /// `[outer, len, inner]` read from `source` (`[outer, source_len, inner]`).
    pub(super) fn gather<'a>(
        &self,
        source: Cow<'a, [f32]>,
        outer: usize,
        inner: usize,
    ) -> Cow<'a, [f32]> {
        if self.is_identity() {
            return source;
        }
        let inside = self.inside();
        let mut out = vec![0.0; outer * self.len * inner];
        for (src, dst) in
            source.chunks_exact(self.source_len * inner).zip(out.chunks_exact_mut(self.len * inner))
        {
            let first = (inside.start as isize + self.offset) as usize;
            dst[inside.start * inner..inside.end * inner]
                .copy_from_slice(&src[first * inner..(first + inside.len()) * inner]);
            for &(t, row) in &self.outside {
                if let Some(row) = row {
                    dst[t * inner..(t + 1) * inner]
                        .copy_from_slice(&src[row * inner..(row + 1) * inner]);
                }
            }
        }
        Cow::Owned(out)
    }

    /// The adjoint of [`Resampling::gather`]: every position's values added
    /// into the row it reads (`[outer, len, inner]` → `[outer, source_len, inner]`).
    pub(super) fn scatter<'a>(
        &self,
        values: Cow<'a, [f32]>,
        outer: usize,
        inner: usize,
    ) -> Cow<'a, [f32]> {
        if self.is_identity() {
            return values;
        }
        let inside = self.inside();
        let mut out = vec![0.0; outer * self.source_len * inner];
        for (src, dst) in
            values.chunks_exact(self.len * inner).zip(out.chunks_exact_mut(self.source_len * inner))
        {
            let first = (inside.start as isize + self.offset) as usize;
            dst[first * inner..(first + inside.len()) * inner]
                .copy_from_slice(&src[inside.start * inner..inside.end * inner]);
            for &(t, row) in &self.outside {
                if let Some(row) = row {
                    add(
                        &mut dst[row * inner..(row + 1) * inner],
                        1.0,
                        &src[t * inner..(t + 1) * inner],
                    );
                }
            }
        }
        Cow::Owned(out)
    }

    fn is_identity(&self) -> bool {
        self.len == self.source_len && self.offset == 0
    }
}

/// `y += a · x`.
fn add(y: &mut [f32], a: f32, x: &[f32]) {
    for (y, x) in y.iter_mut().zip(x) {
        *y += a * x;
    }
}

/// Both bands of a stride-2 correlation: `band[i] = Σ_m taps[m] · y[2 i + m]`
/// for `i` in `0..(len − L) / 2 + 1`, with `y` `[outer, len, inner]`;
/// returns `[2, outer, n, inner]`, the first band first.
pub(super) fn correlate(
    y: &[f32],
    outer: usize,
    len: usize,
    inner: usize,
    taps: &[Vec<f32>; 2],
) -> Vec<f32> {
    let l = taps[0].len();
    let n = (len - l) / 2 + 1;
    let mut both = vec![0.0; 2 * outer * n * inner];
    let (lo, hi) = both.split_at_mut(outer * n * inner);
    let rows = y.chunks_exact(len * inner);
    for ((y, lo), hi) in
        rows.zip(lo.chunks_exact_mut(n * inner)).zip(hi.chunks_exact_mut(n * inner))
    {
        if inner == 1 {
            // Polyphase: taps 2j and 2j + 1 read the pairs (y[2 (i + j)], y[2 (i + j) + 1]).
            let (pairs, _) = y.as_chunks::<2>();
            for j in 0..l / 2 {
                let [lo_even, lo_odd, hi_even, hi_odd] =
                    [taps[0][2 * j], taps[0][2 * j + 1], taps[1][2 * j], taps[1][2 * j + 1]];
                for ((lo, hi), [even, odd]) in lo.iter_mut().zip(hi.iter_mut()).zip(&pairs[j..]) {
                    *lo += lo_even * even + lo_odd * odd;
                    *hi += hi_even * even + hi_odd * odd;
                }
            }
            continue;
        }
        let bands = lo.chunks_exact_mut(inner).zip(hi.chunks_exact_mut(inner));
        for (i, (lo, hi)) in bands.enumerate() {
            for m in 0..l {
                let row = &y[(2 * i + m) * inner..(2 * i + m + 1) * inner];
                add(lo, taps[0][m], row);
                add(hi, taps[1][m], row);
            }
        }
    }
    both
}

/// The transpose of [`correlate`]: `y[2 i + m] += taps[m] · band[i]` over
/// both bands (`[outer, n, inner]` each), `y` `[outer, 2 n + L − 2, inner]`.
pub(super) fn correlate_transpose(
    lo: &[f32],
    hi: &[f32],
    outer: usize,
    n: usize,
    inner: usize,
    taps: &[Vec<f32>; 2],
) -> Vec<f32> {
    let l = taps[0].len();
    let len = 2 * n + l - 2;
    let mut y = vec![0.0; outer * len * inner];
    let bands = lo.chunks_exact(n * inner).zip(hi.chunks_exact(n * inner));
    for (y, (lo, hi)) in y.chunks_exact_mut(len * inner).zip(bands) {
        if inner == 1 {
            // Polyphase, as in `correlate`.
            let (pairs, _) = y.as_chunks_mut::<2>();
            for j in 0..l / 2 {
                let [lo_even, lo_odd, hi_even, hi_odd] =
                    [taps[0][2 * j], taps[0][2 * j + 1], taps[1][2 * j], taps[1][2 * j + 1]];
                for ((&lo, &hi), [even, odd]) in lo.iter().zip(hi).zip(&mut pairs[j..]) {
                    *even += lo_even * lo + hi_even * hi;
                    *odd += lo_odd * lo + hi_odd * hi;
                }
            }
            continue;
        }
        let bands = lo.chunks_exact(inner).zip(hi.chunks_exact(inner));
        for (i, (lo, hi)) in bands.enumerate() {
            for m in 0..l {
                let row = &mut y[(2 * i + m) * inner..(2 * i + m + 1) * inner];
                add(row, taps[0][m], lo);
                add(row, taps[1][m], hi);
            }
        }
    }
    y
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(n: usize, seed: usize) -> Vec<f32> {
        (0..n).map(|i| ((i * 37 + seed * 11) % 23) as f32 / 7.0 - 1.5).collect()
    }

    fn inner_product(a: &[f32], b: &[f32]) -> f64 {
        a.iter().zip(b).map(|(a, b)| *a as f64 * *b as f64).sum()
    }

    /// `<A x, y> = <x, Aᵀ y>` for the gather / scatter and correlation pairs.
    #[test]
    fn steps_and_their_adjoints_agree() {
        let (outer, inner) = (2, 3);
        // 7 source rows read at 12 positions, from row −3 (mirror and zero margins).
        let map = Resampling::new(12, 7, -3, |i| (i >= -2).then(|| i.unsigned_abs() % 7));
        let x = values(outer * 7 * inner, 1);
        let y = values(outer * 12 * inner, 2);
        let lhs = inner_product(&map.gather(Cow::Borrowed(&x), outer, inner), &y);
        let rhs = inner_product(&x, &map.scatter(Cow::Borrowed(&y), outer, inner));
        assert!((lhs - rhs).abs() < 1e-4, "{lhs} {rhs}");

        let taps = [values(6, 3), values(6, 4)];
        for inner in [1, 3] {
            let (len, n) = (14, 5);
            let y = values(outer * len * inner, 5);
            let both = correlate(&y, outer, len, inner, &taps);
            let (lo, hi) = both.split_at(both.len() / 2);
            let (u, v) = (values(lo.len(), 6), values(hi.len(), 7));
            let lhs = inner_product(lo, &u) + inner_product(hi, &v);
            let rhs = inner_product(&y, &correlate_transpose(&u, &v, outer, n, inner, &taps));
            assert!((lhs - rhs).abs() < 1e-3, "{inner}: {lhs} {rhs}");
        }
    }

    #[test]
    fn gather_reads_the_listed_rows() {
        let map = Resampling::new(6, 3, -2, |i| (i >= 0).then_some(0));
        assert_eq!(
            *map.gather(Cow::Borrowed(&[1.0, 2.0, 3.0]), 1, 1),
            [0.0, 0.0, 1.0, 2.0, 3.0, 1.0]
        );
        assert_eq!(map.len(), 6);
    }
}
