//! The depthwise correlation on the CPU. flex's own kernel adds one tap at
//! a time into the output plane (a load and a store of the output per
//! multiply-add) and runs scalar code at stride 2. Here each plane is
//! zero-padded and split by column phase once, and each output row is
//! computed in chunks of up to 16 columns whose sums stay in vector
//! registers over all the taps: contiguous loads at any stride.

/// A depthwise correlation of `[batch, channels, *input]` planes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Geometry {
    pub batch: usize,
    pub channels: usize,
    /// Input plane `[rows, columns]`.
    pub input: [usize; 2],
    /// Kernel `[rows, columns]`.
    pub kernel: [usize; 2],
    pub stride: [usize; 2],
    /// Zero padding before each axis (the padding after follows from `output`).
    pub padding: [usize; 2],
    /// Output plane `[rows, columns]`.
    pub output: [usize; 2],
}

/// `out[b, c, i, j] = bias[c] + Σ w[c, p, q] · x[b, c, s·i + p − pad, s·j + q − pad]`
/// (zero outside the input), for `x` `[batch, channels, *input]`, `weight`
/// `[channels, *kernel]`, `bias` `[channels]` or none; `[batch, channels, *output]`.
pub(super) fn depthwise(x: &[f32], weight: &[f32], bias: Option<&[f32]>, g: &Geometry) -> Vec<f32> {
    let (plane, out_plane) = (g.input[0] * g.input[1], g.output[0] * g.output[1]);
    let taps = g.kernel[0] * g.kernel[1];
    assert_eq!(x.len(), g.batch * g.channels * plane, "depthwise input length");
    assert_eq!(weight.len(), g.channels * taps, "depthwise weight length");
    let mut y = vec![0.0; g.batch * g.channels * out_plane];
    for_each_chunk(&mut y, out_plane, |k, out| {
        let c = k % g.channels;
        let phases = Phases::new(&x[k * plane..][..plane], g);
        let b = bias.map_or(0.0, |bias| bias[c]);
        plane_correlation(&phases, &weight[c * taps..][..taps], b, g, out);
    });
    y
}

/// One input plane, zero-padded and split by column phase: phase `r`
/// holds the padded columns `s·m + r`, so that output columns `j..j + W`
/// read tap `q` from phase `q mod s` at `j + q / s`, contiguous at any
/// stride `s`. Rows stay as they are (row `s·i + p` for tap row `p`).
struct Phases {
    values: Vec<f32>,
    /// Values a phase row holds (room for the widest chunk past the last output).
    width: usize,
    /// Where tap column `q` starts reading in a padded row: `(q mod s)·rows·width + q / s`.
    columns: Vec<usize>,
}

impl Phases {
    fn new(plane: &[f32], g: &Geometry) -> Self {
        let [h, w] = g.input;
        let s = g.stride[1];
        let rows = (g.output[0] - 1) * g.stride[0] + g.kernel[0];
        let width = g.output[1].next_multiple_of(WIDEST) + g.kernel[1].div_ceil(s);
        let mut values = vec![0.0; s * rows * width];
        for r in 0..s {
            // Phase r's value m is input column s·m + r − pad, where that exists.
            let first = g.padding[1].saturating_sub(r).div_ceil(s);
            let x0 = s * first + r - g.padding[1];
            let count = w.saturating_sub(x0).div_ceil(s).min(width - first);
            if count == 0 {
                continue;
            }
            for y in 0..h.min(rows.saturating_sub(g.padding[0])) {
                let to = &mut values[(r * rows + y + g.padding[0]) * width + first..][..count];
                // Every s-th value from x0, the last one included.
                let from = &plane[y * w + x0..][..s * (count - 1) + 1];
                if s == 1 {
                    to.copy_from_slice(from);
                } else {
                    let (groups, last) = from.split_at(s * (count - 1));
                    for (t, group) in to.iter_mut().zip(groups.chunks_exact(s)) {
                        *t = group[0];
                    }
                    to[count - 1] = last[0];
                }
            }
        }
        let columns = (0..g.kernel[1]).map(|q| (q % s) * rows * width + q / s).collect();
        Self { values, width, columns }
    }
}

/// Output columns a chunk computes at once, widest first (16: 4 vectors of
/// 4 in registers); the last chunk of a row takes the narrowest that covers it.
const WIDEST: usize = 16;

/// One output plane (`out`, `[rows, columns]`) of a channel with `taps`
/// (`[kh, kw]`) and bias `b`.
fn plane_correlation(phases: &Phases, taps: &[f32], b: f32, g: &Geometry, out: &mut [f32]) {
    let columns = g.output[1];
    for (i, row) in out.chunks_exact_mut(columns).enumerate() {
        let mut j = 0;
        while j < columns {
            j += match columns - j {
                9.. => chunk::<16>(phases, taps, b, g, i, j, row),
                5..=8 => chunk::<8>(phases, taps, b, g, i, j, row),
                _ => chunk::<4>(phases, taps, b, g, i, j, row),
            };
        }
    }
}

/// Output columns `j..j + W` of output row `i` (those that exist); how many.
#[inline(always)]
fn chunk<const W: usize>(
    phases: &Phases,
    taps: &[f32],
    b: f32,
    g: &Geometry,
    i: usize,
    j: usize,
    row: &mut [f32],
) -> usize {
    let kw = g.kernel[1];
    let mut sum = [0.0f32; W];
    for (p, taps) in taps.chunks_exact(kw).enumerate() {
        let start = (g.stride[0] * i + p) * phases.width + j;
        for (&w, &column) in taps.iter().zip(&phases.columns) {
            let xs: &[f32; W] = phases.values[start + column..][..W].try_into().unwrap();
            for t in 0..W {
                sum[t] += w * xs[t];
            }
        }
    }
    let n = W.min(row.len() - j);
    for (to, v) in row[j..j + n].iter_mut().zip(sum) {
        *to = v + b;
    }
    n
}

/// `f(k, chunk)` for each `size`-long chunk `k` of `data`: on rayon's
/// threads natively, in turn in WebAssembly (one thread).
fn for_each_chunk(data: &mut [f32], size: usize, f: impl Fn(usize, &mut [f32]) + Sync + Send) {
    #[cfg(not(target_arch = "wasm32"))]
    {
        use rayon::prelude::*;
        data.par_chunks_mut(size).enumerate().for_each(|(k, chunk)| f(k, chunk));
    }
    #[cfg(target_arch = "wasm32")]
    data.chunks_mut(size).enumerate().for_each(|(k, chunk)| f(k, chunk));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_values::test_values;

    /// The definition, one output value at a time.
    fn reference(x: &[f32], weight: &[f32], bias: Option<&[f32]>, g: &Geometry) -> Vec<f32> {
        let [h, w] = g.input;
        let [kh, kw] = g.kernel;
        let mut out = Vec::new();
        for b in 0..g.batch {
            for c in 0..g.channels {
                for i in 0..g.output[0] {
                    for j in 0..g.output[1] {
                        let mut sum = bias.map_or(0.0, |bias| bias[c] as f64);
                        for p in 0..kh {
                            for q in 0..kw {
                                let y = (g.stride[0] * i + p) as isize - g.padding[0] as isize;
                                let x_ = (g.stride[1] * j + q) as isize - g.padding[1] as isize;
                                if (0..h as isize).contains(&y) && (0..w as isize).contains(&x_) {
                                    let at =
                                        ((b * g.channels + c) * h + y as usize) * w + x_ as usize;
                                    sum += (weight[(c * kh + p) * kw + q] * x[at]) as f64;
                                }
                            }
                        }
                        out.push(sum as f32);
                    }
                }
            }
        }
        out
    }

    /// Equals the definition for kernels 1–5, strides 1–3, padding on
    /// either side or none, odd and even sizes, channel counts below, at
    /// and above a block.
    #[test]
    fn matches_the_definition() {
        let cases = [
            // (channels, input, kernel, stride, padding before, padding after)
            (3, [9, 9], [3, 3], [1, 1], [1, 1], [1, 1]),
            (16, [10, 11], [3, 3], [2, 2], [0, 0], [1, 0]),
            (21, [11, 10], [5, 5], [2, 2], [1, 2], [2, 1]),
            (35, [7, 7], [5, 5], [1, 1], [2, 2], [2, 2]),
            (18, [8, 9], [5, 3], [3, 2], [0, 1], [2, 1]),
            (32, [6, 5], [1, 1], [1, 1], [0, 0], [0, 0]),
            (5, [4, 4], [4, 4], [1, 1], [3, 3], [3, 3]),
        ];
        for (channels, input, kernel, stride, before, after) in cases {
            let output =
                [0, 1].map(|a| (input[a] + before[a] + after[a] - kernel[a]) / stride[a] + 1);
            let g = Geometry { batch: 2, channels, input, kernel, stride, padding: before, output };
            let x = test_values(2 * channels * input[0] * input[1], 1);
            let weight = test_values(channels * kernel[0] * kernel[1], 2);
            let bias = test_values(channels, 3);
            for bias in [Some(&bias[..]), None] {
                let (ours, expected) =
                    (depthwise(&x, &weight, bias, &g), reference(&x, &weight, bias, &g));
                assert_eq!(ours.len(), expected.len(), "{g:?}");
                for (k, (a, e)) in ours.iter().zip(&expected).enumerate() {
                    assert!((a - e).abs() < 1e-5, "{g:?} value {k}: {a} vs {e}");
                }
            }
        }
    }
}
