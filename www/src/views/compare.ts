// The comparison strip: the latest overlay of each method on this image.

import type { Picture, Prediction } from "../api";
import { drawOverlay } from "./overlay";

/** What the strip keeps of a result: its input and heat pictures, the class explained, and its AUCs once measured. */
export interface Compared {
  input: Picture;
  heat: Picture;
  target: Prediction;
  aucs?: { insertion: number; deletion: number };
}

/** Redraws `strip` with one overlay per method in `results` (in `order`). */
export function drawCompare(strip: HTMLElement, results: Map<string, Compared>, order: readonly string[], opacity: number): void {
  const figures = order
    .filter((method) => results.has(method))
    .map((method) => {
      const r = results.get(method) as Compared;
      const figure = document.createElement("figure");
      const canvas = document.createElement("canvas");
      drawOverlay(canvas, r.input, r.heat, opacity);
      const caption = document.createElement("figcaption");
      const name = document.createElement("strong");
      name.textContent = method;
      caption.append(name, ` · ${r.target.label}`);
      if (r.aucs) {
        const aucs = document.createElement("span");
        aucs.className = "aucs";
        aucs.textContent = `Ins ${r.aucs.insertion.toFixed(3)} · Del ${r.aucs.deletion.toFixed(3)}`;
        caption.append(document.createElement("br"), aucs);
      }
      figure.append(canvas, caption);
      return figure;
    });
  strip.replaceChildren(...figures);
}
