// The page as others see it: its settings in the URL, its state on <body>,
// its error and notice lines.
//
// State for tests lives on <body>: data-state ("loading" | "working" |
// "done" | "error"; a new input or run moves it to "working" at once),
// data-results (how many results were drawn), data-errors (how many failures
// were shown), data-kept (the data-results value that the keep-top view
// belongs to), data-colour (the colouring of the views drawn) and, after
// each result, data-backend, data-explain-ms, data-workers (how many workers computed it), data-memory (the wasm
// memory of the pool, in bytes), data-method and data-top1. Counters only grow, so a test that notes them
// before acting can never mistake an old state for the new one.

import type { Explained } from "../api";
import { type Settings, writeSettings } from "./settings";

export type State = "loading" | "working" | "done" | "error";

/** The message of a thrown value. */
export const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export class Page {
  /** Whether a run is in flight: a failure meanwhile keeps the state "working". */
  private running = false;

  constructor(
    readonly settings: Settings,
    private readonly body: HTMLElement,
    private readonly errorLine: HTMLElement,
    private readonly noticeLine: HTMLElement,
  ) {}

  /** Writes the settings into the URL, so that the link reproduces the view. */
  syncUrl(): void {
    history.replaceState(null, "", writeSettings(this.settings) + location.hash);
  }

  state(state: State): void {
    this.body.dataset.state = state;
  }

  /** Marks a run as in flight, or over. */
  working(on: boolean): void {
    this.running = on;
    this.body.classList.toggle("working", on);
  }

  /**
   * Marks the views as showing a result that was dropped (a backend change:
   * greyed out, nothing to export), or the latest result (the views then
   * decide which of their exports hold).
   */
  dropped(on: boolean): void {
    this.body.classList.toggle("dropped", on);
    for (const button of this.body.querySelectorAll<HTMLButtonElement>("button.png, button.export")) button.disabled = on;
  }

  /** Marks the model as loading (the views say so until a first result), or loaded. */
  modelLoading(on: boolean): void {
    this.body.classList.toggle("model-loading", on);
  }

  get isModelLoading(): boolean {
    return this.body.classList.contains("model-loading");
  }

  get isWorking(): boolean {
    return this.running;
  }

  /** The backend that the worker reported last. */
  get backend(): string | undefined {
    return this.body.dataset.backend;
  }

  set backend(backend: string) {
    this.body.dataset.backend = backend;
  }

  error(message: string | null): void {
    this.errorLine.textContent = message ?? "";
    this.errorLine.hidden = message === null;
  }

  notice(message: string | null): void {
    this.noticeLine.textContent = message ?? "";
    this.noticeLine.hidden = message === null;
  }

  /** Shows a failure and counts it; the state becomes `state` (a run still in flight keeps "working"). */
  fail(message: string, state: State = this.running ? "working" : "error"): void {
    this.error(message);
    this.bump("errors");
    this.state(state);
  }

  /** Notes that `r` was drawn, and counts it. */
  shown(r: Explained): void {
    Object.assign(this.body.dataset, {
      backend: r.backend,
      explainMs: String(Math.round(r.timings.explainMs)),
      workers: String(r.timings.workers),
      memory: String(r.memory),
      method: r.method,
      top1: r.top5[0]?.label ?? "",
    });
    this.bump("results");
  }

  /** Notes the colouring of the views drawn (`magnitude` or `signed`). */
  coloured(colouring: string): void {
    this.body.dataset.colour = colouring;
  }

  /** Notes that the keep-top view belongs to the latest result (true), or to none yet (false). */
  kept(current: boolean): void {
    if (current) this.body.dataset.kept = this.body.dataset.results;
    else delete this.body.dataset.kept;
  }

  /** Adds one to the counter `data-{name}`. */
  private bump(name: "results" | "errors"): void {
    this.body.dataset[name] = String(Number(this.body.dataset[name] ?? 0) + 1);
  }
}
