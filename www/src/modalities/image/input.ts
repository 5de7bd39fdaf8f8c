// The image modality's sources: the file picker, drag-and-drop anywhere on
// the page, paste (Ctrl+V) (see ../files.ts), the webcam and the gallery of
// bundled samples.
// Each hands its input to the shell the moment the user gives it, as a
// promise: decoding follows, or fails with a message naming the file.

import { byId } from "../../shell/dom";
import type { Shell, Sources } from "../../shell/modality";
import { errorText } from "../../shell/page";
import { type GalleryEntry, fetchSample, fillGallery, listenForFiles, markChosen } from "../files";
import { type RgbaImage, decode, pixels } from "./decode";
import { meta } from "./meta";

/** What a source calls, synchronously, with an input on its way. */
type Take = (pending: Promise<RgbaImage>) => void;

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

/** Fetches and decodes a gallery sample. */
async function loadSample(folder: string, file: string): Promise<RgbaImage> {
  return decode(await fetchSample(folder, file), file, file);
}

/** The sample's thumbnail. */
function thumbnail(entry: GalleryEntry): HTMLImageElement {
  const img = document.createElement("img");
  img.src = meta.gallery + encodeURIComponent(entry.file);
  img.alt = entry.title;
  img.loading = "lazy";
  return img;
}

export class ImageSources implements Sources {
  private readonly gallery = byId("gallery");

  /** Starts every source; the gallery fills in once its list has loaded. */
  constructor(shell: Shell) {
    listenForFiles(byId<HTMLInputElement>("file-input"), "image/", (file) => shell.take(decode(file, file.name || "pasted image")));
    listenForWebcam(shell);
    const open = (file: string) => shell.take(this.sample(file));
    void fillGallery(this.gallery, byId("credits"), { folder: meta.gallery, what: "Samples", open, chosen: shell.settings.sample, thumbnail });
  }

  sample(file: string): Promise<RgbaImage> {
    return loadSample(meta.gallery, file);
  }

  chosen(sample: string | null): void {
    markChosen(this.gallery, sample);
  }
}
