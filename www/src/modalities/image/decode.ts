// Image files into pixels: the checks (pure: size, declared dimensions read
// from the header) and the decoding to RGBA.

import { ENGINE } from "../../generated/engine";
import { checkFile } from "../files";

/** Images with more pixels than this are refused (the engine's limit). */
export const MAX_PIXELS = ENGINE.limits.pixels;

/** An image ready for the explainer (an `ExplainInput` of kind "image"). */
export interface RgbaImage {
  kind: "image";
  name: string;
  width: number;
  height: number;
  rgba: Uint8Array;
  /** The gallery file it came from, if any. */
  sample: string | null;
}

/** Why an image of `width` × `height` cannot be used, or null. */
export function checkDimensions(name: string, width: number, height: number): string | null {
  if (!(width > 0 && height > 0)) return `could not read '${name}' as an image`;
  if (width * height > MAX_PIXELS) {
    return `'${name}' is ${width} × ${height} (${((width * height) / 1e6).toFixed(0)} megapixels): images over ${MAX_PIXELS / 1e6} megapixels are refused`;
  }
  return null;
}

/** The message for a file the browser cannot decode. */
export const unreadable = (name: string): string => `could not read '${name}' as an image`;

/**
 * The size that an image file's header declares (PNG, GIF, BMP, WebP, JPEG),
 * read without decoding; null when the format is not one of these or the
 * header is cut short.
 */
export function headerSize(bytes: Uint8Array): { width: number; height: number } | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ascii = (at: number, text: string) => [...text].every((ch, i) => bytes[at + i] === ch.charCodeAt(0));
  const n = bytes.length;
  if (n >= 24 && bytes[0] === 0x89 && ascii(1, "PNG") && ascii(12, "IHDR")) {
    return { width: view.getUint32(16), height: view.getUint32(20) };
  }
  if (n >= 10 && (ascii(0, "GIF87a") || ascii(0, "GIF89a"))) {
    return { width: view.getUint16(6, true), height: view.getUint16(8, true) };
  }
  if (n >= 26 && ascii(0, "BM")) {
    return { width: Math.abs(view.getInt32(18, true)), height: Math.abs(view.getInt32(22, true)) };
  }
  if (n >= 30 && ascii(0, "RIFF") && ascii(8, "WEBP")) {
    if (ascii(12, "VP8X")) {
      const u24 = (at: number) => bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16);
      return { width: u24(24) + 1, height: u24(27) + 1 };
    }
    if (ascii(12, "VP8L")) {
      const bits = view.getUint32(21, true);
      return { width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
    }
    if (ascii(12, "VP8 ")) return { width: view.getUint16(26, true) & 0x3fff, height: view.getUint16(28, true) & 0x3fff };
    return null;
  }
  if (n >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8) {
    // Walk the JPEG markers to the first start-of-frame (SOF0..SOF15 but DHT, JPG, DAC).
    let at = 2;
    while (at + 9 < n) {
      if (bytes[at] !== 0xff) return null;
      const marker = bytes[at + 1];
      if (marker === 0xff) {
        at += 1;
        continue;
      }
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { width: view.getUint16(at + 7), height: view.getUint16(at + 5) };
      }
      at += 2 + view.getUint16(at + 2);
    }
  }
  return null;
}

/** Decodes `blob` (named `name`) to RGBA, refusing files and images that are too large. */
export async function decode(blob: Blob, name: string, sample: string | null = null): Promise<RgbaImage> {
  const tooBig = checkFile(name, blob.size);
  if (tooBig) throw new Error(tooBig);
  const declared = headerSize(new Uint8Array(await blob.slice(0, 64 * 1024).arrayBuffer()));
  if (declared) {
    const refused = checkDimensions(name, declared.width, declared.height);
    if (refused) throw new Error(refused);
  }
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob);
  } catch {
    throw new Error(unreadable(name));
  }
  try {
    const refused = checkDimensions(name, bitmap.width, bitmap.height);
    if (refused) throw new Error(refused);
    return { ...pixels(bitmap), name, sample };
  } finally {
    bitmap.close();
  }
}

/** The RGBA pixels of a drawable. */
export function pixels(source: CanvasImageSource & { width: number; height: number }): Pick<RgbaImage, "kind" | "width" | "height" | "rgba"> {
  const { width, height } = source;
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext("2d", { willReadFrequently: true });
  if (!ctx) throw new Error("this browser cannot draw to an offscreen canvas");
  ctx.drawImage(source, 0, 0);
  const data = ctx.getImageData(0, 0, width, height).data;
  return { kind: "image", width, height, rgba: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}
