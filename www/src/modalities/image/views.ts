// The image modality's views of a result: the overlay (and its opacity
// slider), the keep-top view (and its slider), the attribution mosaic and
// the decomposition (with their read-outs), the scales and the comparison
// strip.

import { type Explained, type FaithfulnessResult, type KeepTopResult, bandPicture } from "../../api";
import { byId } from "../../shell/dom";
import { errorText } from "../../shell/page";
import type { Shell, Views } from "../../shell/modality";
import { METHODS, isWaveletMethod } from "../../shell/settings";
import { attachReadout, drawMosaic } from "../../views/bands";
import { type Compared, compareKey, compared, drawCompare } from "../../views/compare";
import { clear } from "../../views/draw";
import { percent } from "../../views/format";
import { drawKeep, listenForKeep } from "../../views/keep";
import { drawOverlay } from "../../views/overlay";
import { drawScales, drawShares } from "../../views/scales";
import { type ImageManifest, drawCrop, loadManifest, seesText } from "./crop";
import { meta } from "./meta";

export class ImageViews implements Views {
  private readonly ui = {
    overlay: byId<HTMLCanvasElement>("overlay-canvas"),
    overlayCaption: byId("overlay-caption"),
    opacity: byId<HTMLInputElement>("opacity"),
    keepCanvas: byId<HTMLCanvasElement>("keep-canvas"),
    keepLabel: byId("keep-label"),
    keepView: byId("keep-view"),
    mosaic: byId<HTMLCanvasElement>("mosaic-canvas"),
    mosaicView: byId("mosaic-view"),
    mosaicReadout: byId("mosaic-readout"),
    decomposition: byId<HTMLCanvasElement>("decomposition-canvas"),
    decompositionReadout: byId("decomposition-readout"),
    scales: byId<HTMLCanvasElement>("scales-canvas"),
    scalesView: byId("scales-view"),
    shares: byId("scales-shares"),
    compare: byId("compare"),
    crop: byId<HTMLCanvasElement>("crop-canvas"),
    sees: byId("sees-text"),
  };
  /** The model's manifest, once loaded (it says what the model sees). */
  private manifest: ImageManifest | null = null;
  /** The latest result of each method and class on the current image. */
  private readonly compared = new Map<string, Compared>();

  /** Fills the sliders from the settings and listens to them and to the pointer over the mosaics. */
  constructor(private readonly shell: Shell) {
    const { ui } = this;
    const settings = shell.settings;
    ui.opacity.value = String(settings.opacity);
    ui.opacity.addEventListener("input", () => {
      settings.opacity = Number(ui.opacity.value);
      const r = shell.result;
      if (r) drawOverlay(ui.overlay, r.pictures.input, r.pictures.heat, settings.opacity);
      this.drawCompare();
    });
    ui.opacity.addEventListener("change", () => shell.syncUrl());
    listenForKeep(shell);
    loadManifest(meta.model).then(
      (m) => {
        this.manifest = m;
        ui.sees.textContent = seesText(m);
        if (shell.input?.kind === "image") drawCrop(ui.crop, shell.input, m);
      },
      (e: unknown) => shell.fail(errorText(e)),
    );
    const band = (name: string) => () => (shell.result ? bandPicture(shell.result, name) : null);
    attachReadout(ui.mosaic, ui.mosaicReadout, band("mosaic"), "Point at the mosaic to read a coefficient's attribution.");
    attachReadout(ui.decomposition, ui.decompositionReadout, band("decomposition"), "Point at the decomposition to read a coefficient.");
  }

  show(r: Explained): void {
    const { ui } = this;
    const wavelet = isWaveletMethod(r.method);
    const { input, heat } = r.pictures;
    drawOverlay(ui.overlay, input, heat, this.shell.settings.opacity);
    const given = this.shell.input;
    if (this.manifest && given?.kind === "image") drawCrop(ui.crop, given, this.manifest);
    ui.overlayCaption.textContent = `${r.method} · ${r.target.label} (class ${r.target.class}, ${percent(r.target.probability)})`;
    const decomposition = bandPicture(r, "decomposition");
    if (decomposition) drawMosaic(ui.decomposition, decomposition);
    const mosaic = bandPicture(r, "mosaic");
    if (mosaic) drawMosaic(ui.mosaic, mosaic);
    else clear(ui.mosaic);
    if (r.scales && r.pictures.scales) drawScales(ui.scales, r.scales, r.pictures.scales);
    else clear(ui.scales);
    drawShares(ui.shares, r.scales);
    const why = wavelet ? null : `${r.method} attributes pixels, not wavelet coefficients: choose wam, wam-sg or wam-ig to see this view.`;
    for (const view of [ui.mosaicView, ui.scalesView]) {
      view.classList.toggle("disabled", !wavelet);
      // A greyed-out view has nothing of this result to export.
      for (const png of view.querySelectorAll<HTMLButtonElement>("button.png")) png.disabled = !wavelet;
      const note = view.querySelector<HTMLElement>(".why");
      if (note) {
        note.textContent = why ?? "";
        note.hidden = why === null;
      }
    }
    ui.keepLabel.textContent = "re-classifying…";
    this.compared.set(...compared(r));
    this.drawCompare();
  }

  reset(): void {
    this.compared.clear();
  }

  keepBusy(on: boolean): void {
    this.ui.keepView.classList.toggle("busy", on);
  }

  kept(k: KeepTopResult): void {
    const wavelet = this.shell.result !== null && isWaveletMethod(this.shell.result.method);
    drawKeep(this.ui.keepCanvas, this.ui.keepLabel, k, wavelet ? "coefficients" : "pixel values");
  }

  keepFailed(message: string): void {
    this.ui.keepLabel.textContent = `Could not rebuild the image: ${message}`;
  }

  measured(method: string, f: FaithfulnessResult): void {
    const shown = this.shell.result;
    const compared = shown && this.compared.get(compareKey(method, shown.target.class));
    if (!compared) return;
    compared.aucs = { insertion: f.insertion.auc, deletion: f.deletion.auc };
    this.drawCompare();
  }

  private drawCompare(): void {
    drawCompare(this.ui.compare, this.compared, METHODS, this.shell.settings.opacity);
  }
}
