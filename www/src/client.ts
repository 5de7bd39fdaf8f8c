// The page's side of the worker: promises for requests, progress callbacks,
// cancel (terminate the workers and start fresh ones; the model comes back
// from the Cache Storage), restart after a crash, and a restart on the CPU
// when the WebGPU device is lost. The worker leads a pool of helper workers
// (one per core, src/pool.ts), each joined to it by a MessagePort: the page
// starts and stops them all together.

import type { CurveKind, DisplayOptions, ExplainInput, ExplainOptions, Explained, KeepTopResult, Measured, Rendered, SanityRow } from "./api";
import { poolSize } from "./pool";
import type { Backend, Reply, Request, Update } from "./protocol";

/** What the worker says once the model is loaded (after a lost WebGPU device, `reason` and `note` say so). */
export type Ready = Extract<Reply, { type: "ready" }>;

/** The rejection of a keep-top whose explanation the worker no longer holds (it restarted since). */
export class Gone extends Error {
  constructor(message: string) {
    super(message);
    this.name = "Gone";
  }
}

/** The rejection of requests whose WebGPU device was lost: the client restarted on the CPU, ask again. */
export class DeviceLost extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DeviceLost";
  }
}

/** The rejection of requests dropped by a cancel or a backend change. */
export class Cancelled extends Error {
  constructor() {
    super("cancelled");
    this.name = "Cancelled";
  }
}

/** A copy of `input`'s arrays (with its other fields). */
function copyInput(input: ExplainInput): ExplainInput {
  switch (input.kind) {
    case "image":
      return { kind: "image", rgba: input.rgba.slice(), width: input.width, height: input.height };
    case "sound":
      return { kind: "sound", samples: input.samples.slice(), sampleRate: input.sampleRate, ...(input.start === undefined ? {} : { start: input.start }) };
    case "shape":
      return { kind: "shape", bytes: input.bytes.slice(), name: input.name, ...(input.upAxis === undefined ? {} : { upAxis: input.upAxis }) };
    case "tensor":
      return { kind: "tensor", data: input.data.slice(), shape: [...input.shape] };
  }
}

/** The buffer of `input`'s array (to transfer). */
function bufferOf(input: ExplainInput): ArrayBufferLike {
  switch (input.kind) {
    case "image":
      return input.rgba.buffer;
    case "sound":
      return input.samples.buffer;
    case "shape":
      return input.bytes.buffer;
    case "tensor":
      return input.data.buffer;
  }
}

interface Pending {
  resolve: (value: never) => void;
  reject: (error: Error) => void;
  onUpdate?: (update: Update) => void;
}

export interface ClientEvents {
  /** A (re)started worker has loaded the model. */
  onReady: (ready: Ready) => void;
  /** The worker died (a trap, out of memory) and was restarted. */
  onCrash: (message: string) => void;
}

/** A worker of this page's script (the lead, or a helper). */
function newWorker(): Worker {
  return new Worker(new URL("./worker.ts", import.meta.url), { type: "module" });
}

export class Client {
  /** The lead worker: every request goes to it. */
  private worker: Worker | null = null;
  /** Its helpers (they close themselves on WebGPU). */
  private helpers: Worker[] = [];
  private ready: Promise<Ready> = Promise.reject(new Error("not started"));
  private failed = false;
  private pending = new Map<number, Pending>();
  private nextId = 1;
  /** Why the client runs on the CPU after losing the WebGPU device, if it does. */
  private lostGpu: string | null = null;

  /** `workers`: the pool's size on the CPU (default: one per core, at most 4). */
  constructor(
    private backend: Backend,
    private readonly modelUrl: string,
    private readonly events: ClientEvents,
    private readonly workers = poolSize(navigator.hardwareConcurrency),
  ) {
    this.ready.catch(() => {});
  }

  /**
   * (Re)starts the worker on `backend` (default: the same one, after a lost
   * device too), dropping what is pending; resolves once the model is loaded.
   */
  start(backend?: Backend): Promise<Ready> {
    if (backend !== undefined) {
      this.backend = backend;
      this.lostGpu = null;
    }
    this.stop(new Cancelled());
    const worker = newWorker();
    this.worker = worker;
    // WebGPU is one device: no helpers for it ("auto" may end on the CPU).
    const helpers = this.backend === "webgpu" ? 0 : this.workers - 1;
    const channels = Array.from({ length: helpers }, () => new MessageChannel());
    this.helpers = channels.map((channel) => {
      const helper = newWorker();
      helper.postMessage({ type: "help", port: channel.port2 } satisfies Request, [channel.port2]);
      return helper;
    });
    this.failed = false;
    let loaded = false;
    this.ready = new Promise<Ready>((resolve, reject) => {
      worker.onmessage = (e: MessageEvent<Reply>) => {
        const reply = e.data;
        if (reply.type === "ready") {
          loaded = true;
          const ready = this.lostGpu === null ? reply : { ...reply, reason: "WebGPU was lost", note: this.lostGpu };
          resolve(ready);
          this.events.onReady(ready);
        } else if (reply.type === "failed") {
          this.failed = true;
          reject(new Error(`could not load the model: ${reply.message}`));
        } else {
          this.settle(reply);
        }
      };
      // A helper's death is the pool's: the lead may be waiting on it.
      for (const w of [worker, ...this.helpers])
        w.onerror = (e: ErrorEvent) => {
          e.preventDefault();
          const why = e.message || "the worker stopped";
          if (loaded) {
            this.crashed(worker, why);
          } else {
            // Dying while loading would die again: wait for the next request to retry.
            this.failed = true;
            this.stop(new Cancelled());
            reject(new Error(`could not start the explainer: ${why}`));
          }
        };
    });
    this.ready.catch(() => {});
    const ports = channels.map((channel) => channel.port1);
    const init: Request = { type: "init", backend: this.backend, modelUrl: this.modelUrl, helpers: ports };
    worker.postMessage(init, ports);
    return this.ready;
  }

  /** A test hook: makes the worker fail as a trap would. */
  trap(): void {
    this.worker?.postMessage({ type: "trap" } satisfies Request);
  }

  /** A test hook: makes the worker destroy its WebGPU device, as a GPU reset would. */
  destroyDevice(): void {
    this.worker?.postMessage({ type: "destroyDevice" } satisfies Request);
  }

  /** Drops every pending request and restarts the worker. */
  cancel(): Promise<Ready> {
    return this.start();
  }

  /** Explains `input`, its pictures drawn as `display` says; `onProgress(done, total)` follows the samples. */
  explain(input: ExplainInput, options: ExplainOptions, display: DisplayOptions, onProgress?: (done: number, total: number) => void): Promise<Explained> {
    // A copy goes to the worker (transferred), the page keeps its own.
    const copy = copyInput(input);
    const onUpdate = (u: Update) => u.type === "progress" && onProgress?.(u.done, u.total);
    return this.request((id) => ({ type: "explain", id, input: copy, options, display }), [bufferOf(copy) as ArrayBuffer], onUpdate);
  }

  /** The pictures of the result `explanation` (its key) drawn again as `display` says, without explaining again. */
  render(explanation: number, display: DisplayOptions): Promise<Rendered> {
    return this.request((id) => ({ type: "render", id, explanation, display }), []);
  }

  /** The insertion and deletion curves of the result `explanation` (its key), K = `steps`; `onCurve` gets each curve so far. */
  faithfulness(explanation: number, steps: number, onCurve?: (kind: CurveKind, points: Float32Array, total: number) => void): Promise<Measured> {
    const onUpdate = (u: Update) => u.type === "curve" && onCurve?.(u.kind, u.points, u.total);
    return this.request((id) => ({ type: "faithfulness", id, explanation, steps }), [], onUpdate);
  }

  /** The sanity check of the result `explanation` (its key) at each count of `layers` re-initialised; `onRow` gets each row as it comes. */
  async sanity(explanation: number, layers: number[], onRow?: (row: SanityRow) => void): Promise<SanityRow[]> {
    const rows: SanityRow[] = [];
    const onUpdate = (u: Update) => {
      if (u.type !== "randomised") return;
      rows.push(u.row);
      onRow?.(u.row);
    };
    await this.request<number>((id) => ({ type: "sanity", id, explanation, layers }), [], onUpdate);
    return rows;
  }

  /** Rebuilds the input of the result `explanation` (its key) from its top `fraction` of features. */
  keepTop(explanation: number, fraction: number): Promise<KeepTopResult> {
    return this.request((id) => ({ type: "keepTop", id, explanation, fraction }), []);
  }

  /** Shapes: the mesh of the result `explanation` (its key) as a PLY, coloured by the scale `scale` (finest first) or the sum (null). */
  colouredPly(explanation: number, scale: number | null): Promise<Uint8Array> {
    return this.request((id) => ({ type: "colouredPly", id, explanation, scale }), []);
  }

  private async request<T>(make: (id: number) => Request, transfer: Transferable[], onUpdate?: Pending["onUpdate"]): Promise<T> {
    if (this.failed) this.start();
    const worker = this.worker;
    await this.ready;
    if (worker !== this.worker || !worker) throw new Cancelled();
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: never) => void, reject, onUpdate });
      worker.postMessage(make(id), transfer);
    });
  }

  private settle(reply: Exclude<Reply, { type: "ready" | "failed" }>): void {
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    if (reply.type === "progress" || reply.type === "curve" || reply.type === "randomised") {
      pending.onUpdate?.(reply);
      return;
    }
    this.pending.delete(reply.id);
    if (reply.type !== "error") pending.resolve(reply.result as never);
    else if (reply.lost) {
      pending.reject(new DeviceLost(reply.message));
      this.fallBack(reply.message);
    } else pending.reject(reply.gone ? new Gone(reply.message) : new Error(reply.message));
  }

  private crashed(worker: Worker, why: string): void {
    if (worker !== this.worker) return;
    const message = /unreachable|memory/i.test(why)
      ? `the computation ran out of memory or hit an internal error (${why})`
      : `the computation stopped unexpectedly (${why})`;
    this.stop(new Error(`${message}; the explainer was restarted, try again (fewer samples or levels use less memory)`));
    this.events.onCrash(message);
    this.start();
  }

  /**
   * The WebGPU device was lost (`why`): nothing more runs on it, restart on
   * the CPU. Every request still pending was bound for that device: each is
   * rejected with `DeviceLost` too, so that it is asked again.
   */
  private fallBack(why: string): void {
    this.stop(new DeviceLost(why));
    this.start("cpu");
    this.lostGpu = `${why.charAt(0).toUpperCase()}${why.slice(1)}: computing on the CPU`;
  }

  private stop(reason: Error): void {
    this.worker?.terminate();
    this.worker = null;
    for (const helper of this.helpers) helper.terminate();
    this.helpers = [];
    for (const pending of this.pending.values()) pending.reject(reason);
    this.pending.clear();
  }
}
