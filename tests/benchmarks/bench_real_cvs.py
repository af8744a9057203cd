"""Text extraction on real CVs: facts found, lines intact, defects counted, per engine.

Run: `.venv/bin/python tests/benchmarks/bench_real_cvs.py DIR [--engine current,pypdf,...]
[--json OUT] [--per-file] [--facts FILE]`

DIR holds the corpus placed by `tests/benchmarks/real_cvs/place_corpus.py DIR` (files named
in real_cvs/manifest.json; the hand-checked facts are in real_cvs/facts.json, hashed with a
key made from each placed file's bytes: reports show masked hints; `--facts` takes a local
clear copy instead, see real_cv_facts.py). Engines
(real_cv_engines.py): current (the app's `extract_text`, as the tree is now), pypdf,
pdfium, pdfminer, pdftotext (the reference: its own scores show the ceiling) for PDFs;
current and python-docx for DOCX files. Scores (real_cv_scoring.py): the share of facts
found; the share of the reference's lines of ≥ 5 words found whole; glyph-name tokens;
glued words; the share of one-word lines; CPU seconds, and their ratio to plain pypdf's in
the same run. Needs `pdftotext` (poppler-utils) on PATH: not in CI, like every benchmark.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import shutil
import sys
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.benchmarks.real_cv_engines import BASELINE, DOCX_ENGINES, PDF_ENGINES, warm_up
from tests.benchmarks.real_cv_facts import keyed_by, load_facts
from tests.benchmarks.real_cv_report import per_file, table
from tests.benchmarks.real_cv_results import (
    FileScore,
    Reference,
    score_file,
    summarise,
    summary_json,
)
from tests.benchmarks.real_cv_scoring import Facts, file_key

CORPUS = Path(__file__).resolve().parent / "real_cvs"


def load_corpus(
    directory: Path, facts_file: Path, manifest_file: Path = CORPUS / "manifest.json"
) -> tuple[list[Path], dict[str, Facts]]:
    """The manifest's files present in `directory`, and the facts per file name.

    facts.json's facts are keyed by their file's own bytes: each is bound here to the key of
    the placed file (`file_key`); a file that differs from the manifest's cannot match them.
    """
    manifest = json.loads(manifest_file.read_text(encoding="utf-8"))["files"]
    facts = load_facts(facts_file)
    present = [entry for entry in manifest if (directory / entry["file"]).is_file()]
    absent = [entry["file"] for entry in manifest if entry not in present]
    if absent:
        print(f"{len(absent)} manifest file(s) not in {directory}: {', '.join(absent)}")
    by_file: dict[str, Facts] = {}
    for entry in present:
        data = (directory / entry["file"]).read_bytes()
        if hashlib.sha256(data).hexdigest() != entry["sha256"]:
            print(f"{entry['file']} differs from the manifest's: its facts cannot match")
        by_file[entry["file"]] = keyed_by(facts.get(entry["id"], []), file_key(data))
    return [directory / entry["file"] for entry in present], by_file


def chosen(engines: str | None, available: tuple[str, ...]) -> list[str]:
    """The engines asked for that apply to this kind of file, in their usual order."""
    wanted = set(available if engines is None else engines.split(","))
    return [engine for engine in available if engine in wanted]


def run(paths: list[Path], facts: dict[str, Facts], engines: list[str]) -> list[FileScore]:
    """Every engine on every file, scored; engines alternate per file so load hits all."""
    if paths:
        warm_up(engines, paths[0])
    scores: list[FileScore] = []
    for path in paths:
        reference = Reference.of(path)
        scores.extend(score_file(e, path, facts[path.name], reference) for e in engines)
    return scores


def measure(
    title: str,
    paths: list[Path],
    facts: dict[str, Facts],
    engines: list[str],
    baseline: str | None,
) -> tuple[str, list[FileScore], dict[str, object]]:
    """(printed table, file scores, JSON section) for one kind of file."""
    scores = run(paths, facts, engines)
    summaries = summarise(scores, engines)
    base = summaries[baseline].seconds if baseline in summaries else None
    section: dict[str, object] = {
        "engines": {name: summary_json(s, base) for name, s in summaries.items()},
        "files": [asdict(score) | {"lines_found": score.lines_found} for score in scores],
    }
    return table(title, summaries, base), scores, section


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", type=Path)
    parser.add_argument("--engine", help="comma-separated engines (default: all)")
    parser.add_argument("--json", type=Path, help="write every score to this file")
    parser.add_argument("--per-file", action="store_true", help="list what fails where")
    parser.add_argument(
        "--facts",
        type=Path,
        default=CORPUS / "facts.json",
        help="facts file (default: the committed, keyed real_cvs/facts.json); a local clear "
        "copy is matched in clear and --per-file then names missing facts whole",
    )
    parser.add_argument(
        "--app",
        type=Path,
        help="measure `current` from the headhunter_desktop package under this directory "
        "(e.g. `git archive HEAD headhunter_desktop | tar -x -C DIR` for the figures before "
        "a change); default: this tree",
    )
    args = parser.parse_args()
    if args.app:
        sys.path.insert(0, str(args.app.resolve()))
    if shutil.which("pdftotext") is None:
        print("pdftotext (poppler-utils) is needed for the reference text", file=sys.stderr)
        return 2
    for noisy in ("pypdf", "pdfminer"):  # font warnings on every other file drown the table
        logging.getLogger(noisy).setLevel(logging.ERROR)
    paths, facts = load_corpus(args.dir, args.facts)
    pdfs = [p for p in paths if p.suffix == ".pdf"]
    docxs = [p for p in paths if p.suffix == ".docx"]
    # plain pypdf always runs on PDFs: the time ratio needs it in the same run.
    pdf_engines = chosen(args.engine, PDF_ENGINES)
    pdf_engines = pdf_engines if BASELINE in pdf_engines else [*pdf_engines, BASELINE]
    docx_engines = chosen(args.engine, DOCX_ENGINES)
    report, out = [], {}
    for kind, files, engines, base in (
        ("pdf", pdfs, pdf_engines, BASELINE),
        ("docx", docxs, docx_engines, None),
    ):
        if not files or not engines:
            continue
        printed, scores, out[kind] = measure(
            f"\n{kind.upper()}: {len(files)} files", files, facts, engines, base
        )
        report.append(printed)
        if args.per_file:
            report.append(per_file(scores, engines))
    print("\n".join(report))
    if args.json:
        args.json.write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
