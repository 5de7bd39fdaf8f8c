import { describe, expect, it } from "vitest";
import { type Timeline, cellAt, describeCell } from "../../../src/modalities/sound/timeline";

// Two classes over three windows of 0.975 s, half a window apart.
const timeline: Timeline = {
  windows: [0, 0.4875, 0.975].map((start) => ({ start, seconds: 0.975 })),
  classes: [
    { class: 0, label: "Speech", scores: [0.1, 0.9, 0.971] },
    { class: 494, label: "Silence", scores: [1, 0.2, 0] },
  ],
};

describe("the timeline's cells", () => {
  it("finds the class and window under a point, none over the labels or past the rows", () => {
    // 900 wide: labels in 0..220, then three windows of 680 / 3 px; rows of 22 px.
    expect(cellAt(timeline, 221, 1, 900)).toEqual({ row: 0, column: 0 });
    expect(cellAt(timeline, 899, 30, 900)).toEqual({ row: 1, column: 2 });
    expect(cellAt(timeline, 220 + 680 / 3 + 1, 43, 900)).toEqual({ row: 1, column: 1 });
    expect(cellAt(timeline, 100, 5, 900)).toBeNull();
    expect(cellAt(timeline, 500, 44, 900)).toBeNull();
  });

  it("reads out the class, the window and the score", () => {
    expect(describeCell(timeline, 0, 2)).toBe("Speech · 0.97–1.95 s · 97.1 %");
  });
});
