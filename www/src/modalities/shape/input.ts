// The shape modality's sources: the file picker, drag-and-drop anywhere on
// the page (see ../files.ts) and the gallery of bundled meshes, with the
// axis that points up in the mesh (a menu; each gallery mesh says its own;
// a change explains the mesh again). The page only reads a file's bytes
// (after the size check): every mesh format is decoded by the engine, as
// the CLI decodes it, and a file it cannot read fails with a message
// naming the file.

import { byId } from "../../shell/dom";
import type { Input, Shell, Sources } from "../../shell/modality";
import { type GalleryEntry, checkFile, fetchSample, fillGallery, listenForFiles, loadGallery, markChosen } from "../files";
import { MESH_EXTENSIONS, meta } from "./meta";

/** The axis of a mesh that points up. */
export type UpAxis = "x" | "y" | "z";

/** A gallery mesh: its up axis too (y when not given). */
type MeshEntry = GalleryEntry & { up?: UpAxis };

/** The input of the mesh file `blob` named `name`, `up` pointing up (from the gallery file `sample`, if any). */
export async function readMesh(blob: Blob, name: string, up: UpAxis, sample: string | null = null): Promise<Input> {
  const refused = checkFile(name, blob.size);
  if (refused) throw new Error(refused);
  return { kind: "shape", bytes: new Uint8Array(await blob.arrayBuffer()), name, upAxis: up, sample };
}

export class ShapeSources implements Sources {
  private readonly gallery = byId("shape-gallery");
  private readonly up = byId<HTMLSelectElement>("up-axis");
  private readonly entries: Promise<MeshEntry[]> = loadGallery(meta.gallery);

  /** Starts every source; the gallery fills in once its list has loaded. */
  constructor(shell: Shell) {
    const fileInput = byId<HTMLInputElement>("shape-file-input");
    fileInput.accept = MESH_EXTENSIONS.map((e) => `.${e}`).join(",");
    listenForFiles(fileInput, "model/", (file) => shell.take(readMesh(file, file.name || "pasted mesh", this.upAxis())));
    // Another up axis: the mesh shown is voxelised and explained again.
    this.up.addEventListener("change", () => {
      const input = shell.input;
      if (input?.kind === "shape") shell.take(Promise.resolve({ ...input, upAxis: this.upAxis() }));
    });
    const open = (file: string) => shell.take(this.sample(file));
    void fillGallery(this.gallery, byId("credits"), { folder: meta.gallery, entries: this.entries, what: "Meshes", open, chosen: shell.settings.sample });
  }

  /** Loads the gallery mesh `file`, with its own up axis (shown in the menu). */
  async sample(file: string): Promise<Input> {
    const entry = (await this.entries.catch(() => [])).find((e) => e.file === file);
    this.up.value = entry?.up ?? "y";
    return readMesh(await fetchSample(meta.gallery, file), file, this.upAxis(), file);
  }

  /** The up axis the menu says. */
  private upAxis(): UpAxis {
    return this.up.value as UpAxis;
  }

  chosen(sample: string | null): void {
    markChosen(this.gallery, sample);
  }
}
