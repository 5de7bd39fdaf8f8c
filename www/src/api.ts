// The shapes of what the wasm API (src/web/) returns. Kept by hand in step
// with src/web/mod.rs and src/web/convert.rs; the wasm-pack tests and the
// end-to-end test check the fields the page uses.

/** An RGBA picture, ready for `new ImageData(pixels, width, height)`. */
export interface Picture {
  width: number;
  height: number;
  pixels: Uint8ClampedArray;
}

/** A float array with its shape (row-major). */
export interface FloatArray {
  shape: number[];
  data: Float32Array;
}

/** One class and its score. */
export interface Prediction {
  class: number;
  label: string;
  probability: number;
  logit: number;
}

/** Where a wavelet band sits in a mosaic, and its values `[C, h, w]`. */
export interface Region {
  /** `a` or `d{level}_{key}`. */
  name: string;
  /** 0 for the approximation, 1 = finest detail level. */
  level: number;
  /** `ad` (vertical detail, pywt's cV), `da` (horizontal, cH), `dd` (diagonal); "" for `a`. */
  key: string;
  /** [row, column] of the band's top-left corner in the mosaic. */
  offset: number[];
  /** [height, width] of the band. */
  shape: number[];
  values: FloatArray;
}

/** A 2-D mosaic of wavelet bands, drawn and laid out. */
export interface Mosaic {
  width: number;
  height: number;
  bands: Region[];
  image: Picture;
}

/** Options of `Explainer.explain`; every field is optional. */
export interface ExplainOptions {
  method?: string;
  /** Class index to explain; absent: the top class. */
  target?: number;
  wavelet?: string;
  mode?: string;
  levels?: number;
  samples?: number;
  noise?: number;
  seed?: number;
  batch?: number;
}

/** What `Explainer.explain` resolves to. */
export interface ExplainResult {
  backend: "webgpu" | "cpu";
  model: string;
  method: string;
  top5: Prediction[];
  target: Prediction;
  /** The model's input (after resize and crop) as a picture. */
  input: Picture;
  /** The pixel-domain attribution map `[H, W]`, ≥ 0. */
  pixelMap: FloatArray;
  /** Inferno colours with alpha = sqrt(value / max): draw over `input` with globalAlpha = opacity. */
  heat: Picture;
  /** The wavelet decomposition of the input itself. */
  decomposition: Mosaic;
  /** The attribution of every coefficient (wavelet methods only). */
  mosaic?: Mosaic;
  /** Per-scale maps `[levels + 1, H, W]` (finest first, approximation last), and their picture. */
  scales?: FloatArray & { image: Picture };
  timings: { preprocessMs: number; explainMs: number; renderMs: number; totalMs: number };
}

/** What `Explainer.keepTop` resolves to. */
export interface KeepTopResult {
  input: Picture;
  top5: Prediction[];
  /** The explained class, scored on the rebuilt input. */
  target: Prediction;
  kept: number;
  total: number;
}
