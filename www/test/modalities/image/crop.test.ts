import { describe, expect, it } from "vitest";
import { type ImageManifest, cropBox, seesText } from "../../../src/modalities/image/crop";

const manifest: ImageManifest = { preprocess: { resize_shorter: 256, crop: 224 }, classes: 1000, dataset: "ImageNet" };

describe("what the model sees", () => {
  it("says it in words", () => {
    expect(seesText(manifest)).toBe("224 × 224 centre crop · 1,000 ImageNet classes");
    expect(seesText({ ...manifest, dataset: undefined })).toBe("224 × 224 centre crop · 1,000 classes");
  });

  it("boxes the centre crop of the shorter side", () => {
    // A 512 × 256 panorama: the shorter side stays 256, so the crop is 224 pixels, in the middle.
    expect(cropBox(512, 256, manifest)).toEqual([144, 16, 224]);
    // A 300 × 600 portrait: the shorter side 300 → 256, so the crop is 224 · 300 / 256 = 262.5 pixels of the original.
    expect(cropBox(300, 600, manifest)).toEqual([18.75, 168.75, 262.5]);
  });
});
