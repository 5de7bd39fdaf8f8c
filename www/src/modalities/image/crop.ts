// What the model sees of an image: the centre crop that its preparation
// keeps (the shorter side resized, then a square cut from the middle, as
// the model's manifest says), boxed on the image as given, and the model's
// input and classes in words.

import { prepare } from "../../views/draw";

/** The parts of an image model's manifest (`manifest.json`) that say what it sees. */
export interface ImageManifest {
  preprocess: { resize_shorter: number; crop: number };
  classes: number;
  /** The data set its classes come from, e.g. "ImageNet". */
  dataset?: string;
}

/** Fetches the manifest of the model in `folder`. */
export async function loadManifest(folder: string): Promise<ImageManifest> {
  const response = await fetch(`${folder}manifest.json`);
  if (!response.ok) throw new Error(`could not load the model's manifest (HTTP ${response.status})`);
  return (await response.json()) as ImageManifest;
}

/** "224 × 224 centre crop · 1,000 ImageNet classes". */
export function seesText(m: ImageManifest): string {
  const { crop } = m.preprocess;
  return `${crop} × ${crop} centre crop · ${m.classes.toLocaleString("en")}${m.dataset ? ` ${m.dataset}` : ""} classes`;
}

/** The square the model sees, in the pixels of a `width` × `height` image: [left, top, side]. */
export function cropBox(width: number, height: number, m: ImageManifest): [number, number, number] {
  const { resize_shorter: shorter, crop } = m.preprocess;
  const side = (crop * Math.min(width, height)) / shorter;
  return [(width - side) / 2, (height - side) / 2, side];
}

/** Draws `image` at most `size` pixels on its longer side, dimmed outside the crop the model sees, which is boxed. */
export function drawCrop(canvas: HTMLCanvasElement, image: { width: number; height: number; rgba: Uint8Array | Uint8ClampedArray }, m: ImageManifest, size = 240): void {
  const zoom = Math.min(1, size / Math.max(image.width, image.height));
  const [w, h] = [Math.max(1, Math.round(image.width * zoom)), Math.max(1, Math.round(image.height * zoom))];
  const ctx = prepare(canvas, w, h);
  const source = new OffscreenCanvas(image.width, image.height);
  source.getContext("2d")?.putImageData(new ImageData(new Uint8ClampedArray(image.rgba), image.width, image.height), 0, 0);
  ctx.drawImage(source, 0, 0, w, h);
  const [left, top, side] = cropBox(image.width, image.height, m).map((v) => v * zoom);
  ctx.fillStyle = "rgba(0, 0, 0, 0.55)";
  ctx.fillRect(0, 0, w, top);
  ctx.fillRect(0, top + side, w, h - top - side);
  ctx.fillRect(0, top, left, side);
  ctx.fillRect(left + side, top, w - left - side, side);
  ctx.strokeStyle = "#ffd43b";
  ctx.lineWidth = 2;
  ctx.strokeRect(left + 1, top + 1, side - 2, side - 2);
}
