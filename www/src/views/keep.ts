// Keep the top q %: the input rebuilt from its most attributed coefficients,
// and the slider that picks q.

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
    shell.keepTop();
  });
  keep.addEventListener("change", () => shell.syncUrl());
}
