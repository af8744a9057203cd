"""Place the real-CV development corpus from fetched repository snapshots, checking each file.

Run: `.venv/bin/python tests/benchmarks/real_cvs/place_corpus.py DEST [--mirrors DIR]`

The CV files are other people's documents: they are never committed. `manifest.json` (next to
this script) names each file by repository, commit and path, with its sha256. Each repository
must first be fetched as a bare git snapshot to `<mirrors>/<owner>+<name>/repo` (the session's
`fetch` tool, `github:<owner>/<name>`, puts it there); this script then runs `git show
COMMIT:PATH` for every file, writes it to DEST/<id>.<ext> and verifies its sha256.
Exit status 0 only if every file was placed and verified.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
from pathlib import Path

MANIFEST = Path(__file__).resolve().parent / "manifest.json"
DEFAULT_MIRRORS = Path("/work/.mirror")


def load_manifest(path: Path = MANIFEST) -> list[dict[str, str]]:
    """The manifest's file entries, in corpus order."""
    return json.loads(path.read_text(encoding="utf-8"))["files"]


def mirror_of(repository: str, mirrors: Path) -> Path:
    """Where the bare snapshot of `owner/name` is expected."""
    return mirrors / repository.replace("/", "+") / "repo"


def missing_mirrors(entries: list[dict[str, str]], mirrors: Path) -> list[str]:
    """The repositories whose snapshot is not on this machine."""
    repositories = dict.fromkeys(entry["repository"] for entry in entries)
    return [repo for repo in repositories if not mirror_of(repo, mirrors).is_dir()]


def read_blob(git_dir: Path, commit: str, path: str) -> bytes:
    result = subprocess.run(
        ["git", "--git-dir", str(git_dir), "show", f"{commit}:{path}"],
        capture_output=True,
        check=False,
    )
    if result.returncode != 0:
        reason = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise LookupError(reason[-1] if reason else "git show failed")
    return result.stdout


def place_one(entry: dict[str, str], mirrors: Path, dest: Path) -> str | None:
    """Write one file; None if placed and verified, else a one-line reason."""
    git_dir = mirror_of(entry["repository"], mirrors)
    try:
        data = read_blob(git_dir, entry["commit"], entry["path"])
    except LookupError as exc:
        return f"{entry['id']}: not in {git_dir} at {entry['commit'][:12]} ({exc})"
    if data.startswith(b"version https://git-lfs"):
        return f"{entry['id']}: the snapshot holds a Git LFS pointer, not the file"
    digest = hashlib.sha256(data).hexdigest()
    if digest != entry["sha256"]:
        return f"{entry['id']}: sha256 {digest[:12]}… differs from the manifest's"
    (dest / entry["file"]).write_bytes(data)
    return None


def place_corpus(dest: Path, mirrors: Path, entries: list[dict[str, str]]) -> tuple[int, list[str]]:
    """Place every file whose mirror is present: (files placed, problems one line each)."""
    dest.mkdir(parents=True, exist_ok=True)
    absent = set(missing_mirrors(entries, mirrors))
    problems = [
        f"missing mirror {mirror_of(repo, mirrors)}: fetch the snapshot first "
        f"(the fetch tool, source github:{repo})"
        for repo in sorted(absent)
    ]
    placed = 0
    for entry in (e for e in entries if e["repository"] not in absent):
        problem = place_one(entry, mirrors, dest)
        if problem:
            problems.append(problem)
        else:
            placed += 1
    return placed, problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path, help="directory to write the CV files to")
    parser.add_argument("--mirrors", type=Path, default=DEFAULT_MIRRORS)
    args = parser.parse_args()
    entries = load_manifest()
    placed, problems = place_corpus(args.dest, args.mirrors, entries)
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"placed and verified {placed} of {len(entries)} files in {args.dest}")
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main())
