"""What bench_real_cvs.py prints: a table per engine, and with --per-file what fails where."""

from __future__ import annotations

from tests.benchmarks.real_cv_results import EngineSummary, FileScore
from tests.benchmarks.real_cv_scoring import FACT_CATEGORIES, first

_HEADER = (
    f"{'engine':<12}{'files':>6}{'err':>5}{'facts':>8}{'lines':>8}{'glyph':>7}{'glued':>7}"
    f"{'1-word':>8}{'cpu s':>8}{'×pypdf':>8}   facts by kind: "
    + " ".join(c[:5] for c in FACT_CATEGORIES)
)


def percent(value: float | None) -> str:
    return "   -" if value is None else f"{100 * value:5.1f}%"


def table(title: str, summaries: dict[str, EngineSummary], baseline: float | None) -> str:
    """One line per engine: facts found, lines intact, counters, CPU time and ratio."""
    rows = [title, _HEADER]
    for summary in summaries.values():
        ratio = f"{summary.seconds / baseline:7.2f}×" if baseline else "      -"
        categories = " ".join(percent(summary.category_share(c)) for c in FACT_CATEGORIES)
        rows.append(
            f"{summary.engine:<12}{summary.files:>6}{summary.errors:>5}"
            f"{percent(summary.facts_share):>8}{percent(summary.lines_share):>8}"
            f"{summary.glyph_names:>7}{summary.glued:>7}{percent(summary.one_word_share):>8}"
            f"{summary.seconds:>8.2f}{ratio:>8}   {categories}"
        )
    totals = next(iter(summaries.values()), None)
    if totals:
        rows.append(
            f"({totals.facts_total} facts, {totals.lines_total} reference lines of ≥ 5 words)"
        )
    return "\n".join(rows)


def _clip(text: str, width: int = 100) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def file_failures(score: FileScore, lines_shown: int = 3) -> list[str]:
    """What one engine got wrong on one file, a line each."""
    out = [
        f"  {score.file}: facts {score.facts_found}/{score.facts_total}, "
        f"lines {score.lines_found}/{score.lines_total}, one-word lines "
        f"{score.one_word_lines}/{score.nonempty_lines}"
    ]
    if score.error:
        out.append(f"    ERROR {_clip(score.error)}")
    out.extend(f"    missing {category}: {value!r}" for category, value in score.missing_facts)
    out.extend(f"    broken line: {_clip(line)!r}" for line in score.missing_lines[:lines_shown])
    if len(score.missing_lines) > lines_shown:
        out.append(f"    … and {len(score.missing_lines) - lines_shown} more broken lines")
    if score.glyph_names:
        shown = " ".join(first(score.glyph_names, 8))
        out.append(f"    glyph names ({len(score.glyph_names)}): {shown}")
    if score.glued:
        out.append(f"    glued ({len(score.glued)}): {' '.join(first(score.glued, 8))}")
    return out


def per_file(scores: list[FileScore], engines: list[str]) -> str:
    """For each engine, the files it does not read flawlessly and why."""
    out = []
    for engine in engines:
        failing = [s for s in scores if s.engine == engine and not s.flawless()]
        out.append(f"== {engine}: {len(failing)} file(s) with a missing fact or line")
        for score in sorted(failing, key=lambda s: s.file):
            out.extend(file_failures(score))
    return "\n".join(out)
