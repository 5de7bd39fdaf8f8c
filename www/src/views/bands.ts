// Wavelet mosaics (the attribution of every coefficient, or the
// decomposition of the input), drawn enlarged with band labels, and the
// hover read-out of any band picture.

import type { BandPicture } from "../api";
import { type Readout, describe, levelCount, locate, shortLabel } from "./readout";
import { drawPicture } from "./draw";

/** Enlargement of the mosaics on screen. */
export const MOSAIC_SCALE = 2;

/** Draws `mosaic` at MOSAIC_SCALE with a label in each band large enough to hold one. */
export function drawMosaic(canvas: HTMLCanvasElement, mosaic: BandPicture): void {
  // The layout is in the picture's pixels; scale it onto the canvas.
  const ctx = drawPicture(canvas, mosaic.image, MOSAIC_SCALE, true);
  const [sy, sx] = [canvas.height / mosaic.image.height, canvas.width / mosaic.image.width];
  // 15 px on the canvas: 11 px or more where a phone shows it at 340 of its 448 pixels.
  ctx.font = "600 15px system-ui, sans-serif";
  ctx.textBaseline = "top";
  for (const band of mosaic.bands) {
    const label = shortLabel(band);
    const [w, h] = [band.shape[1] * sx, band.shape[0] * sy];
    const textWidth = ctx.measureText(label).width;
    if (w < textWidth + 8 || h < 24) continue;
    const [x, y] = [band.offset[1] * sx + 3, band.offset[0] * sy + 3];
    ctx.fillStyle = "rgba(255, 255, 255, 0.8)";
    ctx.fillRect(x, y, textWidth + 6, 19);
    ctx.fillStyle = "#222";
    ctx.fillText(label, x + 3, y + 2);
  }
}

/** The read-out of a mosaic's coefficient, its coloured value first. */
const describeMosaic = (hit: Readout, mosaic: BandPicture): string => describe(hit, levelCount(mosaic.bands), mosaic.colouring);

/** The arrow keys' moves, [rows, columns]. */
const ARROWS: Partial<Record<string, [number, number]>> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };

/**
 * Shows in `readout` what lies under the pointer on `canvas` (or, from the
 * keyboard, under a cursor the arrow keys move one coefficient at a time),
 * for the band picture that `current()` returns at the time (null: nothing
 * drawn), in the words of `say` (by default a mosaic's).
 */
export function attachReadout(
  canvas: HTMLCanvasElement,
  readout: HTMLElement,
  current: () => BandPicture | null,
  idle: string,
  say: (hit: Readout, mosaic: BandPicture) => string = describeMosaic,
): void {
  readout.textContent = idle;
  /** Says what lies at picture pixel (y, x) of `mosaic`. */
  const show = (mosaic: BandPicture, y: number, x: number) => {
    const hit = locate(mosaic.bands, y, x);
    readout.textContent = hit ? say(hit, mosaic) : idle;
  };
  canvas.addEventListener("pointermove", (e) => {
    const mosaic = current();
    if (!mosaic) return;
    const rect = canvas.getBoundingClientRect();
    show(mosaic, ((e.clientY - rect.top) / rect.height) * mosaic.image.height, ((e.clientX - rect.left) / rect.width) * mosaic.image.width);
  });
  canvas.addEventListener("pointerleave", () => {
    readout.textContent = idle;
  });
  let cursor: [number, number] = [0, 0];
  canvas.addEventListener("keydown", (e) => {
    const mosaic = current();
    const move = ARROWS[e.key];
    if (!mosaic || !move) return;
    e.preventDefault();
    // One coefficient of the band under the cursor.
    const hit = locate(mosaic.bands, cursor[0], cursor[1]);
    const region = hit && mosaic.bands.find((b) => b.name === hit.band);
    const step = region && hit ? [region.shape[0] / hit.size[0], region.shape[1] / hit.size[1]] : [1, 1];
    const limit = [mosaic.image.height - 1, mosaic.image.width - 1];
    cursor = [0, 1].map((axis) => Math.min(limit[axis], Math.max(0, cursor[axis] + move[axis] * Math.max(1, step[axis])))) as [number, number];
    show(mosaic, cursor[0], cursor[1]);
  });
}
