// The overlay: the model's input with the heat layer over it.

import type { Picture } from "../api";
import { pictureCanvas, prepare } from "./draw";

/** Draws `input` with `heat` over it at `opacity` (0..1), at `scale` times the input's size. */
export function drawOverlay(canvas: HTMLCanvasElement, input: Picture, heat: Picture, opacity: number, scale = 1): void {
  const ctx = prepare(canvas, input.width * scale, input.height * scale);
  ctx.drawImage(pictureCanvas(input), 0, 0, canvas.width, canvas.height);
  ctx.globalAlpha = opacity;
  ctx.drawImage(pictureCanvas(heat), 0, 0, canvas.width, canvas.height);
  ctx.globalAlpha = 1;
}
