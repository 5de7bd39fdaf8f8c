import { describe, expect, it } from "vitest";
import type { Region } from "../../../src/api";
import { bandHz, bandLabel, describeSound, hertz } from "../../../src/modalities/sound/bands";
import { MAX_SECONDS, checkDuration, mixDown, wavSeconds } from "../../../src/modalities/sound/decode";
import { missingFundamental } from "../../../src/modalities/sound/tones";
import { audible, encodeWav } from "../../../src/modalities/sound/wav";
import { locate } from "../../../src/views/readout";

/** The magnitude of `x`'s DFT at `f` Hz (per sample). */
function magnitudeAt(x: Float32Array, f: number, rate: number): number {
  let [re, im] = [0, 0];
  x.forEach((v, i) => {
    re += v * Math.cos((2 * Math.PI * f * i) / rate);
    im -= v * Math.sin((2 * Math.PI * f * i) / rate);
  });
  return Math.hypot(re, im) / x.length;
}

describe("bands in Hz", () => {
  it("halves the band at each level", () => {
    expect(bandHz(1, 6, 16_000)).toEqual([4000, 8000]);
    expect(bandHz(6, 6, 16_000)).toEqual([125, 250]);
    expect(bandHz(0, 6, 16_000)).toEqual([0, 125]);
    expect(hertz(62.5)).toBe("62.5 Hz");
    expect(hertz(1500)).toBe("1.5 kHz");
    expect(bandLabel({ level: 1 }, 5, 16_000)).toBe("d1 4 kHz–8 kHz");
    expect(bandLabel({ level: 0 }, 5, 16_000)).toBe("a5 0 Hz–250 Hz");
  });

  it("reads a scalogram's coefficient out with its time in the clip", () => {
    const row: Region = { name: "d1_d", level: 1, key: "d", offset: [0, 0], shape: [8, 100], values: { shape: [1, 50], data: new Float32Array(50).fill(0.5) }, legend: { low: 0, high: 1, max: 1, percentile: 99, perBand: false, colouring: "magnitude" } };
    const hit = locate([row], 3, 50);
    expect(hit && describeSound(hit, [row], 16_000, { start: 1, seconds: 1 })).toBe("d1 4 kHz–8 kHz · coefficient 26 of 50, at 1.510 s · value 0.500");
  });
});

describe("sounds in", () => {
  it("refuses empty sounds and sounds past the limit", () => {
    expect(checkDuration("a.wav", 0)).toBe("'a.wav' holds no sound");
    expect(checkDuration("a.wav", 3)).toBeNull();
    expect(checkDuration("long.mp3", MAX_SECONDS + 1)).toBe(`'long.mp3' lasts ${MAX_SECONDS + 1} s: sounds over ${MAX_SECONDS} s are refused`);
  });

  it("mixes channels down to their mean", () => {
    expect([...mixDown([Float32Array.of(1, 0), Float32Array.of(0, -1)])]).toEqual([0.5, -0.5]);
  });

  it("computes a missing fundamental: harmonics of 200 Hz, none at 200 Hz", () => {
    const x = missingFundamental(16_000);
    expect(x.length).toBe(16_000);
    expect(Math.max(...x.map(Math.abs))).toBeLessThanOrEqual(0.8);
    expect(magnitudeAt(x, 200, 16_000)).toBeLessThan(1e-4);
    for (const h of [2, 5, 8]) expect(magnitudeAt(x, 200 * h, 16_000)).toBeGreaterThan(0.05);
    expect(magnitudeAt(x, 200 * 9, 16_000)).toBeLessThan(1e-4);
  });
});

describe("WAV out", () => {
  it("writes a mono 16-bit PCM file that reads back", async () => {
    const bytes = new DataView(await encodeWav(Float32Array.of(0, 0.5, -1, 2), 16_000).arrayBuffer());
    const ascii = (at: number) => String.fromCharCode(...[0, 1, 2, 3].map((i) => bytes.getUint8(at + i)));
    expect([ascii(0), ascii(8), ascii(12), ascii(36)]).toEqual(["RIFF", "WAVE", "fmt ", "data"]);
    expect(bytes.byteLength).toBe(44 + 8);
    expect(bytes.getUint32(4, true)).toBe(36 + 8);
    expect([bytes.getUint16(20, true), bytes.getUint16(22, true), bytes.getUint32(24, true), bytes.getUint16(34, true)]).toEqual([1, 1, 16_000, 16]);
    expect([0, 1, 2, 3].map((i) => bytes.getInt16(44 + 2 * i, true))).toEqual([0, 16384, -32767, 32767]);
  });
});

describe("audible", () => {
  it("scales a standardised window to a peak of 0.9 and leaves a sound in ±1 alone", () => {
    const sound = Float32Array.of(0.5, -1);
    expect(audible(sound)).toBe(sound);
    expect([...audible(Float32Array.of(2, -4))].map((v) => +v.toFixed(6))).toEqual([0.45, -0.9]);
  });
});

describe("a WAV's length from its header", () => {
  it("is its data size over its bytes per second, past other chunks", async () => {
    const wav = new Uint8Array(await encodeWav(new Float32Array(8000), 16_000).arrayBuffer());
    expect(wavSeconds(wav)).toBe(0.5);
    // A LIST chunk of odd size (padded) before the data chunk, and a header that claims an hour.
    const list = Uint8Array.of(...[..."LIST"].map((c) => c.charCodeAt(0)), 3, 0, 0, 0, 1, 2, 3, 0);
    const long = new Uint8Array([...wav.subarray(0, 36), ...list, ...wav.subarray(36, 44)]);
    new DataView(long.buffer).setUint32(36 + list.length + 4, 3600 * 32_000, true);
    expect(wavSeconds(long)).toBe(3600);
    expect(checkDuration("long.wav", wavSeconds(long) ?? 0)).toMatch(/lasts 3600 s: sounds over/);
  });

  it("is null for other files and cut headers", () => {
    expect(wavSeconds(new TextEncoder().encode("not a sound"))).toBeNull();
    expect(wavSeconds(new TextEncoder().encode("RIFF\0\0\0\0WAVEfmt "))).toBeNull();
  });
});
