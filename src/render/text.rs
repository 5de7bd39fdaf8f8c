//! Labels on pictures: a 3×5 pixel capital font (letters, digits and a few
//! signs), enlarged by an integer factor. Lower case is drawn as capitals.

use super::views::Rgba;

/// Each glyph: five rows of three pixels, the leftmost the high bit.
const GLYPHS: [(char, [u8; 5]); 46] = [
    ('A', [0b010, 0b101, 0b111, 0b101, 0b101]),
    ('B', [0b110, 0b101, 0b110, 0b101, 0b110]),
    ('C', [0b011, 0b100, 0b100, 0b100, 0b011]),
    ('D', [0b110, 0b101, 0b101, 0b101, 0b110]),
    ('E', [0b111, 0b100, 0b110, 0b100, 0b111]),
    ('F', [0b111, 0b100, 0b110, 0b100, 0b100]),
    ('G', [0b011, 0b100, 0b101, 0b101, 0b011]),
    ('H', [0b101, 0b101, 0b111, 0b101, 0b101]),
    ('I', [0b111, 0b010, 0b010, 0b010, 0b111]),
    ('J', [0b001, 0b001, 0b001, 0b101, 0b010]),
    ('K', [0b101, 0b101, 0b110, 0b101, 0b101]),
    ('L', [0b100, 0b100, 0b100, 0b100, 0b111]),
    ('M', [0b101, 0b111, 0b111, 0b101, 0b101]),
    ('N', [0b110, 0b101, 0b101, 0b101, 0b101]),
    ('O', [0b010, 0b101, 0b101, 0b101, 0b010]),
    ('P', [0b110, 0b101, 0b110, 0b100, 0b100]),
    ('Q', [0b010, 0b101, 0b101, 0b110, 0b011]),
    ('R', [0b110, 0b101, 0b110, 0b101, 0b101]),
    ('S', [0b011, 0b100, 0b010, 0b001, 0b110]),
    ('T', [0b111, 0b010, 0b010, 0b010, 0b010]),
    ('U', [0b101, 0b101, 0b101, 0b101, 0b111]),
    ('V', [0b101, 0b101, 0b101, 0b101, 0b010]),
    ('W', [0b101, 0b101, 0b111, 0b111, 0b101]),
    ('X', [0b101, 0b101, 0b010, 0b101, 0b101]),
    ('Y', [0b101, 0b101, 0b010, 0b010, 0b010]),
    ('Z', [0b111, 0b001, 0b010, 0b100, 0b111]),
    ('0', [0b111, 0b101, 0b101, 0b101, 0b111]),
    ('1', [0b010, 0b110, 0b010, 0b010, 0b111]),
    ('2', [0b110, 0b001, 0b010, 0b100, 0b111]),
    ('3', [0b110, 0b001, 0b010, 0b001, 0b110]),
    ('4', [0b101, 0b101, 0b111, 0b001, 0b001]),
    ('5', [0b111, 0b100, 0b110, 0b001, 0b110]),
    ('6', [0b011, 0b100, 0b111, 0b101, 0b111]),
    ('7', [0b111, 0b001, 0b010, 0b010, 0b010]),
    ('8', [0b111, 0b101, 0b111, 0b101, 0b111]),
    ('9', [0b111, 0b101, 0b111, 0b001, 0b110]),
    ('-', [0b000, 0b000, 0b111, 0b000, 0b000]),
    ('.', [0b000, 0b000, 0b000, 0b000, 0b010]),
    ('=', [0b000, 0b111, 0b000, 0b111, 0b000]),
    (':', [0b000, 0b010, 0b000, 0b010, 0b000]),
    ('(', [0b001, 0b010, 0b010, 0b010, 0b001]),
    (')', [0b100, 0b010, 0b010, 0b010, 0b100]),
    ('/', [0b001, 0b001, 0b010, 0b100, 0b100]),
    ('%', [0b101, 0b001, 0b010, 0b100, 0b101]),
    ('+', [0b000, 0b010, 0b111, 0b010, 0b000]),
    (' ', [0; 5]),
];

/// Width of one character cell (glyph and gap) at scale 1.
pub(super) const CELL: usize = 4;

/// Draws `text` with its top-left corner at (x, y), each font pixel
/// `scale`² screen pixels; characters without a glyph are left blank and
/// pixels outside the picture are skipped.
pub(super) fn draw_text(
    out: &mut Rgba,
    x: usize,
    y: usize,
    text: &str,
    scale: usize,
    rgb: [u8; 3],
) {
    for (i, ch) in text.chars().enumerate() {
        let Some((_, rows)) = GLYPHS.iter().find(|(c, _)| *c == ch.to_ascii_uppercase()) else {
            continue;
        };
        for (r, bits) in rows.iter().enumerate() {
            for c in (0..3).filter(|c| bits & (0b100 >> c) != 0) {
                for (dy, dx) in (0..scale).flat_map(|dy| (0..scale).map(move |dx| (dy, dx))) {
                    let (px, py) = (x + (i * CELL + c) * scale + dx, y + r * scale + dy);
                    if px < out.width && py < out.height {
                        out.put(px, py, rgb);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glyphs_are_unique_and_drawn_where_asked() {
        for (i, (a, _)) in GLYPHS.iter().enumerate() {
            assert!(GLYPHS[i + 1..].iter().all(|(b, _)| a != b), "'{a}' twice");
        }
        let mut picture = Rgba::new(20, 10);
        draw_text(&mut picture, 1, 2, "i", 1, [0, 0, 0]);
        let dark: Vec<(usize, usize)> =
            (0..200).filter(|p| picture.pixels[p * 4] == 0).map(|p| (p % 20, p / 20)).collect();
        // I: a bar of three on top and bottom, a stem of three between.
        assert_eq!(dark.len(), 9);
        assert!(dark.contains(&(1, 2)) && dark.contains(&(3, 6)) && dark.contains(&(2, 4)));
    }
}
