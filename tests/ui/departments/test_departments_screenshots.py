"""The Departments tab as a recruiter sees it — a generated department, and one being
written — at 1280×800, 1024×640 and the window's minimum size, light and dark: grabbed to
PNG (set HEADHUNTER_SCREENSHOT_DIR to keep them) with no widget squeezed below its size."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from headhunter_desktop.core.domain.department import (
    DepartmentProfile,
    DepartmentProfileDraft,
    JobTemplate,
)
from headhunter_desktop.ui.departments.departments_tab import DepartmentsTab
from headhunter_desktop.ui.shell.main_window import MainWindow
from tests.fakes import ChatReply, FakeOpenAIServer
from tests.helpers.departments_tab import PLATFORM, idle, profile_json
from tests.helpers.screenshots import (
    app_look,
    looks,
    save_screenshot,
    squeezed_widgets,
    window_sizes,
)
from tests.helpers.waiting import streams_closed, wait_for

DATA = DepartmentProfileDraft(
    description="Turns train and passenger data into the reports operators plan with.",
    technologies=["Python", "dbt", "Snowflake"],
    job_templates=[JobTemplate(title="Analytics Engineer", technologies=["dbt", "SQL"])],
)
# Still streaming while every screenshot is taken, however slow the run: the last job
# template's description goes on and on.
_LAST = PLATFORM.job_templates[-1]
WRITING = PLATFORM.model_copy(
    update={
        "job_templates": [
            *PLATFORM.job_templates[:-1],
            _LAST.model_copy(update={"description": "Runs PostgreSQL for every product. " * 80}),
        ]
    }
)
PALETTES = looks()


async def settled() -> None:
    """Layouts done, as before a paint: a template the stream just added is laid out."""
    await asyncio.sleep(0.01)
    for _ in range(3):  # a layout's request reaches its parent's in the next round
        # Only layout requests: other posted events may step the loop's own callbacks.
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)


async def shoot(window: MainWindow, state: str, folder: Path) -> list[str]:
    """Every size and palette of the window as it is; the squeezed widgets found. On the
    loop: a stream running meanwhile must be stepped by it, never by Qt alone."""
    problems = []
    for look, palette in PALETTES.items():
        with app_look(palette):
            for size_name, size in window_sizes(window).items():
                window.resize(size)
                await settled()
                name = f"departments-{state}-{size_name}-{look}"
                save_screenshot(window, name, folder)
                problems += [f"{name}: {p}" for p in squeezed_widgets(window)]
    return problems


def template_text(templates: Any, index: int) -> str:
    """The description of job template `index` as shown, "" before it started."""
    if len(templates.items) <= index:
        return ""
    return str(templates.items[index].fields["description"].editor.toPlainText())


def test_screenshots_of_a_generated_department_and_one_being_written(
    tab: DepartmentsTab,
    online: MainWindow,
    acme: Any,
    qloop,
    tmp_path: Path,
    fake_openai_env: FakeOpenAIServer,
) -> None:
    save = online.services.departments.save
    for name, fields in (("Platform", PLATFORM), ("Data & Analytics", DATA)):
        profile = DepartmentProfile(client_id=acme.id, name=name, fields=fields, ai_drafted=True)
        qloop.run_until_complete(save(profile))
    tab.workflow.reload()
    qloop.run_until_complete(idle(tab))
    tab.panel.view.setCurrentIndex(tab.model.index(1))
    qloop.run_until_complete(wait_for(lambda: tab.editor.name() == "Platform"))
    problems = qloop.run_until_complete(shoot(online, "generated", tmp_path))

    fake_openai_env.chunk_delay = 0.002
    fake_openai_env.queue(ChatReply(profile_json(WRITING), chunk_words=1))
    tab.workflow.new()
    qloop.run_until_complete(idle(tab))
    tab.editor.name_edit.setText("Customer Apps")
    tab.editor.notes.setPlainText("Two squads: passenger app and ticket machines.")
    templates = tab.editor.form.field("job_templates")

    async def while_writing() -> list[str]:
        # One run of the loop from start to end: qasync steps pending callbacks once more
        # after a run ends, with no loop running, which a stream in flight cannot take.
        tab.workflow.generate()
        await wait_for(lambda: "tooling" in template_text(templates, 1))
        fake_openai_env.chunk_delay = 0.05  # the shots catch it writing the second template
        found = await shoot(online, "streaming", tmp_path)
        assert tab.workflow.runner.running, tab.editor.status.message()  # when grabbed
        tab.workflow.runner.cancel()
        await idle(tab)
        await streams_closed()
        return found

    problems += qloop.run_until_complete(while_writing())
    assert problems == []
