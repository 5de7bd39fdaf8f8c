// Browser benchmark: the time the page (its Web Worker, the wasm CPU
// backend) takes to explain Chelsea with WAM-SG, 25 samples, on
// EfficientNet-Lite0 at 224². Prints one JSON line with the median of
// `--repeats` runs (the first, which loads the model, is not counted).
//
//   node e2e/bench.mjs [--repeats N] [--settings QUERY]
import { parseArgs } from "node:util";
import { launch, nextResult, serve } from "./browser.mjs";

const { values: args } = parseArgs({
  options: {
    repeats: { type: "string", default: "3" },
    settings: { type: "string", default: "backend=cpu&method=wam-sg&samples=25&sample=chelsea.png" },
    port: { type: "string", default: "4180" },
  },
});

const { origin, stop } = await serve(args.port);
const browser = await launch();
try {
  const page = await browser.newPage();
  const times = [];
  let first;
  for (let run = 0; run <= Number(args.repeats); run++) {
    const state = await nextResult(page, () => (run === 0 ? page.goto(`${origin}/?${args.settings}`) : page.click("#explain")));
    if (run === 0) first = state;
    else times.push(Number(state.explainMs));
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  console.log(JSON.stringify({ suite: "web", case: `${first.method} in Chromium`, backend: first.backend, top1: first.top1, repeats: times.length, ms: Math.round(median * 10) / 10 }));
} finally {
  await browser.close();
  stop();
}
