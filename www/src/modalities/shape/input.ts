// The shape modality's sources: the file picker, drag-and-drop anywhere on
// the page (see ../files.ts) and the gallery of bundled meshes. The page
// only reads a file's bytes (after the size check): every mesh format is
// decoded by the engine, as the CLI decodes it, and a file it cannot read
// fails with a message naming the file.

import { byId } from "../../shell/dom";
import type { Input, Shell, Sources } from "../../shell/modality";
import { checkFile, fetchSample, fillGallery, listenForFiles, markChosen } from "../files";
import { MESH_EXTENSIONS, meta } from "./meta";

/** The input of the mesh file `blob` named `name` (from the gallery file `sample`, if any). */
export async function readMesh(blob: Blob, name: string, sample: string | null = null): Promise<Input> {
  const refused = checkFile(name, blob.size);
  if (refused) throw new Error(refused);
  return { kind: "shape", bytes: new Uint8Array(await blob.arrayBuffer()), name, sample };
}

export class ShapeSources implements Sources {
  private readonly gallery = byId("shape-gallery");

  /** Starts every source; the gallery fills in once its list has loaded. */
  constructor(shell: Shell) {
    const fileInput = byId<HTMLInputElement>("shape-file-input");
    fileInput.accept = MESH_EXTENSIONS.map((e) => `.${e}`).join(",");
    listenForFiles(fileInput, "model/", (file) => shell.take(readMesh(file, file.name || "pasted mesh")));
    const open = (file: string) => shell.take(this.sample(file));
    void fillGallery(this.gallery, byId("credits"), { folder: meta.gallery, what: "Meshes", open, chosen: shell.settings.sample });
  }

  async sample(file: string): Promise<Input> {
    return readMesh(await fetchSample(meta.gallery, file), file, file);
  }

  chosen(sample: string | null): void {
    markChosen(this.gallery, sample);
  }
}
