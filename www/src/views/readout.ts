// What lies at a point of a band picture (a wavelet mosaic, a scalogram):
// the band, the coefficient and its value. Pure: the views call it with
// coordinates in the picture's pixels.

import type { Colouring, Region } from "../api";

/** The orientation of a detail band from its key (pywt: `ad` = cV, `da` = cH). */
export function orientation(key: string): string {
  switch (key) {
    case "ad":
      return "vertical";
    case "da":
      return "horizontal";
    case "dd":
      return "diagonal";
    case "d":
      return "detail";
    default:
      return "approximation";
  }
}

/** A short label for a band, e.g. "1 V" or "A" (for drawing on the mosaic). */
export function shortLabel(region: Pick<Region, "level" | "key">): string {
  return region.level === 0 ? "A" : `${region.level} ${orientation(region.key)[0].toUpperCase()}`;
}

/** The coefficient under a point of a mosaic. */
export interface Readout {
  /** The band's name, e.g. `d1_ad` or `a`. */
  band: string;
  /** 0 for the approximation, 1 = finest. */
  level: number;
  orientation: string;
  /** Position in the band (1-D bands: `row` is 0). */
  row: number;
  col: number;
  /** The band's size: [rows, columns] (1-D: [1, length]). */
  size: [number, number];
  /** The value in each channel. */
  channels: number[];
  /** Their sum. */
  value: number;
  /** The sum of their magnitudes: what the band pictures colour by default. */
  magnitude: number;
}

/**
 * The coefficient of `bands` at picture pixel (`y`, `x`), or null outside
 * every band. A band may be drawn larger than it is (a 1-D band spans its
 * rows, time across): pixels map onto its coefficients in proportion.
 */
export function locate(bands: readonly Region[], y: number, x: number): Readout | null {
  const [py, px] = [Math.floor(y), Math.floor(x)];
  for (const region of bands) {
    const [top, left] = region.offset;
    const [h, w] = region.shape;
    const [dy, dx] = [py - top, px - left];
    if (dy < 0 || dx < 0 || dy >= h || dx >= w) continue;
    const [channelCount, ...band] = region.values.shape;
    const size: [number, number] = band.length === 1 ? [1, band[0]] : [band[0], band[1]];
    const [row, col] = [Math.floor((dy * size[0]) / h), Math.floor((dx * size[1]) / w)];
    const channels: number[] = [];
    for (let c = 0; c < channelCount; c++) channels.push(region.values.data[(c * size[0] + row) * size[1] + col]);
    return {
      band: region.name,
      level: region.level,
      orientation: orientation(region.key),
      row,
      col,
      size,
      channels,
      value: channels.reduce((a, b) => a + b, 0),
      magnitude: channels.reduce((a, b) => a + Math.abs(b), 0),
    };
  }
  return null;
}

/** One line for a read-out: "level 2, horizontal · row 5, col 17 · |a| 0.0300 · sum -0.0100 · R 0.0100, G -0.0200, B 0". */
export function describe(r: Readout, levels: number, colouring: Colouring = "magnitude"): string {
  const where = r.level === 0 ? `approximation (level ${levels})` : `level ${r.level}, ${r.orientation}`;
  return `${where} · row ${r.row}, col ${r.col} · ${valueText(r, colouring)}`;
}

/**
 * A coefficient's value as the pictures colour it and with its sign: one
 * channel, "value -0.0123"; several, the value coloured first — "|a|
 * 0.0300 · sum -0.0100" (magnitude: Σ |a_c|), "sum -0.0100 · |a| 0.0300"
 * (signed: Σ a_c) — then each channel (R, G, B for three).
 */
export function valueText(r: Pick<Readout, "channels" | "value" | "magnitude">, colouring: Colouring = "magnitude"): string {
  if (r.channels.length === 1) return `value ${formatValue(r.value)}`;
  const names = r.channels.length === 3 ? ["R", "G", "B"] : r.channels.map((_, c) => `c${c + 1}`);
  const each = r.channels.map((v, c) => `${names[c]} ${formatValue(v)}`).join(", ");
  const [magnitude, sum] = [`|a| ${formatValue(r.magnitude)}`, `sum ${formatValue(r.value)}`];
  return `${colouring === "signed" ? `${sum} · ${magnitude}` : `${magnitude} · ${sum}`} · ${each}`;
}

/** A value with 3 significant digits, in exponent form when tiny or huge. */
export function formatValue(v: number): string {
  if (v === 0) return "0";
  const a = Math.abs(v);
  return a < 1e-3 || a >= 1e4 ? v.toExponential(2) : v.toPrecision(3);
}

/** The number of detail levels among `bands`. */
export function levelCount(bands: readonly Pick<Region, "level">[]): number {
  return bands.reduce((m, b) => Math.max(m, b.level), 0);
}
