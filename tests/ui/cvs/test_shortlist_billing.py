"""The shortlist's query embedding is billed to the client "Working for" names (issue 8, item 5)."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from headhunter_desktop.core.analytics.tables import usage_records
from headhunter_desktop.ui.shell.main_window import MainWindow
from tests.helpers.cv_files import ADA_CV, BOB_CV, write_cv_texts
from tests.helpers.waiting import wait_for


def query_embeddings(window: MainWindow) -> list[tuple[str | None, int | None, str | None]]:
    """(client UUID, id, name) of every embed_query record in the usage database."""
    assert window.services.usage_writer.flush(10)
    r = usage_records.c
    query = sa.select(r.client_uuid, r.client_company_id, r.client_company_name).where(
        r.action == "embed_query"
    )
    with window.services.usage.engine().connect() as conn:
        return [tuple(row) for row in conn.execute(query)]


def test_a_shortlist_for_a_client_bills_its_query_embedding_to_that_client(
    online: MainWindow, qloop, tmp_path: Path
) -> None:
    folder = tmp_path / "cvs"
    write_cv_texts(folder, {"ada.txt": ADA_CV, "bob.txt": BOB_CV})
    tab = online.cvs_tab
    tab.import_paths([folder])
    qloop.run_until_complete(wait_for(lambda: tab.candidates.rowCount() == 2, 30))
    acme = qloop.run_until_complete(online.directory.create("Acme Ltd"))
    online.directory.select(acme.id)
    assert online.client_selector.currentText() == "Acme Ltd"
    assert query_embeddings(online) == []

    tab.requirements_box.setText("Python, SQL")
    tab.search.run_shortlist()
    qloop.run_until_complete(wait_for(lambda: tab.candidates.shortlist_entry(0) is not None))
    assert query_embeddings(online) == [(acme.uuid, acme.id, "Acme Ltd")]


def test_a_job_opens_the_cvs_tab_shortlist_with_its_required_skills(
    online: MainWindow, qloop, tmp_path: Path
) -> None:
    """The Jobs tab's "Shortlist candidates": the window switches to the CVs tab and runs
    the shortlist for the job's skills (a comma inside a skill cannot split it)."""
    folder = tmp_path / "cvs"
    write_cv_texts(folder, {"ada.txt": ADA_CV, "bob.txt": BOB_CV})
    tab = online.cvs_tab
    tab.import_paths([folder])
    qloop.run_until_complete(wait_for(lambda: tab.candidates.rowCount() == 2, 30))
    online.tab_widget.setCurrentIndex(1)

    online.open_shortlist(["Python", "SQL, advanced"], "Data engineer")
    assert online.tab_widget.currentWidget() is tab
    assert tab.requirements_box.text() == "Python, SQL  advanced"
    qloop.run_until_complete(wait_for(lambda: tab.candidates.shortlist_entry(0) is not None))
    assert "Python" in tab.search_note.text()
