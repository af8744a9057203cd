"""Extraction throughput of `extract_text` against plain pypdf on the same PDFs, same run.

Run: `.venv/bin/python tests/benchmarks/bench_extraction.py [--files 200] [--runs 5] [--dir DIR]
[--budgets]`
Without --dir it generates N distinct CV PDFs (half one-column, half two-column with a
sidebar) from tests/data/make_cv_corpus.py. The figure per side is the best of the runs;
the ratio is extract_text time / pypdf time (1.0 = no overhead). Times are CPU time. Then the
same files go through the app's worker processes (`ExtractionPool`, 2 processes): wall time.

`--budgets` instead measures what long real-looking CVs use of each file's budget
(`ExtractionLimits`): inflated bytes, CPU time, and the peak memory of a worker process
above its size at rest (Linux), next to the limits and to a decompression bomb.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from pypdf import PdfReader

from headhunter_desktop.core.documents import DEFAULT_LIMITS, ExtractionError, extract_text
from headhunter_desktop.core.documents import pdf as pdf_module
from headhunter_desktop.core.documents.extraction_pool import ExtractionPool
from headhunter_desktop.core.documents.inflation import InflationBudget
from tests.data.make_cv_corpus import make_corpus
from tests.helpers.cv_files import long_pdf_cv, write_pdf_cvs
from tests.helpers.pdf_bombs import GB, bomb_pdf

MB = 1024 * 1024


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


def through_pool(paths: list[Path]) -> float:
    """Wall seconds for every path through two worker processes, two files at a time."""
    pool = ExtractionPool(2)
    try:
        with ThreadPoolExecutor(2) as threads:
            list(threads.map(pool.extract, paths[:2]))  # spawns both processes
            started = time.perf_counter()
            list(threads.map(pool.extract, paths))
            return time.perf_counter() - started
    finally:
        pool.close()


def budget_use(path: Path) -> tuple[str, int, float]:
    """Outcome, inflated bytes and CPU seconds of one file, read in this process."""
    budgets: list[InflationBudget] = []
    original = pdf_module.inflation_budget

    @contextmanager
    def recorded(limit: int) -> Iterator[InflationBudget]:
        with original(limit) as budget:
            budgets.append(budget)
            yield budget

    pdf_module.inflation_budget = recorded  # type: ignore[assignment]
    started = time.process_time()
    try:
        outcome = f"{extract_text(path).pages or 1} pages"
    except ExtractionError as exc:
        outcome = exc.code
    finally:
        pdf_module.inflation_budget = original
    return outcome, sum(b.used for b in budgets), time.process_time() - started


def peak_memory_above_rest(path: Path) -> float | None:
    """MB a fresh worker process grew by, at its peak, reading `path` (Linux only)."""
    if not Path("/proc/self/status").exists():
        return None
    pool = ExtractionPool(1)
    with suppress(ExtractionError):
        pool.extract(path)  # starts the process; the first file is the one measured
    try:
        (pid,) = pool.process_ids()
        status = Path(f"/proc/{pid}/status").read_text().splitlines()
        fields = {line.split(":")[0]: int(line.split()[1]) for line in status if "kB" in line}
        return (fields["VmHWM"] - REST_RSS_KB) / 1024
    except ValueError:  # the process was replaced: it hit a limit
        return None
    finally:
        pool.close()


REST_RSS_KB = 0  # set by budgets(): a worker's resident size after one empty text file


def budgets(folder: Path) -> None:
    """What long CVs use of each budget, against the limits and a decompression bomb."""
    global REST_RSS_KB
    corpus = make_corpus(folder / "corpus")
    files = {"20-page CV": folder / "cv20.pdf", "50-page CV": folder / "cv50.pdf"}
    files["20-page CV"].write_bytes(long_pdf_cv(20))
    files["50-page CV"].write_bytes(long_pdf_cv(50))
    files["many_pages.pdf (2000)"] = corpus["many_pages.pdf"]
    files["docx_table.docx"] = corpus["docx_table.docx"]
    files["bomb: 4 GB in 10 KB"] = folder / "bomb.pdf"
    files["bomb: 4 GB in 10 KB"].write_bytes(bomb_pdf(1, 4 * GB, nested=True))
    REST_RSS_KB = _rest_rss_kb(corpus["cv_utf8.txt"])
    limits = DEFAULT_LIMITS
    print(
        f"limits: {limits.max_inflated_bytes / MB:.0f} MB inflated, {limits.max_seconds:g} s, "
        f"{limits.max_memory_bytes / MB:.0f} MB memory above rest "
        f"(a worker at rest: {REST_RSS_KB / 1024:.0f} MB resident)"
    )
    for name, path in files.items():
        outcome, inflated, cpu = budget_use(path)
        peak = peak_memory_above_rest(path)
        memory = f"{peak:7.1f} MB" if peak is not None else "      n/a"
        used = f"{inflated / MB:8.2f} MB" if "pages" in outcome else "> limit"
        print(
            f"{name:<22} {outcome:<20} inflated {used:>11}   "
            f"CPU {cpu:6.2f} s   worker peak {memory}"
        )


def _rest_rss_kb(text_file: Path) -> int:
    pool = ExtractionPool(1)
    try:
        pool.extract(text_file)
        (pid,) = pool.process_ids()
        status = Path(f"/proc/{pid}/status").read_text()
        return int(status.split("VmRSS:")[1].split()[0])
    except (FileNotFoundError, ValueError):
        return 0
    finally:
        pool.close()


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
    parser.add_argument("--budgets", action="store_true", help="use of each file's budget")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.budgets:
            budgets(Path(tmp))
            return
        paths = sorted(args.dir.glob("*.pdf")) if args.dir else write_pdf_cvs(Path(tmp), args.files)
        megabytes = sum(p.stat().st_size for p in paths) / 1e6
        print(f"{len(paths)} PDFs, {megabytes:.2f} MB, best of {args.runs} runs")
        baseline, measured = compare(paths, args.runs)
        report("plain pypdf", baseline, paths, megabytes)
        report("extract_text", measured, paths, megabytes)
        print(f"ratio extract_text / pypdf: {measured / baseline:.2f}")
        wall = through_pool(paths)
        print(
            f"worker processes (2), wall: {wall * 1000:6.0f} ms   {len(paths) / wall:7.1f} files/s"
        )
        if not args.dir:
            for label, subset in (("one-column", paths[0::2]), ("two-column", paths[1::2])):
                baseline, measured = compare(subset, args.runs)
                print(f"  {label}: ratio {measured / baseline:.2f}")


if __name__ == "__main__":
    main()
