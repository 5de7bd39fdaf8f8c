// A tiny WAV encoder (mono 16-bit PCM) for listening and export, and the
// scaling that makes a model's standardised window audible.

/** `samples` (nominally -1..1, clipped) at `rate` samples per second as a WAV file. */
export function encodeWav(samples: Float32Array, rate: number): Blob {
  const bytes = new ArrayBuffer(44 + samples.length * 2);
  const view = new DataView(bytes);
  const ascii = (at: number, text: string) => [...text].forEach((ch, i) => view.setUint8(at + i, ch.charCodeAt(0)));
  ascii(0, "RIFF");
  view.setUint32(4, 36 + samples.length * 2, true);
  ascii(8, "WAVE");
  ascii(12, "fmt ");
  view.setUint32(16, 16, true); // the fmt chunk's size
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, rate, true);
  view.setUint32(28, rate * 2, true); // bytes per second
  view.setUint16(32, 2, true); // bytes per frame
  view.setUint16(34, 16, true); // bits per sample
  ascii(36, "data");
  view.setUint32(40, samples.length * 2, true);
  samples.forEach((s, i) => view.setInt16(44 + i * 2, Math.round(Math.max(-1, Math.min(1, s)) * 32767), true));
  return new Blob([bytes], { type: "audio/wav" });
}

/** `samples` scaled to a peak of 0.9 when they exceed ±1 (a standardised window), else themselves. */
export function audible(samples: Float32Array): Float32Array {
  const peak = samples.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  return peak > 1 ? samples.map((v) => (v * 0.9) / peak) : samples;
}
