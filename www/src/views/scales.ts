// The per-scale maps: where (in the image) × what (at which scale).

import type { FloatArray, Picture } from "../api";
import { scaleCaption } from "./format";
import { pictureCanvas, prepare } from "./draw";

const CAPTION_HEIGHT = 22;

/** Draws `image`, the panels of the maps `scales` side by side, with a caption under each. */
export function drawScales(canvas: HTMLCanvasElement, scales: FloatArray, image: Picture): void {
  const [count, , panelWidth] = scales.shape;
  const gap = count > 1 ? (image.width - count * panelWidth) / (count - 1) : 0;
  const ctx = prepare(canvas, image.width, image.height + CAPTION_HEIGHT);
  ctx.drawImage(pictureCanvas(image), 0, 0);
  ctx.font = "13px system-ui, sans-serif";
  ctx.fillStyle = "#333";
  ctx.textAlign = "center";
  ctx.textBaseline = "middle";
  for (let i = 0; i < count; i++) {
    ctx.fillText(scaleCaption(i, count), i * (panelWidth + gap) + panelWidth / 2, image.height + CAPTION_HEIGHT / 2);
  }
}
