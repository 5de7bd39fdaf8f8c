// The shape modality: meshes in (file, drop, gallery; decoded in the
// engine), the explanation of the shape model out (the mesh coloured by
// its attribution, the top voxels, orthogonal slices, keep-top as voxels).

import type { Modality } from "../../shell/modality";
import { ShapeSources } from "./input";
import { meta } from "./meta";
import { ShapeViews } from "./views";

export const shape: Modality = {
  meta,
  sources: (shell) => new ShapeSources(shell),
  views: (shell) => new ShapeViews(shell),
};
