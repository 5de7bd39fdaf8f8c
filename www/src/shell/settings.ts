// The page's settings and their form in the URL's query string, so that a
// shared link reproduces the view; their defaults are the modality's (its
// meta), the methods and wavelets the engine's. Pure: no DOM.

import type { Colouring } from "../api";
import { ENGINE } from "../generated/engine";
import type { Backend } from "../protocol";

/** Every method, the wavelet ones first (the engine's list). */
export const METHODS = ENGINE.methods.map((m) => m.name);
export type Method = (typeof ENGINE.methods)[number]["name"];

/** Every wavelet the engine knows. */
export const WAVELETS: readonly string[] = ENGINE.wavelets;

export const BACKENDS: readonly Backend[] = ["auto", "webgpu", "cpu"];

/** Every colouring the engine draws: magnitudes (the default), signed sums. */
export const COLOURINGS: readonly Colouring[] = ENGINE.colourings;

export const LIMITS = {
  samples: [1, 100],
  keep: [1, 100],
  target: [0, 999],
} as const;

export interface Settings {
  /** The model's key in the URL (`?model=`), which picks the modality. */
  model: string;
  method: Method;
  /** The class to explain; null: the top class. */
  target: number | null;
  wavelet: string;
  levels: number;
  samples: number;
  backend: Backend;
  /** Opacity of the heat over the image, 0..1. */
  opacity: number;
  /** What the heat pictures colour: magnitudes or signed sums (two-sided). */
  colour: Colouring;
  /** Percentage of wavelet coefficients kept, 1..100. */
  keep: number;
  /** The gallery file shown; null for an image of the user's. */
  sample: string | null;
}

/** What a modality decides about its settings (in its meta). */
export interface SettingsMeta {
  /** Every setting's default, `sample` included (the gallery file shown first). */
  defaults: Readonly<Settings>;
  /** The extensions of its gallery files (lower case, no dot): a `sample` in the URL must have one. */
  sampleExtensions: readonly string[];
  /** The most wavelet levels offered. */
  maxLevels: number;
  /** The colourings its views draw (the default first); a colour in the URL must be one. */
  colourings: readonly Colouring[];
}

/** True for the methods that attribute wavelet coefficients (a mosaic and scales). */
export const isWaveletMethod = (m: string): boolean => ENGINE.methods.some((info) => info.name === m && info.wavelet);
/** True for the methods that average over `samples` gradients. */
export const isSampledMethod = (m: string): boolean => ENGINE.methods.some((info) => info.name === m && info.sampled);

/** An integer in [lo, hi] from `text`, or null. */
function integer(text: string | null, [lo, hi]: readonly [number, number]): number | null {
  if (text === null || !/^\d+$/.test(text.trim())) return null;
  const n = Number(text);
  return n >= lo && n <= hi ? n : null;
}

/** A number in [lo, hi] from `text`, or null. */
function decimal(text: string | null, lo: number, hi: number): number | null {
  if (text === null || text.trim() === "") return null;
  const n = Number(text);
  return Number.isFinite(n) && n >= lo && n <= hi ? n : null;
}

/** A gallery file name (no folders, one of `extensions`), or null. */
function sampleName(text: string | null, extensions: readonly string[]): string | null {
  const pattern = new RegExp(`^[\\w.-]+\\.(${extensions.join("|")})$`, "i");
  return text !== null && pattern.test(text) && !text.startsWith(".") ? text : null;
}

/**
 * Settings from a query string (`?method=wam&levels=4`); missing or invalid
 * values take the modality's defaults (`model` too: it picked the modality).
 */
export function readSettings(search: string, { defaults, sampleExtensions, maxLevels, colourings }: SettingsMeta): Settings {
  const q = new URLSearchParams(search);
  const pick = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const v = q.get(name);
    return v !== null && (allowed as readonly string[]).includes(v) ? (v as T) : fallback;
  };
  const wavelet = q.get("wavelet")?.toLowerCase() ?? "";
  return {
    model: defaults.model,
    method: pick("method", METHODS, defaults.method),
    target: integer(q.get("target"), LIMITS.target),
    wavelet: WAVELETS.includes(wavelet) ? wavelet : defaults.wavelet,
    levels: integer(q.get("levels"), [1, maxLevels]) ?? defaults.levels,
    samples: integer(q.get("samples"), LIMITS.samples) ?? defaults.samples,
    backend: pick("backend", BACKENDS, defaults.backend),
    opacity: decimal(q.get("opacity"), 0, 1) ?? defaults.opacity,
    colour: pick("colour", colourings, defaults.colour),
    keep: decimal(q.get("keep"), LIMITS.keep[0], LIMITS.keep[1]) ?? defaults.keep,
    sample: q.has("sample") ? sampleName(q.get("sample"), sampleExtensions) ?? defaults.sample : defaults.sample,
  };
}

/** The query string (with '?') for `s`; `target` and `sample` appear only when set. */
export function writeSettings(s: Settings): string {
  const q = new URLSearchParams();
  q.set("model", s.model);
  q.set("method", s.method);
  if (s.target !== null) q.set("target", String(s.target));
  q.set("wavelet", s.wavelet);
  q.set("levels", String(s.levels));
  q.set("samples", String(s.samples));
  q.set("backend", s.backend);
  q.set("opacity", String(s.opacity));
  q.set("colour", s.colour);
  q.set("keep", String(s.keep));
  if (s.sample !== null) q.set("sample", s.sample);
  return `?${q}`;
}
