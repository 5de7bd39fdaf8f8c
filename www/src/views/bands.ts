// Wavelet mosaics (the attribution of every coefficient, or the
// decomposition of the input), drawn enlarged with band labels, and the
// hover read-out of any band picture.

import type { BandPicture, Region } from "../api";
import { type Readout, describe, levelCount, locate, shortLabel } from "./readout";
import { drawPicture } from "./draw";

/** Enlargement of the mosaics on screen. */
export const MOSAIC_SCALE = 2;

/** Draws `mosaic` at MOSAIC_SCALE with a label in each band large enough to hold one. */
export function drawMosaic(canvas: HTMLCanvasElement, mosaic: BandPicture): void {
  // The layout is in the picture's pixels; scale it onto the canvas.
  const ctx = drawPicture(canvas, mosaic.image, MOSAIC_SCALE, true);
  const [sy, sx] = [canvas.height / mosaic.image.height, canvas.width / mosaic.image.width];
  ctx.font = "600 12px system-ui, sans-serif";
  ctx.textBaseline = "top";
  for (const band of mosaic.bands) {
    const label = shortLabel(band);
    const [w, h] = [band.shape[1] * sx, band.shape[0] * sy];
    const textWidth = ctx.measureText(label).width;
    if (w < textWidth + 8 || h < 20) continue;
    const [x, y] = [band.offset[1] * sx + 3, band.offset[0] * sy + 3];
    ctx.fillStyle = "rgba(255, 255, 255, 0.8)";
    ctx.fillRect(x, y, textWidth + 6, 16);
    ctx.fillStyle = "#222";
    ctx.fillText(label, x + 3, y + 2);
  }
}

/** The read-out of a mosaic's coefficient. */
const describeMosaic = (hit: Readout, bands: readonly Region[]): string => describe(hit, levelCount(bands));

/**
 * Shows in `readout` what lies under the pointer on `canvas`, for the band
 * picture that `current()` returns at the time (null: nothing drawn), in
 * the words of `say` (by default a mosaic's).
 */
export function attachReadout(
  canvas: HTMLCanvasElement,
  readout: HTMLElement,
  current: () => BandPicture | null,
  idle: string,
  say: (hit: Readout, bands: readonly Region[]) => string = describeMosaic,
): void {
  readout.textContent = idle;
  canvas.addEventListener("pointermove", (e) => {
    const mosaic = current();
    if (!mosaic) return;
    const rect = canvas.getBoundingClientRect();
    const y = ((e.clientY - rect.top) / rect.height) * mosaic.image.height;
    const x = ((e.clientX - rect.left) / rect.width) * mosaic.image.width;
    const hit = locate(mosaic.bands, y, x);
    readout.textContent = hit ? say(hit, mosaic.bands) : idle;
  });
  canvas.addEventListener("pointerleave", () => {
    readout.textContent = idle;
  });
}
