// The faithfulness panel, shared by every modality: the insertion and
// deletion curves of the result shown, drawn as they grow (batch by batch,
// with progress and cancel), their AUCs, a one-line reading, and the
// sanity check: the attribution of the model with its top layers
// re-initialised, map by map, with its rank correlation to the original.
//
// State for tests on #faithfulness-view: data-state ("idle" | "measuring" |
// "measured" | "checking" | "checked" | "cancelled" | "failed"),
// data-points (the points drawn so far, both curves), data-ms (how long
// the latest curves took in the worker), data-workers (how many workers
// computed them) and data-memory (the wasm memory of the pool, in bytes).

import type { CurveKind, Explained, FaithfulnessResult, Measured, SanityRow } from "../api";
import { Cancelled } from "../client";
import { byId } from "../shell/dom";
import { errorText } from "../shell/page";
import { drawPicture, prepare } from "./draw";
import { duration, workers } from "./format";
import { cascade, featureNoun, reading } from "./reading";

/** K: each curve has K + 1 points. */
export const STEPS = 64;

/** What the panel asks of the explainer, for the result shown. */
export interface Measurer {
  /** The insertion and deletion curves; `onCurve` gets each curve so far. */
  faithfulness(steps: number, onCurve: (kind: CurveKind, points: Float32Array, total: number) => void): Promise<Measured>;
  /** The sanity check at each count of `layers` re-initialised; `onRow` gets each row as it comes. */
  sanity(layers: number[], onRow: (row: SanityRow) => void): Promise<SanityRow[]>;
  /** Stops the measure in flight (it then rejects). */
  stopMeasuring(): void;
}

type State = "idle" | "measuring" | "measured" | "checking" | "checked" | "cancelled" | "failed";

const COLOURS: Record<CurveKind, string> = { insertion: "#1a7f37", deletion: "#c2410c" };

/** Draws both curves (probability against the share of features moved) on axes. */
function drawCurves(canvas: HTMLCanvasElement, curves: Partial<Record<CurveKind, ArrayLike<number>>>, total: number): void {
  const ctx = prepare(canvas, canvas.width, canvas.height);
  const [w, h, pad] = [canvas.width, canvas.height, 28];
  const x = (k: number) => pad + ((w - 2 * pad) * k) / Math.max(total - 1, 1);
  const y = (p: number) => h - pad - (h - 2 * pad) * p;
  ctx.clearRect(0, 0, w, h);
  ctx.strokeStyle = "#999";
  ctx.strokeRect(pad, pad, w - 2 * pad, h - 2 * pad);
  ctx.fillStyle = "#555";
  ctx.font = "11px system-ui, sans-serif";
  ctx.fillText("0", pad - 4, h - pad + 12);
  ctx.fillText("100 % of the features, most attributed first", w - pad - 230, h - pad + 14);
  ctx.fillText("p = 1", 2, pad + 4);
  let legend = pad + 8;
  for (const kind of ["insertion", "deletion"] as const) {
    const points = curves[kind];
    ctx.fillStyle = COLOURS[kind];
    ctx.fillText(kind, legend, pad + 14);
    legend += 70;
    if (!points || points.length === 0) continue;
    ctx.strokeStyle = COLOURS[kind];
    ctx.lineWidth = 2;
    ctx.beginPath();
    for (let k = 0; k < points.length; k++) ctx[k === 0 ? "moveTo" : "lineTo"](x(k), y(points[k]));
    ctx.stroke();
  }
}

export class FaithfulnessPanel {
  private readonly ui = {
    view: byId("faithfulness-view"),
    measure: byId<HTMLButtonElement>("measure"),
    sanity: byId<HTMLButtonElement>("sanity-run"),
    cancel: byId<HTMLButtonElement>("measure-cancel"),
    status: byId("measure-status"),
    canvas: byId<HTMLCanvasElement>("faithfulness-canvas"),
    aucs: byId("faithfulness-aucs"),
    reading: byId("faithfulness-reading"),
    rows: byId("sanity-rows"),
  };
  private result: Explained | null = null;
  /** Bumped by every new result and measure: answers for older ones are dropped. */
  private run = 0;
  /** Whether an explanation is under way (nothing can be measured meanwhile). */
  private paused = false;

  /** `onMeasured(method, result)`: the curves of a result's method are in (for the comparison grid). */
  constructor(
    private readonly measurer: Measurer,
    private readonly onMeasured: (method: string, result: FaithfulnessResult) => void,
  ) {
    const { ui } = this;
    ui.measure.addEventListener("click", () => void this.measure());
    ui.sanity.addEventListener("click", () => void this.check());
    ui.cancel.addEventListener("click", () => this.cancel());
    this.working(false);
    this.state("idle");
  }

  /** Whether a measure is in flight. */
  get busy(): boolean {
    return !this.ui.cancel.disabled;
  }

  /** A new result is shown: its curves and maps are still to be measured. */
  reset(r: Explained): void {
    const { ui } = this;
    this.run++;
    this.result = r;
    this.working(false);
    drawCurves(ui.canvas, {}, STEPS + 1);
    ui.aucs.textContent = "";
    ui.reading.textContent = "";
    ui.rows.replaceChildren();
    ui.status.textContent =
      r.layers === 0 ? "(this model's layers cannot be re-initialised: no sanity check)" : "";
    this.state("idle");
  }

  /** While an explanation is under way (`on`), nothing can be measured. */
  pause(on: boolean): void {
    this.paused = on;
    if (!this.busy) this.working(false);
  }

  /** Stops the measure in flight, if one is. */
  cancel(): void {
    if (!this.busy) return;
    this.run++;
    this.working(false);
    this.ui.status.textContent = "cancelled";
    this.state("cancelled");
    this.measurer.stopMeasuring();
  }

  private async measure(): Promise<void> {
    const r = this.result;
    if (!r || this.busy || this.paused) return;
    const { ui } = this;
    const mine = ++this.run;
    const curves: Partial<Record<CurveKind, Float32Array>> = {};
    this.working(true);
    this.state("measuring");
    ui.view.dataset.points = "0";
    ui.aucs.textContent = "";
    ui.reading.textContent = "";
    const onCurve = (kind: CurveKind, points: Float32Array, total: number) => {
      if (mine !== this.run) return;
      curves[kind] = points;
      drawCurves(ui.canvas, curves, total);
      ui.status.textContent = `${kind}: ${points.length} / ${total} steps`;
      ui.view.dataset.points = String((curves.insertion?.length ?? 0) + (curves.deletion?.length ?? 0));
    };
    try {
      const f = await this.measurer.faithfulness(STEPS, onCurve);
      if (mine !== this.run) return;
      drawCurves(ui.canvas, { insertion: f.insertion.curve, deletion: f.deletion.curve }, f.insertion.curve.length);
      ui.aucs.textContent =
        `insertion AUC ${f.insertion.auc.toFixed(3)} (higher is more faithful) · deletion AUC ${f.deletion.auc.toFixed(3)} (lower is) · ` +
        `${f.features.toLocaleString("en")} ${featureNoun(r.method, r.modality)}, ${f.activation} scores`;
      ui.reading.textContent = reading(r.method, featureNoun(r.method, r.modality), f.insertion.curve, f.deletion.curve);
      ui.status.textContent = `measured in ${duration(f.ms)}${workers(f.workers)}`;
      ui.view.dataset.ms = String(Math.round(f.ms));
      ui.view.dataset.workers = String(f.workers);
      ui.view.dataset.memory = String(f.memory);
      this.state("measured");
      this.onMeasured(r.method, f);
    } catch (e) {
      this.failed(mine, e);
    } finally {
      if (mine === this.run) this.working(false);
    }
  }

  private async check(): Promise<void> {
    const r = this.result;
    if (!r || this.busy || this.paused || r.layers === 0) return;
    const { ui } = this;
    const mine = ++this.run;
    const counts = cascade(r.layers);
    this.working(true);
    this.state("checking");
    ui.rows.replaceChildren();
    const onRow = (row: SanityRow) => {
      if (mine !== this.run) return;
      const figure = document.createElement("figure");
      const canvas = document.createElement("canvas");
      drawPicture(canvas, row.heatmap);
      const caption = document.createElement("figcaption");
      const correlation = row.correlation === null || row.correlation === undefined ? "–" : row.correlation.toFixed(2);
      caption.textContent = row.layers === 0 ? "the model · ρ = 1" : `top ${row.layers} of ${r.layers} layers random · ρ = ${correlation}`;
      figure.append(canvas, caption);
      ui.rows.append(figure);
      ui.status.textContent = `sanity check: ${ui.rows.childElementCount} / ${counts.length} maps`;
    };
    try {
      await this.measurer.sanity(counts, onRow);
      if (mine !== this.run) return;
      ui.status.textContent = `sanity check: ρ = Spearman rank correlation with the original map; a faithful method decorrelates`;
      this.state("checked");
    } catch (e) {
      this.failed(mine, e);
    } finally {
      if (mine === this.run) this.working(false);
    }
  }

  private failed(mine: number, e: unknown): void {
    if (mine !== this.run) return;
    // Cancelled: the explainer restarted under it (a backend change).
    const cancelled = e instanceof Cancelled;
    this.ui.status.textContent = cancelled ? "cancelled (the explainer restarted)" : `Could not measure: ${errorText(e)}`;
    this.state(cancelled ? "cancelled" : "failed");
  }

  private working(on: boolean): void {
    const { ui } = this;
    const idle = !on && !this.paused && this.result !== null;
    ui.cancel.disabled = !on;
    ui.measure.disabled = !idle;
    ui.sanity.disabled = !idle || this.result?.layers === 0;
  }

  private state(state: State): void {
    this.ui.view.dataset.state = state;
  }
}
