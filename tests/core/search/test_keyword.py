"""Keyword search on a real SQLite file and a real PostgreSQL server: same queries, same answers."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from headhunter_desktop.core.search import ALL, KeywordIndex, SearchFields
from headhunter_desktop.core.storage.database import MainDatabase
from tests.helpers.candidates import Person, add_clients, add_people, ids
from tests.helpers.main_db import BACKENDS, fresh_database_url

FILLER = " ".join(
    "Worked on billing services, code reviews, sprint planning and mentoring juniors."
    for _ in range(12)
)

PEOPLE = [
    Person(
        1,
        "Zoë Ångström",
        "Senior Kubernetes engineer. Runs Kubernetes clusters with Helm and Go operators.",
        {
            "basics": {"name": "Zoë Ångström", "label": "Kubernetes platform engineer"},
            "skills": [{"name": "Kubernetes", "keywords": ["Helm", "Go"]}],
        },
        client=1,
    ),
    Person(2, "Bob Baker", "Pastry chef. Croissants, cakes and chocolate."),
    Person(
        3,
        "Carla Java",
        f"Java developer with Spring Boot. {FILLER} Once deployed a service on kubernetes. "
        f"{FILLER}",
        {"basics": {"label": "Java developer"}, "skills": [{"name": "Java"}]},
        client=2,
    ),
    Person(4, "Dan Script", "JavaScript developer: React, Node.js, some kubectl and Docker."),
    Person(5, "Eve Native", "Embedded C++ developer, tooling in C#. Knows C and Rust."),
    Person(6, "Frank Ops", "KUBERNETES administrator; Kubernetes-native operators; on call."),
    Person(7, "Zoe Smith", "Baker and pastry cook."),
]


@pytest.fixture(scope="module", params=BACKENDS)
def pool(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """The seeded pool, shared by the tests that only read it (a database per backend)."""
    folder = tmp_path_factory.mktemp("pool")
    with fresh_database_url(request.param, folder) as url, MainDatabase(url) as db:
        add_clients(db, 1, 2)
        add_people(db, PEOPLE)
        yield db


@pytest.fixture
def db(main_db: MainDatabase) -> MainDatabase:
    """A seeded pool of its own, for tests that change it."""
    add_clients(main_db, 1, 2)
    add_people(main_db, PEOPLE)
    return main_db


def search(db: MainDatabase, query: str, limit: int = 20, client=ALL) -> list:
    keyword = KeywordIndex(db.dialect)
    return db.run_sync(lambda s: keyword.search(s, query, limit, client))


def test_a_word_finds_exactly_the_candidates_whose_text_has_it(pool: MainDatabase) -> None:
    assert set(ids(search(pool, "kubernetes"))) == {1, 3, 6}
    assert set(ids(search(pool, "KUBERNETES"))) == {1, 3, 6}
    assert ids(search(pool, "cobol")) == []


def test_case_and_diacritics_are_ignored_both_ways(pool: MainDatabase) -> None:
    assert set(ids(search(pool, "Zoë"))) == {1, 7}
    assert set(ids(search(pool, "zoe"))) == {1, 7}
    assert ids(search(pool, "ANGSTROM")) == [1]


def test_plus_and_hash_words_are_words(pool: MainDatabase) -> None:
    assert ids(search(pool, "C++")) == [5]
    assert ids(search(pool, "c#")) == [5]
    assert ids(search(pool, "c")) == [5]  # "C" on its own, not the C of C++ or C#


HOSTILE = [
    'c++ "senior',
    "NOT AND (",
    'kubernetes OR "',
    "*",
    "-kubernetes",
    "^ NEAR(a b) : {col}",
    "'; DROP TABLE candidates; --",
    "kubernetes AND",
    "\\ \\\\ ' '' \"\"",
    "",
    "   ",
    "a" * 5000,
    " ".join(f"w{i}" for i in range(200)),
]


def test_hostile_queries_never_raise(pool: MainDatabase) -> None:
    for query in HOSTILE:
        for client in (ALL, None, 1):
            assert isinstance(search(pool, query, client=client), list), query


def test_hostile_query_words_still_search(pool: MainDatabase) -> None:
    # No CV has both words: those with either follow, and say which one they have.
    hits = search(pool, 'c++ "senior')
    assert {h.candidate_id: h.matched_terms for h in hits} == {5: ["c++"], 1: ["senior"]}
    assert ids(search(pool, "-kubernetes*")) == ids(search(pool, "kubernetes"))


def test_client_filter(pool: MainDatabase) -> None:
    assert ids(search(pool, "kubernetes", client=1)) == [1]
    assert ids(search(pool, "kubernetes", client=2)) == [3]
    assert ids(search(pool, "kubernetes", client=None)) == [6]
    assert ids(search(pool, "kubernetes", client=99)) == []
    assert len(search(pool, "kubernetes", client=ALL)) == 3


def test_title_and_skills_rank_above_a_passing_mention(pool: MainDatabase) -> None:
    order = ids(search(pool, "kubernetes"))
    assert order.index(1) < order.index(3)
    assert order.index(6) < order.index(3)


def test_all_terms_come_before_some_terms(pool: MainDatabase) -> None:
    hits = search(pool, "kubernetes helm")
    assert ids(hits)[0] == 1 and set(ids(hits)) == {1, 3, 6}
    assert [h.rank for h in hits] == [1, 2, 3]


def test_a_word_in_most_cvs_ranks_no_one_who_has_only_it(main_db: MainDatabase) -> None:
    # "engineer" is in every CV, so it tells no one apart; "data" is in two, "web" in two.
    kinds = {1: "Data pipelines", 2: "Data pipelines", 3: "Web", 4: "Web", 5: "Mobile", 6: "Mobile"}
    add_people(
        main_db,
        [Person(i, f"Person {i}", f"Software engineer. {kind}.") for i, kind in kinds.items()],
    )
    hits = search(main_db, "data engineer")
    assert set(ids(hits)[:2]) == {1, 2} and all(h.complete for h in hits[:2])
    # The others have only the common word: listed after, unranked (in id order).
    assert ids(hits)[2:] == [3, 4, 5, 6] and {(h.complete, h.score) for h in hits[2:]} == {
        (False, 0.0)
    }
    hits = search(main_db, "data web engineer")  # no one has all: the telling words rank
    assert set(ids(hits)[:4]) == {1, 2, 3, 4} and all(h.score > 0 for h in hits[:4])
    assert ids(hits)[4:] == [5, 6]
    assert ids(search(main_db, "astronaut engineer", limit=3)) == [1, 2, 3]
    assert set(ids(search(main_db, "engineer"))) == set(kinds)  # one word: every match


def test_matched_terms_say_which_words_occur(pool: MainDatabase) -> None:
    hits = {h.candidate_id: h.matched_terms for h in search(pool, "Kubernetes helm Cobol")}
    assert hits == {1: ["Kubernetes", "helm"], 3: ["Kubernetes"], 6: ["Kubernetes"]}
    keyword = KeywordIndex(pool.dialect)
    matched = pool.run_sync(lambda s: keyword.matched_terms(s, "zoë pastry", [1, 2, 7]))
    assert matched == {1: ["zoë"], 2: ["pastry"], 7: ["zoë", "pastry"]}


def test_prefix_matching_ranks_the_exact_word_first(pool: MainDatabase) -> None:
    assert {1, 3, 6, 4} <= set(ids(search(pool, "kube")))  # kubectl too
    java = ids(search(pool, "java"))
    assert java[0] == 3 and 4 in java  # Java above JavaScript
    assert ids(search(pool, "ja")) == []  # no prefix for two letters
    exact = KeywordIndex(pool.dialect, prefix_min_chars=0)
    assert pool.run_sync(lambda s: ids(exact.search(s, "kube", 20))) == []


def test_quoted_phrase(pool: MainDatabase) -> None:
    assert ids(search(pool, '"platform engineer"')) == [1]
    assert ids(search(pool, '"engineer platform"')) == []


def test_delete_and_reindex(db: MainDatabase) -> None:
    keyword = KeywordIndex(db.dialect)
    db.run_sync(lambda s: keyword.delete(s, 1))
    assert set(ids(search(db, "kubernetes"))) == {3, 6}
    assert ids(search(db, "zoe")) == [7]
    fields = SearchFields("Zoë Ångström", "Cobol programmer", "COBOL", "Mainframes.")
    assert db.run_sync(lambda s: keyword.upsert(s, 1, fields)) is True
    assert set(ids(search(db, "kubernetes"))) == {3, 6}
    assert ids(search(db, "cobol")) == [1]
    db.run_sync(lambda s: keyword.upsert(s, 1, fields))  # twice: still one row
    assert ids(search(db, "cobol")) == [1]


def test_erasing_a_candidate_erases_its_index_row(db: MainDatabase) -> None:
    db.run_sync(lambda s: s.execute(sa.text("DELETE FROM candidates WHERE id = 1")))
    table, key = (
        ("candidate_fts", "rowid")
        if db.dialect == "sqlite"
        else ("candidate_search", "candidate_id")
    )
    left = db.run_sync(lambda s: s.scalar(sa.text(f"SELECT count(*) FROM {table} WHERE {key} = 1")))
    assert left == 0
    assert set(ids(search(db, "kubernetes"))) == {3, 6}


def test_upsert_of_an_erased_candidate_does_nothing(db: MainDatabase) -> None:
    keyword = KeywordIndex(db.dialect)
    fields = SearchFields("Ghost", "", "", "kubernetes")
    assert db.run_sync(lambda s: keyword.upsert(s, 999, fields)) is False
    assert 999 not in ids(search(db, "kubernetes"))


def test_index_missing_fills_in_unindexed_candidates(main_db: MainDatabase) -> None:
    add_clients(main_db, 1, 2)
    keyword = add_people(main_db, PEOPLE, index=False)
    assert ids(search(main_db, "kubernetes")) == []
    assert main_db.run_sync(keyword.index_missing) == len(PEOPLE)
    assert main_db.run_sync(keyword.index_missing) == 0
    assert set(ids(search(main_db, "kubernetes"))) == {1, 3, 6}
    assert ids(search(main_db, "helm")) == [1]  # from the profile's skill keywords too


def test_limit(pool: MainDatabase) -> None:
    assert len(search(pool, "kubernetes", limit=2)) == 2
    assert search(pool, "kubernetes", limit=0) == []


def test_rows_left_behind_by_a_lost_trigger_are_hidden_and_removed(tmp_path) -> None:
    # Should a future batch migration of `candidates` drop the erase trigger, an erased
    # candidate's text must still never come back in results (GDPR).
    with MainDatabase.for_file(tmp_path / "main.db") as db:
        add_clients(db, 1, 2)
        add_people(db, PEOPLE[:3])
        db.run_sync(lambda s: s.execute(sa.text("DROP TRIGGER candidate_fts_erase")))
        db.run_sync(lambda s: s.execute(sa.text("DELETE FROM candidates WHERE id = 1")))
        assert ids(search(db, "kubernetes")) == [3]
        left = db.run_sync(lambda s: s.scalar(sa.text("SELECT count(*) FROM candidate_fts")))
        assert left == 2
