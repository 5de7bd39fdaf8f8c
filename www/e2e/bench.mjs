// Browser benchmark: the time the page (its Web Worker, the wasm CPU
// backend) takes to explain Chelsea with WAM-SG, 25 samples, on
// EfficientNet-Lite0 at 224² — or, with `--faithfulness`, to draw the
// insertion and deletion curves (K = 64) of one WAM-IG explanation (5
// steps) in the faithfulness panel. Prints one JSON line with the median
// of `--repeats` runs (the first explanation, which loads the model, is
// not counted), how many workers computed them and the wasm memory of
// the pool. `--workers N`: the page sees N cores (its pool: one worker a
// core); by default the machine's.
//
//   node e2e/bench.mjs [--repeats N] [--settings QUERY] [--faithfulness] [--workers N] [--port P]
// (the port by default $E2E_PORT, else 4180: scripts/bench passes no port)
import { parseArgs } from "node:util";
import { launch, nextResult, POLL_MS, serve } from "./browser.mjs";

const { values: args } = parseArgs({
  options: {
    repeats: { type: "string", default: "3" },
    settings: { type: "string" },
    faithfulness: { type: "boolean", default: false },
    workers: { type: "string" },
    port: { type: "string", default: process.env.E2E_PORT ?? "4180" },
  },
});

const settings = args.settings ?? `backend=cpu&sample=chelsea.png&${args.faithfulness ? "method=wam-ig&samples=5" : "method=wam-sg&samples=25"}`;

/** Milliseconds the faithfulness panel took to measure the result shown (clicks Measure, waits). */
async function measure(page) {
  await page.click("#measure");
  await page.waitForFunction(() => document.querySelector("#faithfulness-view")?.dataset.state === "measuring", null, { timeout: 60_000, polling: POLL_MS });
  await page.waitForFunction(() => document.querySelector("#faithfulness-view")?.dataset.state !== "measuring", null, { timeout: 600_000, polling: POLL_MS });
  const { state, ms, workers, memory } = await page.$eval("#faithfulness-view", (v) => ({ ...v.dataset }));
  if (state !== "measured") throw new Error(`the faithfulness panel ended in '${state}': ${await page.textContent("#measure-status")}`);
  return { ms: Number(ms), workers: Number(workers), memory: Number(memory) };
}

const { origin, stop } = await serve(args.port);
const browser = await launch();
try {
  const page = await browser.newPage();
  if (args.workers) {
    const cores = Number(args.workers);
    await page.addInitScript((n) => Object.defineProperty(navigator, "hardwareConcurrency", { get: () => n }), cores);
  }
  const runs = [];
  let first;
  if (args.faithfulness) {
    first = await nextResult(page, () => page.goto(`${origin}/?${settings}`));
    for (let run = 0; run < Number(args.repeats); run++) runs.push(await measure(page));
  } else {
    for (let run = 0; run <= Number(args.repeats); run++) {
      const state = await nextResult(page, () => (run === 0 ? page.goto(`${origin}/?${settings}`) : page.click("#explain")));
      if (run === 0) first = state;
      else runs.push({ ms: Number(state.explainMs), workers: Number(state.workers), memory: Number(state.memory) });
    }
  }
  runs.sort((a, b) => a.ms - b.ms);
  const median = runs[Math.floor(runs.length / 2)];
  const what = args.faithfulness ? `insertion+deletion K=64 (${first.method})` : first.method;
  const memoryMb = Math.round(Math.max(...runs.map((r) => r.memory)) / 1e5) / 10;
  console.log(
    JSON.stringify({ suite: "web", case: `${what} in Chromium`, backend: first.backend, top1: first.top1, repeats: runs.length, ms: Math.round(median.ms * 10) / 10, workers: median.workers, memoryMb }),
  );
} finally {
  await browser.close();
  stop();
}
