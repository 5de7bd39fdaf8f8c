// The explainer at work on the page's input: it takes only the latest input,
// runs the worker on it one run at a time (a new run, a cancel or a backend
// change drops the replies of older ones), shows each result through the
// modality's views, then asks for the input rebuilt from its top q %; the
// faithfulness panel measures the result shown through it. A run whose
// WebGPU device was lost runs again on the CPU. A colour change redraws the
// result shown from the explanation the worker holds.

import type { CurveKind, DisplayOptions, ExplainOptions, Explained, Measured, Prediction, SanityRow } from "../api";
import { Cancelled, Client, DeviceLost, Gone, type Ready } from "../client";
import { FaithfulnessPanel, type Measurer } from "../views/faithfulness";
import { CURVE_POINTS, drawKeepCurve } from "../views/keep";
import { showLegends } from "../views/legend";
import { drawTop5 } from "../views/predictions";
import type { Badge } from "./badge";
import type { Actions, Controls } from "./controls";
import type { Input, Modality, Shell, Sources, Views } from "./modality";
import { type Page, errorText } from "./page";
import type { Progress } from "./progress";
import { type Settings, isSampledMethod } from "./settings";

/** The parts of the shell that a session drives. */
export interface Parts {
  page: Page;
  controls: Controls;
  progress: Progress;
  badge: Badge;
  /** The top-5 list: a click explains that class. */
  top5: HTMLElement;
  /** The plot of the class's probability against the share kept. */
  keepCurve: SVGSVGElement;
}

export class Session implements Shell, Actions, Measurer {
  private given: Input | null = null;
  private shown: Explained | null = null;
  /** The input and options that made the result shown, to make it again for keep-top after a restart. */
  private shownFrom: { input: Input; options: ExplainOptions } | null = null;
  /** Bumped by every explain, cancel and backend change: replies of older runs are dropped. */
  private run = 0;
  /** Bumped by every input given: only the latest one is taken. */
  private inputs = 0;
  private keepTimer: number | undefined;
  /** The result whose keep curve is measured (or being measured). */
  private curveOf: Explained | null = null;
  /** Bumped by every keep-top request: only the latest answer is drawn. */
  private keepRun = 0;
  /** Bumped by every colour change: only the latest redraw is shown. */
  private recolours = 0;
  private readonly client: Client;
  private readonly views: Views;
  private readonly sources: Sources;
  private readonly panel: FaithfulnessPanel;

  /** Makes the worker's client (not started yet), the modality's views and its sources (listening). */
  constructor(
    private readonly modality: Modality,
    private readonly parts: Parts,
  ) {
    const { page, badge } = parts;
    this.client = new Client(page.settings.backend, new URL(modality.meta.model, location.href).href, {
      onReady: (ready: Ready) => {
        badge.loadMs = ready.loadMs;
        badge.reason = ready.reason;
        page.backend = ready.backend;
        page.modelLoading(false);
        if (page.isWorking) this.progressStart();
        page.notice(ready.note);
        badge.draw(this.shown);
      },
      onCrash: (message) => page.fail(`${message}; the explainer was restarted.`, "error"),
    });
    this.views = modality.views(this);
    this.sources = modality.sources(this);
    this.panel = new FaithfulnessPanel(this, (method, f) => this.views.measured?.(method, f));
  }

  get settings(): Settings {
    return this.parts.page.settings;
  }

  get input(): Input | null {
    return this.given;
  }

  get result(): Explained | null {
    return this.shown;
  }

  syncUrl(): void {
    this.parts.page.syncUrl();
  }

  fail(message: string): void {
    this.parts.page.fail(message);
  }

  /**
   * Starts the worker and opens the first sample: the model loads while the
   * sample decodes. A class named in the link is explained on it.
   */
  start(): void {
    this.syncUrl();
    this.startWorker();
    const first = this.settings.sample ?? this.modality.meta.defaults.sample;
    if (first !== null) this.take(this.sources.sample(first), true);
  }

  /**
   * The page leaves its old state now, before any await, and takes the
   * input once it arrives, unless a newer one came meanwhile. A new input
   * is explained for its top class, unless `keepTarget`.
   */
  take(pending: Promise<Input>, keepTarget = false): void {
    const { page } = this.parts;
    const mine = ++this.inputs;
    page.error(null);
    page.state("working");
    pending.then(
      (next) => mine === this.inputs && this.taken(next, keepTarget),
      (e: unknown) => mine === this.inputs && page.fail(errorText(e)),
    );
  }

  /** Explains the input with the current settings; a run in progress is cancelled. */
  async explain(): Promise<void> {
    const { page, controls, progress } = this.parts;
    const input = this.given;
    if (!input) return;
    const mine = ++this.run;
    // A measure in flight stops (and restarts the worker) too.
    if (this.panel.busy) this.panel.cancel();
    else if (page.isWorking) this.client.cancel().catch(() => {});
    this.working(true);
    page.state("working");
    page.error(null);
    controls.fresh();
    this.progressStart();
    const options = this.options();
    try {
      const run = () =>
        this.client.explain(input, options, this.display(), (done, total) => {
          if (mine === this.run) progress.draw(done, total);
        });
      // A lost WebGPU device: the client restarted on the CPU, run there.
      const r = await run().catch((e: unknown) => {
        if (e instanceof DeviceLost) return run();
        throw e;
      });
      if (mine !== this.run) return;
      // The colour changed during the run: draw the result in the new one.
      if (r.colouring !== this.settings.colour) Object.assign(r, await this.client.render(r.explanation, this.display()));
      if (mine !== this.run) return;
      this.shownFrom = { input, options };
      this.show(r);
      page.state("done");
    } catch (e) {
      if (mine !== this.run) return;
      // A Cancelled here was not the user's: the worker restarted under this run.
      progress.failed();
      page.fail(e instanceof Cancelled ? "The explanation was interrupted (the explainer restarted): press Explain to try again." : `Could not explain: ${errorText(e)}`, "error");
    } finally {
      if (mine === this.run) this.working(false);
    }
  }

  cancel(): void {
    const { page, progress } = this.parts;
    this.run++;
    this.working(false);
    progress.cancelled();
    if (this.shown) page.state("done");
    else page.fail("Cancelled: press Explain to start again.", "error");
    this.client.cancel().catch(() => {});
  }

  /** A test hook: makes the worker trap, to exercise the restart. */
  trapWorker(): void {
    this.client.trap();
  }

  /** A test hook: makes the worker destroy its WebGPU device, to exercise the fallback to the CPU. */
  destroyDevice(): void {
    this.client.destroyDevice();
  }

  /** Restarts the worker on the backend of the settings and explains again. */
  restart(): void {
    this.run++;
    this.working(false);
    this.shown = null;
    this.parts.page.dropped(true);
    this.startWorker();
    void this.explain();
  }

  recolour(): void {
    const shown = this.shown;
    // A run in flight is drawn in the new colour when it comes (see explain).
    if (!shown || this.parts.page.isWorking || shown.colouring === this.settings.colour) return;
    const mine = ++this.recolours;
    this.onShown((explanation) => this.client.render(explanation, this.display())).then(
      (rendered) => {
        if (mine !== this.recolours || this.shown !== shown) return;
        Object.assign(shown, rendered);
        this.draw(shown);
        this.keepTop(0);
      },
      (e: unknown) => {
        if (mine === this.recolours && !(e instanceof Cancelled)) this.parts.page.error(`Could not redraw the views: ${errorText(e)}`);
      },
    );
  }

  faithfulness(steps: number, onCurve: (kind: CurveKind, points: Float32Array, total: number) => void): Promise<Measured> {
    return this.onShown((explanation) => this.client.faithfulness(explanation, steps, onCurve));
  }

  sanity(layers: number[], onRow: (row: SanityRow) => void): Promise<SanityRow[]> {
    return this.onShown((explanation) => this.client.sanity(explanation, layers, onRow));
  }

  colouredPly(scale: number | null): Promise<Uint8Array> {
    return this.onShown((explanation) => this.client.colouredPly(explanation, scale));
  }

  stopMeasuring(): void {
    this.client.cancel().catch(() => {});
  }

  keepTop(delay = 200): void {
    clearTimeout(this.keepTimer);
    this.keepTimer = window.setTimeout(() => void this.rebuild(), delay);
  }

  private startWorker(): void {
    const { page, badge } = this.parts;
    page.state("loading");
    page.modelLoading(true);
    // The old backend's note no longer holds; the new one says its own once loaded.
    page.notice(null);
    badge.draw(this.shown);
    this.client.start(this.settings.backend).catch((e: unknown) => {
      if (e instanceof Cancelled) return;
      page.modelLoading(false);
      page.fail(errorText(e), "error");
    });
  }

  private taken(next: Input, keepTarget: boolean): void {
    this.given = next;
    this.settings.sample = next.sample;
    if (!keepTarget) this.settings.target = null;
    this.views.reset();
    this.syncUrl();
    this.sources.chosen(next.sample);
    void this.explain();
  }

  /** The progress of a run before its first sample: the model loading, none of the samples done, or nothing to count. */
  private progressStart(): void {
    const { page, progress } = this.parts;
    if (page.isModelLoading) progress.loading();
    else if (isSampledMethod(this.settings.method)) progress.draw(0, this.settings.samples);
    else progress.unknown();
  }

  private working(on: boolean): void {
    this.parts.page.working(on);
    this.parts.controls.working(on);
    this.panel.pause(on);
  }

  private display(): DisplayOptions {
    return { colouring: this.settings.colour };
  }

  private options(): ExplainOptions {
    const s = this.settings;
    return {
      method: s.method,
      wavelet: s.wavelet,
      levels: s.levels,
      samples: s.samples,
      ...(s.target === null ? {} : { target: s.target }),
    };
  }

  /** Draws every view of `r`, then asks for keep-top. */
  private show(r: Explained): void {
    const { page, progress, badge, top5 } = this.parts;
    this.shown = r;
    page.dropped(false);
    this.draw(r);
    // The keep curve belongs to the previous result until this one's is measured.
    this.parts.keepCurve.replaceChildren();
    drawTop5(top5, r.top5, r.target.class, (p) => this.pick(p));
    page.kept(false);
    this.panel.reset(r);
    this.keepTop(0);
    progress.done(r.timings.totalMs);
    page.shown(r);
    badge.draw(r);
  }

  /** Draws the views of `r` and their legends. */
  private draw(r: Explained): void {
    this.views.show(r);
    showLegends(document, r.legends);
    this.parts.page.coloured(r.colouring);
  }

  /**
   * Measures the class's probability with the top q % kept of `r`, at each
   * of CURVE_POINTS in turn, and draws the curve; it gives up when another
   * result is shown or the worker no longer holds `r`'s explanation.
   */
  private async keepCurve(r: Explained): Promise<void> {
    this.curveOf = r;
    const points: [number, number][] = [];
    for (const q of CURVE_POINTS) {
      if (this.shown !== r || this.parts.page.isWorking) return;
      try {
        points.push([q, (await this.client.keepTop(r.explanation, q / 100)).target.probability]);
      } catch {
        return;
      }
    }
    if (this.shown === r) drawKeepCurve(this.parts.keepCurve, points, this.settings.keep);
  }

  /** A click in the top-5 list: explain that class. */
  private pick(p: Prediction): void {
    this.settings.target = p.class;
    this.syncUrl();
    void this.explain();
  }

  /** Asks for the input rebuilt from its top `settings.keep` %; only the latest answer is drawn. */
  private async rebuild(): Promise<void> {
    const { page } = this.parts;
    const shown = this.shown;
    if (!shown || page.isWorking) return;
    const mine = ++this.keepRun;
    const explained = this.run;
    this.views.keepBusy(true);
    try {
      const k = await this.onShown((explanation) => this.client.keepTop(explanation, this.settings.keep / 100));
      if (mine === this.keepRun && explained === this.run) {
        this.views.kept(k);
        page.kept(true);
        if (this.curveOf !== shown) void this.keepCurve(shown);
      }
    } catch (e) {
      if (mine === this.keepRun && !(e instanceof Cancelled)) this.views.keepFailed(errorText(e));
    } finally {
      if (mine === this.keepRun) this.views.keepBusy(false);
    }
  }

  /**
   * `ask` on the explanation of the result shown. If the worker restarted
   * since (a cancel, a crash, a lost WebGPU device) it no longer holds it:
   * it is made again (same input, options and seed: the same numbers) first.
   */
  private async onShown<T>(ask: (explanation: number) => Promise<T>): Promise<T> {
    const shown = this.shown;
    if (!shown) throw new Error("nothing is explained yet");
    return ask(shown.explanation).catch(async (e: unknown) => {
      if (!(e instanceof Gone || e instanceof DeviceLost) || !this.shownFrom) throw e;
      const again = await this.client.explain(this.shownFrom.input, this.shownFrom.options, this.display());
      shown.explanation = again.explanation;
      return ask(again.explanation);
    });
  }
}
