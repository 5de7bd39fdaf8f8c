import { afterEach, describe, expect, it } from "vitest";
import type { HelperJob } from "../pkg/wam.js";
import { HelperLink, MAX_WORKERS, poolSize, serveHelper } from "../src/pool";

describe("poolSize", () => {
  it("is one worker per core, at least one and at most MAX_WORKERS", () => {
    expect(poolSize(1)).toBe(1);
    expect(poolSize(2)).toBe(2);
    expect(poolSize(64)).toBe(MAX_WORKERS);
    expect(poolSize(undefined)).toBe(1);
    expect(poolSize(0)).toBe(1);
    expect(poolSize(Number.NaN)).toBe(1);
  });
});

const logits = (values: number[]): HelperJob => ({ kind: "logits", data: new Float32Array(values), shape: [values.length] });

describe("HelperLink and serveHelper", () => {
  const channels: MessageChannel[] = [];
  afterEach(() => {
    for (const c of channels.splice(0)) {
      c.port1.close();
      c.port2.close();
    }
  });

  /** A helper whose `work` doubles the job's values (slowly for the first job), failing on a negative one. */
  function pair(): { link: HelperLink; loads: string[] } {
    const channel = new MessageChannel();
    channels.push(channel);
    const loads: string[] = [];
    let jobs = 0;
    serveHelper(channel.port2, {
      load: async (manifest, weights, labels) => {
        if (manifest === "bad") throw new Error("no such model");
        loads.push(`${manifest}:${weights.length}:${labels}`);
      },
      work: async (job) => {
        if (jobs++ === 0) await new Promise((r) => setTimeout(r, 20));
        if (job.data.some((v) => v < 0)) throw new Error("negative");
        return job.data.map((v) => 2 * v);
      },
      memory: () => 1024 * jobs,
      fatal: () => false,
      close: () => loads.push("closed"),
    });
    return { link: new HelperLink(channel.port1), loads };
  }

  it("loads the model, answers each job with its own values, in any number, and reports memory", async () => {
    const { link, loads } = pair();
    await link.load("m", new ArrayBuffer(8), "cat");
    expect(loads).toEqual(["m:8:cat"]);
    const answers = await Promise.all([link.run(logits([1, 2])), link.run(logits([3])), link.run(logits([4, 5, 6]))]);
    expect(answers.map((a) => [...a])).toEqual([[2, 4], [6], [8, 10, 12]]);
    expect(link.memory).toBe(3 * 1024);
  });

  it("rejects a failed job alone and a failed load", async () => {
    const { link } = pair();
    const [bad, good] = await Promise.allSettled([link.run(logits([-1])), link.run(logits([1]))]);
    expect(bad.status === "rejected" && (bad.reason as Error).message).toBe("negative");
    expect(good.status === "fulfilled" && [...good.value]).toEqual([2]);
    await expect(link.load("bad", new ArrayBuffer(1), "")).rejects.toThrow("no such model");
  });
});
