// The image modality's views of a result: the overlay (and its opacity
// slider), the keep-top view (and its slider), the attribution mosaic and
// the decomposition (with their read-outs), the scales, the comparison strip
// and the PNG buttons under them.

import type { ExplainResult, KeepTopResult } from "../../api";
import { byId } from "../../shell/dom";
import type { Shell, Views } from "../../shell/modality";
import { METHODS, isWaveletMethod } from "../../shell/settings";
import { attachReadout, drawMosaic } from "../../views/bands";
import { type Compared, drawCompare } from "../../views/compare";
import { clear, downloadPng } from "../../views/draw";
import { percent } from "../../views/format";
import { drawKeep } from "../../views/keep";
import { drawOverlay } from "../../views/overlay";
import { drawScales } from "../../views/scales";

export class ImageViews implements Views {
  private readonly ui = {
    overlay: byId<HTMLCanvasElement>("overlay-canvas"),
    overlayCaption: byId("overlay-caption"),
    opacity: byId<HTMLInputElement>("opacity"),
    keep: byId<HTMLInputElement>("keep"),
    keepValue: byId("keep-value"),
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
    compare: byId("compare"),
  };
  /** The latest result of each method on the current image. */
  private readonly compared = new Map<string, Compared>();

  /** Fills the sliders from the settings and listens to them, to the PNG buttons and to the pointer over the mosaics. */
  constructor(private readonly shell: Shell) {
    const { ui } = this;
    const settings = shell.settings;
    ui.opacity.value = String(settings.opacity);
    ui.keep.value = String(settings.keep);
    ui.keepValue.textContent = String(settings.keep);
    ui.opacity.addEventListener("input", () => {
      settings.opacity = Number(ui.opacity.value);
      const r = shell.result;
      if (r) drawOverlay(ui.overlay, r.input, r.heat, settings.opacity);
      this.drawCompare();
    });
    ui.opacity.addEventListener("change", () => shell.syncUrl());
    ui.keep.addEventListener("input", () => {
      settings.keep = Number(ui.keep.value);
      ui.keepValue.textContent = ui.keep.value;
      shell.keepTop();
    });
    ui.keep.addEventListener("change", () => shell.syncUrl());
    for (const button of document.querySelectorAll<HTMLButtonElement>("button.png")) {
      button.addEventListener("click", () => downloadPng(byId<HTMLCanvasElement>(button.dataset.canvas ?? ""), button.dataset.name ?? "wam.png"));
    }
    attachReadout(ui.mosaic, ui.mosaicReadout, () => shell.result?.mosaic ?? null, "Point at the mosaic to read a coefficient's attribution.");
    attachReadout(ui.decomposition, ui.decompositionReadout, () => shell.result?.decomposition ?? null, "Point at the decomposition to read a coefficient.");
  }

  show(r: ExplainResult): void {
    const { ui } = this;
    const wavelet = isWaveletMethod(r.method);
    drawOverlay(ui.overlay, r.input, r.heat, this.shell.settings.opacity);
    ui.overlayCaption.textContent = `${r.method} · ${r.target.label} (class ${r.target.class}, ${percent(r.target.probability)})`;
    drawMosaic(ui.decomposition, r.decomposition);
    if (r.mosaic) drawMosaic(ui.mosaic, r.mosaic);
    else clear(ui.mosaic);
    if (r.scales) drawScales(ui.scales, r.scales);
    else clear(ui.scales);
    const why = wavelet ? null : `${r.method} attributes pixels, not wavelet coefficients: choose wam, wam-sg or wam-ig to see this view.`;
    for (const view of [ui.mosaicView, ui.scalesView, ui.keepView]) {
      view.classList.toggle("disabled", !wavelet);
      const note = view.querySelector<HTMLElement>(".why");
      if (note) {
        note.textContent = why ?? "";
        note.hidden = why === null;
      }
    }
    ui.keep.disabled = !wavelet;
    if (wavelet) {
      ui.keepLabel.textContent = "re-classifying…";
    } else {
      clear(ui.keepCanvas);
      ui.keepLabel.textContent = `Keep-top needs a wavelet method (wam, wam-sg or wam-ig); ${r.method} works on pixels.`;
    }
    this.compared.set(r.method, { input: r.input, heat: r.heat, target: r.target });
    this.drawCompare();
  }

  reset(): void {
    this.compared.clear();
  }

  keepBusy(on: boolean): void {
    this.ui.keepView.classList.toggle("busy", on);
  }

  kept(k: KeepTopResult): void {
    drawKeep(this.ui.keepCanvas, this.ui.keepLabel, k);
  }

  keepFailed(message: string): void {
    this.ui.keepLabel.textContent = `Could not rebuild the image: ${message}`;
  }

  private drawCompare(): void {
    drawCompare(this.ui.compare, this.compared, METHODS, this.shell.settings.opacity);
  }
}
