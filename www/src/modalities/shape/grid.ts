// The arithmetic of the shape views, on voxel grids `[D, H, W]` (the
// engine's axes: w is x, right; h is up, from the top row down; d is z,
// towards the viewer): one volume out of a stack, an orthogonal slice, the
// colour of a value on the engine's colour map, each vertex's colour from
// its voxel, and the most attributed voxels. Pure: no DOM, no WebGL.

import type { FloatArray } from "../../api";
import { ENGINE } from "../../generated/engine";

/** A grid of values `[D, H, W]`, row-major. */
export interface Volume {
  shape: readonly [number, number, number];
  data: Float32Array;
}

/** The axis a slice is taken across: 0 = d (seen from the front), 1 = h (from above), 2 = w (from the side). */
export type Axis = 0 | 1 | 2;

/** A 2-D slice, row-major. */
export interface Slice {
  width: number;
  height: number;
  data: Float32Array;
}

/** The `index`-th volume of `a` (`[D, H, W]`, or a stack `[N, D, H, W]`). */
export function volumeOf(a: FloatArray, index = 0): Volume {
  const [d, h, w] = a.shape.slice(-3);
  if (a.shape.length < 3 || a.shape.length > 4) throw new Error(`a volume has 3 axes (or 4 for a stack), not ${a.shape.length}`);
  const count = a.shape.length === 4 ? a.shape[0] : 1;
  if (!(index >= 0 && index < count)) throw new Error(`volume ${index} of ${count}`);
  const size = d * h * w;
  return { shape: [d, h, w], data: a.data.subarray(index * size, (index + 1) * size) };
}

/**
 * `Σ_c |a|` of a band `[C, d, h, w]` on a grid of `shape` (`[D, H, W]`, a
 * multiple of the band's): each voxel takes the coefficient whose block
 * holds it, at `floor(i · d / D)` along each axis.
 */
export function blockMagnitude(a: FloatArray, shape: readonly [number, number, number]): Volume {
  if (a.shape.length !== 4) throw new Error(`a band has 4 axes [C, d, h, w], not ${a.shape.length}`);
  const [C, d, h, w] = a.shape;
  const [D, H, W] = shape;
  const data = new Float32Array(D * H * W);
  for (let z = 0; z < D; z++) {
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const at = (Math.floor((z * d) / D) * h + Math.floor((y * h) / H)) * w + Math.floor((x * w) / W);
        let sum = 0;
        for (let c = 0; c < C; c++) sum += Math.abs(a.data[c * d * h * w + at]);
        data[(z * H + y) * W + x] = sum;
      }
    }
  }
  return { shape: [D, H, W], data };
}

/**
 * The slice of `v` across `axis` at `at` (clamped to the grid): across d,
 * `[h, w]` (the front view, upright); across h, `[d, w]` (from above, the
 * back row first); across w, `[h, d]` (from the side, upright).
 */
export function slice(v: Volume, axis: Axis, at: number): Slice {
  const [D, H, W] = v.shape;
  const i = Math.max(0, Math.min(v.shape[axis] - 1, Math.round(at)));
  const [height, width] = axis === 0 ? [H, W] : axis === 1 ? [D, W] : [H, D];
  const data = new Float32Array(width * height);
  for (let row = 0; row < height; row++) {
    for (let col = 0; col < width; col++) {
      const [d, h, w] = axis === 0 ? [i, row, col] : axis === 1 ? [row, i, col] : [col, row, i];
      data[row * width + col] = v.data[(d * H + h) * W + w];
    }
  }
  return { width, height, data };
}

/** The colour map's stops as RGB (0..255), darkest first. */
const STOPS: readonly (readonly [number, number, number])[] = ENGINE.colormap.map((hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number]);

/** The colour (RGB, 0..255) of `value` on the colour map from 0 (darkest) to `high` (brightest; above is clipped). */
export function colour(value: number, high: number): [number, number, number] {
  const t = high > 0 && Number.isFinite(value) ? Math.max(0, Math.min(1, value / high)) : 0;
  const x = t * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(x));
  const f = x - i;
  return [0, 1, 2].map((c) => Math.round(STOPS[i][c] + f * (STOPS[i + 1][c] - STOPS[i][c]))) as [number, number, number];
}

/** `s` as RGBA pixels, each value coloured on the scale 0..`high`. */
export function slicePixels(s: Slice, high: number): Uint8ClampedArray {
  const pixels = new Uint8ClampedArray(s.width * s.height * 4);
  s.data.forEach((v, i) => {
    pixels.set(colour(v, high), i * 4);
    pixels[i * 4 + 3] = 255;
  });
  return pixels;
}

/** Each vertex's colour (RGB, 0..1, for WebGL) from `map` at the vertex's voxel (`voxels`: flat indices), on the scale 0..`high`. */
export function vertexColours(voxels: Uint32Array, map: Float32Array, high: number): Float32Array {
  const colours = new Float32Array(voxels.length * 3);
  voxels.forEach((voxel, i) => {
    if (voxel >= map.length) throw new Error(`vertex ${i} lies in voxel ${voxel}, beyond the grid's ${map.length}`);
    colour(map[voxel], high).forEach((c, k) => (colours[i * 3 + k] = c / 255));
  });
  return colours;
}

/** A voxel: its place `[d, h, w]` and its value. */
export interface Voxel {
  at: [number, number, number];
  value: number;
}

/** The place `[d, h, w]` of the flat index `i` in a grid `[*, H, W]`. */
function place(i: number, H: number, W: number): [number, number, number] {
  return [Math.floor(i / (H * W)), Math.floor(i / W) % H, i % W];
}

/** The `count` voxels of `v` with the largest values above zero, largest first. */
export function topVoxels(v: Volume, count: number): Voxel[] {
  const [, H, W] = v.shape;
  const order = [...v.data.keys()].filter((i) => v.data[i] > 0).sort((a, b) => v.data[b] - v.data[a]);
  return order.slice(0, Math.max(0, count)).map((i) => ({ at: place(i, H, W), value: v.data[i] }));
}

/** The voxels of `v` whose value is at least `threshold` (an occupancy grid rebuilt by keep-top, say). */
export function filledVoxels(v: Volume, threshold: number): Voxel[] {
  const [, H, W] = v.shape;
  const out: Voxel[] = [];
  v.data.forEach((value, i) => {
    if (value >= threshold) out.push({ at: place(i, H, W), value });
  });
  return out;
}
