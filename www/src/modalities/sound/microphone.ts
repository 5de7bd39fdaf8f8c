// Recording from the microphone: a level meter while it records, at most
// MAX_RECORD seconds, then the recording as a file (MediaRecorder's).

/** The longest recording, in seconds. */
export const MAX_RECORD = 5;

export class Recorder {
  private stream: MediaStream | null = null;
  private context: AudioContext | null = null;
  private timer: number | undefined;
  private frame = 0;
  /** Ends the recording under way (nothing when none is). */
  private stopRecorder: () => void = () => {};

  /**
   * Starts recording; `level(rms, seconds)` follows it on every frame.
   * Resolves to the recording once `stop` is called or MAX_RECORD seconds
   * have passed; rejects if the microphone cannot be opened.
   */
  async record(level: (rms: number, seconds: number) => void): Promise<Blob> {
    if (!navigator.mediaDevices?.getUserMedia) throw new Error("this browser gives no access to a microphone here (it needs https or localhost)");
    this.stop();
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: false });
    this.stream = stream;
    const context = new AudioContext();
    this.context = context;
    const analyser = context.createAnalyser();
    context.createMediaStreamSource(stream).connect(analyser);
    const frame = new Float32Array(analyser.fftSize);
    const started = performance.now();
    const meter = () => {
      analyser.getFloatTimeDomainData(frame);
      level(Math.sqrt(frame.reduce((s, v) => s + v * v, 0) / frame.length), (performance.now() - started) / 1000);
      this.frame = requestAnimationFrame(meter);
    };
    meter();
    const recorder = new MediaRecorder(stream);
    const chunks: Blob[] = [];
    recorder.ondataavailable = (e) => chunks.push(e.data);
    const done = new Promise<Blob>((resolve) => {
      recorder.onstop = () => resolve(new Blob(chunks, { type: recorder.mimeType }));
    });
    recorder.start();
    this.timer = window.setTimeout(() => this.stop(), MAX_RECORD * 1000);
    stream.getTracks()[0]?.addEventListener("ended", () => this.stop());
    this.stopRecorder = () => {
      if (recorder.state !== "inactive") recorder.stop();
    };
    return done;
  }

  /** Stops the recording (its promise resolves) and releases the microphone. */
  stop(): void {
    this.stopRecorder();
    this.stopRecorder = () => {};
    clearTimeout(this.timer);
    cancelAnimationFrame(this.frame);
    this.stream?.getTracks().forEach((t) => t.stop());
    this.stream = null;
    void this.context?.close();
    this.context = null;
  }
}
