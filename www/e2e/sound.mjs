// End-to-end test of the page's sound side (www/dist) in Debian's Chromium:
// open `?model=yamnet` (the bundled speech is explained: "Speech"), check
// the views, the scalogram's read-out in Hz, keep-top, and the <audio> of
// the original, of its keep-top rebuilding and of one band alone (blob:
// URLs that play); the PNG exports of the sound views; the faithfulness
// panel's curves with sigmoid scores and its sanity check;
// refuse a file that is not a sound, a 60 MB one and a WAV that claims an
// hour by their names; upload the 1 kHz tone; open the computed missing
// fundamental; record from Chromium's fake microphone (a 1 kHz tone file)
// and stop, and read the classes heard over the recording (its timeline); hear the missing fundamental's 200 Hz with CREPE tiny; check
// that no request left the origin and nothing was logged as an error; save
// a screenshot.
//
//   node e2e/sound.mjs [--screenshot FILE]   # docs/web-sound.png: --screenshot ../docs/web-sound.png
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { check, distinctColours, finish, launch, nextResult, serve, watch, www } from "./browser.mjs";

const { values: args } = parseArgs({
  options: {
    screenshot: { type: "string", default: resolve(www, "../target/e2e/sound.png") },
    port: { type: "string", default: "4181" },
  },
});

/** The failure message of `nextResult(page, action)`, or "it was explained". */
const refusal = (page, action) => nextResult(page, action).then(() => "it was explained", (error) => error.message);

// The fake microphone plays a 1 kHz tone, in a loop.
const dir = mkdtempSync(join(tmpdir(), "wam-sound-"));
const toneFile = join(dir, "tone.wav");
copyFileSync(resolve(www, "../samples/tone-1khz.wav"), toneFile);
const { origin, stop } = await serve(args.port);
const browser = await launch(["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", `--use-file-for-fake-audio-capture=${toneFile}`, "--autoplay-policy=no-user-gesture-required"]);
const failures = [];
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const offOrigin = watch(page, origin, failures);

  const started = Date.now();
  const speech = await nextResult(page, () => page.goto(`${origin}/?model=yamnet&samples=5`));
  console.log(`?model=yamnet opens on speech.wav: ${speech.top1} (${speech.method}, explained in ${speech.explainMs} ms; ${Date.now() - started} ms in all)`);
  check(speech.top1 === "Speech", `speech.wav was labelled '${speech.top1}'`);
  check((await page.inputValue("#model")) === "yamnet", `the model menu shows '${await page.inputValue("#model")}'`);
  check((await page.isHidden("#overlay-view")) && (await page.isVisible("#scalogram-view")), "the image views show on the sound page, or the sound views do not");
  // Line drawings (waveforms, curves) hold a few colours, colour maps many.
  for (const [view, least] of [["#clip-canvas", 2], ["#wave-canvas", 2], ["#curves-canvas", 3], ["#strip-canvas", 16], ["#scalogram-canvas", 16], ["#sound-decomposition-canvas", 16]]) {
    const colours = await distinctColours(page, view);
    check(colours >= least, `${view} looks blank (${colours} colours)`);
  }
  // The sound views share the image views' conventions: a colour bar with numbers under each heat view, the level shares.
  const bars = await page.$$eval("#views [data-legend]", (els) => els.filter((el) => el.closest("[hidden]") === null).map((el) => ({ name: el.dataset.legend, shown: !el.hidden, text: el.textContent })));
  check(bars.length === 3 && bars.every((b) => b.shown && /\d/.test(b.text) && /percentile/.test(b.text)), `the sound legends: ${JSON.stringify(bars)}`);
  const shares = await page.$$eval("#sound-shares span:nth-child(3n)", (spans) => spans.length);
  check(shares === 7, `the sound page shows ${shares} level shares, not 7 (6 levels and the approximation)`);
  console.log(`sound legends: ${bars.map((b) => b.name).join(", ")}; 7 level shares`);
  check(/window 0\.00–0\.97 s/.test(await page.textContent("#sound-caption")), `the caption says '${await page.textContent("#sound-caption")}'`);
  await page.waitForFunction(() => document.body.dataset.kept === document.body.dataset.results, null, { timeout: 60_000 });
  check(/coefficients kept/.test(await page.textContent("#keep-label")), `the keep-top label says '${await page.textContent("#keep-label")}'`);
  console.log(`keep the top q %: ${await page.textContent("#keep-label")}`);

  // The faithfulness panel works on sounds too, with YAMNet's sigmoid scores.
  await page.click("#measure");
  await page.waitForFunction(() => !["idle", "measuring"].includes(document.querySelector("#faithfulness-view")?.dataset.state ?? "idle"), null, { timeout: 300_000 });
  const aucs = await page.textContent("#faithfulness-aucs");
  check((await page.getAttribute("#faithfulness-view", "data-state")) === "measured" && /insertion AUC 0\.\d{3} .*coefficients, sigmoid scores/.test(aucs), `the sound's faithfulness: '${aucs}' (${await page.textContent("#measure-status")})`);
  console.log(`faithfulness of the speech: ${aucs} — ${await page.textContent("#faithfulness-reading")}`);
  // …and the sanity check: YAMNet's 28 layers re-initialised from the top (0, 1, 2, 4, 8, 16, 28).
  await page.click("#sanity-run");
  await page.waitForFunction(() => !["measured", "checking"].includes(document.querySelector("#faithfulness-view")?.dataset.state ?? ""), null, { timeout: 300_000 });
  const rows = await page.locator("#sanity-rows figcaption").allTextContents();
  check(rows.length === 7 && /top 28 of 28 layers random · ρ = -?[01]\.\d\d/.test(rows.at(-1) ?? ""), `YAMNet's sanity check: ${rows.join(" | ")} (${await page.textContent("#measure-status")})`);
  console.log(`sanity check of the speech: ${rows.join(" | ")}`);

  // The scalogram's finest row is level 1, 4–8 kHz at 16 kHz.
  const scalogram = page.locator("#scalogram-canvas");
  const box = await scalogram.boundingBox();
  await scalogram.hover({ position: { x: box.width * 0.5, y: 2 } });
  const readout = await page.textContent("#scalogram-readout");
  check(/^d1 4 kHz–8 kHz · coefficient \d+ of \d+, at 0\.4\d\d s · value/.test(readout), `the scalogram read-out says '${readout}' on the finest row`);
  console.log(`scalogram read-out: ${readout}`);

  // The original and its keep-top rebuilding play from blob: URLs, which the export links save.
  const bands = await page.$$eval("#band-level option", (options) => options.map((o) => o.textContent));
  check(bands.length === 7 && bands[0] === "d1 4 kHz–8 kHz" && bands[6] === "a6 0 Hz–125 Hz", `the band menu offers ${JSON.stringify(bands)}`);
  await page.selectOption("#band-level", "3");
  for (const [what, audio, link] of [["the original", "#original-audio", "#original-wav"], ["the kept top 30 %", "#kept-audio", "#kept-wav"], ["level 3 alone", "#band-audio", "#band-wav"]]) {
    const played = await page.$eval(
      audio,
      async (a, link) => {
        await a.play();
        await new Promise((r) => setTimeout(r, 300));
        return { src: a.src, time: a.currentTime, ready: a.readyState, href: document.querySelector(link).href };
      },
      link,
    );
    check(played.src.startsWith("blob:") && played.href === played.src && (played.time > 0 || played.ready >= 2), `${what}'s audio element: ${JSON.stringify(played)}`);
    console.log(`${what} plays from ${played.src} (at ${played.time.toFixed(2)} s, readyState ${played.ready})`);
  }

  check((await page.getAttribute("#band-wav", "download")) === "band-d3.wav", `level 3's export is named '${await page.getAttribute("#band-wav", "download")}'`);
  check(/one window long/.test(await page.textContent("#timeline-readout")), `the timeline of a one-window clip says '${await page.textContent("#timeline-readout")}'`);

  // The sound views save as PNG files.
  for (const canvas of ["scalogram-canvas", "curves-canvas", "wave-canvas", "sound-decomposition-canvas"]) {
    const [download] = await Promise.all([page.waitForEvent("download"), page.click(`button.png[data-canvas="${canvas}"]`)]);
    const bytes = readFileSync(await download.path());
    check(bytes.subarray(1, 4).toString() === "PNG" && /^wam-.*\.png$/.test(download.suggestedFilename()), `${canvas}'s PNG export: ${download.suggestedFilename()}, ${bytes.length} bytes`);
  }
  console.log("the sound views save as PNG files");

  // A file that is not a sound is refused by name; the tone is heard.
  const broken = await refusal(page, () => page.setInputFiles("#sound-file-input", { name: "broken.wav", mimeType: "audio/wav", buffer: Buffer.from("not a sound") }));
  check(/could not read 'broken\.wav' as a sound/.test(broken), `a corrupt upload: ${broken}`);
  console.log(`a corrupt upload: ${broken}`);
  const hugeFile = join(dir, "huge.wav");
  writeFileSync(hugeFile, "");
  truncateSync(hugeFile, 60 * 2 ** 20); // sparse: no 60 MB written
  const huge = await refusal(page, () => page.setInputFiles("#sound-file-input", hugeFile));
  check(/'huge\.wav' is 60 MB: files over 50 MB are refused/.test(huge), `a 60 MB file: ${huge}`);
  console.log(`a 60 MB file: ${huge}`);
  // A WAV whose header claims an hour is refused before it is decoded.
  const lying = readFileSync(resolve(www, "../samples/tone-1khz.wav"));
  lying.writeUInt32LE(3600 * 32_000, lying.indexOf("data") + 4);
  const hour = await refusal(page, () => page.setInputFiles("#sound-file-input", { name: "hour.wav", mimeType: "audio/wav", buffer: lying }));
  check(/'hour\.wav' lasts 3600 s: sounds over 600 s are refused/.test(hour), `a WAV that claims an hour: ${hour}`);
  console.log(`a WAV that claims an hour: ${hour}`);
  const tone = await nextResult(page, () => page.setInputFiles("#sound-file-input", resolve(www, "../samples/tone-1khz.wav")));
  const toneClass = /beep|sine|tone|whistl/i;
  check(toneClass.test(tone.top1), `the 1 kHz tone was labelled '${tone.top1}'`);
  console.log(`uploaded tone-1khz.wav: ${tone.top1}`);
  const missing = await nextResult(page, () => page.click('#sound-gallery [data-file="missing-fundamental.wav"]'));
  console.log(`the missing fundamental (gallery): ${missing.top1}`);

  // The fake microphone: record, the meter moves, stop, explained.
  await page.click("#record");
  await page.waitForFunction(() => Number(document.querySelector("#record-level")?.value) > 0.05, null, { timeout: 10_000 });
  await page.waitForTimeout(1200);
  const recorded = await nextResult(page, () => page.click("#record-stop"));
  check(await page.isDisabled("#record-stop"), "the stop button is still enabled after the recording");
  check(toneClass.test(recorded.top1), `the fake microphone's 1 kHz tone was labelled '${recorded.top1}'`);
  console.log(`recorded the fake microphone (a 1 kHz tone): ${recorded.top1}; ${await page.textContent("#sound-caption")}`);
  // A recording longer than a window: the classes heard over it, window by window.
  const windows = Number(/^(\d+) windows/.exec(await page.textContent("#timeline-readout"))?.[1]);
  check(windows >= 2 && (await distinctColours(page, "#timeline-canvas")) >= 3, `the recording's timeline: ${await page.textContent("#timeline-readout")}`);
  const timeline = page.locator("#timeline-canvas");
  const area = await timeline.boundingBox();
  await timeline.hover({ position: { x: area.width - 2, y: 5 } });
  const cell = await page.textContent("#timeline-readout");
  check(/ · \d+\.\d\d–\d+\.\d\d s · [\d.]+ %$/.test(cell), `the timeline's read-out says '${cell}'`);
  console.log(`the recording's timeline: ${windows} windows; ${cell}`);
  await page.click('#sound-gallery [data-file="speech.wav"]');
  await page.waitForFunction(() => document.body.dataset.state === "done" && document.body.dataset.kept === document.body.dataset.results, null, { timeout: 60_000 });
  // The keep curve, shared with the image page: its 9 points, measured for this result.
  await page.waitForFunction(() => document.querySelectorAll("#keep-curve circle").length === 9, null, { timeout: 60_000 });
  const curve = await page.getAttribute("#keep-curve", "aria-label");
  const kept = (await page.textContent("#keep-label")).match(/Speech: ([\d.]+ %)$/)?.[1];
  check(curve.includes(`30 %: ${kept}`), `the keep curve '${curve}' does not go through the keep view's 30 % (${kept})`);
  console.log(`keep curve: ${curve}`);
  mkdirSync(dirname(args.screenshot), { recursive: true });
  await page.screenshot({ path: args.screenshot, fullPage: true });
  console.log(`screenshot: ${args.screenshot}`);

  // CREPE tiny hears 200 Hz in harmonics 2..8 of 200 Hz (one 20-cent bin of slack past 25 cents).
  // On a phone (390 px) the sound page does not scroll sideways either.
  const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await nextResult(phone, () => phone.goto(`${origin}/?model=yamnet&samples=5`));
  const phoneWidth = await phone.evaluate(() => document.documentElement.scrollWidth);
  check(phoneWidth <= 390, `the sound page is ${phoneWidth} px wide at 390 px`);
  console.log(`at 390 px the sound page is ${phoneWidth} px wide`);
  const crepe = await browser.newPage();
  const crepeOffOrigin = watch(crepe, origin, failures);
  const pitch = await nextResult(crepe, () => crepe.goto(`${origin}/?model=crepe-tiny&sample=missing-fundamental.wav&method=wam`));
  const hz = Number(/^([\d.]+) Hz/.exec(pitch.top1)?.[1]);
  const cents = Math.abs(1200 * Math.log2(hz / 200));
  check(cents <= 35, `CREPE tiny hears the missing fundamental as '${pitch.top1}' (${cents.toFixed(0)} cents from 200 Hz)`);
  console.log(`CREPE tiny on the missing fundamental: ${pitch.top1} (${cents.toFixed(0)} cents from 200 Hz)`);
  check(offOrigin.length + crepeOffOrigin.length === 0, `requests left the origin: ${[...offOrigin, ...crepeOffOrigin].join(", ")}`);
  console.log(`${Date.now() - started} ms in all`);
} catch (error) {
  failures.push(error.message);
} finally {
  await browser.close();
  stop();
  rmSync(dir, { recursive: true, force: true });
}
finish("sound end-to-end test", failures);
