"""The CVs tab after an embedding model change: it says who meaning search misses, offers
"Re-index now", asks, shows progress, can be cancelled and finished later."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from headhunter_desktop.ui.cvs.reindex_controller import REINDEX_TASK
from headhunter_desktop.ui.shell.main_window import MainWindow
from tests.fakes import FakeOpenAIServer
from tests.fakes.cv_responder import cv_profile_responder
from tests.helpers.cv_files import write_txt_cvs
from tests.helpers.waiting import wait_for, wait_for_widget

MODEL_B = "text-embedding-3-large"  # the default model answers 64 dimensions, this one 32


@pytest.fixture
def online(
    window: MainWindow, fake_openai: FakeOpenAIServer, monkeypatch: pytest.MonkeyPatch
) -> MainWindow:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-fake")
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)  # kept when settings change
    fake_openai.responder = cv_profile_responder
    fake_openai.embedding_dims_by_model = {MODEL_B: 32}
    services = window.services
    services.config = dataclasses.replace(services.config, base_url=fake_openai.base_url)
    return window


def import_cvs(window: MainWindow, qloop, folder: Path, n: int) -> None:  # type: ignore[no-untyped-def]
    tab = window.cvs_tab
    write_txt_cvs(folder, n)
    tab.import_paths([folder])
    qloop.run_until_complete(wait_for(lambda: tab.candidates.rowCount() == n, 30))
    # Listed once extracted; embedded (with the model of the time) only when the run ends.
    qloop.run_until_complete(wait_for(lambda: not window.tasks.running("cvs.import"), 30))
    # …and searchable by meaning once the last embedding is indexed.
    qloop.run_until_complete(wait_for(lambda: len(window.services.search.vectors) == n, 30))


def switch_model_in_settings(window: MainWindow, model: str) -> None:
    """As the user does it: Settings…, the embedding model field, OK."""
    dialog = window.open_settings()
    dialog.embedding_model.setText(model)
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert window.services.settings.embedding_model == model


async def confirm_reindex(window: MainWindow, expected_question: str) -> None:
    box = await wait_for_widget(QMessageBox)
    assert expected_question in box.text()
    next(b for b in box.buttons() if b.text() == "Re-index").click()


def test_after_a_model_change_the_tab_offers_a_reindex_and_runs_it(
    online: MainWindow, qloop, tmp_path: Path
) -> None:
    tab = online.cvs_tab
    import_cvs(online, qloop, tmp_path / "cvs", 3)
    qloop.run_until_complete(wait_for(lambda: not online.tasks.running("cvs.meaning_gap")))
    assert tab.reindex_bar.isHidden()

    switch_model_in_settings(online, MODEL_B)
    qloop.run_until_complete(wait_for(lambda: not tab.reindex_bar.isHidden()))
    offer = tab.reindex_bar.label.text()
    assert f"3 candidates are not searchable by meaning with {MODEL_B} yet" in offer
    assert not tab.reindex_bar.reindex_button.isHidden()

    # Search still works (keywords) and says the same.
    tab.search_box.setText("engineer")
    tab.search.run_search()
    qloop.run_until_complete(wait_for(lambda: tab.candidates.is_search()))
    assert "3 candidates are not searchable by meaning" in tab.search_note.text()
    assert "Re-index all candidates" in tab.search_note.text()

    async def reindex() -> None:
        tab.reindex_bar.reindex_button.click()
        await confirm_reindex(online, f"Re-index 3 candidates with {MODEL_B}?")
        await wait_for(lambda: not online.tasks.running(REINDEX_TASK), 30)

    qloop.run_until_complete(reindex())
    assert tab.reindex_bar.label.text() == f"Re-indexed 3 candidates with {MODEL_B}."
    assert tab.reindex_bar.bar.isHidden() and tab.reindex_bar.cancel_button.isHidden()
    assert qloop.run_until_complete(online.services.talent_pool.not_searchable_by_meaning()) == 0

    tab.search.run_search()
    qloop.run_until_complete(wait_for(lambda: "not searchable" not in tab.search_note.text()))
    assert "for “engineer”" in tab.search_note.text()


def test_a_cancelled_reindex_can_be_finished_later(
    online: MainWindow, fake_openai: FakeOpenAIServer, qloop, tmp_path: Path
) -> None:
    tab = online.cvs_tab
    import_cvs(online, qloop, tmp_path / "cvs", 3)
    switch_model_in_settings(online, MODEL_B)
    online.services.talent_pool.reindexer.batch_size = 1
    fake_openai.latency = 0.5  # the second batch is still on its way when Cancel is pressed

    async def start_then_cancel() -> None:
        tab.more_button.menu().actions()[0].trigger()  # "Re-index all candidates…"
        await confirm_reindex(online, f"Re-index 3 candidates with {MODEL_B}?")
        await wait_for(lambda: tab.reindex_bar.bar.value() == 1, 30)
        assert tab.reindex_bar.label.text() == f"Re-indexing with {MODEL_B}: 1 of 3 candidates"
        tab.reindex_bar.cancel_button.click()
        await wait_for(lambda: not online.tasks.running(REINDEX_TASK))

    qloop.run_until_complete(start_then_cancel())
    assert tab.reindex_bar.label.text().startswith("Re-index cancelled.")
    pool = online.services.talent_pool
    assert qloop.run_until_complete(pool.not_searchable_by_meaning()) == 2

    fake_openai.latency = 0.0

    async def finish() -> None:
        tab.reindex_bar.reindex_button.click()
        await confirm_reindex(online, f"Re-index 2 candidates with {MODEL_B}?")
        await wait_for(lambda: not online.tasks.running(REINDEX_TASK), 30)

    qloop.run_until_complete(finish())
    assert tab.reindex_bar.label.text() == f"Re-indexed 2 candidates with {MODEL_B}."
    assert qloop.run_until_complete(pool.not_searchable_by_meaning()) == 0


def test_the_offer_follows_the_llm_state(
    online: MainWindow, qloop, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tab = online.cvs_tab
    import_cvs(online, qloop, tmp_path / "cvs", 2)
    switch_model_in_settings(online, MODEL_B)
    qloop.run_until_complete(wait_for(lambda: not tab.reindex_bar.isHidden()))

    # No key and no server any more (as the keyring's answer at start-up can say, after
    # the tab was filled): nothing could be embedded, so nothing is offered.
    monkeypatch.delenv("OPENAI_API_KEY")
    monkeypatch.delenv("OPENAI_BASE_URL")
    online.services.config = dataclasses.replace(online.services.config, base_url=None)
    online.llm_state.refresh()

    qloop.run_until_complete(wait_for(lambda: tab.reindex_bar.isHidden()))
    assert not tab.llm_ready
