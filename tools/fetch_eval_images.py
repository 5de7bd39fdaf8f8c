#!/usr/bin/env python3
"""Fetches the photographs of the README's faithfulness table into
models/.downloads/eval-images/: the bundled four and others that registry
packages ship inside their wheels (scikit-image's data, scikit-learn's
sample images, matplotlib's sample data), each wheel pinned by version,
platform and sha256 (tools/fetch_models.py downloads and checks them).
Standard library only.

Usage: python3 tools/fetch_eval_images.py   # prints the folder
"""
import pathlib
import zipfile

from fetch_models import CACHE, download

OUT = CACHE / "eval-images"
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


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for source in WHEELS:
        with zipfile.ZipFile(download({**source, "pip": PLATFORM})) as wheel:
            for name in source["files"]:
                target = OUT / name
                if not target.exists():
                    target.write_bytes(wheel.read(source["folder"] + name))
    print(OUT)


if __name__ == "__main__":
    main()
