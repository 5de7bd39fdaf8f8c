import { describe, expect, it } from "vitest";
import { legendEnds, legendText, ordinal } from "../../src/views/legend";

describe("legends", () => {
  it("writes ordinals", () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 95, 99].map(ordinal)).toEqual(["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "95th", "99th"]);
  });

  it("says what the scale is, with its numbers", () => {
    const shared = legendText({ low: 0, high: 0.0123, max: 0.0456, percentile: 99, perBand: false, colouring: "magnitude" });
    expect(shared).toBe("one shared scale · brightest from the 99th percentile, 0.0123 (max 0.0456), brighter values clipped");
    const perBand = legendText({ low: 0, high: 2.5, max: 7, percentile: 99, perBand: true, colouring: "magnitude" });
    expect(perBand).toMatch(/^each band on its own scale, 0 to its 99th percentile \(the largest 2\.50; max 7\.00\)/);
  });

  it("says a signed scale is two-sided, symmetric around 0", () => {
    const shared = { low: -0.0123, high: 0.0123, max: 0.0456, percentile: 99, perBand: false, colouring: "signed" } as const;
    expect(legendText(shared)).toBe(
      "two-sided: blue below 0, white at 0, red above · one shared scale, ± the 99th percentile of |value|, 0.0123 (max |value| 0.0456), larger values clipped",
    );
    expect(legendEnds(shared)).toEqual(["≤ -0.0123", "≥ 0.0123"]);
    const perBand = { ...shared, perBand: true };
    expect(legendText(perBand)).toMatch(/^two-sided: .* each band on its own scale, ± its 99th percentile of \|value\|/);
    expect(legendEnds(perBand)).toEqual(["−99th pct.", "+99th pct."]);
    expect(legendEnds({ ...shared, low: 0, colouring: "magnitude" })).toEqual(["0", "≥ 0.0123"]);
  });
});
