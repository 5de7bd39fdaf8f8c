import { describe, expect, it } from "vitest";
import { backendName, duration, percent, scaleCaption, stages, workers } from "../../src/views/format";
import { levelShares } from "../../src/views/scales";

describe("formats", () => {
  it("writes probabilities as percentages", () => {
    expect(percent(0.4231)).toBe("42.3 %");
    expect(percent(1)).toBe("100.0 %");
    expect(percent(0.0123)).toBe("1.2 %");
    expect(percent(0.00042)).toBe("0.042 %");
    expect(percent(0)).toBe("0.0 %");
  });

  it("writes durations", () => {
    expect(duration(850.4)).toBe("850 ms");
    expect(duration(1234)).toBe("1.23 s");
    expect(duration(12345)).toBe("12.3 s");
    expect(duration(Number.NaN)).toBe("–");
  });

  it("names backends and stages", () => {
    expect(backendName("webgpu")).toBe("WebGPU");
    expect(backendName("cpu")).toBe("CPU");
    expect(stages({ load: 1200, preprocess: 12, explain: undefined, render: 30 })).toBe("load 1.20 s · preprocess 12 ms · render 30 ms");
  });

  it("names the workers only when several computed a result", () => {
    expect([undefined, 1, 2, 4].map(workers)).toEqual(["", "", " on 2 workers", " on 4 workers"]);
  });

  it("captions the scales, finest first", () => {
    expect([0, 1, 2, 3].map((i) => scaleCaption(i, 4))).toEqual(["level 1 (finest)", "level 2", "level 3", "approximation"]);
  });
});

describe("level shares", () => {
  it("divides each level's sum by the total", () => {
    // Three 2-value maps summing to 1, 3 and 4.
    const shares = levelShares({ shape: [3, 2], data: new Float32Array([0.5, 0.5, 1, 2, 4, 0]) });
    expect(shares).toEqual([0.125, 0.375, 0.5]);
    expect(levelShares({ shape: [2, 1], data: new Float32Array([0, 0]) })).toEqual([0, 0]);
  });
});
