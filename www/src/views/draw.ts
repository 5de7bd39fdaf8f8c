// Drawing helpers shared by the views.

import type { Picture } from "../api";

/** `picture` on a canvas of its own size (to draw from). */
export function pictureCanvas(picture: Picture): OffscreenCanvas {
  const canvas = new OffscreenCanvas(picture.width, picture.height);
  const pixels = new Uint8ClampedArray(picture.pixels);
  canvas.getContext("2d")?.putImageData(new ImageData(pixels, picture.width, picture.height), 0, 0);
  return canvas;
}

/** The 2-D context of `canvas`, resized to `width` × `height` and cleared. */
export function prepare(canvas: HTMLCanvasElement, width: number, height: number): CanvasRenderingContext2D {
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext("2d");
  if (!ctx) throw new Error("this browser cannot draw on a canvas");
  return ctx;
}

/** Draws `picture` over the whole of `canvas` (pixelated when `sharp`). */
export function drawPicture(canvas: HTMLCanvasElement, picture: Picture, scale = 1, sharp = false): CanvasRenderingContext2D {
  const ctx = prepare(canvas, picture.width * scale, picture.height * scale);
  ctx.imageSmoothingEnabled = !sharp;
  ctx.drawImage(pictureCanvas(picture), 0, 0, canvas.width, canvas.height);
  return ctx;
}

/** Clears `canvas` (an empty view). */
export function clear(canvas: HTMLCanvasElement): void {
  canvas.getContext("2d")?.clearRect(0, 0, canvas.width, canvas.height);
}

/** Makes every `button.png` save its canvas (`data-canvas`) under its name (`data-name`). */
export function listenForPngButtons(): void {
  for (const button of document.querySelectorAll<HTMLButtonElement>("button.png")) {
    const canvas = document.getElementById(button.dataset.canvas ?? "");
    if (canvas instanceof HTMLCanvasElement) button.addEventListener("click", () => downloadPng(canvas, button.dataset.name ?? "wam.png"));
  }
}

/** Saves `canvas` as a PNG named `name`. */
export function downloadPng(canvas: HTMLCanvasElement, name: string): void {
  canvas.toBlob((blob) => blob && download(blob, name), "image/png");
}

/** Saves `blob` as a file named `name`. */
export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
