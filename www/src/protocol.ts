// The messages between the page (src/client.ts) and the worker (src/worker.ts).

import type { CurveKind, DisplayOptions, ExplainInput, ExplainOptions, Explained, KeepTopResult, Measured, Rendered, SanityRow } from "./api";

/** The backend asked for; the worker reports the one it got. */
export type Backend = "auto" | "webgpu" | "cpu";

/** Page → worker. */
export type Request =
  /** Load the model from `modelUrl` (a folder URL ending in '/') on `backend`; lead the helpers behind `helpers` (src/pool.ts). */
  | { type: "init"; backend: Backend; modelUrl: string; helpers: MessagePort[] }
  /** Be a helper of the lead behind `port` (src/pool.ts). */
  | { type: "help"; port: MessagePort }
  | { type: "explain"; id: number; input: ExplainInput; options: ExplainOptions; display: DisplayOptions }
  /** The pictures of the explanation `explanation` drawn again as `display` says (nothing recomputed). */
  | { type: "render"; id: number; explanation: number; display: DisplayOptions }
  /** Rebuild the input of the explanation `explanation` (a result's key) from its top `fraction`. */
  | { type: "keepTop"; id: number; explanation: number; fraction: number }
  /** The insertion and deletion curves of the explanation `explanation`, K = `steps`. */
  | { type: "faithfulness"; id: number; explanation: number; steps: number }
  /** The explanation `explanation` made again with the model's top `layers[i]` layers re-initialised. */
  | { type: "sanity"; id: number; explanation: number; layers: number[] }
  /** Shapes: the mesh of the explanation `explanation` as a PLY, coloured by one scale's map (`scale`, finest first) or the sum (null). */
  | { type: "colouredPly"; id: number; explanation: number; scale: number | null }
  /** A test hook: fail as a WebAssembly trap would (the page must restart the worker). */
  | { type: "trap" }
  /** A test hook: destroy the WebGPU device at once, as a GPU reset would (the page must fall back to the CPU). */
  | { type: "destroyDevice" };

/** Worker → page. */
export type Reply =
  /** `reason`: why the CPU, in a few words (the badge); `note`: the same in a sentence (the notice). */
  | { type: "ready"; backend: "webgpu" | "cpu"; reason: string | null; note: string | null; model: string; loadMs: number }
  /** Loading the model failed: the worker cannot be used. */
  | { type: "failed"; message: string }
  | { type: "progress"; id: number; done: number; total: number }
  | { type: "result"; id: number; result: Explained }
  | { type: "kept"; id: number; result: KeepTopResult }
  | { type: "rendered"; id: number; result: Rendered }
  | { type: "ply"; id: number; result: Uint8Array }
  /** A faithfulness curve so far (after each batch of steps). */
  | { type: "curve"; id: number; kind: CurveKind; points: Float32Array; total: number }
  | { type: "measured"; id: number; result: Measured }
  /** One randomised explanation of a sanity check (its rows come one by one)… */
  | { type: "randomised"; id: number; row: SanityRow }
  /** …and how many there were, once all came. */
  | { type: "checked"; id: number; result: number }
  /**
   * `gone`: the explanation a keep-top named is not held (the worker restarted since);
   * `lost`: the WebGPU device was lost, nothing more runs on it.
   */
  | { type: "error"; id: number; message: string; gone?: true; lost?: true };

/** The replies that report a request's progress (zero or more before its answer). */
export type Update = Extract<Reply, { type: "progress" | "curve" | "randomised" }>;

/** The buffers of a result's typed arrays, to transfer rather than copy. */
export function transferables(value: unknown, found: Set<ArrayBuffer> = new Set()): ArrayBuffer[] {
  if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer) found.add(value.buffer);
  } else if (Array.isArray(value)) {
    for (const item of value) transferables(item, found);
  } else if (value !== null && typeof value === "object") {
    for (const item of Object.values(value)) transferables(item, found);
  }
  return [...found];
}
