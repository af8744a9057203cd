"""Search a recruiter understands, in the CVs tab: a query nobody matches lists nobody, and
each result says why it is there in words, never a score; the shortlist's "Has" says where
each skill was found."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt

from headhunter_desktop.core.search.meaning_scale import MeaningScale
from headhunter_desktop.ui.shell.main_window import MainWindow
from tests.fakes import FakeOpenAIServer
from tests.fakes.openai_replies import fake_embedding
from tests.helpers.candidates import Person, add_people
from tests.helpers.waiting import wait_for

# The fake embedding's scale (hashed bags of words), as if calibrated for it.
FAKE_SCALE = MeaningScale(threshold=0.35, strong=0.6, floor=0.2, full=0.8)
CVS = {
    1: ("Kim Cloud", "Kubernetes cloud platform engineer. AWS, Terraform, Helm.", ["Kubernetes"]),
    2: ("Pat Baker", "Pastry chef. Croissants, cakes, chocolate and sugar work.", ["Baking"]),
    3: ("Cy Bridge", "Civil engineer: bridges, tunnels and concrete.", ["AutoCAD"]),
}


def seed(window: MainWindow, dims: int, qloop) -> None:
    search = window.services.search
    model = search.embedding_model
    search.set_meaning_scale(model, FAKE_SCALE)
    vectors = {i: np.array(fake_embedding(text, dims), "<f4") for i, (_n, text, _s) in CVS.items()}
    people = [
        Person(i, name, text, {"skills": [{"name": s} for s in skills]}, extra={
            "embedding": vectors[i].tobytes(), "embedding_model": model})
        for i, (name, text, skills) in CVS.items()
    ]  # fmt: skip
    add_people(window.services.db, people)
    # Written behind the index's back: the vectors may have loaded before (window start).
    qloop.run_until_complete(search.add_vectors(list(vectors), list(vectors.values()), model))


def search(window: MainWindow, qloop, query: str) -> list[list[str]]:
    tab = window.cvs_tab
    tab.search_box.setText(query)
    tab.search.run_search()
    qloop.run_until_complete(wait_for(lambda: query in tab.search_note.text()))
    model = tab.candidates
    cells = [
        [str(model.index(r, c).data() or "") for c in range(4)] for r in range(model.rowCount())
    ]
    return cells


def test_a_query_nobody_matches_lists_nobody(
    fake_openai_env: FakeOpenAIServer, window: MainWindow, qloop
) -> None:
    seed(window, fake_openai_env.embedding_dims, qloop)
    assert search(window, qloop, "marine biologist") == []
    assert window.cvs_tab.search_note.text().startswith("Nobody matches “marine biologist”.")
    assert fake_openai_env.embedding_requests()  # meaning was searched, and found nobody


def test_results_say_why_in_words(
    fake_openai_env: FakeOpenAIServer, window: MainWindow, qloop
) -> None:
    seed(window, fake_openai_env.embedding_dims, qloop)
    rows = search(window, qloop, "cloud infrastructure engineer")
    assert rows[0][:4] == ["Kim Cloud", "", "cloud, engineer", "similar (moderate)"]
    assert "Pat Baker" not in [r[0] for r in rows]
    model = window.cvs_tab.candidates
    assert model.headerData(3, Qt.Orientation.Horizontal) == "Meaning"
    assert model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) == (
        "matched: cloud, engineer · similar meaning (moderate)"
    )
    assert not any(cell.replace(".", "", 1).isdigit() for row in rows for cell in row[2:])


def test_the_shortlist_says_where_each_skill_was_found(
    fake_openai_env: FakeOpenAIServer, window: MainWindow, qloop
) -> None:
    seed(window, fake_openai_env.embedding_dims, qloop)
    tab = window.cvs_tab
    tab.requirements_box.setText("Kubernetes, AWS")
    model = tab.candidates
    tab.search.run_shortlist()
    qloop.run_until_complete(wait_for(lambda: model.shortlist_entry(0) is not None))
    assert model.index(0, 0).data() == "Kim Cloud"
    assert model.index(0, 2).data() == "Kubernetes, AWS (CV text only)"
    assert model.index(0, 2).data(Qt.ItemDataRole.ToolTipRole).splitlines() == [
        "Kubernetes: in the Skills field and the CV text",
        "AWS: in the CV text, not in the Skills field",
    ]
