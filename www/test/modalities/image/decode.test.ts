import { describe, expect, it } from "vitest";
import { MAX_FILE_BYTES, checkFile } from "../../../src/modalities/files";
import { checkDimensions, headerSize, unreadable } from "../../../src/modalities/image/decode";

const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));
const be16 = (n: number) => [n >> 8, n & 255];
const be32 = (n: number) => [n >>> 24, (n >> 16) & 255, (n >> 8) & 255, n & 255];
const le16 = (n: number) => [n & 255, n >> 8];
const le32 = (n: number) => [n & 255, (n >> 8) & 255, (n >> 16) & 255, n >>> 24];
const bytes = (...parts: number[][]) => new Uint8Array(parts.flat());

describe("input checks", () => {
  it("refuses empty and oversized files", () => {
    expect(checkFile("a.png", 1000)).toBeNull();
    expect(checkFile("a.png", MAX_FILE_BYTES)).toBeNull();
    expect(checkFile("big.tif", MAX_FILE_BYTES + 1)).toMatch(/'big.tif' is 50 MB: files over 50 MB are refused/);
    expect(checkFile("e.png", 0)).toBe("'e.png' is empty");
  });

  it("refuses images over 50 megapixels", () => {
    expect(checkDimensions("a.png", 8000, 6000)).toBeNull();
    expect(checkDimensions("at-the-limit.png", 10000, 5000)).toBeNull();
    expect(checkDimensions("pano.jpg", 10000, 5001)).toMatch(/'pano.jpg' is 10000 × 5001 \(50 megapixels\): images over 50 megapixels are refused/);
    expect(checkDimensions("x.png", 0, 10)).toBe(unreadable("x.png"));
    expect(unreadable("x.png")).toBe("could not read 'x.png' as an image");
  });
});

describe("image headers", () => {
  it("reads PNG", () => {
    const png = bytes([0x89], ascii("PNG\r\n\x1a\n"), be32(13), ascii("IHDR"), be32(451), be32(300), [8, 2, 0, 0, 0]);
    expect(headerSize(png)).toEqual({ width: 451, height: 300 });
  });

  it("reads GIF and BMP", () => {
    expect(headerSize(bytes(ascii("GIF89a"), le16(320), le16(200)))).toEqual({ width: 320, height: 200 });
    const bmp = bytes(ascii("BM"), new Array(16).fill(0), le32(640), le32(-480 >>> 0));
    expect(headerSize(bmp)).toEqual({ width: 640, height: 480 });
  });

  it("reads JPEG past the APP segments", () => {
    const jpeg = bytes([0xff, 0xd8], [0xff, 0xe0], be16(16), new Array(14).fill(0), [0xff, 0xc0], be16(17), [8], be16(427), be16(640), [3]);
    expect(headerSize(jpeg)).toEqual({ width: 640, height: 427 });
    const progressive = bytes([0xff, 0xd8], [0xff, 0xc4], be16(4), [0, 0], [0xff, 0xc2], be16(17), [8], be16(70000 & 0xffff), be16(9000), [3]);
    expect(headerSize(progressive)).toEqual({ width: 9000, height: 70000 & 0xffff });
  });

  it("reads the three WebP flavours", () => {
    const riff = (chunk: string, payload: number[]) => bytes(ascii("RIFF"), le32(100), ascii("WEBP"), ascii(chunk), le32(payload.length), payload);
    const vp8x = riff("VP8X", [0, 0, 0, 0, ...[1023 & 255, 1023 >> 8, 0], ...[767 & 255, 767 >> 8, 0]]);
    expect(headerSize(vp8x)).toEqual({ width: 1024, height: 768 });
    const bits = (800 - 1) | ((600 - 1) << 14);
    const vp8l = riff("VP8L", [0x2f, ...le32(bits), 0, 0, 0, 0, 0]);
    expect(headerSize(vp8l)).toEqual({ width: 800, height: 600 });
    const vp8 = riff("VP8 ", [0, 0, 0, 0x9d, 0x01, 0x2a, ...le16(300), ...le16(200), 0, 0]);
    expect(headerSize(vp8)).toEqual({ width: 300, height: 200 });
  });

  it("gives null for unknown or cut-short data", () => {
    expect(headerSize(new Uint8Array(ascii("hello, world, this is text")))).toBeNull();
    expect(headerSize(bytes([0x89], ascii("PNG")))).toBeNull();
    expect(headerSize(new Uint8Array(0))).toBeNull();
  });
});
