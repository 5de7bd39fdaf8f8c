import { describe, expect, it } from "vitest";
import { ENGINE } from "../../../src/generated/engine";
import { blockMagnitude, colour, filledVoxels, slice, slicePixels, topVoxels, vertexColours, volumeOf } from "../../../src/modalities/shape/grid";

/** A grid `[D, H, W]` whose voxel (d, h, w) holds 100 d + 10 h + w: every value names its place. */
function labelled(D: number, H: number, W: number) {
  const data = new Float32Array(D * H * W);
  for (let d = 0; d < D; d++) for (let h = 0; h < H; h++) for (let w = 0; w < W; w++) data[(d * H + h) * W + w] = 100 * d + 10 * h + w;
  return { shape: [D, H, W] as const, data };
}

const hex = (rgb: number[]) => `#${rgb.map((c) => c.toString(16).padStart(2, "0")).join("")}`;

describe("volumes and slices", () => {
  it("takes the n-th volume of a stack", () => {
    const data = Float32Array.from({ length: 2 * 8 }, (_, i) => i);
    const second = volumeOf({ shape: [2, 2, 2, 2], data });
    expect(second.shape).toEqual([2, 2, 2]);
    expect([...volumeOf({ shape: [2, 2, 2, 2], data }, 1).data]).toEqual([8, 9, 10, 11, 12, 13, 14, 15]);
    expect(() => volumeOf({ shape: [2, 2, 2, 2], data }, 2)).toThrow("volume 2 of 2");
    expect(() => volumeOf({ shape: [4, 4], data })).toThrow("3 axes");
  });

  it("spreads each coefficient of a band over its block of the grid, as Σ_c |·|", () => {
    // A band [2, 1, 1, 2] (two channels, 1 × 1 × 2) on a grid 2 × 2 × 4: each coefficient covers 2 × 2 × 2 voxels.
    const band = { shape: [2, 1, 1, 2], data: Float32Array.of(1, -2, -3, 0.5) };
    const v = blockMagnitude(band, [2, 2, 4]);
    expect(v.shape).toEqual([2, 2, 4]);
    expect([...v.data]).toEqual([4, 4, 2.5, 2.5, 4, 4, 2.5, 2.5, 4, 4, 2.5, 2.5, 4, 4, 2.5, 2.5]);
    expect(() => blockMagnitude({ shape: [2, 2], data: new Float32Array(4) }, [2, 2, 2])).toThrow("4 axes");
  });

  it("slices across each axis with the documented orientation", () => {
    const v = labelled(2, 3, 4);
    const front = slice(v, 0, 1);
    expect([front.height, front.width]).toEqual([3, 4]);
    expect(front.data[1 * 4 + 2]).toBe(100 + 10 + 2); // row h = 1, column w = 2
    const above = slice(v, 1, 2);
    expect([above.height, above.width]).toEqual([2, 4]);
    expect(above.data[1 * 4 + 3]).toBe(100 + 20 + 3); // row d = 1, column w = 3
    const side = slice(v, 2, 3);
    expect([side.height, side.width]).toEqual([3, 2]);
    expect(side.data[2 * 2 + 1]).toBe(100 + 20 + 3); // row h = 2, column d = 1
  });

  it("clamps the slice index to the grid", () => {
    const v = labelled(2, 3, 4);
    expect([...slice(v, 0, 9).data]).toEqual([...slice(v, 0, 1).data]);
    expect([...slice(v, 2, -3).data]).toEqual([...slice(v, 2, 0).data]);
  });
});

describe("colours", () => {
  it("runs from the colour map's first stop to its last, clipped at high", () => {
    expect(hex(colour(0, 1))).toBe(ENGINE.colormap[0]);
    expect(hex(colour(1, 1))).toBe(ENGINE.colormap[8]);
    expect(hex(colour(5, 1))).toBe(ENGINE.colormap[8]);
    expect(hex(colour(-1, 1))).toBe(ENGINE.colormap[0]);
    expect(hex(colour(0.5, 2))).toBe(ENGINE.colormap[2]); // a quarter of the way: stop 2 of 0..8
  });

  it("draws everything darkest on an empty scale or a value that is not a number", () => {
    expect(hex(colour(3, 0))).toBe(ENGINE.colormap[0]);
    expect(hex(colour(Number.NaN, 1))).toBe(ENGINE.colormap[0]);
  });

  it("interpolates between stops", () => {
    const [a, b, mid] = [colour(1 / 8, 1), colour(2 / 8, 1), colour(1.5 / 8, 1)];
    for (let c = 0; c < 3; c++) expect(mid[c]).toBeCloseTo((a[c] + b[c]) / 2, -0.5);
  });

  it("gives a slice's pixels opaque, in the slice's order", () => {
    const pixels = slicePixels({ width: 2, height: 1, data: Float32Array.of(0, 1) }, 1);
    expect(hex([...pixels.slice(0, 3)])).toBe(ENGINE.colormap[0]);
    expect(hex([...pixels.slice(4, 7)])).toBe(ENGINE.colormap[8]);
    expect([pixels[3], pixels[7]]).toEqual([255, 255]);
  });
});

describe("vertex colours", () => {
  it("colours each vertex by the value at its voxel", () => {
    const map = Float32Array.of(0, 2, 1);
    const colours = vertexColours(Uint32Array.of(1, 0, 2, 1), map, 2);
    const rgb = (i: number) => [...colours.slice(i * 3, i * 3 + 3)].map((c) => Math.round(c * 255));
    expect(hex(rgb(0))).toBe(ENGINE.colormap[8]);
    expect(hex(rgb(1))).toBe(ENGINE.colormap[0]);
    expect(rgb(2)).toEqual(colour(1, 2));
    expect(rgb(3)).toEqual(rgb(0));
  });

  it("refuses a voxel beyond the grid", () => {
    expect(() => vertexColours(Uint32Array.of(0, 3), Float32Array.of(0, 1, 2), 1)).toThrow("vertex 1 lies in voxel 3");
  });
});

describe("top and filled voxels", () => {
  it("finds the largest values and their places, largest first", () => {
    const v = labelled(2, 3, 4);
    const top = topVoxels(v, 3);
    expect(top.map((t) => t.value)).toEqual([123, 122, 121]);
    expect(top[0].at).toEqual([1, 2, 3]);
    expect(top[2].at).toEqual([1, 2, 1]);
  });

  it("leaves out voxels of no attribution", () => {
    const v = { shape: [1, 2, 2] as const, data: Float32Array.of(0, 3, 0, 1) };
    expect(topVoxels(v, 10).map((t) => t.at)).toEqual([
      [0, 0, 1],
      [0, 1, 1],
    ]);
  });

  it("lists the voxels at or above a threshold, in grid order", () => {
    const v = { shape: [2, 1, 2] as const, data: Float32Array.of(0.2, 0.5, 0.9, 0.49) };
    expect(filledVoxels(v, 0.5).map((t) => t.at)).toEqual([
      [0, 0, 1],
      [1, 0, 0],
    ]);
  });
});
