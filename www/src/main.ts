// The page: wires the controls, the inputs, the worker client and the views.
// State for tests lives on <body>: data-state ("loading" | "working" |
// "done" | "error"; a new input or run moves it to "working" at once),
// data-results (how many results were drawn), data-errors (how many failures
// were shown), data-kept (the data-results value that the keep-top view
// belongs to) and, after each result, data-backend, data-explain-ms,
// data-method and data-top1. Counters only grow, so a test that notes them
// before acting can never mistake an old state for the new one.

import type { ExplainOptions, ExplainResult, Prediction } from "./api";
import { Cancelled, Client, type Ready } from "./client";
import { backendName, duration, percent, stages } from "./format";
import { type RgbaImage, listenForFiles, loadGallery, loadSample, webcam } from "./input";
import type { Backend } from "./protocol";
import { DEFAULTS, METHODS, type Method, type Settings, isSampledMethod, isWaveletMethod, readSettings, writeSettings } from "./settings";
import { attachReadout, drawMosaic } from "./views/bands";
import { type Compared, drawCompare } from "./views/compare";
import { clear, downloadPng } from "./views/draw";
import { drawKeep } from "./views/keep";
import { drawOverlay } from "./views/overlay";
import { drawTop5 } from "./views/predictions";
import { drawScales } from "./views/scales";

const byId = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`the page has no #${id}`);
  return el as T;
};

const ui = {
  method: byId<HTMLSelectElement>("method"),
  wavelet: byId<HTMLSelectElement>("wavelet"),
  levels: byId<HTMLInputElement>("levels"),
  samples: byId<HTMLInputElement>("samples"),
  backend: byId<HTMLSelectElement>("backend"),
  explain: byId<HTMLButtonElement>("explain"),
  progress: byId<HTMLProgressElement>("progress"),
  progressText: byId("progress-text"),
  cancel: byId<HTMLButtonElement>("cancel"),
  badge: byId("backend-badge"),
  notice: byId("notice"),
  error: byId("error"),
  overlay: byId<HTMLCanvasElement>("overlay-canvas"),
  overlayCaption: byId("overlay-caption"),
  opacity: byId<HTMLInputElement>("opacity"),
  top5: byId("top5"),
  keep: byId<HTMLInputElement>("keep"),
  keepValue: byId("keep-value"),
  keepCanvas: byId<HTMLCanvasElement>("keep-canvas"),
  keepLabel: byId("keep-label"),
  keepView: byId("keep-view"),
  mosaic: byId<HTMLCanvasElement>("mosaic-canvas"),
  mosaicView: byId("mosaic-view"),
  mosaicReadout: byId("mosaic-readout"),
  decomposition: byId<HTMLCanvasElement>("decomposition-canvas"),
  decompositionReadout: byId("decomposition-readout"),
  scales: byId<HTMLCanvasElement>("scales-canvas"),
  scalesView: byId("scales-view"),
  compare: byId("compare"),
  gallery: byId("gallery"),
  credits: byId("credits"),
  fileInput: byId<HTMLInputElement>("file-input"),
  webcam: byId("webcam"),
  webcamVideo: byId<HTMLVideoElement>("webcam-video"),
};

const FALLBACK_WAVELETS = ["haar", "db2", "db4", "sym4", "coif1"];

const settings: Settings = readSettings(location.search);
let image: RgbaImage | null = null;
let result: ExplainResult | null = null;
let loadMs: number | undefined;
/** The latest result of each method on the current image. */
const compared = new Map<string, Compared>();
/** Bumped by every explain and cancel: replies of older runs are dropped. */
let run = 0;
let working = false;

const body = document.body;
type State = "loading" | "working" | "done" | "error";
const setState = (state: State) => (body.dataset.state = state);
/** Adds one to the counter `data-{name}`. */
const bump = (name: "results" | "errors") => (body.dataset[name] = String(Number(body.dataset[name] ?? 0) + 1));

function showError(message: string | null): void {
  ui.error.textContent = message ?? "";
  ui.error.hidden = message === null;
}

function showNotice(message: string | null): void {
  ui.notice.textContent = message ?? "";
  ui.notice.hidden = message === null;
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Shows a failure and counts it; the state becomes `state` (a run still in flight keeps "working"). */
function fail(message: string, state: State = working ? "working" : "error"): void {
  showError(message);
  bump("errors");
  setState(state);
}

/** Writes the settings into the URL, so that the link reproduces the view. */
function syncUrl(): void {
  history.replaceState(null, "", writeSettings(settings) + location.hash);
}

// ---- the worker

const client = new Client(settings.backend, new URL("models/efficientnet-lite0/", location.href).href, {
  onReady: (ready: Ready) => {
    loadMs = ready.loadMs;
    body.dataset.backend = ready.backend;
    fillWavelets(ready.wavelets);
    showNotice(ready.note);
    drawBadge();
  },
  onCrash: (message) => fail(`${message}; the explainer was restarted.`, "error"),
});

function drawBadge(): void {
  const backend = result?.backend ?? body.dataset.backend;
  const t = result?.timings;
  const times = stages({ load: loadMs, preprocess: t?.preprocessMs, explain: t?.explainMs, render: t?.renderMs });
  ui.badge.textContent = backend ? `${backendName(backend)}${times ? ` · ${times}` : ""}` : "loading the model…";
  ui.badge.dataset.backend = backend ?? "";
}

function startWorker(): void {
  setState("loading");
  drawBadge();
  client.start(settings.backend).catch((e: unknown) => {
    if (e instanceof Cancelled) return;
    fail(errorText(e), "error");
  });
}

// ---- explaining

function setWorking(on: boolean): void {
  working = on;
  ui.cancel.disabled = !on;
  ui.explain.textContent = on ? "Explain again" : "Explain";
  body.classList.toggle("working", on);
}

function drawProgress(done: number, total: number): void {
  ui.progress.max = total;
  ui.progress.value = done;
  ui.progressText.textContent = total > 1 ? `${done} / ${total} samples` : done >= total ? "done" : "";
}

function options(): ExplainOptions {
  return {
    method: settings.method,
    wavelet: settings.wavelet,
    levels: settings.levels,
    samples: settings.samples,
    ...(settings.target === null ? {} : { target: settings.target }),
  };
}

/** Explains the current image with the current settings; a run in progress is cancelled. */
async function explain(): Promise<void> {
  if (!image) return;
  const mine = ++run;
  if (working) client.cancel().catch(() => {});
  setWorking(true);
  setState("working");
  showError(null);
  ui.explain.classList.remove("stale");
  if (isSampledMethod(settings.method)) drawProgress(0, settings.samples);
  else {
    ui.progress.removeAttribute("value");
    ui.progressText.textContent = "working…";
  }
  try {
    const r = await client.explain(image, options(), (done, total) => {
      if (mine === run) drawProgress(done, total);
    });
    if (mine !== run) return;
    show(r);
    setState("done");
  } catch (e) {
    if (mine !== run) return;
    // A Cancelled here was not the user's: the worker restarted under this run.
    ui.progressText.textContent = "";
    fail(e instanceof Cancelled ? "The explanation was interrupted (the explainer restarted): press Explain to try again." : `Could not explain: ${errorText(e)}`, "error");
  } finally {
    if (mine === run) setWorking(false);
  }
}

function cancel(): void {
  run++;
  setWorking(false);
  ui.progress.value = 0;
  ui.progressText.textContent = "cancelled";
  if (result) setState("done");
  else fail("Cancelled: press Explain to start again.", "error");
  client.cancel().catch(() => {});
}

/** Draws every view of `r`. */
function show(r: ExplainResult): void {
  result = r;
  const wavelet = isWaveletMethod(r.method);
  drawOverlay(ui.overlay, r.input, r.heat, settings.opacity);
  ui.overlayCaption.textContent = `${r.method} · ${r.target.label} (class ${r.target.class}, ${percent(r.target.probability)})`;
  drawTop5(ui.top5, r.top5, r.target.class, pick);
  drawMosaic(ui.decomposition, r.decomposition);
  if (r.mosaic) drawMosaic(ui.mosaic, r.mosaic);
  else clear(ui.mosaic);
  if (r.scales) drawScales(ui.scales, r.scales);
  else clear(ui.scales);
  const why = wavelet ? null : `${r.method} attributes pixels, not wavelet coefficients: choose wam, wam-sg or wam-ig to see this view.`;
  for (const view of [ui.mosaicView, ui.scalesView, ui.keepView]) {
    view.classList.toggle("disabled", !wavelet);
    const note = view.querySelector<HTMLElement>(".why");
    if (note) {
      note.textContent = why ?? "";
      note.hidden = why === null;
    }
  }
  ui.keep.disabled = !wavelet;
  delete body.dataset.kept;
  if (wavelet) {
    ui.keepLabel.textContent = "re-classifying…";
    scheduleKeep(0);
  } else {
    clear(ui.keepCanvas);
    ui.keepLabel.textContent = `Keep-top needs a wavelet method (wam, wam-sg or wam-ig); ${r.method} works on pixels.`;
  }
  compared.set(r.method, { input: r.input, heat: r.heat, target: r.target });
  drawCompare(ui.compare, compared, METHODS, settings.opacity);
  drawProgress(1, 1);
  ui.progressText.textContent = `done in ${duration(r.timings.totalMs)}`;
  Object.assign(body.dataset, {
    backend: r.backend,
    explainMs: String(Math.round(r.timings.explainMs)),
    method: r.method,
    top1: r.top5[0]?.label ?? "",
  });
  bump("results");
  drawBadge();
}

/** A click in the top-5 list: explain that class. */
function pick(p: Prediction): void {
  settings.target = p.class;
  syncUrl();
  void explain();
}

// ---- keep the top q %

let keepTimer: number | undefined;
let keepRun = 0;

function scheduleKeep(delay = 200): void {
  clearTimeout(keepTimer);
  keepTimer = window.setTimeout(keepTop, delay);
}

/** Asks for the rebuilt input at the slider's value; only the latest answer is drawn. */
async function keepTop(): Promise<void> {
  if (!result || !isWaveletMethod(result.method) || working) return;
  const mine = ++keepRun;
  const explained = run;
  ui.keepView.classList.add("busy");
  try {
    const k = await client.keepTop(settings.keep / 100);
    if (mine === keepRun && explained === run) {
      drawKeep(ui.keepCanvas, ui.keepLabel, k);
      body.dataset.kept = body.dataset.results;
    }
  } catch (e) {
    if (mine === keepRun && !(e instanceof Cancelled)) ui.keepLabel.textContent = `Could not rebuild the image: ${errorText(e)}`;
  } finally {
    if (mine === keepRun) ui.keepView.classList.remove("busy");
  }
}

// ---- images

function takeImage(next: RgbaImage): void {
  image = next;
  settings.sample = next.sample;
  settings.target = null;
  compared.clear();
  syncUrl();
  for (const item of ui.gallery.querySelectorAll<HTMLElement>("[data-file]")) {
    item.classList.toggle("chosen", item.dataset.file === next.sample);
  }
  void explain();
}

/** Bumped by every input given: only the latest one is taken. */
let inputs = 0;

/**
 * A new input is on its way (decoding): the page leaves its old state now,
 * before any await, and takes the image once it arrives, unless a newer
 * input came meanwhile.
 */
function takeInput(pending: Promise<RgbaImage>): void {
  const mine = ++inputs;
  showError(null);
  setState("working");
  pending.then(
    (next) => mine === inputs && takeImage(next),
    (e: unknown) => mine === inputs && fail(errorText(e)),
  );
}

function openSample(file: string): void {
  takeInput(loadSample("samples/", file));
}

async function buildGallery(): Promise<void> {
  try {
    const entries = await loadGallery("samples/gallery.json");
    ui.gallery.replaceChildren(
      ...entries.map((entry) => {
        const item = document.createElement("li");
        const button = document.createElement("button");
        button.type = "button";
        button.dataset.file = entry.file;
        button.title = `${entry.title} — ${entry.credit}`;
        const img = document.createElement("img");
        img.src = `samples/${encodeURIComponent(entry.file)}`;
        img.alt = entry.title;
        img.loading = "lazy";
        const title = document.createElement("span");
        title.className = "title";
        title.textContent = entry.title;
        const credit = document.createElement("span");
        credit.className = "credit";
        credit.textContent = entry.credit;
        button.append(img, title, credit);
        button.classList.toggle("chosen", entry.file === settings.sample);
        button.addEventListener("click", () => openSample(entry.file));
        item.append(button);
        return item;
      }),
    );
    ui.credits.textContent = `Samples: ${entries.map((e) => `${e.title} — ${e.credit}`).join("; ")}.`;
  } catch (e) {
    ui.credits.textContent = errorText(e);
  }
}

// ---- controls

/** Fills the wavelet menu; a wavelet not in `names` falls back to the default. */
function fillWavelets(names: string[]): void {
  if (!names.includes(settings.wavelet)) {
    settings.wavelet = DEFAULTS.wavelet;
    syncUrl();
  }
  ui.wavelet.replaceChildren(...names.map((name) => new Option(name, name, false, name === settings.wavelet)));
}

function fillControls(): void {
  ui.method.value = settings.method;
  // Until the worker lists its wavelets: a short list with the URL's choice (readSettings checked its name).
  fillWavelets(FALLBACK_WAVELETS.includes(settings.wavelet) ? FALLBACK_WAVELETS : [...FALLBACK_WAVELETS, settings.wavelet]);
  ui.levels.value = String(settings.levels);
  ui.samples.value = String(settings.samples);
  ui.backend.value = settings.backend;
  ui.opacity.value = String(settings.opacity);
  ui.keep.value = String(settings.keep);
  ui.keepValue.textContent = String(settings.keep);
  ui.samples.disabled = !isSampledMethod(settings.method);
}

/** An integer input's value within its min..max, or `fallback`. */
function clampInput(input: HTMLInputElement, fallback: number): number {
  const n = Math.round(Number(input.value));
  const value = Number.isFinite(n) && input.value !== "" ? Math.min(Number(input.max), Math.max(Number(input.min), n)) : fallback;
  input.value = String(value);
  return value;
}

function settingChanged(): void {
  syncUrl();
  if (result) ui.explain.classList.add("stale");
}

ui.method.addEventListener("change", () => {
  settings.method = ui.method.value as Method;
  ui.samples.disabled = !isSampledMethod(settings.method);
  settingChanged();
});
ui.wavelet.addEventListener("change", () => {
  settings.wavelet = ui.wavelet.value;
  settingChanged();
});
ui.levels.addEventListener("change", () => {
  settings.levels = clampInput(ui.levels, DEFAULTS.levels);
  settingChanged();
});
ui.samples.addEventListener("change", () => {
  settings.samples = clampInput(ui.samples, DEFAULTS.samples);
  settingChanged();
});
ui.backend.addEventListener("change", () => {
  settings.backend = ui.backend.value as Backend;
  syncUrl();
  run++;
  setWorking(false);
  result = null;
  startWorker();
  void explain();
});
ui.explain.addEventListener("click", () => void explain());
ui.cancel.addEventListener("click", cancel);
ui.opacity.addEventListener("input", () => {
  settings.opacity = Number(ui.opacity.value);
  if (result) drawOverlay(ui.overlay, result.input, result.heat, settings.opacity);
  drawCompare(ui.compare, compared, METHODS, settings.opacity);
});
ui.opacity.addEventListener("change", syncUrl);
ui.keep.addEventListener("input", () => {
  settings.keep = Number(ui.keep.value);
  ui.keepValue.textContent = ui.keep.value;
  scheduleKeep();
});
ui.keep.addEventListener("change", syncUrl);
for (const button of document.querySelectorAll<HTMLButtonElement>("button.png")) {
  button.addEventListener("click", () => downloadPng(byId<HTMLCanvasElement>(button.dataset.canvas ?? ""), button.dataset.name ?? "wam.png"));
}
attachReadout(ui.mosaic, ui.mosaicReadout, () => result?.mosaic ?? null, "Point at the mosaic to read a coefficient's attribution.");
attachReadout(ui.decomposition, ui.decompositionReadout, () => result?.decomposition ?? null, "Point at the decomposition to read a coefficient.");

listenForFiles(ui.fileInput, { onInput: takeInput });
const camera = webcam(ui.webcamVideo, {
  onInput: (pending) => {
    ui.webcam.hidden = true;
    takeInput(pending);
  },
});
byId("webcam-open").addEventListener("click", () => {
  ui.webcam.hidden = false;
  camera.start().catch((e: unknown) => {
    ui.webcam.hidden = true;
    camera.stop();
    fail(`Could not start the camera: ${errorText(e)}`);
  });
});
byId("snap").addEventListener("click", () => camera.snap());
byId("webcam-close").addEventListener("click", () => {
  camera.stop();
  ui.webcam.hidden = true;
});

// ---- start: the model loads while the sample decodes, then the sample is explained.

fillControls();
syncUrl();
startWorker();
void buildGallery();
openSample(settings.sample ?? DEFAULTS.sample ?? "chelsea.png");
