// The colour bar under every heat view: the engine's colour map from the
// value drawn darkest to the value drawn brightest (the percentile every
// picture is clipped at), or, for signed views, its two-sided map from
// minus to plus that value through 0, with numbers and whether the scale is
// shared or per band. A view asks for one by holding `<div data-legend="NAME">`,
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
  if (l.colouring === "signed") {
    const sides = "two-sided: blue below 0, white at 0, red above";
    const top = `${ordinal(l.percentile)} percentile of |value|`;
    return l.perBand
      ? `${sides} · each band on its own scale, ± its ${top} (the largest ${formatValue(l.high)}; max |value| ${formatValue(l.max)}), larger values clipped`
      : `${sides} · one shared scale, ± the ${top}, ${formatValue(l.high)} (max |value| ${formatValue(l.max)}), larger values clipped`;
  }
  const clipped = `brightest from the ${ordinal(l.percentile)} percentile`;
  return l.perBand
    ? `each band on its own scale, 0 to its ${ordinal(l.percentile)} percentile (the largest ${formatValue(l.high)}; max ${formatValue(l.max)}), brighter values clipped`
    : `one shared scale · ${clipped}, ${formatValue(l.high)} (max ${formatValue(l.max)}), brighter values clipped`;
}

/** Fills `el` with the colour bar of `legend`, or hides it when there is none. */
export function drawLegend(el: HTMLElement, legend: Legend | undefined): void {
  el.hidden = legend === undefined;
  if (!legend) return;
  const signed = legend.colouring === "signed";
  const bar = document.createElement("span");
  bar.className = signed ? "bar two-sided" : "bar";
  bar.style.background = `linear-gradient(to right, ${(signed ? ENGINE.diverging : ENGINE.colormap).join(", ")})`;
  if (signed) bar.textContent = "0";
  const [lowText, highText] = legendEnds(legend);
  const low = document.createElement("span");
  low.className = "end";
  low.textContent = lowText;
  const high = document.createElement("span");
  high.className = "end";
  high.textContent = highText;
  const text = document.createElement("span");
  text.className = "scale";
  text.textContent = legendText(legend);
  el.replaceChildren(low, bar, high, text);
  const ends = signed ? `blue ${lowText} through white 0 to red ${highText}` : `dark ${lowText} to bright ${highText}`;
  el.setAttribute("aria-label", `colour scale: ${ends}; ${text.textContent}`);
}

/** The numbers at the ends of a legend's bar, e.g. ["0", "≥ 0.0123"] or, signed, ["≤ -0.0123", "≥ 0.0123"]. */
export function legendEnds(l: Legend): [string, string] {
  const pct = `${ordinal(l.percentile)} pct.`;
  if (l.colouring === "signed") return l.perBand ? [`−${pct}`, `+${pct}`] : [`≤ ${formatValue(l.low)}`, `≥ ${formatValue(l.high)}`];
  return [formatValue(l.low), l.perBand ? pct : `≥ ${formatValue(l.high)}`];
}

/** Fills every `[data-legend]` element under `root` from `legends` (by picture name). */
export function showLegends(root: ParentNode, legends: Partial<Record<string, Legend>>): void {
  for (const el of root.querySelectorAll<HTMLElement>("[data-legend]")) drawLegend(el, legends[el.dataset.legend ?? ""]);
}
