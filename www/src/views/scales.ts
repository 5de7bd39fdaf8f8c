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

/** Each map's share of the whole attribution: the sums of the maps `scales` (`[count, …]`, ≥ 0) over their total. */
export function levelShares(scales: FloatArray): number[] {
  const count = scales.shape[0];
  const size = scales.data.length / count;
  const sums = Array.from({ length: count }, (_, i) => scales.data.subarray(i * size, (i + 1) * size).reduce((a, v) => a + v, 0));
  const total = sums.reduce((a, v) => a + v, 0);
  return sums.map((s) => (total > 0 ? s / total : 0));
}

/** Fills `el` with one bar per level (finest first): its name, a bar and its share in %; hidden without `scales`. */
export function drawShares(el: HTMLElement, scales: FloatArray | undefined): void {
  el.hidden = scales === undefined;
  if (!scales) return;
  const shares = levelShares(scales);
  el.replaceChildren(
    ...shares.flatMap((share, i) => {
      const name = document.createElement("span");
      name.textContent = scaleCaption(i, shares.length);
      const bar = document.createElement("span");
      bar.className = "share";
      bar.style.width = `${(share * 100).toFixed(1)}%`;
      const value = document.createElement("span");
      value.textContent = `${(share * 100).toFixed(1)} %`;
      return [name, bar, value];
    }),
  );
}
