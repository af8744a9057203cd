"""Extraction throughput of `extract_text` against plain pypdf on the same PDFs, same run.

Run: `.venv/bin/python tests/benchmarks/bench_extraction.py [--files 200] [--runs 5] [--dir DIR]`
Without --dir it generates N distinct CV PDFs (half one-column, half two-column with a
sidebar) from tests/data/make_cv_corpus.py. The figure per side is the best of the runs;
the ratio is extract_text time / pypdf time (1.0 = no overhead). Times are CPU time.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from pypdf import PdfReader

from headhunter_desktop.core.documents import ExtractionError, extract_text
from tests.helpers.cv_files import write_pdf_cvs


def plain_pypdf(path: Path) -> str:
    """What a naive importer does: every page's extract_text(), joined."""
    reader = PdfReader(path)
    return "\n".join(page.extract_text() for page in reader.pages)


def ours(path: Path) -> str:
    """The app's extraction: columns, links, normalisation, limits."""
    try:
        return extract_text(path).text
    except ExtractionError as exc:
        return str(exc)


def one_pass(function: Callable[[Path], str], paths: list[Path]) -> float:
    """CPU seconds of this process for `function` over every path.

    CPU time, not wall time: extraction is single-threaded and CPU-bound, and other
    processes on a busy machine would otherwise decide the ratio.
    """
    started = time.process_time()
    for path in paths:
        function(path)
    return time.process_time() - started


def compare(paths: list[Path], runs: int) -> tuple[float, float]:
    """Best pass of plain pypdf and of extract_text, alternated so machine load hits both."""
    ours(paths[0])  # warm-up: imports, caches
    plain_pypdf(paths[0])
    baseline, measured = [], []
    for _ in range(runs):
        baseline.append(one_pass(plain_pypdf, paths))
        measured.append(one_pass(ours, paths))
    return min(baseline), min(measured)


def report(name: str, seconds: float, paths: list[Path], megabytes: float) -> None:
    """One line of figures."""
    print(
        f"{name:<22} {seconds * 1000:8.0f} ms   {len(paths) / seconds:7.1f} files/s"
        f"   {megabytes / seconds:6.2f} MB/s   {seconds / len(paths) * 1000:6.2f} ms/file"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--dir", type=Path, help="measure the PDFs in this folder instead")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        paths = sorted(args.dir.glob("*.pdf")) if args.dir else write_pdf_cvs(Path(tmp), args.files)
        megabytes = sum(p.stat().st_size for p in paths) / 1e6
        print(f"{len(paths)} PDFs, {megabytes:.2f} MB, best of {args.runs} runs")
        baseline, measured = compare(paths, args.runs)
        report("plain pypdf", baseline, paths, megabytes)
        report("extract_text", measured, paths, megabytes)
        print(f"ratio extract_text / pypdf: {measured / baseline:.2f}")
        if not args.dir:
            for label, subset in (("one-column", paths[0::2]), ("two-column", paths[1::2])):
                baseline, measured = compare(subset, args.runs)
                print(f"  {label}: ratio {measured / baseline:.2f}")


if __name__ == "__main__":
    main()
