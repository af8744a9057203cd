"""CV files on disk, generated: plain text for the import tests, PDFs for the benchmarks."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader, PdfWriter

from tests.data.cv_content import generate_cvs, render_cv_text
from tests.data.make_cv_corpus import SEED, single_column_pdf, two_column_pdf

# Two short CVs with nothing in common: a data engineer and a pastry chef.
ADA_CV = "Ada Byte\nData Engineer\nada@example.com\nPython SQL Docker\n"
BOB_CV = "Bob Bun\nPastry Chef\nbob@example.com\nPastry Excel\n"


def write_txt_cvs(folder: Path, n: int, first_serial: int = 1) -> list[Path]:
    """`n` distinct generated plain-text CVs, `cv_<serial>.txt` in `folder` (created)."""
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for cv in generate_cvs(n, seed=7, first_serial=first_serial):
        path = folder / f"cv_{cv.serial}.txt"
        path.write_text(render_cv_text(cv), encoding="utf-8")
        files.append(path)
    return files


def write_pdf_cvs(folder: Path, n: int, seed: int = SEED) -> list[Path]:
    """`n` distinct generated CV PDFs (alternately one- and two-column) in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, cv in enumerate(generate_cvs(n, seed)):
        data = single_column_pdf(cv)[0] if i % 2 == 0 else two_column_pdf(cv)[0]
        path = folder / f"cv_{cv.serial:05d}.pdf"
        path.write_bytes(data)
        paths.append(path)
    return paths


def long_pdf_cv(pages: int, seed: int = SEED) -> bytes:
    """One PDF of `pages` pages of CV text (generated CVs one after another): a long CV."""
    writer = PdfWriter()
    for i, cv in enumerate(generate_cvs(pages, seed)):
        data = single_column_pdf(cv)[0] if i % 2 == 0 else two_column_pdf(cv)[0]
        writer.append(PdfReader(io.BytesIO(data)))
        if len(writer.pages) >= pages:
            break
    while len(writer.pages) > pages:
        writer.remove_page(len(writer.pages) - 1)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def write_cv_texts(folder: Path, texts: dict[str, str]) -> list[Path]:
    """One plain-text CV per `file name: text`, in `folder` (created)."""
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for name, text in texts.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        files.append(path)
    return files
