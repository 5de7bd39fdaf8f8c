// The page: picks the model (and so the modality) that `?model=` names,
// shows that modality's parts of the page, builds the shell (settings,
// state on <body>, controls, progress, badge, and the session that drives
// the worker) and plugs the modality in. The data attributes on <body> that
// the end-to-end test reads are described in shell/page.ts.

import { CHOICES, choose } from "./modalities";
import { Badge } from "./shell/badge";
import { Controls } from "./shell/controls";
import { byId } from "./shell/dom";
import { Page } from "./shell/page";
import { Progress } from "./shell/progress";
import { Session } from "./shell/session";
import { readSettings } from "./shell/settings";
import { listenForPngButtons } from "./views/draw";

const chosen = choose(location.search);
const modality = chosen.modality;
// Only the chosen modality's parts of the page are shown.
for (const part of document.querySelectorAll<HTMLElement>("[data-modality]")) part.hidden = part.dataset.modality !== modality.meta.label;
// "What to explain": another model opens the page anew on it.
const picker = byId<HTMLSelectElement>("model");
picker.replaceChildren(...CHOICES.map((c) => new Option(c.title, c.key, false, c === chosen)));
picker.addEventListener("change", () => location.assign(`?model=${encodeURIComponent(picker.value)}`));
// `?test-hooks` (read before the settings rewrite the URL) lets the end-to-end test make the worker
// trap or lose its WebGPU device.
const testHooks = new URLSearchParams(location.search).has("test-hooks");
const page = new Page(readSettings(location.search, modality.meta), document.body, byId("error"), byId("notice"));
const controls = new Controls(page, modality.meta);
const session = new Session(modality, {
  page,
  controls,
  progress: new Progress(byId<HTMLProgressElement>("progress"), byId("progress-text")),
  badge: new Badge(byId("backend-badge"), page),
  top5: byId("top5"),
  keepCurve: document.getElementById("keep-curve") as unknown as SVGSVGElement,
});
controls.listen(session);
listenForPngButtons();
if (testHooks) Object.assign(window, { wamTest: { trap: () => session.trapWorker(), destroyDevice: () => session.destroyDevice() } });
session.start();
