"""Imports that never stall silently: after "no API key", a budget stop or Cancel no file
sits at "Parsing…"/"Indexing…"; the queue says why it stopped and offers one Resume button;
saving Settings or a budget offers to resume; the "no API key" dialog opens Settings.

Each runs with the import in the window's process and in one of its own (as the app runs
it, `AppServices.import_in_own_process`): the queue behaves the same either way."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from headhunter_desktop.core.services.usage_types import Budget
from headhunter_desktop.core.storage.tables import ImportState
from headhunter_desktop.ui.cvs.cvs_tab import CvsTab
from headhunter_desktop.ui.settings.settings_dialog import SettingsDialog
from headhunter_desktop.ui.shell.main_window import MainWindow
from tests.fakes import FakeOpenAIServer, FakeUsage
from tests.fakes.cv_responder import cv_profile_responder
from tests.helpers.cv_files import write_txt_cvs
from tests.helpers.waiting import wait_for, wait_for_widget

BUSY_TEXTS = ("Parsing with the LLM…", "Indexing…", "Reading file…")


def statuses(tab: CvsTab) -> list[str]:
    model = tab.queue_model
    return [
        model.data(model.index(r, 1), Qt.ItemDataRole.DisplayRole) for r in range(model.rowCount())
    ]


def states(tab: CvsTab) -> list[ImportState]:
    return [row.state for row in tab.queue_model.rows()]


def online(window: MainWindow, server: FakeOpenAIServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-fake")
    server.responder = cv_profile_responder
    window.services.config = dataclasses.replace(window.services.config, base_url=server.base_url)


@pytest.fixture(params=[False, True], ids=["in-window", "own-process"])
def import_process(request: pytest.FixtureRequest, window: MainWindow) -> None:
    """The import in the window's process (as most GUI tests run it), then in a spawned one."""
    if request.param:
        window.services.import_in_own_process()


async def press(box: QMessageBox, text: str) -> None:
    next(b for b in box.buttons() if b.text() == text).click()


@pytest.mark.usefixtures("import_process")
def test_no_api_key_says_why_opens_settings_and_resumes_once_saved(
    window: MainWindow, qloop, fake_openai: FakeOpenAIServer, tmp_path: Path
) -> None:
    tab = window.cvs_tab
    fake_openai.responder = cv_profile_responder
    write_txt_cvs(tmp_path / "cvs", 3)

    async def stop_fix_resume() -> None:
        tab.import_paths([tmp_path / "cvs"])
        box = await wait_for_widget(QMessageBox, timeout=30)
        assert "No OpenAI API key" in box.text()
        # Nothing runs: no file claims to be parsing, the line says why, one button resumes.
        assert not set(statuses(tab)) & set(BUSY_TEXTS)
        assert "no API key" in tab.import_progress.label.text()
        assert tab.import_progress.is_resumable()
        await press(box, "Open Settings")
        dialog = await wait_for_widget(SettingsDialog)
        window.services.keys.keep_for_session("sk-test-fake")
        dialog.saved.emit(
            window.services.settings.model_copy(update={"base_url": fake_openai.base_url})
        )
        dialog.reject()
        assert "resume" in tab.import_progress.label.text()
        assert tab.import_progress.is_resumable()
        tab.import_progress.retry_button.click()
        await wait_for(lambda: states(tab) == [ImportState.DONE] * 3, 30)

    qloop.run_until_complete(stop_fix_resume())
    assert len(fake_openai.chat_requests()) == 3
    assert not tab.import_progress.is_resumable()


@pytest.mark.usefixtures("import_process")
def test_cancel_leaves_every_file_cancelled_and_resume_imports_them(
    window: MainWindow, qloop, fake_openai: FakeOpenAIServer, monkeypatch, tmp_path: Path
) -> None:
    online(window, fake_openai, monkeypatch)
    tab = window.cvs_tab
    write_txt_cvs(tmp_path / "cvs", 4)
    fake_openai.latency = 60  # every parse hangs until Cancel

    async def cancel_then_resume() -> None:
        tab.import_paths([tmp_path / "cvs"])
        await wait_for(lambda: states(tab).count(ImportState.PARSING) >= 2, 30)
        tab.import_progress.cancel_button.click()
        await wait_for(lambda: not window.tasks.running("cvs.import"), 30)
        assert states(tab) == [ImportState.CANCELLED] * 4
        assert "cancelled" in tab.import_progress.label.text()
        assert tab.import_progress.is_resumable()
        fake_openai.latency = 0
        tab.import_progress.retry_button.click()
        await wait_for(lambda: states(tab) == [ImportState.DONE] * 4, 30)
        await wait_for(lambda: tab.candidates.rowCount() == 4, 10)

    qloop.run_until_complete(cancel_then_resume())
    assert [row.job_id for row in tab.queue_model.rows()] == [1, 2, 3, 4]  # the same jobs


def costly_parse(body: dict[str, Any]) -> Any:
    """A parse at $0.00255 (gpt-4o-mini: 5,000 tokens in, 3,000 out)."""
    return dataclasses.replace(cv_profile_responder(body), usage=FakeUsage(5_000, 3_000))


@pytest.mark.usefixtures("import_process")
def test_a_budget_raised_later_offers_to_resume_the_stopped_queue(
    window: MainWindow, qloop, fake_openai: FakeOpenAIServer, monkeypatch, tmp_path: Path
) -> None:
    online(window, fake_openai, monkeypatch)
    fake_openai.responder = costly_parse
    tab = window.cvs_tab
    acme = qloop.run_until_complete(window.directory.create("Acme Ltd"))
    window.directory.select(acme.id)
    usage = window.services.usage
    budget = Budget(acme.uuid, "Acme Ltd", Decimal("0.01"), Decimal("0.8"), hard_cap=True)
    qloop.run_until_complete(usage.set_budget(budget))
    write_txt_cvs(tmp_path / "cvs", 4)

    async def stop_leave_raise_resume() -> None:
        tab.import_paths([tmp_path / "cvs"])
        box = await wait_for_widget(QMessageBox, timeout=30)
        await press(box, "Cancel")  # leave the files queued
        await wait_for(lambda: not window.tasks.running("cvs.import"), 10)
        assert ImportState.QUEUED in states(tab)
        assert not set(statuses(tab)) & set(BUSY_TEXTS)
        assert "monthly budget" in tab.import_progress.label.text()
        assert tab.import_progress.is_resumable()
        # Raised in the Usage tab, not in the stop's dialog: the queue offers to go on.
        await usage.set_budget(dataclasses.replace(budget, monthly_limit_usd=Decimal("5")))
        assert "budget was changed" in tab.import_progress.label.text()
        tab.import_progress.retry_button.click()
        await wait_for(lambda: states(tab) == [ImportState.DONE] * 4, 30)

    qloop.run_until_complete(stop_leave_raise_resume())
