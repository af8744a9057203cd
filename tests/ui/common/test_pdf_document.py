"""A Markdown document printed to PDF by Qt: real text on A4 pages, raw HTML kept as text,
and a headless process (no display, no application yet) can print one too."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QApplication

from headhunter_desktop.ui.common.pdf_document import (
    PdfExportError,
    markdown_document,
    write_markdown_pdf,
)
from tests.helpers.pdf_text import pdf_text, pdf_title

FEEDBACK = """# Interview feedback: Ada Lovelace

**Client:** Acme Ltd
**Candidate:** Ada Lovelace
**Job:** Senior SRE
**Date:** 2025-03-14

| Competency | Rating | Comment |
| --- | --- | --- |
| Python | 2/5 | shaky on asyncio |
| Culture fit | not rated | |

## Summary

Calm under pressure. <script>alert("x")</script> <b>not bold</b>
"""
A4_POINTS = (595, 842)


def test_the_pdf_holds_the_text_the_scorecard_and_the_title_on_a4(
    qapp: QApplication, tmp_path: Path
) -> None:
    target = tmp_path / "feedback.pdf"
    write_markdown_pdf(FEEDBACK, target, title="Feedback: Ada Lovelace")
    text = pdf_text(target)
    for expected in ("Acme Ltd", "Ada Lovelace", "Senior SRE", "2025-03-14"):
        assert expected in text
    assert "Python 2/5 shaky on asyncio" in text and "Culture fit not rated" in text
    assert "Summary Calm under pressure." in text
    assert "**" not in text and "| ---" not in text  # rendered, not printed as source
    page = PdfReader(target).pages[0]
    assert (round(page.mediabox.width), round(page.mediabox.height)) == A4_POINTS
    assert pdf_title(target) == "Feedback: Ada Lovelace"


def test_raw_html_in_the_markdown_is_shown_as_text(qapp: QApplication, tmp_path: Path) -> None:
    target = tmp_path / "feedback.pdf"
    write_markdown_pdf(FEEDBACK, target, title="t")
    assert '<script>alert("x")</script> <b>not bold</b>' in pdf_text(target)


def test_a_long_report_runs_over_several_pages(qapp: QApplication, tmp_path: Path) -> None:
    target = tmp_path / "long.pdf"
    paragraphs = "\n\n".join(f"Paragraph {n} of the report." for n in range(150))
    write_markdown_pdf(paragraphs, target, title="t")
    assert len(PdfReader(target).pages) > 1
    assert "Paragraph 149 of the report." in pdf_text(target)


def test_a_file_that_cannot_be_written_is_a_user_facing_error(
    qapp: QApplication, tmp_path: Path
) -> None:
    target = tmp_path / "no such folder" / "feedback.pdf"
    with pytest.raises(PdfExportError, match=r"Cannot write .*feedback\.pdf: No such file"):
        write_markdown_pdf(FEEDBACK, target, title="t")


def test_a_process_without_a_display_or_an_application_prints_a_pdf(tmp_path: Path) -> None:
    target = tmp_path / "headless.pdf"
    script = (
        "import sys; from pathlib import Path\n"
        "from headhunter_desktop.ui.common.pdf_document import write_markdown_pdf\n"
        "write_markdown_pdf(sys.argv[1], Path(sys.argv[2]), title='Headless')\n"
        # A window opened afterwards in the same process (widgets need a QApplication:
        # with a bare QGuiApplication left by the export, Qt aborts here).
        "from PySide6.QtWidgets import QWidget; QWidget()\n"
    )
    hidden = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    env = {name: value for name, value in os.environ.items() if name not in hidden}
    done = subprocess.run(
        [sys.executable, "-c", script, "# Hello\n\nfrom nowhere", str(target)],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert pdf_text(target) == "Hello from nowhere 1"  # the text, then the page number
    assert pdf_title(target) == "Headless"


def test_underscores_are_emphasis_as_on_github_not_an_underline(qapp: QApplication) -> None:
    document = markdown_document("_AI-drafted; not edited since._ and *this*", title="t")
    fragments = document.begin().begin()
    italic = fragments.fragment().charFormat()
    assert fragments.fragment().text() == "AI-drafted; not edited since."
    assert italic.fontItalic() and not italic.fontUnderline()
