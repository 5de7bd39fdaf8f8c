// The image modality's sources: the file picker, drag-and-drop anywhere on
// the page, paste (Ctrl+V), the webcam and the gallery of bundled samples.
// Each hands its input to the shell the moment the user gives it, as a
// promise: decoding follows, or fails with a message naming the file.

import { byId } from "../../shell/dom";
import type { Shell, Sources } from "../../shell/modality";
import { errorText } from "../../shell/page";
import { type RgbaImage, decode, pixels } from "./decode";
import { meta } from "./meta";

/** What a source calls, synchronously, with an input on its way. */
type Take = (pending: Promise<RgbaImage>) => void;

/** One bundled sample, as listed in `gallery.json`. */
interface GalleryEntry {
  file: string;
  title: string;
  credit: string;
}

/** Decodes a dropped, picked or pasted file and hands it on. */
function takeFile(file: File, take: Take): void {
  take(decode(file, file.name || "pasted image"));
}

/** Drag-and-drop anywhere on the page, the file picker and Ctrl+V. */
function listenForFiles(fileInput: HTMLInputElement, take: Take): void {
  fileInput.addEventListener("change", () => {
    const file = fileInput.files?.[0];
    if (file) takeFile(file, take);
    fileInput.value = "";
  });
  const body = document.body;
  body.addEventListener("dragover", (e) => {
    e.preventDefault();
    body.classList.add("dragging");
  });
  body.addEventListener("dragleave", (e) => {
    if (e.relatedTarget === null) body.classList.remove("dragging");
  });
  body.addEventListener("drop", (e) => {
    e.preventDefault();
    body.classList.remove("dragging");
    const file = e.dataTransfer?.files[0];
    if (file) takeFile(file, take);
  });
  document.addEventListener("paste", (e) => {
    const item = [...(e.clipboardData?.items ?? [])].find((i) => i.kind === "file" && i.type.startsWith("image/"));
    const file = item?.getAsFile();
    if (file) {
      e.preventDefault();
      takeFile(file, take);
    }
  });
}

/** The webcam: `start` shows a preview in `video`, `snap` takes a frame and stops the stream. */
function webcam(video: HTMLVideoElement, take: Take) {
  let stream: MediaStream | null = null;
  const stop = () => {
    stream?.getTracks().forEach((t) => t.stop());
    stream = null;
    video.srcObject = null;
  };
  return {
    async start(): Promise<void> {
      if (!navigator.mediaDevices?.getUserMedia) throw new Error("this browser gives no access to a camera here (it needs https or localhost)");
      stop();
      stream = await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 640 }, height: { ideal: 480 } }, audio: false });
      video.srcObject = stream;
      await video.play();
    },
    snap(): void {
      if (!stream || video.videoWidth === 0) {
        take(Promise.reject(new Error("the camera has not started yet")));
        return;
      }
      const frame = { width: video.videoWidth, height: video.videoHeight };
      const canvas = new OffscreenCanvas(frame.width, frame.height);
      canvas.getContext("2d")?.drawImage(video, 0, 0);
      stop();
      take(Promise.resolve({ ...pixels(canvas), name: "webcam snapshot", sample: null }));
    },
    stop,
  };
}

/** The webcam's panel and buttons: open (a camera that will not start is a failure), snap, close. */
function listenForWebcam(shell: Shell): void {
  const panel = byId("webcam");
  const camera = webcam(byId<HTMLVideoElement>("webcam-video"), (pending) => {
    panel.hidden = true;
    shell.take(pending);
  });
  byId("webcam-open").addEventListener("click", () => {
    panel.hidden = false;
    camera.start().catch((e: unknown) => {
      panel.hidden = true;
      camera.stop();
      shell.fail(`Could not start the camera: ${errorText(e)}`);
    });
  });
  byId("snap").addEventListener("click", () => camera.snap());
  byId("webcam-close").addEventListener("click", () => {
    camera.stop();
    panel.hidden = true;
  });
}

/** Reads the gallery list. */
async function loadGallery(url: string): Promise<GalleryEntry[]> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not load the gallery (${response.status})`);
  return (await response.json()) as GalleryEntry[];
}

/** Fetches and decodes a gallery sample. */
async function loadSample(folder: string, file: string): Promise<RgbaImage> {
  const response = await fetch(folder + encodeURIComponent(file));
  if (response.status === 404) throw new Error(`there is no sample '${file}'`);
  if (!response.ok) throw new Error(`could not load the sample '${file}' (HTTP ${response.status})`);
  return decode(await response.blob(), file, file);
}

/** A gallery button: the sample's thumbnail, title and credit; a click calls `open`. */
function galleryItem(entry: GalleryEntry, open: (file: string) => void): HTMLLIElement {
  const item = document.createElement("li");
  const button = document.createElement("button");
  button.type = "button";
  button.dataset.file = entry.file;
  button.title = `${entry.title} — ${entry.credit}`;
  const img = document.createElement("img");
  img.src = meta.gallery + encodeURIComponent(entry.file);
  img.alt = entry.title;
  img.loading = "lazy";
  const title = document.createElement("span");
  title.className = "title";
  title.textContent = entry.title;
  const credit = document.createElement("span");
  credit.className = "credit";
  credit.textContent = entry.credit;
  button.append(img, title, credit);
  button.addEventListener("click", () => open(entry.file));
  item.append(button);
  return item;
}

export class ImageSources implements Sources {
  private readonly gallery = byId("gallery");

  /** Starts every source; the gallery fills in once its list has loaded. */
  constructor(private readonly shell: Shell) {
    listenForFiles(byId<HTMLInputElement>("file-input"), (pending) => shell.take(pending));
    listenForWebcam(shell);
    void this.fillGallery(byId("credits"));
  }

  sample(file: string): Promise<RgbaImage> {
    return loadSample(meta.gallery, file);
  }

  chosen(sample: string | null): void {
    for (const item of this.gallery.querySelectorAll<HTMLElement>("[data-file]")) {
      item.classList.toggle("chosen", item.dataset.file === sample);
    }
  }

  /** Fills the gallery (a click opens the sample) and the samples' credits. */
  private async fillGallery(credits: HTMLElement): Promise<void> {
    try {
      const entries = await loadGallery(`${meta.gallery}gallery.json`);
      this.gallery.replaceChildren(...entries.map((entry) => galleryItem(entry, (file) => this.shell.take(this.sample(file)))));
      this.chosen(this.shell.settings.sample);
      credits.textContent = `Samples: ${entries.map((e) => `${e.title} — ${e.credit}`).join("; ")}.`;
    } catch (e) {
      credits.textContent = errorText(e);
    }
  }
}
