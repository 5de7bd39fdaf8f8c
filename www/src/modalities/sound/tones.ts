// Sounds computed here rather than bundled: the "missing fundamental".

/** The gallery name of the missing fundamental. */
export const MISSING_FUNDAMENTAL = "missing-fundamental.wav";

/**
 * Harmonics 2..8 of 200 Hz (equal amplitudes, 0.8 peak at most), `seconds`
 * long at `rate`: no energy at 200 Hz, yet a pitch of 200 Hz is heard.
 */
export function missingFundamental(rate: number, seconds = 1): Float32Array {
  const harmonics = [2, 3, 4, 5, 6, 7, 8];
  const out = new Float32Array(Math.round(rate * seconds));
  for (let i = 0; i < out.length; i++) {
    const t = i / rate;
    out[i] = (0.8 / harmonics.length) * harmonics.reduce((sum, h) => sum + Math.sin(2 * Math.PI * 200 * h * t), 0);
  }
  return out;
}
