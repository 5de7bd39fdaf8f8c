// The shape modality's views of a result: the mesh with each vertex
// coloured by the attribution at its voxel (the sum, or one scale; saved as
// a PLY the engine makes), the most attributed voxels as a cloud of cubes,
// orthogonal slices (d, h, w sliders) of the voxel grid, the attribution,
// one scale's map or one band of the input's decomposition, and keep-top:
// the rebuilt grid's filled voxels, re-classified.

import type { Explained, KeepTopResult } from "../../api";
import { byId } from "../../shell/dom";
import { errorText } from "../../shell/page";
import type { Shell, Views } from "../../shell/modality";
import { isWaveletMethod } from "../../shell/settings";
import { download, drawPicture } from "../../views/draw";
import { drawKeep, listenForKeep } from "../../views/keep";
import { drawLegend } from "../../views/legend";
import { type Axis, colour, filledVoxels, slice, slicePixels, topVoxels, vertexColours, volumeOf } from "./grid";
import { type MapKey, mapChoices, scaleIndex, shownMap } from "./maps";
import { ShapeScene } from "./scene";
import type { UpAxis } from "./input";

/** The share of the grid's voxels drawn in the cloud of the most attributed. */
const TOP_SHARE = 0.01;
/** A rebuilt grid's voxels at or above this value are drawn as filled. */
const FILLED = 0.5;
/** Each voxel of a slice is drawn this many pixels wide. */
const SLICE_ZOOM = 6;
const AXES: readonly Axis[] = [0, 1, 2];

/** Fills `select` with `choices`, keeping its value where it is still offered. */
function offer(select: HTMLSelectElement, choices: [MapKey, string][], fallback: MapKey): void {
  const was = select.value;
  select.replaceChildren(...choices.map(([key, label]) => new Option(label, key)));
  select.value = choices.some(([key]) => key === was) ? was : fallback;
}

export class ShapeViews implements Views {
  private readonly ui = {
    caption: byId("shape-caption"),
    meshMap: byId<HTMLSelectElement>("mesh-map"),
    meshLegend: byId("mesh-legend"),
    meshPly: byId<HTMLButtonElement>("mesh-ply"),
    sliceMap: byId<HTMLSelectElement>("slice-map"),
    sliceLegend: byId("slice-legend"),
    slices: AXES.map((a) => byId<HTMLCanvasElement>(`slice-${a}`)),
    sliders: AXES.map((a) => byId<HTMLInputElement>(`slice-${a}-at`)),
    keepCanvas: byId<HTMLCanvasElement>("keep-canvas"),
    keepLabel: byId("keep-label"),
    keepView: byId("keep-view"),
  };
  private readonly mesh = new ShapeScene(byId<HTMLCanvasElement>("mesh-canvas"));
  private readonly top = new ShapeScene(byId<HTMLCanvasElement>("top-voxels-canvas"));
  private readonly keptVoxels = new ShapeScene(byId<HTMLCanvasElement>("kept-voxels-canvas"));

  /** Listens to the keep slider, the map menus and the slice sliders. */
  constructor(private readonly shell: Shell) {
    const { ui } = this;
    listenForKeep(shell);
    ui.meshMap.addEventListener("change", () => this.drawMesh(false));
    ui.meshPly.addEventListener("click", () => void this.exportPly());
    ui.sliceMap.addEventListener("change", () => this.drawSlices());
    ui.sliders.forEach((slider, a) => slider.addEventListener("input", () => this.drawSlice(AXES[a])));
  }

  show(r: Explained): void {
    const { ui } = this;
    const [D, H, W] = volumeOf(r.inputMap).shape;
    ui.caption.textContent = `${r.method} · ${r.target.label} (class ${r.target.class}) · grid ${D} × ${H} × ${W}`;
    ui.sliders.forEach((slider, a) => {
      const side = [D, H, W][a];
      if (slider.max !== String(side - 1)) {
        slider.max = String(side - 1);
        slider.value = String(Math.floor(side / 2));
      }
    });
    offer(ui.meshMap, mapChoices(r, false), "sum");
    offer(ui.sliceMap, mapChoices(r, true), "sum");
    this.drawMesh(true);
    this.drawSlices();
    ui.keepLabel.textContent = "re-classifying…";
  }

  reset(): void {}

  keepBusy(on: boolean): void {
    this.ui.keepView.classList.toggle("busy", on);
  }

  kept(k: KeepTopResult): void {
    const wavelet = this.shell.result !== null && isWaveletMethod(this.shell.result.method);
    drawKeep(this.ui.keepCanvas, this.ui.keepLabel, k, wavelet ? "coefficients" : "voxel values");
    if (!k.grid) return;
    const grid = volumeOf(k.grid);
    this.keptVoxels.showVoxels(filledVoxels(grid, FILLED), grid.shape[0], (v) => colour(v.value, 1));
  }

  keepFailed(message: string): void {
    this.ui.keepLabel.textContent = `Could not rebuild the shape: ${message}`;
  }

  /** Colours the mesh by the map chosen (a new mesh when `fresh`) and draws that map's most attributed voxels. */
  private drawMesh(fresh: boolean): void {
    const r = this.shell.result;
    if (!r?.mesh) return;
    const shown = shownMap(r, this.ui.meshMap.value);
    drawLegend(this.ui.meshLegend, shown.legend);
    const colours = vertexColours(r.mesh.voxels, shown.volume.data, shown.high);
    const input = this.shell.input;
    const up = input?.kind === "shape" ? (input.upAxis ?? "y") : "y";
    if (fresh) this.mesh.showMesh(r.mesh.positions, r.mesh.triangles, colours, up as UpAxis);
    else this.mesh.recolour(colours);
    const count = Math.ceil(shown.volume.data.length * TOP_SHARE);
    this.top.showVoxels(topVoxels(shown.volume, count), shown.volume.shape[0], (v) => colour(v.value, shown.high));
  }

  /** Saves the mesh coloured by the map chosen as a PLY (made by the engine, as `wam explain` makes it). */
  private async exportPly(): Promise<void> {
    const name = this.shell.input?.name ?? "shape";
    try {
      const ply = await this.shell.colouredPly(scaleIndex(this.ui.meshMap.value));
      download(new Blob([new Uint8Array(ply)], { type: "application/octet-stream" }), `wam-${name.replace(/\.[^.]*$/, "")}.ply`);
    } catch (e) {
      this.shell.fail(`Could not export the PLY: ${errorText(e)}`);
    }
  }

  private drawSlices(): void {
    const r = this.shell.result;
    if (!r) return;
    drawLegend(this.ui.sliceLegend, shownMap(r, this.ui.sliceMap.value).legend);
    for (const axis of AXES) this.drawSlice(axis);
  }

  /** Draws the slice across `axis` where its slider says, of the map chosen. */
  private drawSlice(axis: Axis): void {
    const r = this.shell.result;
    if (!r) return;
    const { volume, high } = shownMap(r, this.ui.sliceMap.value);
    const at = Number(this.ui.sliders[axis].value);
    const s = slice(volume, axis, at);
    drawPicture(this.ui.slices[axis], { width: s.width, height: s.height, pixels: slicePixels(s, high) }, SLICE_ZOOM, true);
    this.ui.slices[axis].dataset.at = String(at);
  }
}
