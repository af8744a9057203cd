"""The text engines the real-CV benchmark compares, each a function from a path to text.

PDF: `current` (the app's `extract_text`, as the tree is now), `pypdf` (plain
`page.extract_text()` joined: what a naive importer does), `pdfium` (pypdfium2's
`get_textpage().get_text_range()`), `pdfminer` (`pdfminer.high_level.extract_text`) and
`pdftotext` (poppler, the reference). DOCX: `current` and `python-docx` (body paragraphs,
then each table's cells: what a naive importer does).

Times are CPU seconds of this process and of its children (pdftotext runs as one), so
other load on a shared machine does not decide the ratios.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from tests.benchmarks.real_cv_text import pdftotext

Engine = Callable[[Path], str]
PDF_ENGINES = ("current", "pypdf", "pdfium", "pdfminer", "pdftotext")
DOCX_ENGINES = ("current", "python-docx")
BASELINE = "pypdf"


def current(path: Path) -> str:
    from headhunter_desktop.core.documents import extract_text

    return extract_text(path).text


def plain_pypdf(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def pdfium(path: Path) -> str:
    import pypdfium2

    document = pypdfium2.PdfDocument(path)
    try:
        texts = []
        for page in document:
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return "\n".join(texts)
    finally:
        document.close()


def pdfminer(path: Path) -> str:
    from pdfminer.high_level import extract_text

    return extract_text(path)


def python_docx(path: Path) -> str:
    import docx

    document = docx.Document(str(path))
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.extend(cell.text for cell in row.cells)
    return "\n".join(lines)


ENGINES: dict[str, Engine] = {
    "current": current,
    "pypdf": plain_pypdf,
    "pdfium": pdfium,
    "pdfminer": pdfminer,
    "pdftotext": pdftotext,
    "python-docx": python_docx,
}


def cpu_seconds() -> float:
    """CPU time of this process and its finished children."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def run_engine(name: str, path: Path) -> tuple[str, float, str | None]:
    """(text, CPU seconds, error or None) of one engine on one file."""
    started = cpu_seconds()
    try:
        text, error = ENGINES[name](path), None
    except Exception as exc:  # a benchmark reports a crash as that file's failure
        text, error = "", f"{type(exc).__name__}: {exc}"
    return text, cpu_seconds() - started, error


def warm_up(names: list[str], path: Path) -> None:
    """Load each engine's modules once, so imports are not timed on the first file."""
    for name in names:
        run_engine(name, path)
