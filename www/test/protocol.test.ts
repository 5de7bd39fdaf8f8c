import { describe, expect, it } from "vitest";
import { transferables } from "../src/protocol";

describe("transferables", () => {
  it("collects each typed array's buffer once", () => {
    const pixels = new Uint8ClampedArray(16);
    const data = new Float32Array(4);
    const shared = new Float32Array(pixels.buffer, 0, 2);
    const found = transferables({ input: { pixels }, list: [{ data }, { data: shared }], n: 3, s: "x", none: null });
    expect(found).toHaveLength(2);
    expect(found).toContain(pixels.buffer);
    expect(found).toContain(data.buffer);
    expect(transferables(null)).toEqual([]);
  });
});
