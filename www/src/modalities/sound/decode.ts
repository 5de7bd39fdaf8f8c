// Sound files into mono samples: the size check (and a WAV's length) before
// decoding, decoding through Web Audio (WAV, FLAC, MP3, OGG, WebM: what the browser knows) at
// the model's rate, the channels mixed down, and the length check.

import { ENGINE } from "../../generated/engine";
import { checkFile } from "../files";

/** Sounds longer than this are refused (the engine's limit). */
export const MAX_SECONDS = ENGINE.limits.seconds;

/** A sound ready for the explainer (an `ExplainInput` of kind "sound"). */
export interface Sound {
  kind: "sound";
  name: string;
  samples: Float32Array;
  sampleRate: number;
  /** The gallery file it came from, if any. */
  sample: string | null;
}

/** Why a sound of `seconds` cannot be used, or null. */
export function checkDuration(name: string, seconds: number): string | null {
  if (!(seconds > 0)) return `'${name}' holds no sound`;
  if (seconds > MAX_SECONDS) return `'${name}' lasts ${seconds.toFixed(0)} s: sounds over ${MAX_SECONDS} s are refused`;
  return null;
}

/**
 * How long a WAV file's header says it lasts (its data chunk's size over
 * the fmt chunk's bytes per second), read without decoding; null when
 * `bytes` does not begin a WAV file or the header is cut short.
 */
export function wavSeconds(bytes: Uint8Array): number | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ascii = (at: number, text: string) => [...text].every((ch, i) => bytes[at + i] === ch.charCodeAt(0));
  if (bytes.length < 12 || !ascii(0, "RIFF") || !ascii(8, "WAVE")) return null;
  let bytesPerSecond = 0;
  for (let at = 12; at + 8 <= bytes.length; at += 8 + view.getUint32(at + 4, true) + (view.getUint32(at + 4, true) % 2)) {
    if (ascii(at, "fmt ") && at + 16 <= bytes.length) bytesPerSecond = view.getUint32(at + 16, true);
    if (ascii(at, "data")) return bytesPerSecond > 0 ? view.getUint32(at + 4, true) / bytesPerSecond : null;
  }
  return null;
}

/** The mean of the channels of `buffer`. */
export function mixDown(channels: readonly Float32Array[]): Float32Array {
  if (channels.length === 1) return channels[0];
  const out = new Float32Array(channels[0].length);
  for (const channel of channels) channel.forEach((v, i) => (out[i] += v / channels.length));
  return out;
}

/** Decodes `blob` (named `name`) to mono samples at `rate`, refusing files and sounds that are too large or too long. */
export async function decodeSound(blob: Blob, name: string, rate: number, sample: string | null = null): Promise<Sound> {
  const tooBig = checkFile(name, blob.size);
  if (tooBig) throw new Error(tooBig);
  const declared = wavSeconds(new Uint8Array(await blob.slice(0, 64 * 1024).arrayBuffer()));
  const tooLong = declared === null ? null : checkDuration(name, declared);
  if (tooLong) throw new Error(tooLong);
  const context = new OfflineAudioContext({ numberOfChannels: 1, length: 1, sampleRate: rate });
  let buffer: AudioBuffer;
  try {
    buffer = await context.decodeAudioData(await blob.arrayBuffer());
  } catch {
    throw new Error(`could not read '${name}' as a sound`);
  }
  const refused = checkDuration(name, buffer.duration);
  if (refused) throw new Error(refused);
  const channels = Array.from({ length: buffer.numberOfChannels }, (_, c) => buffer.getChannelData(c));
  return { kind: "sound", name, samples: mixDown(channels), sampleRate: buffer.sampleRate, sample };
}
