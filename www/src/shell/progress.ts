// The progress bar and its line of text under the controls.

import { duration } from "../views/format";

export class Progress {
  constructor(
    private readonly bar: HTMLProgressElement,
    private readonly text: HTMLElement,
  ) {}

  /** `done` of `total` samples. */
  draw(done: number, total: number): void {
    this.bar.max = total;
    this.bar.value = done;
    this.text.textContent = total > 1 ? `${done} / ${total} samples` : done >= total ? "done" : "";
  }

  /** A run waiting for the model to load. */
  loading(): void {
    this.bar.removeAttribute("value");
    this.text.textContent = "loading the model…";
  }

  /** A run with no samples to count. */
  unknown(): void {
    this.bar.removeAttribute("value");
    this.text.textContent = "working…";
  }

  /** A run that took `ms` in all. */
  done(ms: number): void {
    this.draw(1, 1);
    this.text.textContent = `done in ${duration(ms)}`;
  }

  cancelled(): void {
    this.bar.value = 0;
    this.text.textContent = "cancelled";
  }

  /** A run that failed: the failure says it all. */
  failed(): void {
    this.text.textContent = "";
  }
}
