// Keep the top q %: the input rebuilt from its most attributed coefficients,
// the slider that picks q, and the curve of the class's probability against q.

import type { KeepTopResult } from "../api";
import { byId } from "../shell/dom";
import type { Shell } from "../shell/modality";
import { percent } from "./format";
import { drawPicture } from "./draw";

/** Draws the rebuilt input and says what the model now sees; `features` names what was kept ("coefficients", "pixel values"). */
export function drawKeep(canvas: HTMLCanvasElement, label: HTMLElement, k: KeepTopResult, features: string): void {
  drawPicture(canvas, k.input);
  const top = k.top5[0];
  label.textContent =
    `${k.kept.toLocaleString("en")} of ${k.total.toLocaleString("en")} ${features} kept · ` +
    `top-1: ${top.label} (${percent(top.probability)}) · ${k.target.label}: ${percent(k.target.probability)}`;
}

/** The keep slider (`#keep`, its value in `#keep-value`): filled from the settings; a move asks the shell again. */
export function listenForKeep(shell: Shell): void {
  const [keep, value] = [byId<HTMLInputElement>("keep"), byId("keep-value")];
  keep.value = String(shell.settings.keep);
  value.textContent = keep.value;
  keep.addEventListener("input", () => {
    shell.settings.keep = Number(keep.value);
    value.textContent = keep.value;
    const curve = document.getElementById("keep-curve");
    if (curve instanceof SVGSVGElement) markKeep(curve, shell.settings.keep);
    shell.keepTop();
  });
  keep.addEventListener("change", () => shell.syncUrl());
}

/** The percentages at which the keep curve is measured. */
export const CURVE_POINTS = [1, 2, 5, 10, 20, 30, 50, 75, 100] as const;

const SVG = "http://www.w3.org/2000/svg";
/** The curve's plot area in SVG units: q from 1 to 100 % on a log axis, probability 0 to 1. */
const PLOT = { left: 42, right: 292, top: 8, bottom: 92, width: 300, height: 118 };

/** The x of q (%) on the log axis. */
const qx = (q: number) => PLOT.left + (Math.log10(q) / 2) * (PLOT.right - PLOT.left);
/** The y of probability p. */
const py = (p: number) => PLOT.bottom - p * (PLOT.bottom - PLOT.top);

/** An SVG element `tag` with `attributes`, and `text` if given. */
function svg(tag: string, attributes: Record<string, string | number>, text?: string): SVGElement {
  const el = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, String(value));
  if (text !== undefined) el.textContent = text;
  return el;
}

/**
 * Draws the explained class's probability against q (`points`: [q %, p]),
 * q on a log axis, with the q shown now marked.
 */
export function drawKeepCurve(plot: SVGSVGElement, points: readonly (readonly [number, number])[], q: number): void {
  plot.setAttribute("viewBox", `0 0 ${PLOT.width} ${PLOT.height}`);
  const axes = [
    svg("path", { d: `M${PLOT.left} ${PLOT.top} V${PLOT.bottom} H${PLOT.right}`, class: "axis" }),
    ...[0, 0.5, 1].map((p) => svg("text", { x: PLOT.left - 4, y: py(p) + 4, "text-anchor": "end" }, `${p * 100} %`)),
    ...[1, 10, 100].map((v) => svg("text", { x: qx(v), y: PLOT.bottom + 14, "text-anchor": "middle" }, `${v} %`)),
    svg("text", { x: (PLOT.left + PLOT.right) / 2, y: PLOT.height - 1, "text-anchor": "middle" }, "q, the share kept"),
  ];
  const line = svg("polyline", { points: points.map(([x, p]) => `${qx(x)},${py(p)}`).join(" "), class: "curve" });
  const dots = points.map(([x, p]) => svg("circle", { cx: qx(x), cy: py(p), r: 2.5, class: "point" }));
  plot.replaceChildren(...axes, line, ...dots, svg("line", { class: "now", y1: PLOT.top, y2: PLOT.bottom }));
  markKeep(plot, q);
  const said = points.map(([x, p]) => `${x} %: ${(p * 100).toFixed(1)} %`).join(", ");
  plot.setAttribute("aria-label", `the class's probability when only the top q % is kept: ${said}`);
}

/** Moves the curve's mark to q (%). */
export function markKeep(plot: SVGSVGElement, q: number): void {
  const now = plot.querySelector("line.now");
  now?.setAttribute("x1", String(qx(q)));
  now?.setAttribute("x2", String(qx(q)));
}
