// The badge: the backend in use and how long each stage took.

import type { Explained } from "../api";
import { backendName, stages, workers } from "../views/format";
import type { Page } from "./page";

export class Badge {
  /** How long the model took to load, once it has. */
  loadMs: number | undefined;
  /** Why the worker runs on the CPU, in a few words, if it was not asked to ("WebGPU was lost"). */
  reason: string | null = null;

  constructor(
    private readonly el: HTMLElement,
    private readonly page: Page,
  ) {}

  /** Draws the badge for `result` (null: none yet, or dropped by a backend change). */
  draw(result: Explained | null): void {
    const backend = result?.backend ?? this.page.backend;
    const t = result?.timings;
    const times = stages({ load: this.loadMs, preprocess: t?.preprocessMs, explain: t?.explainMs, render: t?.renderMs });
    const name = backend && `${backendName(backend)}${workers(t?.workers)}${this.reason && backend === "cpu" ? ` (${this.reason})` : ""}`;
    this.el.textContent = name ? `${name}${times ? ` · ${times}` : ""}` : "loading the model…";
    this.el.dataset.backend = backend ?? "";
  }
}
