import { describe, expect, it } from "vitest";
import type { Explained, Legend } from "../../../src/api";
import { readMesh } from "../../../src/modalities/shape/input";
import { mapChoices, scaleIndex, shownMap } from "../../../src/modalities/shape/maps";

const legend = (high: number): Legend => ({ low: 0, high, max: high * 2, percentile: 99, perBand: false, colouring: "magnitude" });

/** A result over a 2 × 2 × 2 grid with two scale maps (level 1, approximation) whose values say which map they are. */
function result(): Explained {
  const volume = (v: number) => new Float32Array(8).fill(v);
  return {
    inputMap: { shape: [2, 2, 2], data: volume(3) },
    scales: { shape: [2, 2, 2, 2], data: Float32Array.of(...volume(1), ...volume(2)) },
    grid: { shape: [1, 2, 2, 2], data: volume(0.5) },
    legends: { heatmap: legend(3), scales: legend(2) },
    bands: {},
  } as unknown as Explained;
}

/** `result()` with the input's decomposition: the approximation `[1, 1, 1, 1]` and one detail band `[1, 1, 1, 1]` (of 2 × 2 × 2). */
function decomposed(): Explained {
  const band = (name: string, level: number, key: string, value: number) => ({
    name,
    level,
    key,
    offset: [0, 0, 0],
    shape: [1, 1, 1],
    values: { shape: [1, 1, 1, 1], data: Float32Array.of(value) },
    legend: legend(Math.abs(value)),
  });
  return { ...result(), bands: { decomposition: [band("a", 0, "", 4), band("d1_aad", 1, "aad", -0.5)] } } as Explained;
}

describe("the maps a shape view shows", () => {
  it("offers the grid (for slices), the sum and each scale, finest first", () => {
    expect(mapChoices(result(), true)).toEqual([
      ["grid", "the voxel grid (input)"],
      ["sum", "attribution (all scales)"],
      ["scale-0", "level 1 (finest)"],
      ["scale-1", "approximation"],
    ]);
    expect(mapChoices(result(), false).map(([key]) => key)).toEqual(["sum", "scale-0", "scale-1"]);
  });

  it("offers each band of the input's decomposition for slices, not for the mesh", () => {
    expect(mapChoices(decomposed(), true).slice(-2)).toEqual([
      ["band-a", "input's decomposition: approximation"],
      ["band-d1_aad", "input's decomposition: level 1 aad"],
    ]);
    expect(mapChoices(decomposed(), false).map(([key]) => key)).toEqual(["sum", "scale-0", "scale-1"]);
  });

  it("shows a band's magnitude over the whole grid, on the band's own scale", () => {
    const detail = shownMap(decomposed(), "band-d1_aad");
    expect(detail.volume.shape).toEqual([2, 2, 2]);
    expect([...detail.volume.data]).toEqual(new Array(8).fill(0.5));
    expect([detail.high, detail.legend?.high]).toEqual([0.5, 0.5]);
  });

  it("names the scale index of a scale's key, none for other maps", () => {
    expect([scaleIndex("scale-1"), scaleIndex("sum"), scaleIndex("band-a")]).toEqual([1, null, null]);
  });

  it("offers only the sum for an input-domain method (no scales)", () => {
    const r = { ...result(), scales: undefined } as Explained;
    expect(mapChoices(r, false)).toEqual([["sum", "attribution (all scales)"]]);
  });

  it("gives each map's volume on its own legend's scale", () => {
    const r = result();
    const sum = shownMap(r, "sum");
    expect([sum.volume.data[0], sum.high, sum.legend?.high]).toEqual([3, 3, 3]);
    const approximation = shownMap(r, "scale-1");
    expect([approximation.volume.data[0], approximation.high]).toEqual([2, 2]);
    expect(approximation.volume.shape).toEqual([2, 2, 2]);
    const grid = shownMap(r, "grid");
    expect([grid.volume.data[0], grid.high, grid.legend]).toEqual([0.5, 1, undefined]);
  });

  it("falls back to the sum for a key the result does not have", () => {
    expect(shownMap(result(), "scale-7").volume.data[0]).toBe(3);
    expect(shownMap({ ...result(), grid: undefined } as Explained, "grid").volume.data[0]).toBe(3);
  });
});

describe("reading a mesh file", () => {
  it("hands the engine the file's bytes and name", async () => {
    const input = await readMesh(new Blob([Uint8Array.of(1, 2, 3)]), "cube.obj", "z", "cube.obj");
    expect(input).toMatchObject({ kind: "shape", name: "cube.obj", upAxis: "z", sample: "cube.obj" });
    expect(input.kind === "shape" && [...input.bytes]).toEqual([1, 2, 3]);
  });

  it("refuses an empty file by its name", async () => {
    await expect(readMesh(new Blob([]), "empty.stl", "y")).rejects.toThrow("'empty.stl' is empty");
  });
});
