"""Exporting an interview's feedback from the Interviews tab: a Markdown file and a PDF
that Qt printed (its text read back with pypdf), each with the client, the candidate, the
job, the date, the scorecard and the report; unsaved changes are saved first."""

from __future__ import annotations

from pathlib import Path

from headhunter_desktop.ui.interviews.interview_export import MARKDOWN, PDF
from headhunter_desktop.ui.interviews.interviews_tab import InterviewsTab
from headhunter_desktop.ui.shell.main_window import MainWindow
from tests.helpers.dialogs import answer_save_dialog
from tests.helpers.interviews_tab import Agency, add_interview, ai_report, open_in_tab, tab_settled
from tests.helpers.pdf_text import pdf_text, pdf_title

REPORT = (
    "## Summary\nAda explained the fleet API with care.\n\n"
    "## Concerns\n- Kubernetes: had only used managed clusters <script>alert(1)</script>\n"
)


def test_the_feedback_exports_as_markdown_and_as_a_readable_pdf(
    tab: InterviewsTab, online: MainWindow, agency: Agency, qloop, tmp_path: Path
) -> None:
    interview = qloop.run_until_complete(add_interview(online, agency, feedback=ai_report(REPORT)))
    qloop.run_until_complete(open_in_tab(tab, online, interview.id))  # type: ignore[arg-type]
    editor = tab.editor
    editor.header.interviewer_edit.setText("Jonas Weber")
    editor.mark_dirty()  # as typing does: the export saves it first

    async def export_both() -> tuple[str, str]:
        tab.export.export(MARKDOWN)
        markdown_name = await answer_save_dialog(tmp_path / "feedback.md")
        await tab_settled(online)
        tab.export.export(PDF)
        pdf_name = await answer_save_dialog(tmp_path / "feedback.pdf")
        await tab_settled(online)
        return markdown_name, pdf_name

    names = qloop.run_until_complete(export_both())
    assert names == (
        "acme-robotics-gmbh-ada-lovelace-technical-feedback.md",
        "acme-robotics-gmbh-ada-lovelace-technical-feedback.pdf",
    )
    assert not editor.is_dirty()
    markdown = (tmp_path / "feedback.md").read_text(encoding="utf-8")
    assert markdown.startswith("# Interview feedback: Ada Lovelace")
    for fact in ("Acme Robotics GmbH", "Site Reliability Engineer", "2025-03-14", "Jonas Weber"):
        assert fact in markdown
    assert "| Kubernetes | 2/5 | Never ran a cluster herself |" in markdown
    assert "Ada explained the fleet API with care." in markdown
    text = pdf_text(tmp_path / "feedback.pdf")
    for fact in (
        "Acme Robotics GmbH", "Ada Lovelace", "Site Reliability Engineer", "2025-03-14",
        "Kubernetes 2/5 Never ran a cluster herself", "Ada explained the fleet API with care.",
        "<script>alert(1)</",  # shown as text, never run (pypdf may break the line after)
    ):  # fmt: skip
        assert fact in text, fact
    assert pdf_title(tmp_path / "feedback.pdf") == (
        "Interview feedback: Ada Lovelace — Site Reliability Engineer"
    )
    assert editor.status.message() == "Exported the feedback to feedback.pdf"
