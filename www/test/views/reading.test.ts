import { describe, expect, it } from "vitest";
import { cascade, featureNoun, reading, share } from "../../src/views/reading";

describe("reading", () => {
  it("says with what share of the features insertion reaches 90 % of the score and deletion halves it", () => {
    // K = 4: 0, 25, 50, 75, 100 % of the features.
    const insertion = [0.01, 0.5, 0.91, 0.95, 1.0];
    const deletion = [1.0, 0.8, 0.4, 0.1, 0.01];
    expect(reading("wam-ig", "coefficients", insertion, deletion)).toBe(
      "wam-ig keeps 90 % of the score with 50 % of the coefficients; removing the top 50 % halves it.",
    );
  });

  it("takes the score from the curve's last point (the whole input), not its maximum", () => {
    // The curve overshoots p(x) = 0.4: 90 % of 0.4 is first reached at 1/8.
    const insertion = [0.0, 0.38, 0.9, 0.9, 0.5, 0.45, 0.4, 0.4, 0.4];
    expect(reading("ig", "pixels", insertion, [0.4, 0.1, 0, 0, 0, 0, 0, 0, 0])).toBe(
      "ig keeps 90 % of the score with 13 % of the pixels; removing the top 13 % halves it.",
    );
  });

  it("says when removing features never halves the score", () => {
    expect(reading("saliency", "samples", [0, 1], [1, 0.6])).toBe("saliency keeps 90 % of the score with 100 % of the samples; removing them never halves it.");
  });
});

describe("share", () => {
  it("rounds to two significant figures below 10 %, to a whole percent above", () => {
    expect(share(0.05)).toBe("5 %");
    expect(share(1 / 64)).toBe("1.6 %");
    expect(share(0)).toBe("0 %");
    expect(share(0.125)).toBe("13 %");
    expect(share(1)).toBe("100 %");
  });
});

describe("featureNoun", () => {
  it("names coefficients for wavelet methods and the input's positions otherwise", () => {
    expect(featureNoun("wam-sg", "image")).toBe("coefficients");
    expect(featureNoun("gradcam", "image")).toBe("pixels");
    expect(featureNoun("ig", "sound")).toBe("samples");
    expect(featureNoun("saliency", "tensor")).toBe("input positions");
  });
});

describe("cascade", () => {
  it("asks for the model itself, powers of two and all its layers", () => {
    expect(cascade(19)).toEqual([0, 1, 2, 4, 8, 16, 19]);
    expect(cascade(3)).toEqual([0, 1, 2, 3]);
    expect(cascade(1)).toEqual([0, 1]);
    expect(cascade(0)).toEqual([0]);
    expect(cascade(16)).toEqual([0, 1, 2, 4, 8, 16]);
  });
});
