// What the end-to-end test and the browser benchmark share: serving the
// built page (www/dist) with `vite preview`, and Debian's Chromium driven
// by playwright-core (never a downloaded browser).
import { spawn } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

/** The www/ folder. */
export const www = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Starts `vite preview` on `port`; resolves to `{origin, stop}` once it answers. */
export async function serve(port) {
  const origin = `http://127.0.0.1:${port}`;
  const server = spawn("node_modules/.bin/vite", ["preview", "--host", "127.0.0.1", "--port", String(port), "--strictPort"], { cwd: www, stdio: ["ignore", "ignore", "inherit"] });
  for (let i = 0; i < 100; i++) {
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

/** Waits until the page has finished an explanation; throws with the page's message if it failed. */
export async function explained(page, timeout = 300_000) {
  await page.waitForFunction(() => ["done", "error"].includes(document.body.dataset.state), null, { timeout });
  const state = await page.evaluate(() => ({ ...document.body.dataset, error: document.querySelector("#error")?.textContent ?? "" }));
  if (state.state !== "done") throw new Error(`the page failed: ${state.error}`);
  return state;
}
