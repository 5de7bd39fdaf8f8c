// The colour bar under every heat view: the engine's colour map from the
// value drawn darkest to the value drawn brightest (the percentile every
// picture is clipped at), with numbers and whether the scale is shared or
// per band. A view asks for one by holding `<div data-legend="NAME">`,
// NAME being its picture's name in the result; every modality's views get
// theirs filled by `showLegends`.

import type { Legend } from "../api";
import { ENGINE } from "../generated/engine";
import { formatValue } from "./readout";

/** "99th" for 99, "1st" for 1. */
export function ordinal(n: number): string {
  const teen = Math.floor(n / 10) % 10 === 1;
  const suffix = teen ? "th" : ({ 1: "st", 2: "nd", 3: "rd" } as Record<number, string>)[n % 10] ?? "th";
  return `${n}${suffix}`;
}

/** What the legend says under its bar, e.g. "one shared scale · brightest at the 99th percentile, 0.0123 (max 0.0456)". */
export function legendText(l: Legend): string {
  const clipped = `brightest from the ${ordinal(l.percentile)} percentile`;
  return l.perBand
    ? `each band on its own scale, 0 to its ${ordinal(l.percentile)} percentile (the largest ${formatValue(l.high)}; max ${formatValue(l.max)}), brighter values clipped`
    : `one shared scale · ${clipped}, ${formatValue(l.high)} (max ${formatValue(l.max)}), brighter values clipped`;
}

/** Fills `el` with the colour bar of `legend`, or hides it when there is none. */
export function drawLegend(el: HTMLElement, legend: Legend | undefined): void {
  el.hidden = legend === undefined;
  if (!legend) return;
  const bar = document.createElement("span");
  bar.className = "bar";
  bar.style.background = `linear-gradient(to right, ${ENGINE.colormap.join(", ")})`;
  const low = document.createElement("span");
  low.className = "end";
  low.textContent = formatValue(legend.low);
  const high = document.createElement("span");
  high.className = "end";
  high.textContent = legend.perBand ? `${ordinal(legend.percentile)} pct.` : `≥ ${formatValue(legend.high)}`;
  const text = document.createElement("span");
  text.className = "scale";
  text.textContent = legendText(legend);
  el.replaceChildren(low, bar, high, text);
  el.setAttribute("aria-label", `colour scale: dark ${low.textContent} to bright ${high.textContent}; ${text.textContent}`);
}

/** Fills every `[data-legend]` element under `root` from `legends` (by picture name). */
export function showLegends(root: ParentNode, legends: Partial<Record<string, Legend>>): void {
  for (const el of root.querySelectorAll<HTMLElement>("[data-legend]")) drawLegend(el, legends[el.dataset.legend ?? ""]);
}
