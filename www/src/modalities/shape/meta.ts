// The shape modality's meta: its label, its model (a 3-D CNN trained in the
// project on voxel grids 32³), its gallery of bundled meshes and its
// default settings.

import { ENGINE } from "../../generated/engine";
import type { Meta } from "../../shell/modality";

/** The mesh formats the engine decodes (lower case, no dot). */
export const MESH_EXTENSIONS = ["obj", "stl", "ply", "off", "gltf", "glb"] as const;

export const meta: Meta = {
  label: "shape",
  model: "models/shapes/",
  gallery: "meshes/",
  sampleExtensions: MESH_EXTENSIONS,
  // A grid of 32 halves five times.
  maxLevels: 5,
  // The mesh, the voxel cloud and the slices are coloured in the page, by magnitude only.
  colourings: ["magnitude"],
  defaults: {
    model: "shapes",
    method: ENGINE.options.method,
    target: null,
    wavelet: "haar",
    levels: ENGINE.options.levels,
    samples: ENGINE.options.samples,
    backend: "auto",
    opacity: 0.7,
    colour: "magnitude",
    keep: 30,
    sample: "airplane.ply",
  },
};
