"""AND, OR, NOT, "phrases" and stop-words, on a real SQLite file and a real PostgreSQL server."""

from __future__ import annotations

import pytest

from headhunter_desktop.core.search import ALL, KeywordIndex
from headhunter_desktop.core.search.boolean_query import AnyOf, Match, parse_keyword_query
from headhunter_desktop.core.storage.database import MainDatabase
from tests.helpers.candidates import Person, add_clients, add_people, ids
from tests.helpers.main_db import BACKENDS, fresh_database_url

PEOPLE = [
    Person(1, "Ann Java", "Java developer with Spring Boot and Kotlin. Works with Android."),
    Person(2, "Ben Kotlin", "Kotlin developer: backend services with Spring Boot."),
    Person(3, "Cy Python", "Python developer with Django; some Java at university."),
    Person(4, "Di Chef", "Pastry chef with ten years of viennoiserie."),
    Person(5, "Ed Spring", "Gardener: spring planting, boot camps for volunteers."),
]


@pytest.fixture(scope="module", params=BACKENDS)
def pool(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("boolean")
    with fresh_database_url(request.param, folder) as url, MainDatabase(url) as db:
        add_clients(db, 1)
        add_people(db, PEOPLE)
        yield db


def search(db: MainDatabase, query: str) -> list[int]:
    keyword = KeywordIndex(db.dialect)
    return sorted(ids(db.run_sync(lambda s: keyword.search(s, query, 20, ALL))))


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("java AND kotlin", [1]),
        ("java kotlin", [1, 2, 3]),  # plain: both words first, then either (partial)
        ("java OR kotlin", [1, 2, 3]),
        ("kotlin NOT android", [2]),
        ("(java OR kotlin) NOT android", [2, 3]),
        ('"spring boot"', [1, 2]),  # the phrase, not the gardener's spring … boot
        ('"spring boot" AND python', []),
        ("java OR kotlin NOT android", [1, 2, 3]),  # NOT binds tighter: java OR (kotlin NOT …)
        ("NOT java", []),  # nothing positive to look for
        ("with", [1, 2, 3, 4]),  # a query of stop-words only keeps them
    ],
)
def test_boolean_queries(pool: MainDatabase, query: str, found: list[int]) -> None:
    assert search(pool, query) == found


def test_stop_words_match_nobody(pool: MainDatabase) -> None:
    # "with" is in four CVs; "someone … with" must find the chef by her words only.
    assert search(pool, "someone with viennoiserie experience") == [4]


def test_partial_matches_are_marked(pool: MainDatabase) -> None:
    keyword = KeywordIndex(pool.dialect)
    hits = pool.run_sync(lambda s: keyword.search(s, "kotlin android", 20, ALL))
    assert (hits[0].candidate_id, hits[0].complete) == (1, True)
    assert {h.candidate_id for h in hits if not h.complete} == {2}


def test_excluded_words_are_checked_for_any_candidate(pool: MainDatabase) -> None:
    keyword = KeywordIndex(pool.dialect)
    found = pool.run_sync(lambda s: keyword.excluded(s, "developer NOT android", [1, 2, 3, 4]))
    assert found == {1}


def test_parse_tree_and_terms() -> None:
    parsed = parse_keyword_query('(java OR kotlin) "spring boot" NOT junior', prefix_min_chars=3)
    assert isinstance(parsed.expr, Match) and isinstance(parsed.expr.include[0], AnyOf)
    assert [t.text for t in parsed.terms] == ["java", "kotlin", "spring boot"]
    assert [t.text for t in parsed.excluded] == ["junior"]
    assert not parsed.plain and parsed.meaning_text() == "java kotlin spring boot"


def test_lower_case_operators_are_stop_words_and_broken_syntax_still_parses() -> None:
    parsed = parse_keyword_query("bread and cakes or not", prefix_min_chars=3)
    assert parsed.plain and [t.text for t in parsed.terms] == ["bread", "cakes"]
    for query in ["((java", "java)", "AND OR NOT", "java AND", "OR java", "NOT NOT java", ")("]:
        parse_keyword_query(query, prefix_min_chars=3)  # never raises
    assert [t.text for t in parse_keyword_query("NOT NOT java", prefix_min_chars=3).terms] == [
        "java"
    ]
