// Sound files into mono samples: the size check before reading, decoding
// through Web Audio (WAV, FLAC, MP3, OGG, WebM: what the browser knows) at
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

/** The mean of the channels of `buffer`. */
export function mixDown(channels: readonly Float32Array[]): Float32Array {
  if (channels.length === 1) return channels[0];
  const out = new Float32Array(channels[0].length);
  for (const channel of channels) channel.forEach((v, i) => (out[i] += v / channels.length));
  return out;
}

/** Decodes `blob` (named `name`) to mono samples at `rate`, refusing files and sounds that are too large. */
export async function decodeSound(blob: Blob, name: string, rate: number, sample: string | null = null): Promise<Sound> {
  const tooBig = checkFile(name, blob.size);
  if (tooBig) throw new Error(tooBig);
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
