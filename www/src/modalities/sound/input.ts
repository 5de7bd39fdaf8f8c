// The sound modality's sources: the file picker, drag-and-drop anywhere on
// the page (see ../files.ts), the microphone (a level meter, a stop button,
// MAX_RECORD seconds at most) and the gallery of bundled sounds, the
// computed missing fundamental among them. Each hands its input to the
// shell the moment the user gives it, as a promise: decoding follows, or
// fails with a message naming the file.

import { byId } from "../../shell/dom";
import type { Shell, Sources } from "../../shell/modality";
import { errorText } from "../../shell/page";
import { type GalleryEntry, fetchSample, fillGallery, listenForFiles, markChosen } from "../files";
import { type Sound, decodeSound } from "./decode";
import type { SoundMeta } from "./meta";
import { MAX_RECORD, Recorder } from "./microphone";
import { MISSING_FUNDAMENTAL, missingFundamental } from "./tones";

/** The computed entry of the gallery. */
const COMPUTED: GalleryEntry = { file: MISSING_FUNDAMENTAL, title: "Missing fundamental", credit: "harmonics 2–8 of 200 Hz, computed in the page" };

/** The microphone's buttons and meter: record, stop (or MAX_RECORD s), then the recording is taken. */
function listenForMicrophone(shell: Shell, rate: number): void {
  const [record, stop, meter, time] = [byId<HTMLButtonElement>("record"), byId<HTMLButtonElement>("record-stop"), byId<HTMLMeterElement>("record-level"), byId("record-time")];
  const recorder = new Recorder();
  const recording = (on: boolean) => {
    record.disabled = on;
    stop.disabled = !on;
    byId("recorder").hidden = !on;
  };
  record.addEventListener("click", () => {
    recording(true);
    const recorded = recorder.record((rms, seconds) => {
      meter.value = Math.min(1, rms * 4);
      time.textContent = `${seconds.toFixed(1)} / ${MAX_RECORD} s`;
    });
    recorded.then(
      (blob) => {
        recording(false);
        shell.take(decodeSound(blob, "the recording", rate));
      },
      (e: unknown) => {
        recording(false);
        recorder.stop();
        shell.fail(`Could not record from the microphone: ${errorText(e)}`);
      },
    );
  });
  stop.addEventListener("click", () => recorder.stop());
}

export class SoundSources implements Sources {
  private readonly gallery = byId("sound-gallery");

  /** Starts every source; the gallery fills in once its list has loaded. */
  constructor(
    shell: Shell,
    private readonly meta: SoundMeta,
  ) {
    listenForFiles(byId<HTMLInputElement>("sound-file-input"), "audio/", (file) => shell.take(decodeSound(file, file.name || "pasted sound", meta.rate)));
    listenForMicrophone(shell, meta.rate);
    const open = (file: string) => shell.take(this.sample(file));
    void fillGallery(this.gallery, byId("credits"), { folder: meta.gallery, what: "Sounds", open, chosen: shell.settings.sample, extra: [COMPUTED] });
  }

  async sample(file: string): Promise<Sound> {
    const { gallery, rate } = this.meta;
    if (file === MISSING_FUNDAMENTAL) return { kind: "sound", name: file, samples: missingFundamental(rate), sampleRate: rate, sample: file };
    return decodeSound(await fetchSample(gallery, file), file, rate, file);
  }

  chosen(sample: string | null): void {
    markChosen(this.gallery, sample);
  }
}
