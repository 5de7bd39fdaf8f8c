// Small text formats shared by the views. Pure.

/** A probability as a percentage: 0.4231 → "42.3 %". */
export function percent(p: number): string {
  const v = p * 100;
  return `${v >= 10 || v === 0 ? v.toFixed(1) : v.toPrecision(2)} %`;
}

/** A duration: 850 → "850 ms", 12345 → "12.3 s". */
export function duration(ms: number): string {
  if (!Number.isFinite(ms)) return "–";
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10000 ? 2 : 1)} s`;
}

/** The backend's display name. */
export function backendName(backend: string): string {
  return backend === "webgpu" ? "WebGPU" : backend === "cpu" ? "CPU" : backend;
}

/** Stage timings as one line: "load 1.20 s · preprocess 12 ms · explain 3.40 s · render 30 ms". */
export function stages(times: Record<string, number | undefined>): string {
  return Object.entries(times)
    .filter((e): e is [string, number] => e[1] !== undefined)
    .map(([name, ms]) => `${name} ${duration(ms)}`)
    .join(" · ");
}

/** " on N workers" when more than one worker computed a result, else nothing. */
export function workers(count: number | undefined): string {
  return count !== undefined && count > 1 ? ` on ${count} workers` : "";
}

/** The caption of per-scale panel `i` of `count` (finest first, approximation last). */
export function scaleCaption(i: number, count: number): string {
  if (i === count - 1) return "approximation";
  return i === 0 ? "level 1 (finest)" : `level ${i + 1}`;
}
