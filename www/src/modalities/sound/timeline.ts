// The classes heard over the clip (a result's timeline): one row per
// class, one column per window, darker where it scores higher, each row
// labelled; the cell under the pointer is read out.

import type { ExplainResult } from "../../api";
import { prepare } from "../../views/draw";
import { percent } from "../../views/format";

/** The classes heard most over a clip, window by window. */
export type Timeline = NonNullable<ExplainResult["timeline"]>;

/** Width of the labels' column and height of a row, in pixels. */
const LABEL_WIDTH = 220;
const ROW = 22;

/** The class row and window column at (x, y) of a canvas drawn by `drawTimeline` `width` pixels wide, if any. */
export function cellAt(timeline: Timeline, x: number, y: number, width: number): { row: number; column: number } | null {
  const row = Math.floor(y / ROW);
  const columns = timeline.windows.length;
  const column = Math.floor(((x - LABEL_WIDTH) * columns) / (width - LABEL_WIDTH));
  return row >= 0 && row < timeline.classes.length && column >= 0 && column < columns ? { row, column } : null;
}

/** What the cell (row, column) says: "Speech · 0.49–1.46 s · 97.1 %". */
export function describeCell(timeline: Timeline, row: number, column: number): string {
  const { start, seconds } = timeline.windows[column];
  const c = timeline.classes[row];
  return `${c.label} · ${start.toFixed(2)}–${(start + seconds).toFixed(2)} s · ${percent(c.scores[column])}`;
}

/** Draws `timeline` across `canvas` (`width` pixels wide): a label, then a cell per window, its shade the score (0 to 1). */
export function drawTimeline(canvas: HTMLCanvasElement, timeline: Timeline, width = 900): void {
  const ctx = prepare(canvas, width, timeline.classes.length * ROW);
  const columns = timeline.windows.length;
  const cell = (width - LABEL_WIDTH) / columns;
  ctx.font = "600 12px system-ui, sans-serif";
  ctx.textBaseline = "middle";
  timeline.classes.forEach((c, row) => {
    ctx.fillStyle = "#222";
    ctx.fillText(c.label, 4, row * ROW + ROW / 2, LABEL_WIDTH - 8);
    c.scores.forEach((score, column) => {
      ctx.fillStyle = `rgba(30, 70, 160, ${Math.max(0, Math.min(1, score))})`;
      ctx.fillRect(LABEL_WIDTH + column * cell, row * ROW + 1, Math.max(1, cell - (cell > 4 ? 1 : 0)), ROW - 2);
    });
  });
}
