// End-to-end test of the built page (www/dist) in Debian's Chromium, driven
// by playwright-core: serve the page, let it explain a bundled sample, upload
// a corrupt file (refused with a message) then scikit-image's Chelsea through
// the file picker, wait for the label and the drawn views (keep-top
// included) and the mosaic's read-out, run Grad-CAM for the comparison strip
// (and keep-top on its pixel values), measure its faithfulness (curves
// growing, AUCs in the panel and the strip, a cancel, the sanity check),
// switch the colour to signed and back (redrawn, not explained again: two-
// sided legends, red and blue pixels, the URL); drop, paste and snap (fake
// webcam) images; open a shared link with a
// class and one to a missing sample; then hostile use: a 60 MB file, two
// quick uploads, a cancel mid-run, a worker that traps (test hook); check
// that no request left the origin and nothing was logged as an error, and
// save screenshots (the page, the comparison strip).
//
//   node e2e/page.mjs [--screenshot FILE] [--compare FILE] [--faithfulness FILE] [--signed FILE] [--settings QUERY] [--port P]
//
// Headless Chromium without --enable-unsafe-webgpu has no WebGPU, so the page
// must fall back to the CPU and say so.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { deflateSync } from "node:zlib";
import { check, counters, distinctColours, distinctValues, finish, launch, nextResult, serve, watch, www } from "./browser.mjs";
import { legends, overlayChange, redAndBlue, tabOrder } from "./probes.mjs";

const { values: args } = parseArgs({
  options: {
    screenshot: { type: "string", default: resolve(www, "../target/e2e/page.png") },
    compare: { type: "string", default: resolve(www, "../target/e2e/compare.png") },
    faithfulness: { type: "string", default: resolve(www, "../target/e2e/faithfulness.png") },
    signed: { type: "string", default: resolve(www, "../target/e2e/signed.png") },
    settings: { type: "string", default: "sample=coffee.png&samples=5" },
    port: { type: "string", default: "4179" },
  },
});

/** Saves a screenshot of the page (or of one element); JPEG at quality 80 for .jpg names. */
async function screenshot(page, path, selector) {
  mkdirSync(dirname(path), { recursive: true });
  const options = { path, ...(/\.jpe?g$/.test(path) ? { quality: 80 } : {}) };
  await (selector ? page.locator(selector).screenshot(options) : page.screenshot({ ...options, fullPage: true }));
  console.log(`screenshot: ${path}`);
}

/** A `width` × `height` RGB PNG of stripes. */
function thinPng(width, height) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes) => (bytes.reduce((c, b) => crcTable[(c ^ b) & 0xff] ^ (c >>> 8), 0xffffffff) ^ 0xffffffff) >>> 0;
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), body.length + 4);
    return out;
  };
  const rows = Buffer.concat(Array.from({ length: height }, (_, y) => Buffer.from([0, ...Array.from({ length: width }, () => [(y * 7) % 256, 40, 255 - ((y * 7) % 256)]).flat()])));
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", header), chunk("IDAT", deflateSync(rows)), chunk("IEND", Buffer.alloc(0))]);
}

const { origin, stop } = await serve(args.port);
// Chromium's fake camera (a synthetic test pattern), allowed without a prompt.
const browser = await launch(["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"]);
const failures = [];
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const offOrigin = watch(page, origin, failures);

  const started = Date.now();
  const first = await nextResult(page, () => page.goto(`${origin}/?${args.settings}`));
  console.log(`opened on a sample: ${first.top1} (${first.backend}, explained in ${Math.round(first.explainMs)} ms)`);
  check(first.backend === "cpu", `headless Chromium has no WebGPU here, yet the backend is ${first.backend}`);
  // The CPU's pool: one worker a core (at most 4), each given a part of WAM-SG's samples, as the badge says.
  const cores = await page.evaluate(() => Math.min(Math.max(navigator.hardwareConcurrency || 1, 1), 4));
  const badge = await page.textContent("#backend-badge");
  if (first.method === "wam-sg") {
    check(Number(first.workers) === cores, `WAM-SG ran on ${first.workers} workers, not one for each of the ${cores} cores`);
    check(cores === 1 || badge?.startsWith(`CPU on ${cores} workers`), `the badge does not say how many workers ran it: '${badge}'`);
  }
  console.log(`the pool: ${first.workers} workers (${cores} cores), badge '${badge}', wasm memory ${Math.round(Number(first.memory) / 1e6)} MB`);
  check(/WebGPU/.test(await page.textContent("#notice")), "the CPU fallback is not explained in #notice");
  const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', "content");
  check(/connect-src 'self'/.test(csp ?? ""), `the page's Content-Security-Policy is '${csp}'`);

  // A file that is not an image gets a message naming it, and the page goes on.
  const refusal = await nextResult(page, () => page.setInputFiles("#file-input", { name: "broken.png", mimeType: "image/png", buffer: Buffer.from("not an image") })).then(
    () => null,
    (error) => error.message,
  );
  check(/broken\.png/.test(refusal ?? ""), `a corrupt upload was not refused by name: ${refusal ?? "it was explained"}`);
  check((await page.getAttribute("body", "data-state")) === "error", "the page is not in its error state after the refusal");
  console.log(`a corrupt upload is refused: ${await page.textContent("#error")}`);

  const chelsea = await nextResult(page, () => page.setInputFiles("#file-input", resolve(www, "../samples/chelsea.png")));
  console.log(`uploaded chelsea.png: ${chelsea.top1} (${chelsea.method}, explained in ${Math.round(chelsea.explainMs)} ms; ${Date.now() - started} ms in all)`);
  check(/cat|tabby/i.test(chelsea.top1), `chelsea.png was labelled '${chelsea.top1}'`);
  check(/cat|tabby/i.test(await page.textContent("#top5")), "the top-5 list does not show the cat");
  // "Keep the top q %" re-classifies after the result: wait for this result's.
  await page.waitForFunction(() => document.body.dataset.kept === document.body.dataset.results, null, { timeout: 60_000 });
  check(/kept/.test(await page.textContent("#keep-label")), `the keep-top label says '${await page.textContent("#keep-label")}'`);
  console.log(`keep the top q %: ${await page.textContent("#keep-label")}`);
  // The curve of the class's probability against q: 9 points, the q shown marked.
  await page.waitForFunction(() => document.querySelectorAll("#keep-curve circle").length === 9, null, { timeout: 60_000 });
  const curve = await page.getAttribute("#keep-curve", "aria-label");
  const mark = await page.getAttribute("#keep-curve line.now", "x1");
  // Its 100 % point is the original probability (top 5), its 30 % point the keep view's.
  const whole = (await page.textContent("#top5 .chosen .prob")).trim();
  const atThirty = (await page.textContent("#keep-label")).match(/tiger cat: ([\d.]+ %)$/)?.[1];
  check(curve.includes(`30 %: ${atThirty}`) && curve.endsWith(`100 %: ${whole}`) && Number(mark) > 0, `the keep curve: '${curve}', marked at ${mark}; top 5 ${whole}, kept 30 % ${atThirty}`);
  console.log(`keep curve: ${curve}`);
  const sees = await page.textContent("#sees-text");
  check(sees === "224 × 224 centre crop · 1,000 ImageNet classes", `what the model sees: '${sees}'`);
  for (const view of ["#overlay-canvas", "#mosaic-canvas", "#scales-canvas", "#decomposition-canvas", "#keep-canvas", "#crop-canvas"]) {
    const distinct = await distinctValues(page, view);
    check(distinct > 32, `${view} looks blank (${distinct} distinct values)`);
  }
  // Every heat view drawn has its colour bar, with numbers and what the scale is.
  const bars = await legends(page);
  check(bars.length === 4 && bars.every((b) => b.shown && /\d/.test(b.text) && /percentile/.test(b.text) && /shared|own scale/.test(b.text)), `the legends: ${JSON.stringify(bars)}`);
  console.log(`legends: ${bars.map((b) => `${b.name}: ${b.text}`).join(" | ")}`);
  const shares = await page.$$eval("#scales-shares span:nth-child(3n)", (spans) => spans.map((s) => parseFloat(s.textContent)));
  const shareSum = shares.reduce((a, v) => a + v, 0);
  check(shares.length === 4 && Math.abs(shareSum - 100) < 0.3, `the level shares: ${shares.join(", ")}`);
  console.log(`what the model sees: ${sees}; level shares ${shares.join(" %, ")} %`);

  // The mosaic's read-out names the coefficient under the pointer.
  const mosaic = page.locator("#mosaic-canvas");
  const box = await mosaic.boundingBox();
  await mosaic.hover({ position: { x: box.width * 0.75, y: box.height * 0.75 } });
  const readout = await page.textContent("#mosaic-readout");
  check(/level 1, diagonal .*\|a\| .* · sum .* · R .*, G .*, B /.test(readout), `the mosaic read-out says '${readout}' at the finest diagonal band`);
  await screenshot(page, args.screenshot);
  const chelseaChange = await overlayChange(page);
  // From the keyboard: the arrow keys walk the coefficients.
  await mosaic.focus();
  await page.keyboard.press("ArrowRight");
  const keyed = await page.textContent("#mosaic-readout");
  check(/approximation \(level 3\) · row 0, col 1/.test(keyed), `after ArrowRight the mosaic read-out says '${keyed}'`);

  // Signed colour: the result shown is drawn again (not explained again) on the two-sided map,
  // its legends from a negative minimum through 0, both signs seen in the cat's views, the read-out
  // leading with the signed sum it colours, the setting in the URL; then back to magnitude.
  const magnitudeColours = await redAndBlue(page, "#mosaic-canvas");
  const beforeSigned = await counters(page);
  await page.selectOption("#colour", "signed");
  await page.waitForFunction(() => document.body.dataset.colour === "signed", null, { timeout: 60_000 });
  check((await counters(page)).results === beforeSigned.results, "switching the colour explained again instead of redrawing");
  check(new URL(page.url()).searchParams.get("colour") === "signed", `the URL does not carry the colour: ${page.url()}`);
  const signedBars = await legends(page);
  const negativeLow = (b) => /^(≤ -\d|−\d)/.test(b.ends[0] ?? "");
  check(signedBars.length === 4 && signedBars.every((b) => b.shown && /two-sided/.test(b.text) && negativeLow(b)), `the signed legends: ${JSON.stringify(signedBars)}`);
  const signedColours = { mosaic: await redAndBlue(page, "#mosaic-canvas"), scales: await redAndBlue(page, "#scales-canvas") };
  check(
    magnitudeColours.blue === 0 && Object.values(signedColours).every((c) => c.red > c.pixels / 100 && c.blue > c.pixels / 100),
    `red-ish and blue-ish pixels: magnitude mosaic ${JSON.stringify(magnitudeColours)}, signed ${JSON.stringify(signedColours)}`,
  );
  await mosaic.hover({ position: { x: box.width * 0.75, y: box.height * 0.75 } });
  const signedReadout = await page.textContent("#mosaic-readout");
  check(/level 1, diagonal .* · sum .* · \|a\| .* · R .*, G .*, B /.test(signedReadout), `the signed read-out says '${signedReadout}'`);
  console.log(`signed colour: ${signedBars.map((b) => `${b.name} ${b.ends.join(" … ")}`).join(", ")}; mosaic ${signedColours.mosaic.red} red-ish, ${signedColours.mosaic.blue} blue-ish pixels; ${signedReadout}`);
  await screenshot(page, args.signed, "#mosaic-view");
  await page.selectOption("#colour", "magnitude");
  await page.waitForFunction(() => document.body.dataset.colour === "magnitude", null, { timeout: 60_000 });

  // An input-domain baseline, next to WAM-SG in the comparison strip.
  await page.selectOption("#method", "gradcam");
  const gradcam = await nextResult(page, () => page.click("#explain"));
  check(gradcam.method === "gradcam", `the method is ${gradcam.method}`);
  const compared = await page.locator("#compare figure").count();
  check(compared === 2, `the comparison strip shows ${compared} methods, not 2`);
  console.log(`grad-cam: ${gradcam.top1}; the comparison strip shows wam-sg and gradcam`);
  check(await page.isDisabled('button[data-canvas="mosaic-canvas"]'), "the greyed-out mosaic can still be exported after Grad-CAM");
  // Keep-top works in the input domain too: Grad-CAM's most attributed pixel values.
  await page.waitForFunction(() => document.body.dataset.kept === document.body.dataset.results, null, { timeout: 60_000 });
  const keptPixels = await page.textContent("#keep-label");
  check(/pixel values kept/.test(keptPixels), `keep-top after Grad-CAM says '${keptPixels}'`);
  console.log(`keep the top q % of Grad-CAM: ${keptPixels}`);

  // The faithfulness panel: Grad-CAM's insertion and deletion curves drawn as they grow, their AUCs
  // in the panel and the comparison strip, the one-line reading.
  const panel = page.locator("#faithfulness-view");
  await page.click("#measure");
  await page.waitForFunction(() => Number(document.querySelector("#faithfulness-view")?.dataset.points ?? 0) > 0, null, { timeout: 120_000 });
  const growing = await panel.evaluate((v) => ({ state: v.dataset.state, points: Number(v.dataset.points) }));
  check(growing.state === "measuring" && growing.points < 130, `the curves do not grow batch by batch: ${JSON.stringify(growing)}`);
  await page.waitForFunction(() => document.querySelector("#faithfulness-view")?.dataset.state !== "measuring", null, { timeout: 300_000 });
  const aucs = await page.textContent("#faithfulness-aucs");
  check((await panel.getAttribute("data-state")) === "measured", `the panel ends in '${await panel.getAttribute("data-state")}': ${await page.textContent("#measure-status")}`);
  check(/insertion AUC 0\.\d{3} .*deletion AUC 0\.\d{3} .*50,176 pixels, softmax scores/.test(aucs), `the panel's AUCs read '${aucs}'`);
  const reading = await page.textContent("#faithfulness-reading");
  check(/^gradcam keeps 90 % of the score with [\d.]+ % of the pixels; removing/.test(reading), `the reading is '${reading}'`);
  check((await distinctColours(page, "#faithfulness-canvas")) >= 3, "the faithfulness curves look blank");
  const strip = await page.textContent("#compare");
  check(/gradcam[^]*Ins 0\.\d{3} · Del 0\.\d{3}/.test(strip), `the comparison strip shows no AUCs for gradcam: '${strip}'`);
  console.log(`faithfulness of grad-cam: ${aucs} — ${reading}`);
  // The sanity check draws one map per randomised model, with its correlation to the original.
  await page.click("#sanity-run");
  await page.waitForFunction(() => !["checking", "cancelled"].includes(document.querySelector("#faithfulness-view")?.dataset.state ?? ""), null, { timeout: 300_000 });
  const rows = await page.locator("#sanity-rows figcaption").allTextContents();
  check((await panel.getAttribute("data-state")) === "checked" && rows.length === 7, `the sanity check drew ${rows.length} maps: ${rows.join(" | ")} (${await page.textContent("#measure-status")})`);
  check(/ρ = 1$/.test(rows[0] ?? "") && /top 19 of 19 layers random · ρ = -?[01]\.\d\d/.test(rows.at(-1) ?? ""), `the sanity check's captions: ${rows.join(" | ")}`);
  check((await distinctColours(page, "#sanity-rows canvas")) >= 8, "the sanity check's first map looks blank");
  console.log(`sanity check of grad-cam: ${rows.join(" | ")}`);
  await screenshot(page, args.faithfulness, "#faithfulness-view");

  // A measure cancelled mid-way stops drawing, and stays stopped.
  await page.click("#measure");
  await page.waitForFunction(() => Number(document.querySelector("#faithfulness-view")?.dataset.points ?? 0) > 0, null, { timeout: 120_000 });
  await page.click("#measure-cancel");
  const pointsAtCancel = await panel.getAttribute("data-points");
  await page.waitForTimeout(2000);
  const afterStop = await panel.evaluate((v) => ({ state: v.dataset.state, points: v.dataset.points, cancel: document.querySelector("#measure-cancel")?.disabled }));
  check(afterStop.state === "cancelled" && afterStop.points === pointsAtCancel && afterStop.cancel, `after a cancel the panel is ${JSON.stringify(afterStop)} (${pointsAtCancel} points at the cancel)`);
  console.log(`a measure cancelled after ${pointsAtCancel} points stays cancelled`);
  // Measured again: the cancel restarted the worker, so the explanation is made again first (same
  // input, options and seed), and the AUCs are the same.
  await page.click("#measure");
  await page.waitForFunction(() => !["idle", "measuring", "cancelled"].includes(document.querySelector("#faithfulness-view")?.dataset.state ?? ""), null, { timeout: 300_000 });
  const remeasured = await page.textContent("#faithfulness-aucs");
  check(remeasured === aucs, `measured again after a cancel: '${remeasured}', first '${aucs}'`);
  console.log("measured again after the cancel: the same AUCs");

  // The overlays change the picture visibly, the baselines' as WAM's: one display rule for every method.
  const changes = { "wam-sg": chelseaChange, gradcam: await overlayChange(page) };
  for (const method of ["saliency", "ig", "grad-input", "wam"]) {
    await page.selectOption("#method", method);
    await nextResult(page, () => page.click("#explain"));
    changes[method] = await overlayChange(page);
  }
  console.log(`mean change of the overlay at opacity 1 (of 255): ${Object.entries(changes).map(([m, c]) => `${m} ${c.toFixed(1)}`).join(", ")}`);
  for (const [method, change] of Object.entries(changes)) check(change >= 20, `the ${method} overlay changes the picture by ${change.toFixed(1)} of 255 on average`);
  // Another class adds a tile; the grid wraps: no tile outside it.
  await nextResult(page, () => page.click("#top5 li:nth-child(2) button"));
  const tiles = await page.evaluate(() => {
    const grid = document.querySelector("#compare").getBoundingClientRect();
    const figures = [...document.querySelectorAll("#compare figure")];
    return { count: figures.length, outside: figures.filter((f) => f.getBoundingClientRect().right > grid.right + 1).length, captions: figures.map((f) => f.textContent) };
  });
  check(tiles.count === 7 && tiles.outside === 0 && tiles.captions.every((c) => /· .+ · [\d.]+ m?s(Ins 0\.\d{3} · Del 0\.\d{3})?$/.test(c)), `the comparison grid: ${JSON.stringify(tiles)}`);
  console.log(`compare: ${tiles.captions.join(" | ")}`);
  await screenshot(page, args.compare, "#compare-view");

  // The keyboard reaches every control, in the order they are shown, with a visible focus ring;
  // the picker's label opens the file chooser.
  const tabbed = await tabOrder(page);
  check(tabbed.missed.length === 0 && tabbed.backwards.length === 0 && tabbed.unringed.length === 0, `Tab: ${JSON.stringify(tabbed)}`);
  const chooser = page.waitForEvent("filechooser", { timeout: 5000 });
  await page.focus('label[for="file-input"]');
  await page.keyboard.press("Enter");
  await chooser;
  // Each control's help opens in plain words, one at a time; Escape closes it.
  await page.click('summary[aria-label="Help: a level"]');
  const helpText = await page.textContent('summary[aria-label="Help: a level"] + p');
  check(await page.isVisible('summary[aria-label="Help: a level"] + p') && /finest details/.test(helpText), `the levels' help: '${helpText}'`);
  await page.click('summary[aria-label="Help: samples"]');
  // The toggle event that closes the other one comes a task later.
  await page.waitForFunction(() => document.querySelectorAll("details.info[open]").length === 1, null, { timeout: 2000 }).catch(() => {});
  const open = await page.$$eval("details.info[open]", (ds) => ds.map((d) => d.querySelector("summary").getAttribute("aria-label")));
  await page.keyboard.press("Escape");
  const closed = await page.$$eval("details.info[open]", (ds) => ds.length);
  check(open.length === 1 && open[0] === "Help: samples" && closed === 0, `help open: ${open.join(", ")}; after Escape ${closed} open`);
  console.log(`Tab reaches all ${tabbed.reached} controls in order, each with a focus ring; Enter on 'Open an image…' opens the picker; help opens one at a time, Escape closes it`);

  // WebGPU asked for where there is none: one clear error, no stale CPU note; back to auto works.
  const noGpu = await nextResult(page, () => page.selectOption("#backend", "webgpu")).then(
    () => "it was explained",
    (error) => error.message,
  );
  const dropped = await page.evaluate(() => ({ grey: document.body.classList.contains("dropped"), exports: [...document.querySelectorAll("button.png")].filter((b) => !b.disabled).length }));
  check(/WebGPU is not available/.test(noGpu) && (await page.isHidden("#notice")) && dropped.grey && dropped.exports === 0, `WebGPU without a GPU: '${noGpu}', notice hidden: ${await page.isHidden("#notice")}, the old result: ${JSON.stringify(dropped)}`);
  await nextResult(page, () => page.selectOption("#backend", "auto"));
  console.log(`WebGPU without a GPU: ${noGpu}; back to auto`);

  // The other ways in: drop a file, paste one, snap the (fake) webcam.
  const rocket = readFileSync(resolve(www, "../samples/rocket.jpg")).toString("base64");
  for (const how of ["drop", "paste"]) {
    const dropped = await nextResult(page, () =>
      page.evaluate(
        ([how, base64]) => {
          const data = new DataTransfer();
          data.items.add(new File([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], "rocket.jpg", { type: "image/jpeg" }));
          const event = how === "drop" ? new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true }) : new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true });
          (how === "drop" ? document.body : document).dispatchEvent(event);
        },
        [how, rocket],
      ),
    );
    check(/missile|projectile|rocket/i.test(dropped.top1), `a ${how}ped rocket.jpg was labelled '${dropped.top1}'`);
    console.log(`${how}: rocket.jpg → ${dropped.top1}`);
  }
  await page.click("#webcam-open");
  await page.waitForFunction(() => document.querySelector("#webcam-video")?.videoWidth > 0, null, { timeout: 10_000 });
  const snapped = await nextResult(page, () => page.click("#snap"));
  console.log(`webcam snapshot (Chromium's test pattern) → ${snapped.top1}`);

  // A shared link names a class: the page explains that class, and keeps it in the URL.
  const linked = await browser.newPage();
  await nextResult(linked, () => linked.goto(`${origin}/?method=wam&target=281&sample=chelsea.png`));
  const caption = await linked.textContent("#overlay-caption");
  check(/class 281/.test(caption) && /target=281/.test(linked.url()), `a link with target=281 shows '${caption}' at ${linked.url()}`);
  console.log(`a shared link with target=281: ${caption}`);
  const missing = await browser.newPage();
  const refused = await nextResult(missing, () => missing.goto(`${origin}/?sample=nonexistent.png`)).then(
    () => "it was explained",
    (error) => error.message,
  );
  check(/there is no sample 'nonexistent\.png'/.test(refused), `a link to a missing sample says: ${refused}`);
  console.log(`a link to a missing sample: ${refused}`);

  // Hostile use: a 60 MB file is refused by its size, before it is read.
  const hugeDir = mkdtempSync(join(tmpdir(), "wam-e2e-"));
  const hugeFile = join(hugeDir, "huge.png");
  writeFileSync(hugeFile, "");
  truncateSync(hugeFile, 60 * 2 ** 20); // sparse: no 60 MB written

  const huge = await nextResult(page, () => page.setInputFiles("#file-input", hugeFile)).then(
    () => "it was explained",
    (error) => error.message,
  );
  rmSync(hugeDir, { recursive: true, force: true });
  check(/'huge\.png' is 60 MB: files over 50 MB are refused/.test(huge), `a 60 MB file: ${huge}`);
  console.log(`a 60 MB file: ${huge}`);

  // A 1 × 20,000-pixel PNG costs what the model takes: explained, no crash.
  const thin = await nextResult(page, () => page.setInputFiles("#file-input", { name: "thin.png", mimeType: "image/png", buffer: thinPng(1, 20_000) }));
  console.log(`a 1 × 20,000 PNG: ${thin.top1} (explained in ${Math.round(thin.explainMs)} ms)`);

  // Two uploads in quick succession: only the latest is drawn. Both in
  // one task, so that a busy machine cannot space them out until the
  // first one's explanation is done (two `setInputFiles` calls could be).
  const twice = await counters(page);
  const uploadBoth = () =>
    page.evaluate(async () => {
      const input = document.querySelector("#file-input");
      const files = await Promise.all(
        ["chelsea.png", "rocket.jpg"].map(async (name) => new File([await (await fetch(`samples/${name}`)).blob()], name)),
      );
      for (const file of files) {
        const transfer = new DataTransfer();
        transfer.items.add(file);
        input.files = transfer.files;
        input.dispatchEvent(new Event("change"));
      }
    });
  const latest = await nextResult(page, uploadBoth);
  await page.waitForTimeout(1500);
  const afterTwice = await counters(page);
  check(/missile|projectile|rocket/i.test(latest.top1) && afterTwice.results === twice.results + 1, `two quick uploads drew ${afterTwice.results - twice.results} results, the last '${latest.top1}'`);
  console.log(`two quick uploads: one result drawn, ${latest.top1}`);

  // A cancel mid-run leaves the previous result, and no late one arrives.
  await page.selectOption("#method", "wam-sg");
  await page.fill("#samples", "40");
  await page.dispatchEvent("#samples", "change");
  const beforeCancel = await counters(page);
  await page.click("#explain");
  await page.waitForFunction(() => /[1-9]\d* \/ 40 samples/.test(document.querySelector("#progress-text")?.textContent ?? ""), null, { timeout: 60_000 });
  const label = await page.textContent("#explain");
  check(label === "Restart", `during a run the Explain button reads '${label}'`);
  await page.keyboard.press("Escape");
  await page.waitForTimeout(3000);
  const afterCancel = await counters(page);
  const cancelled = await page.evaluate(() => ({ ...document.body.dataset }));
  check(afterCancel.results === beforeCancel.results && cancelled.state === "done" && /missile|projectile|rocket/i.test(cancelled.top1), `after a cancel: ${JSON.stringify({ ...afterCancel, state: cancelled.state, top1: cancelled.top1 })}`);
  console.log("a cancel (Escape) mid-run: the previous result stays, no late result");
  // Keep-top still works on the result shown (the cancel restarted the worker: it is made again).
  await page.locator("#keep").fill("50");
  const halfKept = await page
    .waitForFunction(() => /75,264 of 150,528/.test(document.querySelector("#keep-label")?.textContent ?? ""), null, { timeout: 60_000 })
    .then(() => null, () => "timed out");
  check(halfKept === null, `keep-top after a cancel says '${await page.textContent("#keep-label")}'`);
  console.log(`keep-top after a cancel: ${await page.textContent("#keep-label")}`);

  // A phone, 390 px wide: no sideways scroll, the results before the introduction, no text under 11 px.
  const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await nextResult(phone, () => phone.goto(`${origin}/?${args.settings}`));
  const narrow = await phone.evaluate(() => {
    const tiny = [...document.querySelectorAll("body *")].filter(
      (el) => el.getClientRects().length > 0 && [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim()) && parseFloat(getComputedStyle(el).fontSize) < 11,
    );
    return {
      scrollWidth: document.documentElement.scrollWidth,
      resultsFirst: document.querySelector("#views").getBoundingClientRect().top < document.querySelector(".lead").getBoundingClientRect().top,
      tiny: tiny.map((el) => `${el.tagName}#${el.id} ${getComputedStyle(el).fontSize}`),
      // The labels drawn on canvases, as shown: the mosaic's at 15 px and the scales' at 13 px of their canvas.
      drawn: [["#mosaic-canvas", 15], ["#scales-canvas", 13]].map(([id, px]) => {
        const canvas = document.querySelector(id);
        return (canvas.getBoundingClientRect().width / canvas.width) * px;
      }),
    };
  });
  check(narrow.scrollWidth <= 390 && narrow.resultsFirst && narrow.tiny.length === 0 && narrow.drawn.every((px) => px >= 11), `at 390 px: ${JSON.stringify(narrow)}`);
  console.log(`at 390 px: ${narrow.scrollWidth} px wide, results before the introduction, no text under 11 px (canvas labels ${narrow.drawn.map((px) => px.toFixed(1)).join(", ")} px)`);

  // The worker traps (a test hook): the page says so, restarts it and keeps the input.
  const crashing = await browser.newPage();
  await nextResult(crashing, () => crashing.goto(`${origin}/?sample=chelsea.png&method=wam&test-hooks`));
  const crash = await nextResult(crashing, () => crashing.evaluate(() => window.wamTest.trap())).then(
    () => "no failure shown",
    (error) => error.message,
  );
  check(/restarted/.test(crash), `after a trap the page says: ${crash}`);
  const again = await nextResult(crashing, () => crashing.click("#explain"));
  check(/cat|tabby/i.test(again.top1), `after the restart the input explained is '${again.top1}'`);
  check(!(await crashing.isDisabled('button[data-canvas="mosaic-canvas"]')), "a WAM mosaic cannot be exported");
  console.log(`a trapped worker: '${crash}'; explained again: ${again.top1}`);
  check(offOrigin.length === 0, `requests left the origin: ${offOrigin.join(", ")}`);
} catch (error) {
  failures.push(error.message);
} finally {
  await browser.close();
  stop();
}
finish("end-to-end test", failures);
