// The frequency band of each wavelet level of a sound, and the read-out of
// a scalogram's coefficient in seconds and Hz. Pure.

import type { Colouring, Region } from "../../api";
import type { Readout } from "../../views/readout";
import { levelCount, valueText } from "../../views/readout";

/** Hz as people read them: "250 Hz", "4 kHz", "1.5 kHz". */
export function hertz(f: number): string {
  return f >= 1000 ? `${+(f / 1000).toFixed(2)} kHz` : `${+f.toFixed(1)} Hz`;
}

/**
 * The band in Hz of a level at `rate` samples per second: detail level j
 * spans rate/2^(j+1) to rate/2^j; the approximation (level 0) of `levels`
 * levels spans 0 to rate/2^(levels+1).
 */
export function bandHz(level: number, levels: number, rate: number): [number, number] {
  return level === 0 ? [0, rate / 2 ** (levels + 1)] : [rate / 2 ** (level + 1), rate / 2 ** level];
}

/** A row's label: "d1 4–8 kHz" or "a6 0–125 Hz". */
export function bandLabel(region: Pick<Region, "level">, levels: number, rate: number): string {
  const [lo, hi] = bandHz(region.level, levels, rate);
  return `${region.level === 0 ? `a${levels}` : `d${region.level}`} ${hertz(lo)}–${hertz(hi)}`;
}

/** The read-out of a scalogram's coefficient, over the window `[start, start + seconds]` s. */
export function describeSound(
  hit: Readout,
  bands: readonly Region[],
  rate: number,
  window: { start: number; seconds: number },
  colouring: Colouring = "magnitude",
): string {
  const n = hit.size[1];
  const t = window.start + ((hit.col + 0.5) * window.seconds) / n;
  return `${bandLabel(hit, levelCount(bands), rate)} · coefficient ${hit.col + 1} of ${n}, at ${t.toFixed(3)} s · ${valueText(hit, colouring)}`;
}
