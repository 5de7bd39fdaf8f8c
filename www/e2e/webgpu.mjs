// End-to-end test of the built page (www/dist) on WebGPU: Chromium with
// --enable-unsafe-webgpu emulates it in software (SwiftShader: slow, so the
// smallest run, WAM with Haar on one level). Under "auto" the page passes
// over that software adapter: it explains on the CPU and the badge says why.
// Asked for WebGPU, the page explains on WebGPU;
// then Explain is pressed again and, while requests are in flight (keep-top
// of the first result, the new explain behind it), a test hook
// (`?test-hooks`: `wamTest.destroyDevice()`) destroys the wasm side's WebGPU
// device (`GPUDevice.destroy()`, as a GPU reset would). The run must fall back to the
// CPU, run again there and say so in the badge and the notice, with no
// error shown and keep-top working.
//
//   node e2e/webgpu.mjs
import { parseArgs } from "node:util";
import { counters, finish, launch, nextResult, serve } from "./browser.mjs";

const { values: args } = parseArgs({ options: { port: { type: "string", default: "4181" } } });

function check(condition, message) {
  if (!condition) throw new Error(message);
}

const { origin, stop } = await serve(args.port);
const browser = await launch(["--enable-unsafe-webgpu", "--enable-features=Vulkan", "--use-angle=swiftshader"]);
const failures = [];
try {
  // "auto" passes over the software adapter (SwiftShader here) and says why.
  const autoPage = await browser.newPage();
  autoPage.on("pageerror", (error) => failures.push(`page error: ${error.message}`));
  const auto = await nextResult(autoPage, () => autoPage.goto(`${origin}/?backend=auto&sample=chelsea.png&method=wam&wavelet=haar&levels=1`));
  const autoBadge = await autoPage.textContent("#backend-badge");
  const autoNotice = await autoPage.textContent("#notice");
  await autoPage.close();
  check(auto.backend === "cpu", `"auto" explained on ${auto.backend} with a software WebGPU adapter`);
  check(/^CPU( on \d workers)? \(WebGPU is software-only here\)/.test(autoBadge), `the badge under "auto" says '${autoBadge}'`);
  check(/^WebGPU here runs in software \(.*swiftshader.*\)/i.test(autoNotice), `the notice under "auto" says '${autoNotice}'`);
  console.log(`auto: ${auto.top1} on the CPU; badge '${autoBadge}'`);

  const page = await browser.newPage();
  page.on("pageerror", (error) => failures.push(`page error: ${error.message}`));
  const started = Date.now();
  const settings = "backend=webgpu&sample=chelsea.png&method=wam&wavelet=haar&levels=1&test-hooks";
  const gpu = await nextResult(page, () => page.goto(`${origin}/?${settings}`));
  check(gpu.backend === "webgpu", `the page asked for WebGPU and explained on ${gpu.backend}`);
  console.log(`on WebGPU: ${gpu.top1} (explained in ${Math.round(gpu.explainMs)} ms)`);

  const before = await counters(page);
  const cpu = await nextResult(page, async () => {
    await page.click("#explain");
    await page.evaluate(() => window.wamTest.destroyDevice());
  });
  const badge = await page.textContent("#backend-badge");
  const notice = await page.textContent("#notice");
  check(cpu.backend === "cpu" && cpu.state === "done", `after the device was destroyed: backend ${cpu.backend}, state ${cpu.state}`);
  check(/cat|tabby/i.test(cpu.top1), `the CPU rerun labelled the cat '${cpu.top1}'`);
  check(/WebGPU was lost/.test(badge), `the badge says '${badge}'`);
  check(/^The WebGPU device was lost \(destroyed: .*\): computing on the CPU$/.test(notice) && (await page.isVisible("#notice")), `the notice says '${notice}'`);
  check((await counters(page)).errors === before.errors && (await page.isHidden("#error")), "an error was shown for the lost device");
  console.log(`device destroyed, explained again: ${cpu.top1} on the CPU; badge '${badge}'; notice '${notice}'`);
  // Keep-top belongs to the CPU result (the held WebGPU explanation is gone with its worker).
  await page.waitForFunction(() => document.body.dataset.kept === document.body.dataset.results, null, { timeout: 120_000 });
  console.log(`keep-top after the fallback: ${await page.textContent("#keep-label")} (${Date.now() - started} ms in all)`);
} catch (error) {
  failures.push(error.message);
} finally {
  await browser.close();
  stop();
}
finish("WebGPU end-to-end test", failures);
