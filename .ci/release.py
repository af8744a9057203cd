"""Build the desktop bundle, check it, and pack the release archive: one command.

    .venv/bin/pip install -e ".[build]"
    .venv/bin/python .ci/release.py          # dist/headhunter-desktop-<version>-<os>-<arch>.tar.gz
    .venv/bin/python .ci/release.py --ocr    # the same with the local OCR engine (…-ocr.tar.gz)

Steps: PyInstaller with build.spec into dist/; on Linux the install script beside the
executable; the bundle's `selftest` with no network needed, no Python on PATH and a fresh
data folder; then a .tar.gz (a .zip on Windows). Sizes and times are printed at the end.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from headhunter_desktop import APP_ID, __version__  # noqa: E402

DIST = ROOT / "dist"
BUNDLE = DIST / APP_ID
MEGABYTE = 1024 * 1024


def build(ocr: bool) -> float:
    """Run PyInstaller on build.spec; the seconds it took."""
    started = time.perf_counter()
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "build.spec"]
    subprocess.run([*command, "--", "--ocr"] if ocr else command, cwd=ROOT, check=True)
    if sys.platform.startswith("linux"):
        shutil.copy2(ROOT / "resources" / "linux" / "install.sh", BUNDLE / "install.sh")
    return time.perf_counter() - started


def executable() -> Path:
    return BUNDLE / (f"{APP_ID}.exe" if sys.platform == "win32" else APP_ID)


def selftest() -> float:
    """The bundle's selftest as a user's machine runs it: no Python on PATH, a fresh data
    folder and settings, no key. Returns the seconds it took; fails the release if red."""
    with tempfile.TemporaryDirectory() as home:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("PYTHON", "VIRTUAL_ENV", "OPENAI_", "HEADHUNTER_"))
        }
        python_dirs = {str(Path(sys.executable).parent), str(Path(sys.base_prefix) / "bin")}
        env["PATH"] = os.pathsep.join(
            part for part in env.get("PATH", "").split(os.pathsep) if part not in python_dirs
        )
        env["HEADHUNTER_CONFIG_DIR"] = str(Path(home) / "config")
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        started = time.perf_counter()
        command = [str(executable()), "--data-dir", str(Path(home) / "data"), "selftest"]
        subprocess.run(command, env=env, check=True)
        return time.perf_counter() - started


def archive(ocr: bool) -> Path:
    """The release archive of the bundle folder, named by version, system and machine."""
    system = {"win32": "windows", "darwin": "macos"}.get(sys.platform, sys.platform)
    name = f"{APP_ID}-{__version__}-{system}-{platform.machine().lower()}" + ("-ocr" if ocr else "")
    if sys.platform == "win32":
        target = DIST / f"{name}.zip"
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as packed:
            for path in sorted(BUNDLE.rglob("*")):
                packed.write(path, Path(APP_ID) / path.relative_to(BUNDLE))
        return target
    target = DIST / f"{name}.tar.gz"
    with tarfile.open(target, "w:gz", compresslevel=9) as packed:
        packed.add(BUNDLE, arcname=APP_ID)
    return target


def folder_size(path: Path) -> int:
    return sum(
        item.stat().st_size for item in path.rglob("*") if item.is_file() and not item.is_symlink()
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--ocr", action="store_true", help="bundle the local OCR engine")
    parser.add_argument("--skip-build", action="store_true", help="pack the existing dist/")
    args = parser.parse_args()
    build_seconds = 0.0 if args.skip_build else build(args.ocr)
    selftest_seconds = selftest()
    target = archive(args.ocr)
    print(f"\n{target.relative_to(ROOT)}: {target.stat().st_size / MEGABYTE:.0f} MB")
    print(f"{BUNDLE.relative_to(ROOT)}/: {folder_size(BUNDLE) / MEGABYTE:.0f} MB unpacked")
    print(f"build {build_seconds:.0f} s, selftest {selftest_seconds:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
