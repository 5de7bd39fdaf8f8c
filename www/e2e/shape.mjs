// End-to-end test of the page's shape side (www/dist) in Debian's Chromium,
// on the CPU: open `?model=shapes` (the bundled airplane.ply, z up, is
// explained: "airplane"),
// check that the three.js views draw (their WebGL pixels read back: not all
// background, many colours), that recolouring by one scale changes the
// mesh, that the PLY export holds every vertex and triangle in varied
// colours, that a slice changes when its slider moves, that the slices
// show the bands of the input's own decomposition, and that keep-top
// re-classifies (and changes with q); explain it again with y up; upload a
// mesh and drop another;
// refuse a broken mesh and a mesh under the wrong extension by their
// names; check that no request left the origin and nothing was logged as an
// error; save a screenshot.
//
//   node e2e/shape.mjs [--port P] [--screenshot FILE]   # docs/web-shape.png: --screenshot ../docs/web-shape.png
import { mkdirSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parseArgs } from "node:util";
import { check, finish, launch, nextResult, serve, watch, www } from "./browser.mjs";

const { values: args } = parseArgs({
  options: {
    screenshot: { type: "string", default: resolve(www, "../target/e2e/shape.png") },
    port: { type: "string", default: "4191" },
  },
});

const meshes = resolve(www, "../models/.downloads/meshes");
const labels = readFileSync(resolve(www, "../models/shapes/labels.txt"), "utf8").trim().split("\n");

/** The failure message of `nextResult(page, action)`, or "it was explained". */
const refusal = (page, action) => nextResult(page, action).then(() => "it was explained", (error) => error.message);

/**
 * What the canvas `selector` shows (2-D or WebGL, read through a 2-D copy):
 * how many pixels differ from its corner's (the background), how many
 * distinct colours, and a fingerprint of its pixels.
 */
function look(page, selector) {
  return page.$eval(selector, (canvas) => {
    const copy = document.createElement("canvas");
    [copy.width, copy.height] = [canvas.width, canvas.height];
    const ctx = copy.getContext("2d");
    ctx.drawImage(canvas, 0, 0);
    const pixels = new Uint32Array(ctx.getImageData(0, 0, copy.width, copy.height).data.buffer);
    let hash = 0;
    for (const p of pixels) hash = (Math.imul(hash, 31) + p) | 0;
    return { drawn: pixels.filter((p) => p !== pixels[0]).length / pixels.length, colours: new Set(pixels).size, hash };
  });
}

/** The vertex and face counts of a PLY's header (ASCII or binary). */
function plyCounts(bytes) {
  // The header ends with the line "end_header" (LF or CRLF).
  const header = bytes.subarray(0, bytes.indexOf("\n", bytes.indexOf("end_header")) + 1).toString("latin1");
  const count = (element) => Number(new RegExp(`element ${element} (\\d+)`).exec(header)?.[1]);
  return { header, vertices: count("vertex"), faces: count("face") };
}

/** Waits until the keep-top view belongs to the latest result and is not being rebuilt. */
const keptNow = (page) => page.waitForFunction(() => document.body.dataset.kept === document.body.dataset.results && !document.querySelector("#keep-view").classList.contains("busy"), null, { timeout: 120_000 });

const { origin, stop } = await serve(args.port);
const browser = await launch(["--enable-unsafe-swiftshader"]);
const failures = [];
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const offOrigin = watch(page, origin, failures);

  const started = Date.now();
  const airplane = await nextResult(page, () => page.goto(`${origin}/?model=shapes&samples=5&backend=cpu`));
  console.log(`?model=shapes opens on airplane.ply: ${airplane.top1} (${airplane.method} on ${airplane.backend}, explained in ${airplane.explainMs} ms; ${Date.now() - started} ms in all)`);
  // PyVista's airplane has z up, as its gallery entry says: the model knows it (tests/model_shapes.rs natively).
  check(airplane.top1 === "airplane" && (await page.inputValue("#up-axis")) === "z", `airplane.ply (up axis '${await page.inputValue("#up-axis")}') was labelled '${airplane.top1}'`);
  check((await page.inputValue("#model")) === "shapes", `the model menu shows '${await page.inputValue("#model")}'`);
  check((await page.isHidden("#overlay-view")) && (await page.isHidden("#scalogram-view")) && (await page.isVisible("#mesh-view")), "the image or sound views show on the shape page, or the shape views do not");

  // The three.js views draw: the mesh in many colours, the cloud of top voxels.
  // (The cloud is 1 % of the grid's voxels, framed with the whole grid: a small part of its canvas.)
  for (const [view, least] of [["#mesh-canvas", 0.02], ["#top-voxels-canvas", 0.005]]) {
    const seen = await look(page, view);
    check(seen.drawn > least && seen.colours >= 16, `${view} looks blank: ${JSON.stringify(seen)}`);
    console.log(`${view}: ${(seen.drawn * 100).toFixed(1)} % drawn, ${seen.colours} colours`);
  }
  const legend = await page.textContent("#mesh-legend");
  check(/\d/.test(legend) && /percentile/.test(legend), `the mesh's colour bar says '${legend}'`);
  // Colouring by the finest scale changes the mesh's colours.
  const bySum = await look(page, "#mesh-canvas");
  await page.selectOption("#mesh-map", "scale-0");
  const byFinest = await look(page, "#mesh-canvas");
  check(byFinest.hash !== bySum.hash, "the mesh looks the same coloured by the sum and by level 1");
  console.log(`colour by: ${(await page.$$eval("#mesh-map option", (os) => os.map((o) => o.textContent))).join(", ")}`);

  // The PLY export (the engine's, as `wam explain` writes it): every vertex and triangle of
  // airplane.ply (all triangles), binary, each vertex coloured by level 1's map: not one colour.
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#mesh-ply")]);
  const ply = readFileSync(await download.path());
  const source = plyCounts(readFileSync(resolve(meshes, "pyvista/airplane.ply")));
  const exported = plyCounts(ply);
  check(exported.vertices === source.vertices && exported.faces === source.faces, `the PLY has ${exported.vertices} vertices, ${exported.faces} faces; airplane.ply ${source.vertices}, ${source.faces}`);
  check(/binary_little_endian/.test(exported.header) && ply.length === exported.header.length + exported.vertices * 15 + exported.faces * 13, `the PLY's body does not match its header (${ply.length} bytes)`);
  const colours = new Set(Array.from({ length: exported.vertices }, (_, v) => ply.readUIntBE(exported.header.length + v * 15 + 12, 3)));
  check(colours.size >= 8, `the PLY's vertices have ${colours.size} colours`);
  console.log(`exported ${download.suggestedFilename()}: ${exported.vertices} vertices, ${exported.faces} faces, ${colours.size} colours`);

  // A slice changes when its slider moves; the grid's slices show the shape.
  await page.selectOption("#slice-map", "grid");
  const before = await look(page, "#slice-0");
  check(before.drawn > 0.01, `the grid's middle slice across depth is empty: ${JSON.stringify(before)}`);
  await page.$eval("#slice-0-at", (slider) => {
    slider.value = "4";
    slider.dispatchEvent(new Event("input"));
  });
  const after = await look(page, "#slice-0");
  check(after.hash !== before.hash && (await page.getAttribute("#slice-0", "data-at")) === "4", "the slice across depth did not move with its slider");
  await page.selectOption("#slice-map", "sum");
  check((await look(page, "#slice-1")).colours >= 3, "the attribution's slice across height is blank");
  // The input's own Haar decomposition, band by band: a filled object has a large
  // approximation; the finest aad band (detail across width) lies on its surfaces.
  await page.$eval("#slice-0-at", (slider) => {
    slider.value = "16";
    slider.dispatchEvent(new Event("input"));
  });
  const bandSlices = {};
  for (const band of ["band-a", "band-d1_aad"]) {
    await page.selectOption("#slice-map", band);
    bandSlices[band] = await look(page, "#slice-0");
    check(bandSlices[band].drawn > 0 && bandSlices[band].colours >= 2, `${band}'s slice across depth is blank: ${JSON.stringify(bandSlices[band])}`);
    check(/\d/.test(await page.textContent("#slice-legend")), `${band} has no colour bar`);
  }
  check(bandSlices["band-a"].hash !== bandSlices["band-d1_aad"].hash && bandSlices["band-a"].hash !== before.hash, "the decomposition's bands look like each other or like the grid");
  await page.selectOption("#slice-map", "band-a");
  console.log(`slices: ${(await page.$$eval("#slice-map option", (os) => os.map((o) => o.textContent))).join(", ")}`);

  // Keep-top re-classifies, shows the rebuilt grid's voxels, and changes with q.
  await keptNow(page);
  const kept30 = await page.textContent("#keep-label");
  check(/coefficients kept · top-1: .+ · .+: [\d.]+ %/.test(kept30), `the keep-top label says '${kept30}'`);
  const voxels = await look(page, "#kept-voxels-canvas");
  check(voxels.drawn > 0.01, `the kept voxels' view is blank: ${JSON.stringify(voxels)}`);
  await page.$eval("#keep", (slider) => {
    slider.value = "2";
    slider.dispatchEvent(new Event("input"));
  });
  await page.waitForFunction((old) => document.querySelector("#keep-label").textContent !== old && !document.querySelector("#keep-view").classList.contains("busy"), kept30, { timeout: 60_000 });
  const kept2 = await page.textContent("#keep-label");
  check(/coefficients kept/.test(kept2), `keep 2 %: '${kept2}'`);
  console.log(`keep 30 %: ${kept30}\nkeep 2 %: ${kept2}`);

  // Another up axis explains the mesh again.
  const lying = await nextResult(page, () => page.selectOption("#up-axis", "y"));
  console.log(`airplane.ply with y up: ${lying.top1}`);

  // Upload a mesh, drop another.
  const ant = await nextResult(page, () => page.setInputFiles("#shape-file-input", resolve(meshes, "pyvista/ant.ply")));
  console.log(`uploaded ant.ply: ${ant.top1}`);
  check(labels.includes(ant.top1), `ant.ply: '${ant.top1}'`);
  const bunnyBytes = [...readFileSync(resolve(meshes, "glmark2-data/bunny.obj"))];
  const bunny = await nextResult(page, () =>
    page.evaluate((bytes) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(bytes)], "bunny.obj"));
      document.body.dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, bunnyBytes),
  );
  console.log(`dropped bunny.obj: ${bunny.top1}`);
  check((await look(page, "#mesh-canvas")).drawn > 0.02, "the dropped bunny is not drawn");

  // Broken meshes are refused by name.
  const broken = await refusal(page, () => page.setInputFiles("#shape-file-input", { name: "broken.obj", mimeType: "model/obj", buffer: Buffer.from("v 0 0 0\nf 1 2 3\n") }));
  check(/'broken\.obj'/.test(broken), `a broken OBJ: ${broken}`);
  console.log(`a broken OBJ: ${broken}`);
  const renamed = await refusal(page, () => page.setInputFiles("#shape-file-input", { name: "plane.stl", mimeType: "model/stl", buffer: readFileSync(resolve(meshes, "pyvista/airplane.ply")) }));
  check(/'plane\.stl'/.test(renamed), `a PLY named .stl: ${renamed}`);
  console.log(`a PLY named .stl: ${renamed}`);

  await nextResult(page, () => page.click('#shape-gallery [data-file="airplane.ply"]'));
  await keptNow(page);
  mkdirSync(dirname(args.screenshot), { recursive: true });
  await page.screenshot({ path: args.screenshot, fullPage: true });
  console.log(`screenshot: ${args.screenshot}`);
  check(offOrigin.length === 0, `requests left the origin: ${offOrigin.join(", ")}`);
  console.log(`${Date.now() - started} ms in all`);
} catch (error) {
  failures.push(error.message);
} finally {
  await browser.close();
  stop();
}
finish("shape end-to-end test", failures);
