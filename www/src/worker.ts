// The worker: loads the wasm explainer and the model, and runs every
// computation off the page's thread. Requests run one at a time, in order.
// It holds the latest explanations for keep-top and faithfulness. On the
// CPU it leads a pool: its helpers (this same script, started by the page
// with a port to the lead: src/pool.ts) load the model from the lead and
// compute parts of its explanations and curves. The only module that
// imports the wasm package.

import init, { type Explanation, Explainer } from "../pkg/wam.js";
import type { CurveKind, SanityRow } from "./api";
import { HelperLink, serveHelper } from "./pool";
import { type Reply, type Request, transferables } from "./protocol";

/** Cache Storage name for the model files (bump when their layout changes). */
const CACHE = "wam-models-v1";

/** How many explanations are held for keep-top (older ones are freed). */
const HELD = 8;

let explainer: Explainer | null = null;
/** The wasm instance's memory (to report its size). */
let memory: WebAssembly.Memory | null = null;
/** The helpers that loaded the model (none on WebGPU). */
let helpers: HelperLink[] = [];
/** The latest explanations, by the id of the request that made them. */
const held = new Map<number, Explanation>();
let queue: Promise<void> = Promise.resolve();

/** Keeps `explanation` under `id`, freeing the oldest past HELD. */
function hold(id: number, explanation: Explanation): void {
  held.set(id, explanation);
  for (const [old, e] of held) {
    if (held.size <= HELD) break;
    e.free();
    held.delete(old);
  }
}

function post(reply: Reply): void {
  self.postMessage(reply, { transfer: transferables(reply) });
}

function message(e: unknown): string {
  if (e instanceof Error) return e.message;
  return typeof e === "string" ? e : String(e);
}

/** True for errors after which the wasm instance cannot be trusted (a trap: panic, out of memory). */
function isTrap(e: unknown): boolean {
  return e instanceof WebAssembly.RuntimeError || (e instanceof RangeError && /memory/i.test(e.message));
}

/** A short hash of `text`, to tell model versions apart in the cache. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16);
}

async function fetchOk(url: string, init?: RequestInit): Promise<Response> {
  const response = await fetch(url, init);
  if (!response.ok) throw new Error(`could not load ${url}: HTTP ${response.status}`);
  return response;
}

/**
 * `url` through the Cache Storage, keyed by `version` so that a new model
 * replaces the old one; a plain fetch where there is no Cache Storage.
 */
async function cached(url: string, version: string): Promise<Response> {
  let cache: Cache;
  try {
    cache = await caches.open(CACHE);
  } catch {
    return fetchOk(url);
  }
  const key = `${url}?v=${version}`;
  const hit = await cache.match(key);
  if (hit) return hit;
  const response = await fetchOk(url);
  try {
    for (const old of await cache.keys()) if (old.url.split("?")[0] === url) await cache.delete(old);
    await cache.put(key, response.clone());
  } catch {
    // A full or refused cache only costs a download next time.
  }
  return response;
}

/** The wasm memory of this worker and its helpers, in bytes. */
function poolMemory(): number {
  return (memory?.buffer.byteLength ?? 0) + helpers.reduce((sum, h) => sum + h.memory, 0);
}

/** The functions that hand jobs to the helpers (the wasm API's `helpers`). */
function helping(): ((job: Parameters<HelperLink["run"]>[0]) => Promise<Float32Array>)[] {
  return helpers.map((h) => h.run);
}

/**
 * Loads the model in the helpers behind `ports` (on the CPU; on WebGPU they
 * close): those that load it help from then on, the others are left out.
 */
async function startHelpers(ports: MessagePort[], manifest: string, weights: ArrayBuffer, labels: string): Promise<void> {
  const links = ports.map((port) => new HelperLink(port));
  if (explainer?.backend !== "cpu") {
    for (const link of links) link.close();
    return;
  }
  const loaded = await Promise.allSettled(links.map((link) => link.load(manifest, weights.slice(0), labels)));
  helpers = links.filter((_, i) => loaded[i].status === "fulfilled");
}

async function load(backend: string, modelUrl: string, ports: MessagePort[]): Promise<void> {
  const started = performance.now();
  memory = (await init()).memory;
  const manifest = await (await fetchOk(`${modelUrl}manifest.json`, { cache: "no-cache" })).text();
  const version = hash(manifest);
  const [weights, labels] = await Promise.all([
    cached(`${modelUrl}weights.safetensors`, version).then((r) => r.arrayBuffer()),
    cached(`${modelUrl}labels.txt`, version).then((r) => r.text()),
  ]);
  explainer = await Explainer.create(backend, manifest, new Uint8Array(weights), labels);
  await startHelpers(ports, manifest, weights, labels);
  post({
    type: "ready",
    backend: explainer.backend as "webgpu" | "cpu",
    reason: explainer.backendReason ?? null,
    note: explainer.backendNote ?? null,
    model: explainer.model,
    loadMs: performance.now() - started,
  });
}

async function handle(request: Exclude<Request, { type: "destroyDevice" | "help" }>): Promise<void> {
  if (request.type === "trap") throw new WebAssembly.RuntimeError("unreachable (a test hook asked for a trap)");
  if (request.type === "init") {
    try {
      await load(request.backend, request.modelUrl, request.helpers);
    } catch (e) {
      post({ type: "failed", message: message(e) });
    }
    return;
  }
  const { id } = request;
  try {
    if (!explainer) throw new Error("the model is not loaded");
    if (request.type === "explain") {
      const onProgress = (done: number, total: number) => {
        post({ type: "progress", id, done, total });
        return true;
      };
      const explanation = await explainer.explain(request.input, request.options, onProgress, request.display, helping());
      hold(id, explanation);
      post({ type: "result", id, result: { ...explanation.result, explanation: id, memory: poolMemory() } });
    } else {
      const explanation = held.get(request.explanation);
      if (!explanation) post({ type: "error", id, message: "this explainer does not hold that explanation", gone: true });
      else if (request.type === "keepTop") post({ type: "kept", id, result: await explanation.keepTop(request.fraction) });
      else if (request.type === "render") post({ type: "rendered", id, result: explanation.render(request.display) });
      else if (request.type === "colouredPly") post({ type: "ply", id, result: explanation.colouredPly(request.scale) });
      else if (request.type === "faithfulness") {
        const onCurve = (kind: CurveKind, points: Float32Array, total: number) => {
          post({ type: "curve", id, kind, points, total });
          return true;
        };
        const result = await explanation.faithfulness({ steps: request.steps }, onCurve, helping());
        post({ type: "measured", id, result: { ...result, memory: poolMemory() } });
      } else {
        const onRow = (row: SanityRow) => {
          post({ type: "randomised", id, row });
          return true;
        };
        const rows = await explanation.sanity(new Uint32Array(request.layers), onRow);
        post({ type: "checked", id, result: rows.length });
      }
    }
  } catch (e) {
    // After a trap the instance is broken: let the page restart this worker.
    if (isTrap(e)) throw e;
    // The wasm API names the error of a lost WebGPU device.
    post({ type: "error", id, message: message(e), ...(e instanceof Error && e.name === "DeviceLost" ? { lost: true } : {}) });
  }
}

/** Serves the lead behind `port` as one of its helpers. */
function help(port: MessagePort): void {
  const ready = init().then((output) => {
    memory = output.memory;
  });
  serveHelper(port, {
    load: async (manifest, weights, labels) => {
      await ready;
      explainer = await Explainer.create("cpu", manifest, weights, labels);
    },
    work: (job) => {
      if (!explainer) throw new Error("the helper has no model");
      return explainer.work(job);
    },
    memory: () => memory?.buffer.byteLength ?? 0,
    fatal: isTrap,
    close: () => self.close(),
  });
}

self.onmessage = (event: MessageEvent<Request>) => {
  const request = event.data;
  if (request.type === "help") {
    help(request.port);
    return;
  }
  // At once, not queued: the device can be lost in the middle of a request.
  if (request.type === "destroyDevice") {
    explainer?.destroyDevice();
    return;
  }
  queue = queue.then(() => handle(request)).catch((e: unknown) => {
    // An uncaught error reaches the page's `worker.onerror`, which restarts the worker.
    setTimeout(() => {
      throw e;
    });
  });
};
