// The settings controls (method, wavelet, levels, samples, colour, backend)
// and the Explain and Cancel buttons: filled from the settings; a change goes
// into the settings and the URL, and marks the result shown as stale (a
// colour change redraws it instead).

import type { Colouring, Explained } from "../api";
import type { Backend } from "../protocol";
import { byId } from "./dom";
import type { Page } from "./page";
import { type Method, type SettingsMeta, WAVELETS, isSampledMethod } from "./settings";

/** What the controls ask of the explainer. */
export interface Actions {
  readonly result: Explained | null;
  explain(): void;
  cancel(): void;
  /** The backend changed: restart the worker on it and explain again. */
  restart(): void;
  /** The colour changed: draw the result shown again in it (nothing is explained again). */
  recolour(): void;
}

/** The wavelets the menu offers first, described; every other one follows under "more". */
const FEATURED: Readonly<Record<string, string>> = {
  haar: "Haar: blocks, the sharpest",
  db2: "db2: Daubechies 2, smooth",
  db4: "db4: Daubechies 4, smoother",
  sym4: "sym4: symlet 4, nearly symmetric",
  coif1: "coif1: coiflet 1, smooth",
};

/** The wavelet menu's entries: the featured ones, then the rest under "more"; `chosen` selected. */
function waveletOptions(chosen: string): HTMLElement[] {
  const option = (name: string) => new Option(FEATURED[name] ?? name, name, false, name === chosen);
  const more = document.createElement("optgroup");
  more.label = "more";
  more.append(...WAVELETS.filter((name) => !(name in FEATURED)).map(option));
  return [...WAVELETS.filter((name) => name in FEATURED).map(option), more];
}

/** An integer input's value within its min..max, or `fallback`. */
function clampInput(input: HTMLInputElement, fallback: number): number {
  const n = Math.round(Number(input.value));
  const value = Number.isFinite(n) && input.value !== "" ? Math.min(Number(input.max), Math.max(Number(input.min), n)) : fallback;
  input.value = String(value);
  return value;
}

export class Controls {
  private readonly ui = {
    method: byId<HTMLSelectElement>("method"),
    wavelet: byId<HTMLSelectElement>("wavelet"),
    levels: byId<HTMLInputElement>("levels"),
    samples: byId<HTMLInputElement>("samples"),
    colour: byId<HTMLSelectElement>("colour"),
    colourNote: byId("colour-note"),
    backend: byId<HTMLSelectElement>("backend"),
    explain: byId<HTMLButtonElement>("explain"),
    cancel: byId<HTMLButtonElement>("cancel"),
  };

  /** Fills the controls from `page.settings`; the defaults of `meta` replace values that the controls refuse. */
  constructor(
    private readonly page: Page,
    private readonly meta: SettingsMeta & { label: string },
  ) {
    const { ui } = this;
    const settings = page.settings;
    ui.levels.max = String(meta.maxLevels);
    ui.method.value = settings.method;
    ui.wavelet.replaceChildren(...waveletOptions(settings.wavelet));
    ui.levels.value = String(settings.levels);
    ui.samples.value = String(settings.samples);
    ui.backend.value = settings.backend;
    ui.samples.disabled = !isSampledMethod(settings.method);
    // A colouring the modality's views cannot draw is offered greyed out, and the note says why.
    for (const option of ui.colour.options) option.disabled = !meta.colourings.includes(option.value as Colouring);
    ui.colour.value = settings.colour;
    ui.colourNote.hidden = meta.colourings.length === ui.colour.options.length;
    ui.colourNote.textContent = `The ${meta.label} views colour magnitudes only: the mesh, the voxels and the slices are drawn in the page.`;
  }

  /** Sends the user's changes to `actions`. */
  listen(actions: Actions): void {
    const { ui, page } = this;
    const settings = page.settings;
    const changed = () => {
      page.syncUrl();
      if (actions.result) ui.explain.classList.add("stale");
    };
    ui.method.addEventListener("change", () => {
      settings.method = ui.method.value as Method;
      ui.samples.disabled = !isSampledMethod(settings.method);
      changed();
    });
    ui.wavelet.addEventListener("change", () => {
      settings.wavelet = ui.wavelet.value;
      changed();
    });
    ui.levels.addEventListener("change", () => {
      settings.levels = clampInput(ui.levels, this.meta.defaults.levels);
      changed();
    });
    ui.samples.addEventListener("change", () => {
      settings.samples = clampInput(ui.samples, this.meta.defaults.samples);
      changed();
    });
    ui.colour.addEventListener("change", () => {
      settings.colour = ui.colour.value as Colouring;
      page.syncUrl();
      actions.recolour();
    });
    ui.backend.addEventListener("change", () => {
      settings.backend = ui.backend.value as Backend;
      page.syncUrl();
      actions.restart();
    });
    ui.explain.addEventListener("click", () => actions.explain());
    ui.cancel.addEventListener("click", () => actions.cancel());
    // Escape cancels a run, wherever the focus is, and closes the help.
    const help = [...document.querySelectorAll<HTMLDetailsElement>("details.info")];
    document.addEventListener("keydown", (e) => {
      if (e.key !== "Escape") return;
      if (!ui.cancel.disabled) actions.cancel();
      for (const d of help) d.open = false;
    });
    // One help text open at a time.
    for (const d of help) d.addEventListener("toggle", () => d.open && help.forEach((other) => other !== d && (other.open = false)));
  }

  /** A run is in flight (Cancel can stop it; Explain restarts it with the settings now), or none. */
  working(on: boolean): void {
    this.ui.cancel.disabled = !on;
    this.ui.explain.textContent = on ? "Restart" : "Explain";
  }

  /** The result about to be shown follows the settings: Explain is no longer marked stale. */
  fresh(): void {
    this.ui.explain.classList.remove("stale");
  }
}
