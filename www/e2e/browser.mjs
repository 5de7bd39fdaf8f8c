// What the end-to-end tests and the browser benchmark share: serving the
// built page (www/dist) with `vite preview`, Debian's Chromium driven by
// playwright-core (never a downloaded browser), and the tests' checks.
import { spawn } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

/** The www/ folder. */
export const www = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** How often (ms) the benches' waits check the page. playwright's default,
 * every animation frame, keeps the main thread making frames on the cores
 * the workers compute on: the faithfulness bench read 1994 ms with it and
 * 1949 ms with this (medians of three runs each, alternated, 2026-11-28). */
export const POLL_MS = 50;

/** Starts `vite preview` on `port`; resolves to `{origin, stop}` once it answers (within 60 s: a loaded machine is slow to start it). */
export async function serve(port) {
  const origin = `http://127.0.0.1:${port}`;
  const server = spawn("node_modules/.bin/vite", ["preview", "--host", "127.0.0.1", "--port", String(port), "--strictPort"], { cwd: www, stdio: ["ignore", "ignore", "inherit"] });
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(origin)).ok) return { origin, stop: () => server.kill() };
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  server.kill();
  throw new Error(`the page is not served on ${origin}`);
}

/** Headless Chromium with no network of its own (`extraArgs` appended). */
export function launch(extraArgs = []) {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--headless=new", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic", ...extraArgs],
  });
}

/** Ends the test `name`: prints its failures and exits non-zero, or says it passed. */
export function finish(name, failures) {
  if (failures.length) {
    console.error(`${name} FAILED:\n  ${failures.join("\n  ")}`);
    process.exit(1);
  }
  console.log(`${name} passed`);
}

/** The page's counters: results drawn and failures shown so far (they only grow). */
export function counters(page) {
  return page.evaluate(() => ({ results: Number(document.body.dataset.results ?? 0), errors: Number(document.body.dataset.errors ?? 0) }));
}

/** The state the page shows, with its error text. */
function pageState(page) {
  return page.evaluate(() => ({ ...document.body.dataset, error: document.querySelector("#error")?.textContent ?? "" }));
}

/**
 * Runs `action` (default: nothing, for the page's first result) and waits
 * for the page to draw one more result or show one more failure, judged by
 * its counters, which only grow: an old state can never answer. Throws with
 * the page's message if the run failed.
 */
export async function nextResult(page, action = async () => {}, timeout = 300_000) {
  const before = await counters(page);
  await action();
  await page.waitForFunction(
    (before) => Number(document.body.dataset.results ?? 0) > before.results || Number(document.body.dataset.errors ?? 0) > before.errors,
    before,
    { timeout, polling: POLL_MS },
  );
  const state = await pageState(page);
  if (Number(state.errors ?? 0) > before.errors) throw new Error(`the page failed: ${state.error}`);
  return state;
}

/** Throws `message` unless `condition`. */
export function check(condition, message) {
  if (!condition) throw new Error(message);
}

/** How many distinct colours (RGBA pixels) a canvas holds (a blank one has one). */
export function distinctColours(page, selector) {
  return page.$eval(selector, (canvas) => {
    const { data } = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
    return new Set(new Uint32Array(data.buffer)).size;
  });
}

/** How many distinct pixel values a canvas holds (a drawn view has many). */
export function distinctValues(page, selector) {
  return page.$eval(selector, (canvas) => {
    const { data } = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
    return new Set(data).size;
  });
}

/**
 * Watches `page`: errors it logs or throws go into `failures`; returns the
 * list, filled as they are made, of its requests that leave `origin`.
 */
export function watch(page, origin, failures) {
  const offOrigin = [];
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (!["data:", "blob:"].includes(url.protocol) && url.origin !== origin) offOrigin.push(request.url());
  });
  page.on("console", (message) => message.type() === "error" && failures.push(`console error: ${message.text()}`));
  page.on("pageerror", (error) => failures.push(`page error: ${error.message}`));
  return offOrigin;
}
