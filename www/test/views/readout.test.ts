import { describe as group, expect, it } from "vitest";
import type { Region } from "../../src/api";
import { describe, formatValue, levelCount, locate, orientation, shortLabel, valueText } from "../../src/views/readout";

/** A band at `offset` of `shape` with `channels` channels, value = c * 100 + row * 10 + col. */
function band(name: string, level: number, key: string, offset: [number, number], shape: [number, number], channels = 2): Region {
  const [h, w] = shape;
  const data = new Float32Array(channels * h * w);
  for (let c = 0; c < channels; c++) for (let r = 0; r < h; r++) for (let k = 0; k < w; k++) data[(c * h + r) * w + k] = c * 100 + r * 10 + k;
  return { name, level, key, offset, shape, values: { shape: [channels, h, w], data }, legend: { low: 0, high: 1, max: 1, percentile: 99, perBand: false, colouring: "magnitude" } };
}

// A 1-level mosaic of an 8 × 8 image: a and the three details, 4 × 4 each.
const bands = [
  band("a", 0, "", [0, 0], [4, 4]),
  band("d1_da", 1, "da", [4, 0], [4, 4]),
  band("d1_ad", 1, "ad", [0, 4], [4, 4]),
  band("d1_dd", 1, "dd", [4, 4], [4, 4]),
];

group("mosaic read-out", () => {
  it("names orientations as pywt does", () => {
    expect(orientation("ad")).toBe("vertical");
    expect(orientation("da")).toBe("horizontal");
    expect(orientation("dd")).toBe("diagonal");
    expect(orientation("")).toBe("approximation");
    expect(shortLabel({ level: 2, key: "ad" })).toBe("2 V");
    expect(shortLabel({ level: 0, key: "" })).toBe("A");
  });

  it("finds the band and the coefficient under a point", () => {
    const hit = locate(bands, 5.7, 6.2);
    expect(hit).toMatchObject({ band: "d1_dd", level: 1, orientation: "diagonal", row: 1, col: 2 });
    // Two channels: 12 and 112.
    expect(hit?.channels).toEqual([12, 112]);
    expect(hit?.value).toBe(124);
  });

  it("reads the approximation and the band edges", () => {
    expect(locate(bands, 0, 0)).toMatchObject({ band: "a", row: 0, col: 0, value: 100 });
    expect(locate(bands, 3.99, 4)).toMatchObject({ band: "d1_ad", row: 3, col: 0 });
    expect(locate(bands, 4, 3)).toMatchObject({ band: "d1_da", row: 0, col: 3 });
  });

  it("returns null outside every band", () => {
    expect(locate(bands, -1, 0)).toBeNull();
    expect(locate(bands, 8, 2)).toBeNull();
    expect(locate(bands, 2, 8)).toBeNull();
  });

  it("describes a read-out in one line", () => {
    expect(levelCount(bands)).toBe(1);
    const d = locate(bands, 4, 1);
    expect(d && describe(d, 1)).toBe("level 1, horizontal · row 0, col 1 · |a| 102 · sum 102 · c1 1.00, c2 101");
    const a = locate(bands, 1, 1);
    expect(a && describe(a, 3)).toBe("approximation (level 3) · row 1, col 1 · |a| 122 · sum 122 · c1 11.0, c2 111");
  });

  it("gives the colour's |a|, the signed sum and each channel", () => {
    const rgb = { channels: [0.01, -0.02, 0], value: -0.01, magnitude: 0.03 };
    expect(valueText(rgb)).toBe("|a| 0.0300 · sum -0.0100 · R 0.0100, G -0.0200, B 0");
    // Signed pictures colour the sum: it comes first.
    expect(valueText(rgb, "signed")).toBe("sum -0.0100 · |a| 0.0300 · R 0.0100, G -0.0200, B 0");
    expect(valueText({ channels: [-0.5], value: -0.5, magnitude: 0.5 })).toBe("value -0.500");
  });

  it("formats values with three significant digits", () => {
    expect(formatValue(0)).toBe("0");
    expect(formatValue(0.012345)).toBe("0.0123");
    expect(formatValue(-2.5e-5)).toBe("-2.50e-5");
    expect(formatValue(123456)).toBe("1.23e+5");
  });
});

group("1-D read-out", () => {
  // A scalogram row drawn 8 pixels high and 100 wide for a band of 25 coefficients.
  const values = new Float32Array(25).map((_, k) => k);
  const row: Region = { name: "d2_d", level: 2, key: "d", offset: [8, 0], shape: [8, 100], values: { shape: [1, 25], data: values }, legend: { low: 0, high: 1, max: 1, percentile: 99, perBand: false, colouring: "magnitude" } };

  it("maps pixels onto the band's coefficients in proportion", () => {
    expect(locate([row], 12, 0)).toMatchObject({ orientation: "detail", row: 0, col: 0, size: [1, 25], value: 0 });
    expect(locate([row], 15.9, 99.9)).toMatchObject({ col: 24, value: 24 });
    expect(locate([row], 9, 41)).toMatchObject({ col: 10, value: 10 });
    expect(locate([row], 7, 41)).toBeNull();
  });
});
