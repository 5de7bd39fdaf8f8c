// What the faithfulness panel says about its curves, and which randomised
// models its sanity check asks for. Pure.

import { isWaveletMethod } from "../shell/settings";

/** The share of the score that the reading's insertion part asks for. */
export const KEPT_SHARE = 0.9;

/** What a method's features are called: wavelet coefficients, or the input's positions. */
export function featureNoun(method: string, modality: string): string {
  if (isWaveletMethod(method)) return "coefficients";
  return modality === "image" ? "pixels" : modality === "sound" ? "samples" : "input positions";
}

/** `k / (n − 1)` of the first point `k` of `curve` where `reached(p)` holds, or null. */
function firstFraction(curve: ArrayLike<number>, reached: (p: number) => boolean): number | null {
  for (let k = 0; k < curve.length; k++) if (reached(curve[k])) return curve.length > 1 ? k / (curve.length - 1) : 0;
  return null;
}

/** A fraction of the features as a percentage: 0.05 → "5 %", 0.015625 → "1.6 %". */
export function share(fraction: number): string {
  const v = fraction * 100;
  return `${v >= 10 ? Math.round(v) : Number(v.toPrecision(2))} %`;
}

/**
 * The one-line reading of the curves of `method`: with what share of its
 * features (most attributed first) the insertion curve first reaches
 * KEPT_SHARE of the input's score (its last point), and with what share
 * removed the deletion curve first falls to half of it (its first point).
 */
export function reading(method: string, noun: string, insertion: ArrayLike<number>, deletion: ArrayLike<number>): string {
  const score = insertion[insertion.length - 1];
  const kept = firstFraction(insertion, (p) => p >= KEPT_SHARE * score) ?? 1;
  const parts = [`${method} keeps ${share(KEPT_SHARE)} of the score with ${share(kept)} of the ${noun}`];
  const halved = firstFraction(deletion, (p) => p <= 0.5 * deletion[0]);
  parts.push(halved === null ? `removing them never halves it` : `removing the top ${share(halved)} halves it`);
  return `${parts.join("; ")}.`;
}

/**
 * The layer counts the sanity check re-initialises for a model of `layers`
 * layers: none (the model itself), then 1, 2, 4, … and all of them — a
 * handful of explanations, however deep the model.
 */
export function cascade(layers: number): number[] {
  const counts = [0];
  for (let k = 1; k < layers; k *= 2) counts.push(k);
  if (layers > 0) counts.push(layers);
  return counts;
}
