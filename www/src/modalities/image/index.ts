// The image modality: pictures in (file, drop, paste, webcam, gallery), the
// explanation of an image classifier out (overlay, mosaic, scales, keep-top).

import type { Modality } from "../../shell/modality";
import { ImageSources } from "./input";
import { meta } from "./meta";
import { ImageViews } from "./views";

export const image: Modality = {
  meta,
  sources: (shell) => new ImageSources(shell),
  views: (shell) => new ImageViews(shell),
};
