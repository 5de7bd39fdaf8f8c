// The comparison grid: the latest overlay of each method and class
// explained on this image, one captioned tile each (method, class, time).

import type { Colouring, Explained, Picture, Prediction } from "../api";
import { duration } from "./format";
import { drawOverlay } from "./overlay";

/** What the grid keeps of a result: its method, input and heat pictures (and their colouring), the class explained, how long it took, and its AUCs once measured. */
export interface Compared {
  method: string;
  input: Picture;
  heat: Picture;
  colouring: Colouring;
  target: Prediction;
  explainMs: number;
  aucs?: { insertion: number; deletion: number };
}

/** The key of a tile: one per method and class. */
export function compareKey(method: string, targetClass: number): string {
  return `${method}/${targetClass}`;
}

/** The tile of `r` in the grid (kept by its key: one per method and class). */
export function compared(r: Explained): [string, Compared] {
  const { input, heat } = r.pictures;
  return [compareKey(r.method, r.target.class), { method: r.method, input, heat, colouring: r.colouring, target: r.target, explainMs: r.timings.explainMs }];
}

/** Redraws `grid` with one overlay per entry of `results`, by method (in `order`), then in the order they came. */
export function drawCompare(grid: HTMLElement, results: Map<string, Compared>, order: readonly string[], opacity: number): void {
  const figures = [...results.values()]
    .sort((a, b) => order.indexOf(a.method) - order.indexOf(b.method))
    .map((r) => {
      const figure = document.createElement("figure");
      const canvas = document.createElement("canvas");
      drawOverlay(canvas, r.input, r.heat, opacity);
      canvas.setAttribute("role", "img");
      canvas.setAttribute("aria-label", `${r.method} attribution of ${r.target.label} over the image`);
      const caption = document.createElement("figcaption");
      const name = document.createElement("strong");
      name.textContent = r.method;
      // A tile drawn in another colouring than magnitude says so: tiles compare only within one.
      caption.append(name, ` · ${r.target.label} · ${duration(r.explainMs)}${r.colouring === "signed" ? " · signed" : ""}`);
      if (r.aucs) {
        const aucs = document.createElement("span");
        aucs.className = "aucs";
        aucs.textContent = `Ins ${r.aucs.insertion.toFixed(3)} · Del ${r.aucs.deletion.toFixed(3)}`;
        caption.append(document.createElement("br"), aucs);
      }
      figure.append(canvas, caption);
      return figure;
    });
  grid.replaceChildren(...figures);
}
