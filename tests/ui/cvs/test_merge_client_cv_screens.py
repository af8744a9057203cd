"""Screens of the merge dialog, the notice with its Undo, the client CV dialog and the
client CV PDF's first page, at 1024×640 in a light and a dark palette. Only when
HEADHUNTER_SCREENSHOT_DIR is set (a folder to look at them in): not a CI test."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSize
from PySide6.QtGui import QImage, QPainter, QPalette
from PySide6.QtWidgets import QDialog

from headhunter_desktop.core.services.client_cv import client_cv
from headhunter_desktop.ui.common.pdf_document import write_markdown_pdf
from headhunter_desktop.ui.cvs.client_cv_dialog import ClientCvDialog
from headhunter_desktop.ui.cvs.merge_dialog import MergeDialog
from headhunter_desktop.ui.shell.main_window import MainWindow
from tests.helpers.candidates import Person, add_people
from tests.helpers.screenshots import (
    SCREENSHOT_DIR_VARIABLE,
    app_look,
    dark_palette,
    squeezed_widgets,
)
from tests.helpers.waiting import wait_for, wait_for_widget

FOLDER = os.environ.get(SCREENSHOT_DIR_VARIABLE)
pytestmark = pytest.mark.skipif(not FOLDER, reason=f"set {SCREENSHOT_DIR_VARIABLE} to take them")
PALETTES: dict[str, QPalette | None] = {"light": None, "dark": dark_palette()}
WORK = [
    {"name": "Babbage & Co", "position": "Senior Data Engineer", "startDate": "2019-03",
     "highlights": ["Cut batch time by 40%", "Led a team of four"]},
    {"name": "Analytical Engines Ltd", "position": "Data Analyst", "startDate": "2015-09",
     "endDate": "2019-02", "summary": "Reporting for the engineering department."},
]  # fmt: skip
OLD = {
    "basics": {"name": "Ada Lovelace", "label": "Data Analyst", "email": "ada@old.example",
               "phone": "+44 20 7946 0958", "location": {"city": "London", "countryCode": "GB"},
               "summary": "Ada Lovelace turns numbers into decisions."},
    "work": WORK[1:], "skills": [{"name": "SQL"}, {"name": "Fortran"}], "yearsOfExperience": 4,
    "education": [{"institution": "University of London", "area": "Mathematics",
                   "studyType": "BSc", "endDate": "2015"}],
}  # fmt: skip
NEW = {
    "basics": {"name": "Ada King", "label": "Senior Data Engineer", "email": "ada@new.example",
               "url": "https://ada.example.org", "location": {"city": "London", "countryCode": "GB",
               "address": "12 Analytical Row"},
               "summary": "Builds pipelines at scale. Reach me at ada@new.example."},
    "work": WORK, "skills": [{"name": "Python"}, {"name": "Apache Spark"}, {"name": "SQL"}],
    "yearsOfExperience": 9, "currentTitle": "Senior Data Engineer",
    "currentEmployer": "Babbage & Co",
    "languages": [{"language": "English", "fluency": "Native"}, {"language": "French"}],
    "education": OLD["education"],
}  # fmt: skip


def _over_window(window: MainWindow, dialog: QDialog) -> QImage:
    # The dialog where the window manager would put it: centred over the window.
    image = window.grab().toImage()
    painter = QPainter(image)
    offset = QPoint(
        (window.width() - dialog.width()) // 2, (window.height() - dialog.height()) // 2
    )
    painter.drawPixmap(offset, dialog.grab())
    painter.end()
    return image


def test_merge_and_client_cv_screens(window: MainWindow, qloop) -> None:
    folder = Path(FOLDER or ".")
    folder.mkdir(parents=True, exist_ok=True)
    add_people(window.services.db, [
        Person(14, "Ada Lovelace", "Data Analyst. SQL, Fortran.", OLD),
        Person(15, "Ada King", "Senior Data Engineer. Python, Spark.", NEW,
               extra={"duplicate_of_id": 14}),
    ])  # fmt: skip
    tab = window.cvs_tab
    window.resize(QSize(1024, 640))
    qloop.run_until_complete(tab.reload_pool())
    tab.table.selectRow(tab.candidates.row_of(15))
    qloop.run_until_complete(wait_for(lambda: tab.profile.detail() is not None))
    problems: list[str] = []

    async def shoot_dialogs(look: str) -> None:
        window.grab().save(str(folder / f"cvs_profile_1024x640_{look}.png"))
        tab.profile.merge_button.click()
        merge = await wait_for_widget(MergeDialog)
        _over_window(window, merge).save(str(folder / f"merge_dialog_1024x640_{look}.png"))
        problems.extend(f"merge {look}: {p}" for p in squeezed_widgets(merge))
        merge.reject()
        await wait_for(lambda: not merge.isVisible())
        tab.profile.client_cv_action.trigger()
        dialog = await wait_for_widget(ClientCvDialog)
        dialog.agency.setText("Northwind Talent")
        _over_window(window, dialog).save(str(folder / f"client_cv_dialog_1024x640_{look}.png"))
        problems.extend(f"client CV {look}: {p}" for p in squeezed_widgets(dialog))
        dialog.reject()
        await wait_for(lambda: not dialog.isVisible())

    for look, palette in PALETTES.items():
        with app_look(palette):
            qloop.run_until_complete(shoot_dialogs(look))

    detail = tab.profile.detail()
    assert detail is not None and detail.profile is not None
    document = client_cv(detail.profile, 15, "Northwind Talent", detail.summary.name)
    pdf = folder / "client_cv.pdf"
    write_markdown_pdf(document.markdown, pdf, title=document.title)
    _first_page_png(pdf, folder / "client_cv_pdf_page1.png")
    assert not problems, "\n".join(problems)


def _first_page_png(pdf: Path, target: Path) -> None:
    pdfium = pytest.importorskip("pypdfium2")
    document = pdfium.PdfDocument(str(pdf))
    try:
        document[0].render(scale=1.5).to_pil().save(str(target))
    finally:
        document.close()
