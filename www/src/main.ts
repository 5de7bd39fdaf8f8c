// The page: builds the shell (settings, state on <body>, controls, progress,
// badge, and the session that drives the worker) and plugs in the image
// modality. The data attributes on <body> that the end-to-end test reads are
// described in shell/page.ts.

import { image } from "./modalities/image";
import { Badge } from "./shell/badge";
import { Controls } from "./shell/controls";
import { byId } from "./shell/dom";
import { Page } from "./shell/page";
import { Progress } from "./shell/progress";
import { Session } from "./shell/session";
import { readSettings } from "./shell/settings";

const modality = image;
// `?test-hooks` (read before the settings rewrite the URL) lets the end-to-end test make the worker
// trap or lose its WebGPU device.
const testHooks = new URLSearchParams(location.search).has("test-hooks");
const page = new Page(readSettings(location.search, modality.meta), document.body, byId("error"), byId("notice"));
const controls = new Controls(page, modality.meta.defaults);
const session = new Session(modality, {
  page,
  controls,
  progress: new Progress(byId<HTMLProgressElement>("progress"), byId("progress-text")),
  badge: new Badge(byId("backend-badge"), page),
  top5: byId("top5"),
});
controls.listen(session);
if (testHooks) Object.assign(window, { wamTest: { trap: () => session.trapWorker(), destroyDevice: () => session.destroyDevice() } });
session.start();
