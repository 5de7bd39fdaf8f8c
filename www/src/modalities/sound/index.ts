// The sound modality: sounds in (file, drop, microphone, gallery), the
// explanation of a sound model out (waveform, scalogram, curves, keep-top,
// listening). One per sound model: its meta says which.

import type { Modality } from "../../shell/modality";
import { SoundSources } from "./input";
import type { SoundMeta } from "./meta";
import { SoundViews } from "./views";

/** The sound modality for the model of `meta`. */
export function sound(meta: SoundMeta): Modality {
  return {
    meta,
    sources: (shell) => new SoundSources(shell, meta),
    views: (shell) => new SoundViews(shell, meta),
  };
}
