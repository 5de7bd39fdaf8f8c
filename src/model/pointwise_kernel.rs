//! The 1×1 convolution as a matrix product, `out[b] = W · x[b] + bias` per
//! image (`W` `[out, in]`, `x[b]` `[in, positions]`), for WebAssembly. The
//! gemm crate's simd128 kernel (flex's) keeps a 12 × 4 tile of sums in
//! twelve vector registers, more than V8 leaves free on x86-64, so its
//! sums spill to memory on every step. Here the tile is 4 × 8 (eight
//! registers), the weights are packed 4 rows at a time and the input 8
//! columns at a time (zero-padded), and each tile's sums start from the
//! bias. Plain Rust over arrays: LLVM vectorises it for simd128 (as fast
//! as intrinsics here), so the native tests run the same code.

/// Output rows (channels) per tile.
const ROWS: usize = 4;
/// Output columns (positions) per tile.
const COLUMNS: usize = 8;
/// Input channels per pass over a block, so that a packed column panel
/// (`DEPTH × COLUMNS` values, 8 KB) stays in the L1 cache.
const DEPTH: usize = 256;
/// Positions per packed block of the input (`DEPTH × BLOCK` values, 256 KB).
const BLOCK: usize = 256;

/// A 1×1 convolution of `[batch, channels_in, positions]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Geometry {
    pub batch: usize,
    pub channels_in: usize,
    pub channels_out: usize,
    pub positions: usize,
}

/// `out[b, o, p] = bias[o] + Σ_i w[o, i] · x[b, i, p]` for `x`
/// `[batch, channels_in, positions]`, `weight` `[channels_out, channels_in]`
/// and `bias` `[channels_out]`; `[batch, channels_out, positions]`.
pub(super) fn pointwise(x: &[f32], weight: &[f32], bias: &[f32], g: &Geometry) -> Vec<f32> {
    let (k, m, n) = (g.channels_in, g.channels_out, g.positions);
    assert_eq!(x.len(), g.batch * k * n, "pointwise input length");
    assert_eq!(weight.len(), m * k, "pointwise weight length");
    assert_eq!(bias.len(), m, "pointwise bias length");
    if k == 0 || m == 0 || n == 0 {
        // No input channels: the biases alone; no outputs: nothing.
        return (0..g.batch * m * n).map(|i| bias[i / n % m]).collect();
    }
    let weights = pack_weights(weight, m, k);
    let mut biases = bias.to_vec();
    biases.resize(m.next_multiple_of(ROWS), 0.0);
    let mut out = vec![0.0; g.batch * m * n];
    let mut panels = vec![0.0; DEPTH * BLOCK];
    for (x, out) in x.chunks_exact(k * n).zip(out.chunks_exact_mut(m * n)) {
        for start in (0..n).step_by(BLOCK) {
            let columns = BLOCK.min(n - start);
            for depth in (0..k).step_by(DEPTH) {
                let deep = DEPTH.min(k - depth);
                let panels = &mut panels[..deep * columns.next_multiple_of(COLUMNS)];
                pack_columns(x, n, depth..depth + deep, start..start + columns, panels);
                for (rows, weights) in weights.chunks_exact(k * ROWS).enumerate() {
                    let weights = &weights[depth * ROWS..][..deep * ROWS];
                    // The first pass over the input channels starts from the biases.
                    let bias = (depth == 0).then_some(&biases[rows * ROWS..][..ROWS]);
                    for (panel, inputs) in panels.chunks_exact(deep * COLUMNS).enumerate() {
                        let tile = Tile {
                            row: rows * ROWS,
                            rows: ROWS.min(m - rows * ROWS),
                            column: start + panel * COLUMNS,
                            columns: COLUMNS.min(columns - panel * COLUMNS),
                        };
                        tile.accumulate(out, n, bias, weights, inputs);
                    }
                }
            }
        }
    }
    out
}

/// `weight` `[m, k]` as `⌈m / ROWS⌉` panels `[k, ROWS]` (rows past `m` zero).
fn pack_weights(weight: &[f32], m: usize, k: usize) -> Vec<f32> {
    let mut packed = vec![0.0; m.next_multiple_of(ROWS) * k];
    for (o, row) in weight.chunks_exact(k).enumerate() {
        let panel = &mut packed[(o / ROWS) * k * ROWS..][..k * ROWS];
        for (i, &w) in row.iter().enumerate() {
            panel[i * ROWS + o % ROWS] = w;
        }
    }
    packed
}

/// Rows `depth` and columns `columns` of `x` (rows `n` long) as panels
/// `[depth, COLUMNS]`, the last one zero-padded.
fn pack_columns(
    x: &[f32],
    n: usize,
    depth: std::ops::Range<usize>,
    columns: std::ops::Range<usize>,
    panels: &mut [f32],
) {
    let deep = depth.len();
    for (p, panel) in panels.chunks_exact_mut(deep * COLUMNS).enumerate() {
        let first = columns.start + p * COLUMNS;
        let width = COLUMNS.min(columns.end - first);
        for (i, to) in depth.clone().zip(panel.chunks_exact_mut(COLUMNS)) {
            to[..width].copy_from_slice(&x[i * n + first..][..width]);
            to[width..].fill(0.0);
        }
    }
}

/// One tile of the output: `rows × columns` (at most `ROWS × COLUMNS`) from `(row, column)`.
struct Tile {
    row: usize,
    rows: usize,
    column: usize,
    columns: usize,
}

impl Tile {
    /// Adds a panel pair's products to the tile of `out` (rows `n` long),
    /// starting from `bias` on the first pass over the input channels.
    fn accumulate(&self, out: &mut [f32], n: usize, bias: Option<&[f32]>, w: &[f32], x: &[f32]) {
        let at = self.row * n + self.column;
        if self.rows == ROWS && self.columns == COLUMNS {
            return multiply_add(&mut out[at..], n, bias, w, x);
        }
        // An edge tile: through a full one.
        let mut tile = [0.0; ROWS * COLUMNS];
        if bias.is_none() {
            for r in 0..self.rows {
                tile[r * COLUMNS..][..self.columns]
                    .copy_from_slice(&out[at + r * n..][..self.columns]);
            }
        }
        multiply_add(&mut tile, COLUMNS, bias, w, x);
        for r in 0..self.rows {
            out[at + r * n..][..self.columns].copy_from_slice(&tile[r * COLUMNS..][..self.columns]);
        }
    }
}

/// `out[r, c] (+)= Σ_i w[i, r] · x[i, c]` over a full `ROWS × COLUMNS`
/// tile of `out` (rows `n` apart), from `bias[r]` instead when given.
/// The sums stay in registers over all of `i`.
#[inline(always)]
fn multiply_add(out: &mut [f32], n: usize, bias: Option<&[f32]>, w: &[f32], x: &[f32]) {
    let mut sums = [[0.0f32; COLUMNS]; ROWS];
    for (r, sum) in sums.iter_mut().enumerate() {
        *sum = match bias {
            Some(bias) => [bias[r]; COLUMNS],
            None => out[r * n..][..COLUMNS].try_into().expect("a full tile"),
        };
    }
    for (w, x) in w.chunks_exact(ROWS).zip(x.chunks_exact(COLUMNS)) {
        for (sum, &w) in sums.iter_mut().zip(w) {
            for (s, &x) in sum.iter_mut().zip(x) {
                *s += w * x;
            }
        }
    }
    for (r, sum) in sums.iter().enumerate() {
        out[r * n..][..COLUMNS].copy_from_slice(sum);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_values::test_values;

    /// Equals the definition, summed in f64, for channel counts and
    /// position counts on and off the tile and block sizes (one and
    /// several passes over the input channels), and none.
    #[test]
    fn matches_the_definition() {
        for (batch, k, m, n) in [
            (1, 1, 1, 1),
            (2, 3, 5, 9),
            (3, 16, 8, 64),
            (1, 300, 7, 49),
            (2, 24, 13, 600),
            (2, 0, 3, 5),
            (2, 4, 0, 5),
            (2, 4, 3, 0),
        ] {
            let g = Geometry { batch, channels_in: k, channels_out: m, positions: n };
            let x = test_values(batch * k * n, 1);
            let w = test_values(m * k, 2);
            let bias = test_values(m, 3);
            let got = pointwise(&x, &w, &bias, &g);
            for b in 0..batch {
                for o in 0..m {
                    for p in 0..n {
                        let want = bias[o] as f64
                            + (0..k)
                                .map(|i| w[o * k + i] as f64 * x[(b * k + i) * n + p] as f64)
                                .sum::<f64>();
                        let value = got[(b * m + o) * n + p] as f64;
                        assert!(
                            (value - want).abs() < 1e-4,
                            "{g:?} [{b}, {o}, {p}]: {value} vs {want}"
                        );
                    }
                }
            }
        }
    }
}
