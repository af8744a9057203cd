"""The Jobs tab as a recruiter sees it — a written job, and one being written — at
1280×800, 1024×640 and the window's minimum size, light and dark: grabbed to PNG (set
HEADHUNTER_SCREENSHOT_DIR to keep them) with no widget squeezed below its size."""

from __future__ import annotations

import asyncio
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QScrollArea

from headhunter_desktop.core.domain.job_posting import JobPosting, JobStatus
from headhunter_desktop.core.services.clients import ClientSummary
from headhunter_desktop.ui.jobs.jobs_tab import JobsTab
from headhunter_desktop.ui.shell.main_window import MainWindow
from tests.fakes import ChatReply, FakeOpenAIServer
from tests.helpers.job_postings import posting_fields
from tests.helpers.jobs_tab import add_department, add_job, field_text, tab_settled
from tests.helpers.screenshots import (
    app_look,
    looks,
    save_screenshot,
    squeezed_widgets,
    window_sizes,
)
from tests.helpers.waiting import streams_closed, wait_for

PALETTES = looks()
AD = (
    "Acme Robotics is looking for a Senior Backend Engineer for its Berlin office. You will "
    "design the API our 40,000 household robots talk to, and run it in production with a "
    "team of six. We offer 30 days of holiday and a robot of your own."
)


async def shoot(window: MainWindow, state: str, folder: Path) -> list[str]:
    """Every size and palette of the window as it is; the squeezed widgets found.

    A coroutine, so Qt's events (a stream's socket among them) are handled while the loop
    runs: an HTTP read stepped outside it would fail to find its async library."""
    problems = []
    for look, palette in PALETTES.items():
        with app_look(palette):
            for size_name, size in window_sizes(window).items():
                window.resize(size)
                await asyncio.sleep(0.05)  # layouts and paints settle
                name = f"jobs-{state}-{size_name}-{look}"
                save_screenshot(window, name, folder)
                problems += [f"{name}: {p}" for p in squeezed_widgets(window)]
    return problems


async def shoot_tag_and_dialog(tab: JobsTab, window: MainWindow, folder: Path) -> list[str]:
    """The "suggested" tag of a field, and the analyse dialog holding a description."""
    form = tab.editor.form
    scroll = form.findChild(QScrollArea)
    assert scroll is not None
    scroll.ensureWidgetVisible(form.field("benefits"), 0, 120)
    dialog = tab.editor.writer.open_analyse_dialog()
    assert dialog is not None
    dialog.text_edit.setPlainText("\n\n".join([AD] * 3))
    dialog._show_note("Read from backend-engineer.docx: check it, then press Analyse.", error=False)
    problems = []
    for look, palette in PALETTES.items():
        with app_look(palette):
            window.resize(QSize(1280, 800))
            await asyncio.sleep(0.05)
            save_screenshot(window, f"jobs-suggested-1280x800-{look}", folder)
            save_screenshot(dialog, f"jobs-analyse-dialog-{look}", folder)
            problems += [f"dialog {look}: {p}" for p in squeezed_widgets(dialog)]
    dialog.reject()
    return problems


async def open_written_jobs(window: MainWindow, tab: JobsTab, client_id: int) -> None:
    """Three jobs of the client, the open one on screen (a template, a suggestion)."""
    platform = await add_department(window, client_id)
    written = JobPosting(
        client_id=client_id,
        department_id=platform.id,
        template_title="Backend Engineer",
        fields=posting_fields(),
        suggested_fields=["benefits"],
        ai_drafted=True,
    )
    for title, status in (("Data Engineer", JobStatus.CLOSED), ("QA Lead", JobStatus.DRAFT)):
        other = written.model_copy(update={"fields": posting_fields(title=title)})
        await add_job(window, other.model_copy(update={"status": status}))
    saved = await add_job(window, written)
    await window.services.jobs.set_status(saved.id, JobStatus.OPEN)  # type: ignore[arg-type]
    await tab.refresh()
    tab.open_job(saved.id)  # type: ignore[arg-type]
    await tab_settled(window)
    assert tab.editor.job.id == saved.id


def test_screenshots_of_a_written_job_and_one_being_written(
    tab: JobsTab,
    online: MainWindow,
    acme: ClientSummary,
    qloop,
    tmp_path: Path,
    fake_openai: FakeOpenAIServer,
) -> None:
    fake_openai.chunk_delay = 0.02
    # Long enough to be still writing however slowly the shots are taken.
    description = "You keep our robots online. " + " ".join(["Calm on-call, clear runbooks."] * 200)
    streamed = posting_fields(title="Site Reliability Engineer", description=description)
    editor = tab.editor

    async def scenario() -> list[str]:
        await open_written_jobs(online, tab, acme.id)
        problems = await shoot(online, "written", tmp_path)
        problems += await shoot_tag_and_dialog(tab, online, tmp_path)
        fake_openai.queue(ChatReply(streamed.model_dump_json(), chunk_words=1))
        tab.new_job()
        await tab_settled(online)
        editor.header.title_edit.setText("Site Reliability Engineer")
        editor.header.location_edit.setText("Berlin, DE")
        editor.generate()
        await wait_for(lambda: "runbooks. Calm" in field_text(tab, "description"))
        problems += await shoot(online, "streaming", tmp_path)
        assert editor.runner.running, editor.status.message()  # still writing when grabbed
        editor.runner.cancel()
        await wait_for(lambda: not editor.runner.running)
        await streams_closed()
        assert editor.unsaved_label.isVisible()  # what was written stays, unsaved
        return problems + await shoot(online, "stopped", tmp_path)

    assert qloop.run_until_complete(scenario()) == []
