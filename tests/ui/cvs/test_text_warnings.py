"""Damaged CV text is flagged in the import queue and the profile; a re-parse reads the file
again and the "CV text" view shows what it read."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from headhunter_desktop.core.domain.import_job import ImportRow, ImportState
from headhunter_desktop.core.storage.tables import Candidate
from headhunter_desktop.ui.common.warning_icon import warning_icon
from headhunter_desktop.ui.cvs.import_queue_model import ImportQueueModel
from headhunter_desktop.ui.shell.main_window import MainWindow
from tests.helpers.cv_files import write_cv_texts
from tests.helpers.screenshots import app_look, dark_palette
from tests.helpers.waiting import wait_for

GLYPH_CV = "Jane R/O.sc/E.sc\nWard Sister\nPhone /four.lnum/four.lnum/seven.lnum\n"
WARNING = (
    'font glyph names instead of characters (such as "/O.sc"): names or numbers may be unreadable'
)
DISPLAY, TOOLTIP, DECORATION = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.DecorationRole,
)


def queue_row(job_id: int, warnings: tuple[str, ...] = ()) -> ImportRow:
    return ImportRow(
        job_id, "batch", f"cv_{job_id}.pdf", f"/drop/cv_{job_id}.pdf", ImportState.DONE,
        None, None, job_id, None, 0, None, None, warnings,
    )  # fmt: skip


def test_a_warned_row_shows_the_sign_the_warning_and_all_of_them_in_its_tooltip(
    qtbot: QtBot,
) -> None:
    model = ImportQueueModel()
    model.add_rows([queue_row(1), queue_row(2, (WARNING, "the text was cut"))])
    plain, warned = (model.index(row, 2) for row in (0, 1))
    assert model.data(plain, DISPLAY) == "" and model.data(model.index(0, 1), DECORATION) is None
    assert model.data(warned, DISPLAY) == f"⚠ F{WARNING[1:]} (+1 more)"
    assert not model.data(model.index(1, 1), DECORATION).isNull()
    tooltip = model.data(warned, TOOLTIP)
    assert f"• {WARNING}" in tooltip and "• the text was cut" in tooltip
    # Its text keeps the palette's colour (a fixed colour would vanish in one theme).
    assert model.data(warned, Qt.ItemDataRole.ForegroundRole) is None


def _luminance(color: QColor) -> float:
    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * linear(color.redF())
        + 0.7152 * linear(color.greenF())
        + 0.0722 * linear(color.blueF())
    )


def _contrast(a: QColor, b: QColor) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("dark", [False, True])
def test_the_sign_stands_out_on_light_and_dark_rows(qtbot: QtBot, dark: bool) -> None:
    model = ImportQueueModel()
    model.add_rows([queue_row(1, (WARNING,))])
    view = QTableView()
    view.setModel(model)
    qtbot.addWidget(view)
    with app_look(dark_palette() if dark else None):
        view.show()
        base = view.palette().color(QPalette.ColorRole.Base)
        image = warning_icon().pixmap(32, 32).toImage()
        opaque = [
            image.pixelColor(x, y)
            for x in range(32)
            for y in range(32)
            if image.pixelColor(x, y).alpha() > 200
        ]
        standing_out = [color for color in opaque if _contrast(color, base) >= 3.0]
        assert len(standing_out) > 0.25 * len(opaque)
        # A failed row's red follows the theme too.
        failed = dataclasses.replace(queue_row(2), state=ImportState.FAILED, error="broken")
        model.add_rows([failed])
        red = model.data(model.index(1, 2), Qt.ItemDataRole.ForegroundRole)
        assert _contrast(red, base) >= 4.5
        view.grab()  # painted without a Qt warning in this palette


def test_an_import_flags_damaged_text_in_the_queue_and_the_profile(
    online: MainWindow, qloop, tmp_path: Path
) -> None:
    tab = online.cvs_tab
    [path] = write_cv_texts(tmp_path / "cvs", {"jane.txt": GLYPH_CV})
    tab.import_paths([path])
    qloop.run_until_complete(wait_for(lambda: tab.queue_model.progress()[:2] == (1, 1), 30))
    [row] = tab.queue_model.rows()
    assert row.state == ImportState.DONE and row.warnings == (WARNING,)
    assert WARNING in tab.queue_model.data(tab.queue_model.index(0, 1), TOOLTIP)  # the status

    qloop.run_until_complete(wait_for(lambda: tab.candidates.rowCount() == 1, 30))
    tab.table.selectRow(0)
    qloop.run_until_complete(wait_for(lambda: tab.profile.detail() is not None))
    assert tab.profile.text_note.isVisibleTo(tab.profile)
    assert WARNING in tab.profile.text_note.text()


def test_reparse_shows_the_text_read_again_or_says_the_file_is_gone(
    online: MainWindow, qloop, tmp_path: Path
) -> None:
    tab = online.cvs_tab
    [path] = write_cv_texts(
        tmp_path / "cvs", {"jane.txt": "Jane Roe\nWard Sister\nSep. 2023 \u00ad Mar. 2024\n"}
    )
    tab.import_paths([path])
    qloop.run_until_complete(wait_for(lambda: tab.candidates.rowCount() == 1, 30))
    candidate_id = tab.candidates.candidate_at(0).id

    def set_old_text(session: sa.orm.Session) -> None:
        session.execute(
            sa.update(Candidate).values(extracted_text="Jane Roe\nWard Sister\nSep. 2023Mar. 2024")
        )

    online.services.db.run_sync(set_old_text)  # as an older extractor stored it
    tab.table.selectRow(0)
    qloop.run_until_complete(wait_for(lambda: tab.profile.detail() is not None))
    assert "Sep. 2023Mar. 2024" in tab.profile.text.toPlainText()

    async def reparse() -> None:
        tab.profile.reparse_button.click()
        await wait_for(lambda: online.tasks.running("cvs.reparse"))
        await wait_for(lambda: not online.tasks.running("cvs.reparse"), 30)

    qloop.run_until_complete(reparse())
    assert "Sep. 2023 - Mar. 2024" in tab.profile.text.toPlainText()
    assert not tab.profile.text_note.isVisibleTo(tab.profile)

    original = tab.profile.detail().original_file
    assert original is not None and tab.profile.detail().summary.id == candidate_id
    original.unlink()
    qloop.run_until_complete(reparse())
    assert "Sep. 2023 - Mar. 2024" in tab.profile.text.toPlainText()  # the stored text stays
    assert "no longer in the data folder" in tab.profile.text_note.text()
