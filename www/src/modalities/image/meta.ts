// The image modality's meta: its label, its model, its gallery and its
// default settings.

import { ENGINE } from "../../generated/engine";
import type { Meta } from "../../shell/modality";
import { COLOURINGS } from "../../shell/settings";

export const meta: Meta = {
  label: "image",
  model: "models/efficientnet-lite0/",
  gallery: "samples/",
  sampleExtensions: ["png", "jpg", "jpeg", "webp", "gif"],
  maxLevels: 5,
  colourings: COLOURINGS,
  defaults: {
    model: "efficientnet-lite0",
    method: ENGINE.options.method,
    target: null,
    wavelet: ENGINE.options.wavelet,
    levels: ENGINE.options.levels,
    samples: ENGINE.options.samples,
    backend: "auto",
    opacity: 0.7,
    colour: "magnitude",
    keep: 30,
    sample: "chelsea.png",
  },
};
