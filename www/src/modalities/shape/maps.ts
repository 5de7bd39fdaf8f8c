// Which map of a shape's result a view shows: the voxel grid (the model's
// input), the attribution summed over the scales, or one scale's map; each
// with its volume and the colour scale it is drawn on (the engine's legend
// of that picture, so that the colours match the colour bar).

import type { Explained, Legend } from "../../api";
import { scaleCaption } from "../../views/format";
import { type Volume, volumeOf } from "./grid";

/** A map's key: "grid", "sum", or "scale-i" (the i-th per-scale map, finest first). */
export type MapKey = string;

/** A map to show: its volume, its legend (none for the grid) and the value drawn brightest. */
export interface ShownMap {
  volume: Volume;
  legend: Legend | undefined;
  high: number;
}

/** The maps of `r` a view can show (`withGrid`: the voxel grid too), as [key, label] pairs. */
export function mapChoices(r: Explained, withGrid: boolean): [MapKey, string][] {
  const count = r.scales?.shape[0] ?? 0;
  const scales = Array.from({ length: count }, (_, i): [MapKey, string] => [`scale-${i}`, scaleCaption(i, count)]);
  return [...(withGrid ? [["grid", "the voxel grid (input)"] as [MapKey, string]] : []), ["sum", "attribution (all scales)"], ...scales];
}

/** The map `key` of `r`; an unknown key (or a grid the result lacks) gives the attribution's sum. */
export function shownMap(r: Explained, key: MapKey): ShownMap {
  const scale = /^scale-(\d+)$/.exec(key);
  if (key === "grid" && r.grid) return { volume: volumeOf(r.grid), legend: undefined, high: 1 };
  if (scale && r.scales && Number(scale[1]) < r.scales.shape[0]) {
    const legend = r.legends.scales;
    return { volume: volumeOf(r.scales, Number(scale[1])), legend, high: legend?.high ?? 1 };
  }
  const legend = r.legends.heatmap;
  return { volume: volumeOf(r.inputMap), legend, high: legend?.high ?? 1 };
}
