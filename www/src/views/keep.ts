// Keep the top q %: the input rebuilt from its most attributed coefficients.

import type { KeepTopResult } from "../api";
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
