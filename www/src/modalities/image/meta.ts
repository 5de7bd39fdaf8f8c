// The image modality's meta: its label, its model, its gallery and its
// default settings.

import type { Meta } from "../../shell/modality";

export const meta: Meta = {
  label: "image",
  model: "models/efficientnet-lite0/",
  gallery: "samples/",
  sampleExtensions: ["png", "jpg", "jpeg", "webp", "gif"],
  defaults: {
    method: "wam-sg",
    target: null,
    wavelet: "haar",
    levels: 3,
    samples: 25,
    backend: "auto",
    opacity: 0.7,
    keep: 30,
    sample: "chelsea.png",
  },
};
