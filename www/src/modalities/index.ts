// The models the page offers ("What to explain"), each with its modality;
// `?model=` picks one, EfficientNet-Lite0 (images) by default.

import type { Modality } from "../shell/modality";
import { image } from "./image";
import { shape } from "./shape";
import { sound } from "./sound";
import { crepe, yamnet } from "./sound/meta";

/** A model the page offers. */
export interface Choice {
  /** Its key in the URL (`?model=`). */
  key: string;
  /** Its name in the menu. */
  title: string;
  modality: Modality;
}

export const CHOICES: readonly Choice[] = [
  { key: "efficientnet-lite0", title: "Images (EfficientNet-Lite0)", modality: image },
  { key: "yamnet", title: "Sounds (YAMNet)", modality: sound(yamnet) },
  { key: "crepe-tiny", title: "Pitch (CREPE tiny)", modality: sound(crepe) },
  { key: "shapes", title: "3-D shapes (voxel CNN trained here)", modality: shape },
];

/** The model that the query string `search` names, or the first one. */
export function choose(search: string): Choice {
  const key = new URLSearchParams(search).get("model");
  return CHOICES.find((c) => c.key === key) ?? CHOICES[0];
}
