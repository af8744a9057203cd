"""The CVs tab at a client's hard budget cap: an import stops between files and asks what
next; a re-parse and a search ask before going past it, and send nothing on "Cancel"."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox

from headhunter_desktop.core.services.usage_types import Budget
from headhunter_desktop.core.storage.tables import ImportState
from headhunter_desktop.ui.cvs.search_controller import NOT_SEARCHED
from headhunter_desktop.ui.shell.main_window import MainWindow
from tests.fakes import FakeOpenAIServer, FakeUsage
from tests.fakes.cv_responder import cv_profile_responder
from tests.helpers.cv_files import write_txt_cvs
from tests.helpers.usage_records import recent_record
from tests.helpers.waiting import wait_for, wait_for_widget


def costly_parse(body: dict[str, Any]) -> Any:
    """A parse at $0.00255 (gpt-4o-mini: 5,000 tokens in, 3,000 out)."""
    return dataclasses.replace(cv_profile_responder(body), usage=FakeUsage(5_000, 3_000))


@pytest.fixture
def acme(window: MainWindow, qloop, fake_openai: FakeOpenAIServer, monkeypatch) -> Any:
    """The window online on the fake server, working for Acme Ltd."""
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-fake")
    fake_openai.responder = costly_parse
    services = window.services
    services.config = dataclasses.replace(services.config, base_url=fake_openai.base_url)
    created = qloop.run_until_complete(window.directory.create("Acme Ltd"))
    window.directory.select(created.id)
    return created


def cap(window: MainWindow, qloop, client: Any, limit: str) -> None:
    budget = Budget(client.uuid, "Acme Ltd", Decimal(limit), Decimal("0.8"), hard_cap=True)
    qloop.run_until_complete(window.services.usage.set_budget(budget))


def spend_it_all(window: MainWindow, client: Any, usd: str) -> None:
    record = recent_record(
        usd, client_company_id=client.id, client_company_name="Acme Ltd", client_uuid=client.uuid
    )
    window.services.usage_writer.submit(record)
    assert window.services.usage_writer.flush(10)


async def press(button_text: str) -> QMessageBox:
    box = await wait_for_widget(QMessageBox)
    next(b for b in box.buttons() if b.text() == button_text).click()
    return box


def test_an_import_stopped_by_the_cap_resumes_once_the_budget_is_raised(
    window: MainWindow, acme: Any, qloop, fake_openai: FakeOpenAIServer, tmp_path: Path
) -> None:
    tab = window.cvs_tab
    cap(window, qloop, acme, "0.01")  # one CV's worst case at a time
    write_txt_cvs(tmp_path / "cvs", 4)

    async def stop_then_raise() -> None:
        tab.import_paths([tmp_path / "cvs"])
        box = await wait_for_widget(QMessageBox, timeout=30)
        assert "monthly budget of Acme Ltd" in box.text() and "still queued" in box.text()
        states = {row.state for row in tab.queue_model.rows()}
        assert states <= {ImportState.DONE, ImportState.QUEUED} and ImportState.QUEUED in states
        assert any(row.error_code == "budget_exceeded" for row in tab.queue_model.rows())
        assert "monthly budget" in tab.import_progress.label.text()
        await press("Raise the budget…")
        dialog = await wait_for_widget(QDialog)
        dialog.limit.setValue(5.0)
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()
        await wait_for(lambda: tab.queue_model.progress()[:2] == (4, 4), 30)

    qloop.run_until_complete(stop_then_raise())
    assert [row.state for row in tab.queue_model.rows()] == [ImportState.DONE] * 4
    assert len(fake_openai.chat_requests()) == 4  # no CV parsed twice


def test_run_anyway_finishes_the_import_past_the_cap(
    window: MainWindow, acme: Any, qloop, tmp_path: Path
) -> None:
    tab = window.cvs_tab
    cap(window, qloop, acme, "0.01")
    write_txt_cvs(tmp_path / "cvs", 3)

    async def run_anyway() -> None:
        tab.import_paths([tmp_path / "cvs"])
        await wait_for_widget(QMessageBox, timeout=30)
        await press("Run anyway")
        await wait_for(lambda: tab.queue_model.progress()[:2] == (3, 3), 30)

    qloop.run_until_complete(run_anyway())
    assert [row.state for row in tab.queue_model.rows()] == [ImportState.DONE] * 3


def test_a_reparse_past_the_cap_asks_and_runs_only_when_confirmed(
    window: MainWindow, acme: Any, qloop, fake_openai: FakeOpenAIServer, tmp_path: Path
) -> None:
    tab = window.cvs_tab
    write_txt_cvs(tmp_path / "cvs", 1)
    tab.import_paths([tmp_path / "cvs"])
    qloop.run_until_complete(wait_for(lambda: tab.candidates.rowCount() == 1, 30))
    cap(window, qloop, acme, "0.01")
    spend_it_all(window, acme, "0.01")
    tab.table.selectRow(0)
    qloop.run_until_complete(wait_for(lambda: tab.profile.detail() is not None))
    parses = len(fake_openai.chat_requests())

    async def reparse(answer: str) -> None:
        tab.profile.reparse_button.click()
        box = await press(answer)
        assert "monthly budget of Acme Ltd" in box.text()
        await wait_for(lambda: not window.tasks.running("cvs.reparse"), 30)

    qloop.run_until_complete(reparse("Cancel"))
    assert len(fake_openai.chat_requests()) == parses  # nothing sent
    qloop.run_until_complete(reparse("Run this call anyway"))
    assert len(fake_openai.chat_requests()) == parses + 1


def test_a_search_past_the_cap_asks_first(
    window: MainWindow, acme: Any, qloop, fake_openai: FakeOpenAIServer
) -> None:
    tab = window.cvs_tab
    cap(window, qloop, acme, "0.01")
    spend_it_all(window, acme, "0.01")

    async def search(answer: str) -> None:
        tab.search_box.setText("kubernetes")
        tab.search.run_search()
        await press(answer)
        await wait_for(lambda: not window.tasks.running("cvs.search"), 10)

    qloop.run_until_complete(search("Cancel"))
    assert tab.search_note.text() == NOT_SEARCHED
    assert fake_openai.embedding_requests() == []
    qloop.run_until_complete(search("Run this call anyway"))
    assert "“kubernetes”" in tab.search_note.text()  # searched: "Nobody matches “…”"
    assert len(fake_openai.embedding_requests()) == 1
