// Browser benchmark: the time the page (its Web Worker, the wasm CPU
// backend) takes to explain Chelsea with WAM-SG, 25 samples, on
// EfficientNet-Lite0 at 224² — or, with `--faithfulness`, to draw the
// insertion and deletion curves (K = 64) of one WAM-IG explanation (5
// steps) in the faithfulness panel. Prints one JSON line with the median
// of `--repeats` runs (the first explanation, which loads the model, is
// not counted).
//
//   node e2e/bench.mjs [--repeats N] [--settings QUERY] [--faithfulness] [--port P]
import { parseArgs } from "node:util";
import { launch, nextResult, serve } from "./browser.mjs";

const { values: args } = parseArgs({
  options: {
    repeats: { type: "string", default: "3" },
    settings: { type: "string" },
    faithfulness: { type: "boolean", default: false },
    port: { type: "string", default: "4180" },
  },
});

const settings = args.settings ?? `backend=cpu&sample=chelsea.png&${args.faithfulness ? "method=wam-ig&samples=5" : "method=wam-sg&samples=25"}`;

/** Milliseconds the faithfulness panel took to measure the result shown (clicks Measure, waits). */
async function measure(page) {
  await page.click("#measure");
  await page.waitForFunction(() => document.querySelector("#faithfulness-view")?.dataset.state === "measuring", null, { timeout: 60_000 });
  await page.waitForFunction(() => document.querySelector("#faithfulness-view")?.dataset.state !== "measuring", null, { timeout: 600_000 });
  const { state, ms } = await page.$eval("#faithfulness-view", (v) => ({ ...v.dataset }));
  if (state !== "measured") throw new Error(`the faithfulness panel ended in '${state}': ${await page.textContent("#measure-status")}`);
  return Number(ms);
}

const { origin, stop } = await serve(args.port);
const browser = await launch();
try {
  const page = await browser.newPage();
  const times = [];
  let first;
  if (args.faithfulness) {
    first = await nextResult(page, () => page.goto(`${origin}/?${settings}`));
    for (let run = 0; run < Number(args.repeats); run++) times.push(await measure(page));
  } else {
    for (let run = 0; run <= Number(args.repeats); run++) {
      const state = await nextResult(page, () => (run === 0 ? page.goto(`${origin}/?${settings}`) : page.click("#explain")));
      if (run === 0) first = state;
      else times.push(Number(state.explainMs));
    }
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  const what = args.faithfulness ? `insertion+deletion K=64 (${first.method})` : first.method;
  console.log(JSON.stringify({ suite: "web", case: `${what} in Chromium`, backend: first.backend, top1: first.top1, repeats: times.length, ms: Math.round(median * 10) / 10 }));
} finally {
  await browser.close();
  stop();
}
