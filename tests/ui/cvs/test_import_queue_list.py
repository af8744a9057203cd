"""The import queue list over a working day: "Clear finished" takes the imported files'
rows away and leaves what still needs Retry; a file's whole name shows on hover."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from headhunter_desktop.core.domain.import_job import ImportRow, ImportState
from headhunter_desktop.ui.cvs.import_progress import ImportProgress
from headhunter_desktop.ui.cvs.import_queue_model import ImportQueueModel

LONG_NAME = "Curriculum Vitae - Dr. Maria-Josefina Fernández de la Vega (2026, final).pdf"


def row(job_id: int, state: ImportState, name: str = "cv.pdf") -> ImportRow:
    return ImportRow(
        job_id=job_id, batch_id="b", file_name=name, source_path=f"/home/ana/CVs/{name}",
        state=state, error="No text in the file" if state == ImportState.FAILED else None,
        error_code=None, candidate_id=None, client_company_id=None, attempts=1,
        stored_path=None, sha256=None,
    )  # fmt: skip


def test_clear_finished_keeps_what_still_needs_doing(qtbot: QtBot) -> None:
    model, progress = ImportQueueModel(), ImportProgress()
    qtbot.addWidget(progress)
    progress.clear_requested.connect(model.clear_finished)
    states = [ImportState.DONE, ImportState.FAILED, ImportState.DUPLICATE,
              ImportState.PARSING, ImportState.CANCELLED, ImportState.DONE]  # fmt: skip
    model.add_rows([row(i, state) for i, state in enumerate(states, start=1)])
    progress.show_progress(*model.progress(), clearable=model.clearable())
    assert progress.clear_button.isEnabled()

    progress.clear_button.click()
    assert [r.state for r in model.rows()] == [
        ImportState.FAILED, ImportState.PARSING, ImportState.CANCELLED
    ]  # fmt: skip
    assert model.progress() == (2, 3, 1)  # failed and cancelled are finished, not cleared
    model.upsert(row(4, ImportState.DONE))  # the file still parsing finishes afterwards
    assert [r.job_id for r in model.rows()] == [2, 4, 5] and model.clearable() == 1
    progress.show_progress(*model.progress(), clearable=model.clearable())
    progress.clear_button.click()
    assert [r.job_id for r in model.rows()] == [2, 5] and model.clearable() == 0
    progress.show_progress(*model.progress(), clearable=model.clearable())
    assert not progress.clear_button.isEnabled()


def test_the_file_column_shows_the_whole_name_on_hover(qtbot: QtBot) -> None:
    model = ImportQueueModel()
    model.add_rows([row(1, ImportState.FAILED, LONG_NAME)])
    tooltip = model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    assert LONG_NAME in tooltip
    # The other columns still explain the failure on hover.
    assert model.data(model.index(0, 2), Qt.ItemDataRole.ToolTipRole) == "No text in the file"
