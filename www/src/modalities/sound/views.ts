// The sound modality's views of a result: the whole clip with the window
// explained marked, the window's waveform with the attribution along time,
// the scalogram and the decomposition (rows = levels, labelled in Hz, with
// their read-outs), the per-level curves, keep-top, the classes heard over
// the clip (its timeline), and the clip, its keep-top rebuilding and one
// band alone to listen to (and export as WAV).

import { type BandPicture, type Explained, type KeepTopResult, bandPicture } from "../../api";
import { byId } from "../../shell/dom";
import type { Shell, Views } from "../../shell/modality";
import { isWaveletMethod } from "../../shell/settings";
import { attachReadout } from "../../views/bands";
import { clear, drawPicture, pictureCanvas, prepare } from "../../views/draw";
import { drawKeep, listenForKeep } from "../../views/keep";
import { drawShares } from "../../views/scales";
import { bandLabel, describeSound } from "./bands";
import type { SoundMeta } from "./meta";
import { cellAt, describeCell, drawTimeline } from "./timeline";
import { audible, encodeWav } from "./wav";

/** Draws `samples` (min..max per column) across `canvas`, the window `[start, start + seconds]` s shaded. */
function drawClip(canvas: HTMLCanvasElement, samples: Float32Array, rate: number, window: { start: number; seconds: number } | undefined): void {
  const ctx = prepare(canvas, canvas.width, canvas.height);
  const [w, h] = [canvas.width, canvas.height];
  ctx.clearRect(0, 0, w, h);
  const duration = samples.length / rate;
  if (window) {
    ctx.fillStyle = "rgba(230, 120, 20, 0.25)";
    ctx.fillRect((window.start / duration) * w, 0, (window.seconds / duration) * w, h);
  }
  ctx.strokeStyle = "#345";
  ctx.beginPath();
  for (let x = 0; x < w; x++) {
    const part = samples.subarray(Math.floor((x * samples.length) / w), Math.max(Math.floor(((x + 1) * samples.length) / w), Math.floor((x * samples.length) / w) + 1));
    let [lo, hi] = [0, 0];
    for (const v of part) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
    ctx.moveTo(x + 0.5, h / 2 - hi * (h / 2));
    ctx.lineTo(x + 0.5, h / 2 - lo * (h / 2) + 1);
  }
  ctx.stroke();
}

/** How much taller than in the picture a scalogram's rows are drawn (room for their labels). */
const ROW_STRETCH = 3;

/** Draws a band picture, its rows ROW_STRETCH times taller, each labelled by its band in Hz. */
function drawScalogram(canvas: HTMLCanvasElement, picture: BandPicture, rate: number): void {
  const { image, bands } = picture;
  const ctx = prepare(canvas, image.width, image.height * ROW_STRETCH);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(pictureCanvas(image), 0, 0, canvas.width, canvas.height);
  const levels = Math.max(...bands.map((b) => b.level));
  ctx.font = "600 12px system-ui, sans-serif";
  ctx.textBaseline = "middle";
  for (const band of bands) {
    const label = bandLabel(band, levels, rate);
    const y = (band.offset[0] + band.shape[0] / 2) * ROW_STRETCH;
    ctx.fillStyle = "rgba(255, 255, 255, 0.8)";
    ctx.fillRect(2, y - 8, ctx.measureText(label).width + 6, 16);
    ctx.fillStyle = "#222";
    ctx.fillText(label, 5, y);
  }
}

/** Gives `audio` and the export link `wav` (saved as `name`.wav) `samples` at `rate`, as a WAV blob. */
function play(audio: HTMLAudioElement, wav: HTMLAnchorElement, samples: Float32Array, rate: number, name: string): void {
  if (audio.src) URL.revokeObjectURL(audio.src);
  audio.src = URL.createObjectURL(encodeWav(samples, rate));
  wav.href = audio.src;
  wav.download = `${name.replace(/\.[^.]*$/, "")}.wav`;
}

export class SoundViews implements Views {
  private readonly ui = {
    clip: byId<HTMLCanvasElement>("clip-canvas"),
    caption: byId("sound-caption"),
    wave: byId<HTMLCanvasElement>("wave-canvas"),
    strip: byId<HTMLCanvasElement>("strip-canvas"),
    scalogram: byId<HTMLCanvasElement>("scalogram-canvas"),
    scalogramView: byId("scalogram-view"),
    decomposition: byId<HTMLCanvasElement>("sound-decomposition-canvas"),
    curves: byId<HTMLCanvasElement>("curves-canvas"),
    shares: byId("sound-shares"),
    audio: byId<HTMLAudioElement>("original-audio"),
    wav: byId<HTMLAnchorElement>("original-wav"),
    keptAudio: byId<HTMLAudioElement>("kept-audio"),
    keptWav: byId<HTMLAnchorElement>("kept-wav"),
    keptPercent: byId("kept-percent"),
    keepCanvas: byId<HTMLCanvasElement>("keep-canvas"),
    keepLabel: byId("keep-label"),
    keepView: byId("keep-view"),
    bandLevel: byId<HTMLSelectElement>("band-level"),
    bandAudio: byId<HTMLAudioElement>("band-audio"),
    bandWav: byId<HTMLAnchorElement>("band-wav"),
    timeline: byId<HTMLCanvasElement>("timeline-canvas"),
    timelineReadout: byId("timeline-readout"),
  };
  /** The samples that the audio element plays. */
  private playing: Float32Array | null = null;

  /** Listens to the keep slider and to the pointer over the band pictures. */
  constructor(
    private readonly shell: Shell,
    private readonly meta: SoundMeta,
  ) {
    const { ui } = this;
    listenForKeep(shell);
    for (const [name, canvas, readout, idle] of [
      ["scalogram", ui.scalogram, "scalogram-readout", "Point at the scalogram to read a coefficient's attribution."],
      ["decomposition", ui.decomposition, "sound-decomposition-readout", "Point at the decomposition to read a coefficient."],
    ] as const) {
      const current = () => (shell.result ? bandPicture(shell.result, name) : null);
      attachReadout(canvas, byId(readout), current, idle, (hit, picture) =>
        describeSound(hit, picture.bands, meta.rate, shell.result?.window ?? { start: 0, seconds: 0 }, picture.colouring),
      );
    }
    ui.bandLevel.addEventListener("change", () => this.playBand());
    ui.timeline.addEventListener("pointermove", (e) => {
      const timeline = shell.result?.timeline;
      const box = ui.timeline.getBoundingClientRect();
      const scale = ui.timeline.width / box.width;
      const hit = timeline && cellAt(timeline, (e.clientX - box.left) * scale, (e.clientY - box.top) * scale, ui.timeline.width);
      if (timeline && hit) ui.timelineReadout.textContent = describeCell(timeline, hit.row, hit.column);
    });
  }

  /** Plays the window rebuilt from the level chosen in the band menu alone. */
  private playBand(): void {
    const { ui } = this;
    const level = Number(ui.bandLevel.value);
    const alone = this.shell.result?.levelsAlone?.[level];
    if (alone) play(ui.bandAudio, ui.bandWav, audible(alone.data), this.meta.rate, `band-${ui.bandLevel.selectedOptions[0]?.textContent?.split(" ")[0] ?? level}`);
  }

  /** Fills the band menu with the levels of `r` (keeping the level chosen), then plays the chosen one. */
  private showBands(r: Explained): void {
    const { ui } = this;
    const levels = (r.levelsAlone?.length ?? 1) - 1;
    const chosen = ui.bandLevel.value || "1";
    const order = [...Array(levels).keys()].map((i) => i + 1).concat(0);
    ui.bandLevel.replaceChildren(...order.map((level) => new Option(bandLabel({ level }, levels, this.meta.rate), String(level))));
    ui.bandLevel.value = Number(chosen) <= levels ? chosen : "1";
    this.playBand();
  }

  /** Draws the classes heard over the clip, or says that it is one window. */
  private showTimeline(r: Explained): void {
    const { ui } = this;
    if (r.timeline) {
      drawTimeline(ui.timeline, r.timeline);
      ui.timelineReadout.textContent = `${r.timeline.windows.length} windows: point at a cell to read a score.`;
    } else {
      clear(ui.timeline);
      ui.timelineReadout.textContent = "The sound is one window long: there is nothing to follow over time.";
    }
  }

  show(r: Explained): void {
    const { ui, meta } = this;
    const input = this.shell.input;
    if (input?.kind === "sound") {
      drawClip(ui.clip, input.samples, input.sampleRate, r.window);
      if (this.playing !== input.samples) {
        this.playing = input.samples;
        play(ui.audio, ui.wav, input.samples, input.sampleRate, input.name);
      }
    }
    const where = r.window ? ` · window ${r.window.start.toFixed(2)}–${(r.window.start + r.window.seconds).toFixed(2)} s` : "";
    ui.caption.textContent = `${r.method} · ${r.target.label} (class ${r.target.class})${where}`;
    drawPicture(ui.wave, r.pictures.input);
    drawPicture(ui.strip, r.pictures.heatmap);
    const decomposition = bandPicture(r, "decomposition");
    if (decomposition) drawScalogram(ui.decomposition, decomposition, meta.rate);
    const scalogram = bandPicture(r, "scalogram");
    if (scalogram) drawScalogram(ui.scalogram, scalogram, meta.rate);
    else clear(ui.scalogram);
    if (r.pictures.curves) drawPicture(ui.curves, r.pictures.curves);
    else clear(ui.curves);
    drawShares(ui.shares, r.scales);
    this.showTimeline(r);
    this.showBands(r);
    const why = ui.scalogramView.querySelector<HTMLElement>(".why");
    const wavelet = isWaveletMethod(r.method);
    ui.scalogramView.classList.toggle("disabled", !wavelet);
    for (const png of ui.scalogramView.querySelectorAll<HTMLButtonElement>("button.png")) png.disabled = !wavelet;
    if (why) {
      why.textContent = wavelet ? "" : `${r.method} attributes samples, not wavelet coefficients: choose wam, wam-sg or wam-ig to see the scalogram.`;
      why.hidden = wavelet;
    }
    ui.keepLabel.textContent = "re-classifying…";
  }

  reset(): void {}

  keepBusy(on: boolean): void {
    this.ui.keepView.classList.toggle("busy", on);
  }

  kept(k: KeepTopResult): void {
    const wavelet = this.shell.result !== null && isWaveletMethod(this.shell.result.method);
    const { ui } = this;
    drawKeep(ui.keepCanvas, ui.keepLabel, k, wavelet ? "coefficients" : "sample values");
    if (k.samples) {
      ui.keptPercent.textContent = String(this.shell.settings.keep);
      play(ui.keptAudio, ui.keptWav, audible(k.samples.data), this.meta.rate, `kept-${this.shell.settings.keep}`);
    }
  }

  keepFailed(message: string): void {
    this.ui.keepLabel.textContent = `Could not rebuild the sound: ${message}`;
  }
}
