// The worker pool on the CPU: the worker that explains (the lead) and its
// helper workers, each with its own wasm instance and copy of the model.
// The lead's engine splits each round of samples (or of faithfulness
// inputs) into parts and hands the helpers theirs as jobs (src/split.rs);
// here is how the jobs travel: over a MessagePort from the lead to each
// helper, each answered once. No memory is shared.

import type { HelperJob } from "../pkg/wam.js";

/** The most workers the page starts (each holds a copy of the model). */
export const MAX_WORKERS = 4;

/** How many workers compute on the CPU: one per core (`navigator.hardwareConcurrency`), at most MAX_WORKERS. */
export function poolSize(cores: number | undefined): number {
  const n = Math.floor(cores ?? 1);
  return Number.isFinite(n) ? Math.max(1, Math.min(MAX_WORKERS, n)) : 1;
}

/** Lead → helper. */
export type ToHelper =
  /** Load the model (on the CPU): its manifest, weights (a copy, transferred) and labels. */
  | { type: "load"; manifest: string; weights: ArrayBuffer; labels: string }
  | { type: "job"; seq: number; job: HelperJob }
  /** The lead runs on WebGPU (one device): no helper is needed. */
  | { type: "close" };

/** Helper → lead. `memory`: the helper's wasm memory in bytes. */
export type FromHelper =
  | { type: "loaded"; memory: number }
  | { type: "failed"; message: string }
  | { type: "done"; seq: number; values: Float32Array; memory: number }
  | { type: "error"; seq: number; message: string };

interface Waiting {
  resolve: (values: Float32Array) => void;
  reject: (error: Error) => void;
}

/** The lead's side of one helper: loads the model there, hands it jobs, resolves each with its answer. */
export class HelperLink {
  private seq = 0;
  private readonly waiting = new Map<number, Waiting>();
  private loading: { resolve: () => void; reject: (error: Error) => void } | null = null;
  /** The helper's wasm memory in bytes, as it last said. */
  memory = 0;

  constructor(private readonly port: MessagePort) {
    port.onmessage = (e: MessageEvent<FromHelper>) => this.answer(e.data);
  }

  /** Loads the model in the helper; resolves once it is ready. */
  load(manifest: string, weights: ArrayBuffer, labels: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.loading = { resolve, reject };
      this.send({ type: "load", manifest, weights, labels }, [weights]);
    });
  }

  /** Hands `job` to the helper (its array transferred): the function the wasm API takes. */
  readonly run = (job: HelperJob): Promise<Float32Array> =>
    new Promise((resolve, reject) => {
      const seq = this.seq++;
      this.waiting.set(seq, { resolve, reject });
      this.send({ type: "job", seq, job }, [job.data.buffer as ArrayBuffer]);
    });

  /** Tells the helper it is not needed. */
  close(): void {
    this.send({ type: "close" }, []);
  }

  private send(message: ToHelper, transfer: Transferable[]): void {
    this.port.postMessage(message, transfer);
  }

  private answer(reply: FromHelper): void {
    if (reply.type === "loaded" || reply.type === "failed") {
      const loading = this.loading;
      this.loading = null;
      if (reply.type === "loaded") {
        this.memory = reply.memory;
        loading?.resolve();
      } else loading?.reject(new Error(reply.message));
      return;
    }
    const waiting = this.waiting.get(reply.seq);
    if (!waiting) return;
    this.waiting.delete(reply.seq);
    if (reply.type === "done") {
      this.memory = reply.memory;
      waiting.resolve(reply.values);
    } else waiting.reject(new Error(reply.message));
  }
}

/**
 * The helper's side: answers the lead's messages on `port` with `work`
 * (loading the model with `load` first), one job at a time, in order.
 * An error that `fatal` says broke the instance (a trap) is thrown
 * out of the worker, for the page to restart the pool.
 */
export function serveHelper(
  port: MessagePort,
  handlers: {
    load: (manifest: string, weights: Uint8Array, labels: string) => Promise<void>;
    work: (job: HelperJob) => Promise<Float32Array>;
    memory: () => number;
    fatal: (e: unknown) => boolean;
    close: () => void;
  },
): void {
  let queue: Promise<void> = Promise.resolve();
  const reply = (message: FromHelper, transfer: Transferable[] = []) => port.postMessage(message, transfer);
  const text = (e: unknown) => (e instanceof Error ? e.message : String(e));
  const handle = async (message: ToHelper): Promise<void> => {
    try {
      if (message.type === "load") {
        await handlers.load(message.manifest, new Uint8Array(message.weights), message.labels);
        reply({ type: "loaded", memory: handlers.memory() });
      } else if (message.type === "job") {
        const values = await handlers.work(message.job);
        reply({ type: "done", seq: message.seq, values, memory: handlers.memory() }, [values.buffer as ArrayBuffer]);
      } else handlers.close();
    } catch (e) {
      if (handlers.fatal(e)) throw e;
      const seq = message.type === "job" ? message.seq : null;
      reply(seq === null ? { type: "failed", message: text(e) } : { type: "error", seq, message: text(e) });
    }
  };
  port.onmessage = (e: MessageEvent<ToHelper>) => {
    queue = queue.then(() => handle(e.data)).catch((e: unknown) => {
      setTimeout(() => {
        throw e;
      });
    });
  };
}
