// The sound models' metas: YAMNet (what is heard) and CREPE tiny (pitch),
// their gallery of bundled sounds and their default settings.

import { ENGINE } from "../../generated/engine";
import type { Meta } from "../../shell/modality";
import { COLOURINGS } from "../../shell/settings";

/** A sound model's meta: its sample rate too. */
export interface SoundMeta extends Meta {
  /** The model's samples per second (its band edges in Hz follow from it). */
  rate: number;
}

/** The meta of the sound model `model` (its folder's name), with `levels` by default. */
function soundMeta(model: string, levels: number): SoundMeta {
  return {
    label: "sound",
    model: `models/${model}/`,
    gallery: "sounds/",
    sampleExtensions: ["wav"],
    maxLevels: 10,
    colourings: COLOURINGS,
    rate: 16_000,
    defaults: {
      model,
      method: ENGINE.options.method,
      target: null,
      wavelet: "haar",
      levels,
      samples: ENGINE.options.samples,
      backend: "auto",
      opacity: 0.7,
      colour: "magnitude",
      keep: 30,
      sample: "speech.wav",
    },
  };
}

export const yamnet = soundMeta("yamnet", 6);
export const crepe = soundMeta("crepe-tiny", 5);
