#!/usr/bin/env python3
"""Unpacks the real meshes the tests and the shape model use, from pinned,
sha256-checked registry packages, into models/.downloads/meshes/<package>/.

- PyPI pyvista (a wheel, `pip download --no-deps`): its example PLY files,
  e.g. meshes/pyvista/airplane.ply.
- Debian assimp-testmodels and glmark2-data (`apt-get download`, unpacked
  with `dpkg-deb -x`): assimp's test models in the formats wam reads (real
  and deliberately malformed ones), e.g. meshes/assimp-testmodels/OFF/invalid.off,
  and glmark2's models, e.g. meshes/glmark2-data/bunny.obj.

A package whose folder exists is kept. Standard library only.

Usage: python3 tools/fetch_meshes.py
"""
import hashlib
import pathlib
import shutil
import subprocess
import sys
import tempfile
import zipfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
MESHES = ROOT / "models" / ".downloads" / "meshes"

# Each source: its package (pinned), the sha256 of the file downloaded, and
# the folders or files to keep (relative to the package's contents).
PYPI = {
    "pyvista": {
        "package": "pyvista==0.49.1",
        "sha256": "e4bd78c829051207e885281c45d03280dcde25445e1885c0824518ea7849b1c8",
        "keep": "pyvista/examples",
        "files": ["airplane.ply", "ant.ply", "nut.ply", "sphere.ply"],
    },
}
DEBIAN = {
    "assimp-testmodels": {
        "version": "5.2.5~ds0-1",
        "sha256": "526f326186000cd6f631ea806128548a7d3d391abd8149fddc5c4c8513e80b8a",
        "keep": "usr/share/assimp/models",
        "files": ["OBJ", "STL", "PLY", "OFF", "glTF2", "invalid"],
    },
    "glmark2-data": {
        "version": "2023.01+dfsg-1",
        "sha256": "14a62322c6131ac9d846f428f06056a1de85caded38c77cb497b73e9ec316bd9",
        "keep": "usr/share/glmark2/models",
        "files": ["bunny.obj"],
    },
}


def checked(path, sha256):
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != sha256:
        sys.exit(f"fetch_meshes: sha256 mismatch for {path.name}: {digest}, expected {sha256}")
    return path


def keep(unpacked, source, out):
    """Copies the source's kept files from the unpacked package to `out`."""
    staging = out.with_name(out.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    for name in source["files"]:
        found = unpacked / source["keep"] / name
        copy = shutil.copytree if found.is_dir() else shutil.copy2
        copy(found, staging / name)
    staging.rename(out)
    print(f"fetch_meshes: unpacked {out.relative_to(ROOT)}", file=sys.stderr)


def fetch_wheel(name, source, work):
    subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                    "--only-binary", ":all:", "-d", str(work), source["package"]], check=True)
    wheel = checked(next(work.glob("*.whl")), source["sha256"])
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(work / "unpacked", [f"{source['keep']}/{f}" for f in source["files"]])
    keep(work / "unpacked", source, MESHES / name)


def fetch_deb(name, source, work, out=None):
    """Debian package `name` unpacked in `work`, its kept files copied to
    `out` (default: meshes/<name>)."""
    # (the sandbox user cannot write to a private temporary folder)
    download = ["apt-get", "download", "--quiet", "-o", "APT::Sandbox::User=root",
                f"{name}={source['version']}"]
    if subprocess.run(download, cwd=work, stdout=subprocess.DEVNULL).returncode != 0:
        # The package lists may be missing or stale: refresh them once.
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(download, cwd=work, check=True, stdout=subprocess.DEVNULL)
    deb = checked(next(work.glob("*.deb")), source["sha256"])
    subprocess.run(["dpkg-deb", "-x", str(deb), str(work / "unpacked")], check=True)
    keep(work / "unpacked", source, out or MESHES / name)


if __name__ == "__main__":
    for sources, fetch in ((PYPI, fetch_wheel), (DEBIAN, fetch_deb)):
        for name, source in sources.items():
            if not (MESHES / name).is_dir():
                with tempfile.TemporaryDirectory() as work:
                    fetch(name, source, pathlib.Path(work))
