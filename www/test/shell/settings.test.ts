import { describe, expect, it } from "vitest";
import { choose } from "../../src/modalities";
import { meta } from "../../src/modalities/image/meta";
import { meta as shape } from "../../src/modalities/shape/meta";
import { crepe, yamnet } from "../../src/modalities/sound/meta";
import { type Settings, isSampledMethod, isWaveletMethod, readSettings as readWith, writeSettings } from "../../src/shell/settings";

// The image modality's settings: its defaults, its gallery's extensions.
const DEFAULTS = meta.defaults;
const readSettings = (search: string) => readWith(search, meta);

describe("settings in the URL", () => {
  it("reads defaults from an empty query", () => {
    expect(readSettings("")).toEqual(DEFAULTS);
  });

  it("round-trips every field", () => {
    const s: Settings = {
      model: "efficientnet-lite0",
      method: "gradcam",
      target: 281,
      wavelet: "db4",
      levels: 5,
      samples: 7,
      backend: "cpu",
      opacity: 0.35,
      colour: "signed",
      keep: 2.5,
      sample: "rocket.jpg",
    };
    expect(readSettings(writeSettings(s))).toEqual(s);
  });

  it("round-trips the defaults, and omits an absent target", () => {
    const query = writeSettings(DEFAULTS);
    expect(query).not.toContain("target");
    expect(readSettings(query)).toEqual(DEFAULTS);
  });

  it("leaves out the sample for an image of the user's", () => {
    const query = writeSettings({ ...DEFAULTS, sample: null });
    expect(new URLSearchParams(query).has("sample")).toBe(false);
  });

  it("falls back to the defaults for bad values", () => {
    const s = readSettings(
      "?method=lime&target=-3&wavelet=db99&levels=9&samples=0&backend=tpu&opacity=2&colour=rainbow&keep=abc&sample=../../etc/passwd",
    );
    expect(s).toEqual(DEFAULTS);
  });

  it("rejects fractional and out-of-range integers", () => {
    expect(readSettings("?levels=2.5").levels).toBe(DEFAULTS.levels);
    expect(readSettings("?samples=101").samples).toBe(DEFAULTS.samples);
    expect(readSettings("?target=1000").target).toBeNull();
    expect(readSettings("?target=0").target).toBe(0);
    expect(readSettings("?opacity=").opacity).toBe(DEFAULTS.opacity);
    expect(readSettings("?opacity=0").opacity).toBe(0);
  });

  it("takes as a sample only a file name with one of the modality's extensions", () => {
    expect(readSettings("?sample=rocket.JPG").sample).toBe("rocket.JPG");
    expect(readSettings("?sample=a.jpeg").sample).toBe("a.jpeg");
    expect(readSettings("?sample=notes.txt").sample).toBe(DEFAULTS.sample);
    expect(readSettings("?sample=.png").sample).toBe(DEFAULTS.sample);
    expect(readSettings("?sample=png").sample).toBe(DEFAULTS.sample);
  });

  it("accepts wavelet names case-insensitively", () => {
    expect(readSettings("?wavelet=Sym8").wavelet).toBe("sym8");
    expect(readSettings("?wavelet=coif17").wavelet).toBe("coif17");
    expect(readSettings("?wavelet=coif18").wavelet).toBe("haar");
  });

  it("knows which methods are wavelet and sampled ones", () => {
    expect(isWaveletMethod("wam-ig")).toBe(true);
    expect(isWaveletMethod("ig")).toBe(false);
    expect(isSampledMethod("smoothgrad")).toBe(true);
    expect(isSampledMethod("wam")).toBe(false);
  });
});

describe("the sound models' settings", () => {
  it("allow up to maxLevels levels, and keep the model in the URL", () => {
    expect(readWith("?levels=9", yamnet).levels).toBe(9);
    expect(readWith("?levels=11", yamnet).levels).toBe(yamnet.defaults.levels);
    expect(readSettings("?levels=6").levels).toBe(DEFAULTS.levels);
    expect(new URLSearchParams(writeSettings(crepe.defaults)).get("model")).toBe("crepe-tiny");
    expect([yamnet.defaults.levels, crepe.defaults.levels, yamnet.defaults.wavelet]).toEqual([6, 5, "haar"]);
  });

  it("are picked by ?model=, images by default", () => {
    expect(choose("?model=yamnet").modality.meta).toBe(yamnet);
    expect(choose("?model=crepe-tiny&levels=3").modality.meta).toBe(crepe);
    expect(choose("").key).toBe("efficientnet-lite0");
    expect(choose("?model=gpt").key).toBe("efficientnet-lite0");
  });
});

describe("the colour setting", () => {
  it("is magnitude by default and signed where the URL says so", () => {
    expect(DEFAULTS.colour).toBe("magnitude");
    expect(new URLSearchParams(writeSettings(DEFAULTS)).get("colour")).toBe("magnitude");
    expect(readSettings("?colour=signed").colour).toBe("signed");
    expect(readWith("?colour=signed", yamnet).colour).toBe("signed");
  });

  it("stays magnitude for shapes, whose views colour magnitudes only", () => {
    expect(shape.colourings).toEqual(["magnitude"]);
    expect(readWith("?colour=signed", shape).colour).toBe("magnitude");
  });
});
