// What a modality (image, sound) gives the shell, and what the
// shell lends it. The shell knows a modality only through these types.

import type { ExplainInput, Explained, FaithfulnessResult, KeepTopResult } from "../api";
import type { Settings, SettingsMeta } from "./settings";

/** An input ready for the explainer, its name (a file's) and the gallery file it came from (null: one of the user's). */
export type Input = ExplainInput & { name: string; sample: string | null };

/** A modality's meta: its label, model, gallery and default settings. */
export interface Meta extends SettingsMeta {
  /** Its name for people, e.g. "image". */
  label: string;
  /** The folder of its model, relative to the page. */
  model: string;
  /** The folder of its bundled samples, relative to the page; `gallery.json` in it lists them. */
  gallery: string;
}

/** What the shell lends a modality's sources and views. */
export interface Shell {
  /** The page's settings (a modality may change its own, then call `syncUrl`). */
  readonly settings: Settings;
  /** The input taken last, if any. */
  readonly input: Input | null;
  /** The result shown, if any. */
  readonly result: Explained | null;
  /** Writes the settings into the URL. */
  syncUrl(): void;
  /**
   * Takes an input that is on its way (decoding): call it synchronously the
   * moment the user gives one; only the latest input is taken.
   */
  take(pending: Promise<Input>): void;
  /** Shows a failure and counts it. */
  fail(message: string): void;
  /** Asks again for the input rebuilt from its top `settings.keep` %, after `delay` ms. */
  keepTop(delay?: number): void;
  /** Shapes: the mesh of the result shown as a PLY, coloured by the scale `scale` (finest first) or the sum (null). */
  colouredPly(scale: number | null): Promise<Uint8Array>;
}

/** A modality's input sources, listening from the moment they are made. */
export interface Sources {
  /** Loads the bundled sample `file`. */
  sample(file: string): Promise<Input>;
  /** Marks `sample` as the input shown (null: one of the user's). */
  chosen(sample: string | null): void;
}

/** A modality's views of a result. */
export interface Views {
  /** Draws every view of `r`. */
  show(r: Explained): void;
  /** A new input was taken: the results of the previous one are forgotten. */
  reset(): void;
  /** Keep-top: whether a request is under way, */
  keepBusy(on: boolean): void;
  /** its answer, */
  kept(k: KeepTopResult): void;
  /** or why it failed. */
  keepFailed(message: string): void;
  /** The faithfulness curves of the latest result of `method` are in (e.g. for the comparison grid). */
  measured?(method: string, f: FaithfulnessResult): void;
}

/** A modality: its meta, its input sources and its views. */
export interface Modality {
  meta: Meta;
  /** Starts the sources (file picker, drop, …), which hand every input to `shell.take`. */
  sources(shell: Shell): Sources;
  /** Makes the views, which draw each result. */
  views(shell: Shell): Views;
}
