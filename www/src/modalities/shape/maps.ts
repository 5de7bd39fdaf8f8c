// Which map of a shape's result a view shows: the voxel grid (the model's
// input), the attribution summed over the scales, one scale's map, or one
// band of the input's own wavelet decomposition (its magnitude, each voxel
// showing the coefficient whose block holds it); each with its volume and
// the colour scale it is drawn on (the engine's legend of that picture or
// band, so that the colours match the colour bar).

import type { Explained, Legend, Region } from "../../api";
import { scaleCaption } from "../../views/format";
import { type Volume, blockMagnitude, volumeOf } from "./grid";

/** A map's key: "grid", "sum", "scale-i" (the i-th per-scale map, finest first) or "band-NAME" (a band of the input's decomposition, e.g. "band-d1_aad"). */
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
  const bands = withGrid ? decompositionBands(r).map((b): [MapKey, string] => [`band-${b.name}`, bandCaption(b)]) : [];
  return [...(withGrid ? [["grid", "the voxel grid (input)"] as [MapKey, string]] : []), ["sum", "attribution (all scales)"], ...scales, ...bands];
}

/** The bands of the input's own wavelet decomposition, approximation first. */
function decompositionBands(r: Explained): Region[] {
  return r.bands.decomposition ?? [];
}

/** "input's decomposition: level 1 aad" or "…: approximation". */
function bandCaption(b: Region): string {
  return `input's decomposition: ${b.level === 0 ? "approximation" : `level ${b.level} ${b.key}`}`;
}

/** The index into `scales` of the map `key` ("scale-i"), or null for any other. */
export function scaleIndex(key: MapKey): number | null {
  const scale = /^scale-(\d+)$/.exec(key);
  return scale ? Number(scale[1]) : null;
}

/** The map `key` of `r`; an unknown key (or a grid the result lacks) gives the attribution's sum. */
export function shownMap(r: Explained, key: MapKey): ShownMap {
  const scale = scaleIndex(key);
  if (key === "grid" && r.grid) return { volume: volumeOf(r.grid), legend: undefined, high: 1 };
  const band = decompositionBands(r).find((b) => key === `band-${b.name}`);
  if (band) return { volume: blockMagnitude(band.values, volumeOf(r.inputMap).shape), legend: band.legend, high: band.legend.high };
  if (scale !== null && r.scales && scale < r.scales.shape[0]) {
    const legend = r.legends.scales;
    return { volume: volumeOf(r.scales, scale), legend, high: legend?.high ?? 1 };
  }
  const legend = r.legends.heatmap;
  return { volume: volumeOf(r.inputMap), legend, high: legend?.high ?? 1 };
}
