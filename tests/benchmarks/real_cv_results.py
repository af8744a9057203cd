"""One engine's scores on one file, and their sums per engine (see bench_real_cvs.py)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

from tests.benchmarks.real_cv_engines import run_engine
from tests.benchmarks.real_cv_scoring import (
    FACT_CATEGORIES,
    Facts,
    glued_words,
    glyph_name_tokens,
    lines_intact,
    one_word_lines,
    reference_vocabulary,
    score_facts,
    share,
)
from tests.benchmarks.real_cv_text import docx_reference_text, pdftotext, reference_lines


@dataclass(frozen=True)
class Reference:
    """What a file's engines are compared with: its reference text, lines and words."""

    text: str
    lines: list[str]
    vocabulary: tuple[set[str], set[str]]

    @classmethod
    def of(cls, path: Path) -> Reference:
        text = docx_reference_text(path) if path.suffix == ".docx" else pdftotext(path)
        return cls(text, reference_lines(text), reference_vocabulary(text))


@dataclass
class FileScore:
    """One engine's text of one file, scored."""

    file: str
    engine: str
    facts_found: int
    facts_total: int
    missing_facts: list[tuple[str, str]]
    facts_by_category: dict[str, list[int]]
    lines_total: int
    missing_lines: list[str]
    glyph_names: list[str]
    glued: list[str]
    one_word_lines: int
    nonempty_lines: int
    seconds: float
    error: str | None = None

    @property
    def lines_found(self) -> int:
        return self.lines_total - len(self.missing_lines)

    def flawless(self) -> bool:
        return not (self.missing_facts or self.missing_lines or self.glyph_names or self.glued)


def score_file(engine: str, path: Path, facts: Facts, reference: Reference) -> FileScore:
    """Run one engine on one file and score its text."""
    text, seconds, error = run_engine(engine, path)
    fact_result = score_facts(facts, text)
    single, nonempty = one_word_lines(text)
    return FileScore(
        file=path.name,
        engine=engine,
        facts_found=fact_result.found,
        facts_total=fact_result.total,
        missing_facts=fact_result.missing,
        facts_by_category=fact_result.by_category,
        lines_total=len(reference.lines),
        missing_lines=lines_intact(reference.lines, text),
        glyph_names=glyph_name_tokens(text),
        glued=glued_words(text, reference.vocabulary),
        one_word_lines=single,
        nonempty_lines=nonempty,
        seconds=seconds,
        error=error,
    )


@dataclass
class EngineSummary:
    """One engine's sums over a set of files."""

    engine: str
    files: int = 0
    errors: int = 0
    facts_found: int = 0
    facts_total: int = 0
    lines_found: int = 0
    lines_total: int = 0
    glyph_names: int = 0
    glued: int = 0
    one_word_lines: int = 0
    nonempty_lines: int = 0
    seconds: float = 0.0
    by_category: dict[str, list[int]] = field(default_factory=dict)

    def add(self, score: FileScore) -> None:
        self.files += 1
        self.errors += score.error is not None
        self.facts_found += score.facts_found
        self.facts_total += score.facts_total
        self.lines_found += score.lines_found
        self.lines_total += score.lines_total
        self.glyph_names += len(score.glyph_names)
        self.glued += len(score.glued)
        self.one_word_lines += score.one_word_lines
        self.nonempty_lines += score.nonempty_lines
        self.seconds += score.seconds
        for category, (found, total) in score.facts_by_category.items():
            tally = self.by_category.setdefault(category, [0, 0])
            tally[0] += found
            tally[1] += total

    @property
    def facts_share(self) -> float | None:
        return self.facts_found / self.facts_total if self.facts_total else None

    @property
    def lines_share(self) -> float:
        return share(self.lines_found, self.lines_total)

    @property
    def one_word_share(self) -> float:
        return share(self.one_word_lines, self.nonempty_lines) if self.nonempty_lines else 0.0

    def category_share(self, category: str) -> float | None:
        found, total = self.by_category.get(category, [0, 0])
        return found / total if total else None


def summarise(scores: list[FileScore], engines: list[str]) -> dict[str, EngineSummary]:
    """Sum the file scores per engine, in the order engines are given."""
    summaries = {engine: EngineSummary(engine) for engine in engines}
    for score in scores:
        summaries[score.engine].add(score)
    return summaries


def summary_json(summary: EngineSummary, baseline_seconds: float | None) -> dict[str, object]:
    """An engine's sums, its shares and its time ratio to the baseline, for --json."""
    data = asdict(summary)
    data |= {
        "facts_share": summary.facts_share,
        "lines_share": summary.lines_share,
        "one_word_share": summary.one_word_share,
        "facts_share_by_category": {c: summary.category_share(c) for c in FACT_CATEGORIES},
        "time_ratio_to_pypdf": summary.seconds / baseline_seconds if baseline_seconds else None,
    }
    return data
