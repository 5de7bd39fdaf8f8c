// The shapes of what the wasm API (src/web/) takes and gives. They are
// generated from the Rust types (tsify, src/web/types.rs) into
// pkg/wam.d.ts; the page adds only what it builds itself.

import type { Colouring, ExplainResult, FaithfulnessResult, Picture, Region } from "../pkg/wam";

export type {
  Colouring,
  Defaults,
  DisplayOptions,
  ExplainInput,
  ExplainOptions,
  ExplainResult,
  FaithfulnessResult,
  FloatArray,
  KeepTopResult,
  Legend,
  MethodInfo,
  Picture,
  Prediction,
  Region,
  Rendered,
  SanityRow,
} from "../pkg/wam";

/** Which curve: features put back from the baseline, or removed from the input. */
export type CurveKind = "insertion" | "deletion";

/**
 * A result as the worker hands it over: with the key of the explanation it
 * holds (for keep-top), and the wasm memory of its workers, in bytes.
 */
export type Explained = ExplainResult & { explanation: number; memory: number };

/** Faithfulness curves as the worker hands them over: with the wasm memory of its workers, in bytes. */
export type Measured = FaithfulnessResult & { memory: number };

/** A band picture, where each band lies in it and how it is coloured. */
export interface BandPicture {
  image: Picture;
  bands: Region[];
  colouring: Colouring;
}

/** The band picture `name` of `r` (`mosaic`, `decomposition`, `scalogram`), if it has one. */
export function bandPicture(r: ExplainResult, name: string): BandPicture | null {
  const image = r.pictures[name];
  const bands = r.bands[name];
  return image && bands ? { image, bands, colouring: r.colouring } : null;
}
