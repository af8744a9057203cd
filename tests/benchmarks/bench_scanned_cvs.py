"""Scanned CVs read by the local OCR: the facts of the text versions that their scans keep.

Run: `.venv/bin/python tests/benchmarks/bench_scanned_cvs.py DIR [--facts FILE]
[--generated N] [--dpi 150] [--quality office|clean|rough] [--limit N] [--per-file]
[--json OUT]`

Each PDF of the real-CV corpus in DIR (placed by real_cvs/place_corpus.py; DOCX files have
no pages to scan and are skipped) is read as it is (`extract_text`, the app's engine), and
a scanned copy of it is made: every page rendered at `--dpi`, turned, grainy, specked with
dust and saved as JPEG in an image-only PDF (tests/data/scanned_cvs.py; `office`: turned
by up to ±1.5°, grain σ 8, JPEG 75; `rough`: grain σ 12, dust on 0.2% of the pixels, JPEG
60; `clean`: none of it, JPEG 85). The copy is read by OCR (`scans="ocr"`).

Score: of the hand-checked facts (real_cvs/facts.json, matched by real_cv_scoring.py) the
text version shows, the share its scan shows too; and of those also printed on the page (in
pdftotext's text of the original: a link that is only a clickable icon's target is not),
the same share: the figure the target (95%) is for. Also: CPU and wall seconds per page,
the engine's load time, and the process's resident memory before the engine loads, once
loaded, and at its peak. `--generated N`: N CVs of the generated corpus (tests/data)
instead, their facts known.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
import resource
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from headhunter_desktop.core.documents import DEFAULT_LIMITS, ExtractionError, extract_text
from headhunter_desktop.core.documents.scanned import ocr_engine
from tests.benchmarks.bench_real_cvs import CORPUS, load_corpus
from tests.benchmarks.real_cv_facts import clear_facts
from tests.benchmarks.real_cv_scoring import FACT_CATEGORIES, FactMatcher, Facts
from tests.benchmarks.real_cv_text import pdftotext
from tests.data.cv_content import generate_cvs
from tests.data.make_cv_corpus import single_column_pdf, two_column_pdf
from tests.data.scanned_cvs import OFFICE, ROUGH, Degradation, image_only_pdf, scanned_pages

TARGET = 0.95
QUALITIES = {"office": OFFICE, "rough": ROUGH, "clean": Degradation()}
# Read every page, however long it takes: the app's own page and time limits are counted.
OCR_ALL = dataclasses.replace(DEFAULT_LIMITS, scans="ocr", max_scanned_pages=99, max_seconds=1e6)


@dataclass
class ScanScore:
    """One file: facts shown by its text and by its scan, and what the OCR cost."""

    file: str
    pages: int
    text_found: dict[str, list[str]] = field(default_factory=dict)  # category -> labels
    scan_missed: list[tuple[str, str]] = field(default_factory=list)
    unprinted: list[tuple[str, str]] = field(default_factory=list)  # shown, not on the page
    cpu_s: float = 0.0
    wall_s: float = 0.0
    error: str | None = None

    @property
    def kept(self) -> int:
        return sum(len(labels) for labels in self.text_found.values()) - len(self.scan_missed)

    @property
    def shown(self) -> int:
        return sum(len(labels) for labels in self.text_found.values())

    @property
    def printed_kept(self) -> int:
        return self.shown - len(self.unprinted) - len(set(self.scan_missed) - set(self.unprinted))


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def rss_mb() -> tuple[float, float]:
    """(resident now, resident at the peak so far) in MB, from /proc (Linux)."""
    fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def score(name: str, pdf: bytes, facts: Facts, how: Degradation, seed: int) -> ScanScore:
    """The facts a file's text shows, and which of them its scanned copy loses."""
    with tempfile.TemporaryDirectory() as tmp:
        text_path, scan_path = Path(tmp) / "text.pdf", Path(tmp) / "scan.pdf"
        text_path.write_bytes(pdf)
        rng = random.Random(seed)
        skew = how.skew_degrees
        turned = dataclasses.replace(how, skew_degrees=rng.uniform(-skew, skew))
        pages = scanned_pages(pdf, turned, seed)
        scan_path.write_bytes(image_only_pdf(pages, turned))
        result = ScanScore(name, len(pages))
        text = FactMatcher(extract_text(text_path).text)
        page = FactMatcher(pdftotext(text_path)) if shutil.which("pdftotext") else text
        for fact in facts:
            if text.has(fact):
                result.text_found.setdefault(fact.category, []).append(fact.label)
                if not page.has(fact):
                    result.unprinted.append((fact.category, fact.label))
        cpu, wall = cpu_seconds(), time.perf_counter()
        try:
            scan = FactMatcher(extract_text(scan_path, limits=OCR_ALL).text)
        except ExtractionError as exc:
            result.error, scan = str(exc), FactMatcher("")
        result.cpu_s, result.wall_s = cpu_seconds() - cpu, time.perf_counter() - wall
    shown = [fact for fact in facts if fact.label in result.text_found.get(fact.category, [])]
    result.scan_missed = [(f.category, f.label) for f in shown if not scan.has(f)]
    return result


def real_corpus(
    directory: Path, facts_file: Path, limit: int | None
) -> list[tuple[str, bytes, Facts]]:
    paths, facts = load_corpus(directory, facts_file)
    pdfs = [path for path in paths if path.suffix == ".pdf" and facts.get(path.name)]
    return [(path.name, path.read_bytes(), facts[path.name]) for path in pdfs[:limit]]


def generated_corpus(count: int) -> list[tuple[str, bytes, Facts]]:
    files = []
    for i, cv in enumerate(generate_cvs(count, 4242, first_serial=5001)):
        pdf = single_column_pdf(cv)[0] if i % 2 == 0 else two_column_pdf(cv)[0]
        facts = clear_facts(
            {"name": cv.name, "emails": [cv.email], "phones": [cv.phone],
             "employers": [job.company for job in cv.jobs]}
        )  # fmt: skip
        files.append((f"generated-{cv.serial}.pdf", pdf, facts))
    return files


def engine_load() -> dict[str, float]:
    """Load the OCR engine, as the first scan in an extraction process does."""
    before = rss_mb()[0]
    started = time.perf_counter()
    ocr_engine.engine()
    return {
        "load_s": time.perf_counter() - started,
        "rss_before_mb": before,
        "rss_loaded_mb": rss_mb()[0],
    }


def summary(scores: list[ScanScore], load: dict[str, float]) -> dict[str, object]:
    pages = sum(s.pages for s in scores)
    by_category = {}
    for category in FACT_CATEGORIES:
        shown = sum(len(s.text_found.get(category, [])) for s in scores)
        missed = sum(1 for s in scores for c, _ in s.scan_missed if c == category)
        by_category[category] = [shown - missed, shown]
    kept, shown = sum(s.kept for s in scores), sum(s.shown for s in scores)
    printed = shown - sum(len(s.unprinted) for s in scores)
    printed_kept = sum(s.printed_kept for s in scores)
    return {
        "files": len(scores),
        "pages": pages,
        "facts_kept": kept,
        "facts_shown_by_text": shown,
        "share": kept / shown if shown else None,
        "facts_printed": printed,
        "printed_kept": printed_kept,
        "printed_share": printed_kept / printed if printed else None,
        "by_category": by_category,
        "cpu_s_per_page": sum(s.cpu_s for s in scores) / max(pages, 1),
        "wall_s_per_page": sum(s.wall_s for s in scores) / max(pages, 1),
        "slowest_file_wall_s": max((s.wall_s for s in scores), default=0.0),
        "over_app_page_limit": sum(1 for s in scores if s.pages > DEFAULT_LIMITS.max_scanned_pages),
        "errors": sum(1 for s in scores if s.error),
        **load,
        "rss_peak_mb": rss_mb()[1],
    }


def report(result: dict[str, object], scores: list[ScanScore], per_file: bool) -> str:
    share, printed = result["share"], result["printed_share"]
    lines = [
        f"{result['files']} files, {result['pages']} pages scanned",
        f"facts printed on the page kept: {result['printed_kept']}/{result['facts_printed']}"
        + (f" = {printed:.1%} (target {TARGET:.0%})" if isinstance(printed, float) else ""),
        f"all facts of the text version kept: {result['facts_kept']}/"
        f"{result['facts_shown_by_text']}"
        + (f" = {share:.1%}" if isinstance(share, float) else ""),
        "by kind: " + ", ".join(f"{c} {k}/{n}" for c, (k, n) in result["by_category"].items()),  # type: ignore[attr-defined]
        f"per page: {result['cpu_s_per_page']:.2f} s CPU, {result['wall_s_per_page']:.2f} s wall;"
        f" slowest file {result['slowest_file_wall_s']:.1f} s",
        f"engine load {result['load_s']:.2f} s; RSS {result['rss_before_mb']:.0f} MB before,"
        f" {result['rss_loaded_mb']:.0f} MB loaded, {result['rss_peak_mb']:.0f} MB at the peak",
        f"files over the app's {DEFAULT_LIMITS.max_scanned_pages}-page scan limit:"
        f" {result['over_app_page_limit']}; errors: {result['errors']}",
    ]
    if per_file:
        for s in scores:
            missed = (
                ", ".join(
                    f"{c}:{label}" + (" (not printed)" if (c, label) in s.unprinted else "")
                    for c, label in s.scan_missed
                )
                or "-"
            )
            cost = f"({s.pages} p, {s.wall_s:.1f} s)"
            lines.append(f"  {s.file}: {s.kept}/{s.shown} {cost} {s.error or missed}")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", type=Path, nargs="?")
    parser.add_argument("--facts", type=Path, default=CORPUS / "facts.json")
    parser.add_argument("--generated", type=int, help="use N generated CVs instead of DIR")
    parser.add_argument("--dpi", type=int, default=150)
    parser.add_argument("--quality", choices=sorted(QUALITIES), default="office")
    parser.add_argument("--limit", type=int, help="the first N PDFs only")
    parser.add_argument("--per-file", action="store_true")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if args.generated:
        files = generated_corpus(args.generated)
    elif args.dir:
        files = real_corpus(args.dir, args.facts, args.limit)
    else:
        parser.error("give DIR or --generated N")
    how = dataclasses.replace(QUALITIES[args.quality], dpi=args.dpi)
    load = engine_load()
    scores = [score(name, pdf, facts, how, seed) for seed, (name, pdf, facts) in enumerate(files)]
    result = summary(scores, load)
    print(report(result, scores, args.per_file))
    if args.json:
        out = result | {"scores": [dataclasses.asdict(s) for s in scores]}
        args.json.write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
