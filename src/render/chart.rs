//! Line charts with labels: the insertion and deletion curves of several
//! methods, one panel per curve kind, a legend naming each line.

use super::text::{CELL, draw_text};
use super::views::Rgba;

/// One line of a chart: its label and its values, evenly spaced on [0, 1].
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    /// Shown in the legend.
    pub label: String,
    /// The points, left to right.
    pub values: Vec<f32>,
}

/// Line colours (Matplotlib's "tab10"), reused in order.
const PALETTE: [[u8; 3]; 10] = [
    [31, 119, 180],
    [255, 127, 14],
    [44, 160, 44],
    [214, 39, 40],
    [148, 103, 189],
    [140, 86, 75],
    [227, 119, 194],
    [127, 127, 127],
    [188, 189, 34],
    [23, 190, 207],
];
const WIDTH: usize = 420;
const PLOT: (usize, usize, usize, usize) = (40, 30, 400, 230); // left, top, right, bottom
const SCALE: usize = 2;
const INK: [u8; 3] = [40, 40, 40];

/// Charts side by side, each `(title, lines)`, on one vertical scale from 0
/// to the largest value (at least a small positive number), with the
/// x axis running over [0, 1] and a legend under the plots.
pub fn line_charts(panels: &[(&str, &[Series])]) -> Rgba {
    charts(panels, ["0", "1"])
}

/// One chart of `lines` (as [`line_charts`]) whose x axis runs from the
/// label `from` to the label `to` (e.g. "0 s" to "3.2 s").
pub fn line_chart(title: &str, lines: &[Series], [from, to]: [&str; 2]) -> Rgba {
    charts(&[(title, lines)], [from, to])
}

/// [`line_charts`] with the x axis's ends labelled `ends`.
fn charts(panels: &[(&str, &[Series])], ends: [&str; 2]) -> Rgba {
    let lines = panels.iter().map(|(_, s)| s.len()).max().unwrap_or(0);
    let legend_row = 6 * SCALE + 4;
    let height = PLOT.3 + 24 + lines * legend_row;
    let top = panels
        .iter()
        .flat_map(|(_, s)| s.iter().flat_map(|s| s.values.iter().copied()))
        .filter(|v| v.is_finite())
        .fold(1e-6f32, f32::max);
    let mut out = Rgba::new(WIDTH * panels.len().max(1), height);
    for (p, (title, series)) in panels.iter().enumerate() {
        let left = p * WIDTH;
        draw_text(&mut out, left + PLOT.0, 8, title, SCALE, INK);
        frame(&mut out, left);
        draw_text(&mut out, left + 2, PLOT.1, &format!("{top:.2}"), 1, INK);
        draw_text(&mut out, left + 2, PLOT.3 - 5, "0", 1, INK);
        draw_text(&mut out, left + PLOT.0, PLOT.3 + 4, ends[0], 1, INK);
        let end = left + PLOT.2 - (ends[1].chars().count() + 1) * CELL;
        draw_text(&mut out, end, PLOT.3 + 4, ends[1], 1, INK);
        for (i, s) in series.iter().enumerate() {
            let rgb = PALETTE[i % PALETTE.len()];
            plot(&mut out, left, &s.values, top, rgb);
            let y = PLOT.3 + 20 + i * legend_row;
            for x in 0..20 {
                for dy in 0..SCALE {
                    out.put(left + PLOT.0 + x, y + 2 * SCALE + dy, rgb);
                }
            }
            draw_text(&mut out, left + PLOT.0 + 28, y, &s.label, SCALE, INK);
        }
    }
    out
}

/// The plot area's border.
fn frame(out: &mut Rgba, left: usize) {
    let (l, t, r, b) = PLOT;
    for x in l..=r {
        out.put(left + x, t, INK);
        out.put(left + x, b, INK);
    }
    for y in t..=b {
        out.put(left + l, y, INK);
        out.put(left + r, y, INK);
    }
}

/// One line through `values`, 0 at the bottom and `top` at the top.
fn plot(out: &mut Rgba, left: usize, values: &[f32], top: f32, rgb: [u8; 3]) {
    let (l, t, r, b) = PLOT;
    let span = values.len().saturating_sub(1).max(1) as f32;
    let at = |i: usize| {
        let v = if values[i].is_finite() { values[i].clamp(0.0, top) } else { 0.0 };
        let x = l as f32 + (r - l) as f32 * i as f32 / span;
        (x, b as f32 - (b - t) as f32 * v / top)
    };
    for i in 0..values.len() {
        let ((x0, y0), (x1, y1)) = (at(i), at((i + 1).min(values.len() - 1)));
        let steps = (x1 - x0).abs().max((y1 - y0).abs()).ceil().max(1.0) as usize;
        for s in 0..=steps {
            let f = s as f32 / steps as f32;
            let (x, y) = (x0 + (x1 - x0) * f, y0 + (y1 - y0) * f);
            for (dx, dy) in [(0, 0), (1, 0), (0, 1), (1, 1)] {
                out.put(left + x as usize + dx, y as usize + dy, rgb);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_rise_where_the_values_do_and_legends_are_coloured() {
        let rising = Series { label: "up".into(), values: vec![0.0, 1.0] };
        let picture = line_charts(&[("insertion", &[rising])]);
        let (l, t, r, b) = PLOT;
        let colour = |x: usize, y: usize| {
            let i = (y * picture.width + x) * 4;
            [picture.pixels[i], picture.pixels[i + 1], picture.pixels[i + 2]]
        };
        // Bottom-left to top-right: the line passes through the middle.
        let (mx, my) = ((l + r) / 2, (t + b) / 2);
        assert!((my - 2..=my + 2).any(|y| colour(mx, y) == PALETTE[0]), "no line at the centre");
        assert_ne!(colour(l + 10, t + 10), PALETTE[0], "line where it should not be");
        assert_eq!(colour(l + 5, b + 20 + 2 * SCALE), PALETTE[0], "legend swatch");
    }
}
