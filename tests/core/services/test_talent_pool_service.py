"""TalentPoolService without a window: hybrid and keyword-only search, billing, shortlist.

The services are the app's own (`AppServices.open`), on an SQLite data folder; the LLM is
the fake OpenAI server, and usage goes through the real writer into the analytics database.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pytest
import sqlalchemy as sa

from headhunter_desktop.core.analytics.tables import usage_records
from headhunter_desktop.core.services.app_services import AppServices
from headhunter_desktop.core.services.talent_pool import TalentPoolService
from headhunter_desktop.core.settings import Settings, SettingsStore, resolve_config
from headhunter_desktop.core.storage.errors import NotFoundError
from tests.fakes import ErrorReply, FakeOpenAIServer
from tests.fakes.cv_responder import cv_profile_responder
from tests.helpers.candidates import Person, add_people
from tests.helpers.cv_files import ADA_CV, BOB_CV, write_cv_texts

T = TypeVar("T")
CY_CV = "Cy Pod\nPlatform Engineer\ncy@example.com\nKubernetes SQL Python Terraform\n"
NO_LLM = "No LLM is set up: searched by keywords only."


def open_services(data: Path) -> AppServices:
    return AppServices.open(resolve_config(Settings(), data_dir_flag=str(data)), SettingsStore())


def run(services: AppServices, work: Callable[[], Awaitable[T]]) -> T:
    """Run `work()` on a fresh loop, then close the services (usage flushed) on that loop."""

    async def main() -> T:
        try:
            return await work()
        finally:
            await services.aclose()

    return asyncio.run(main())


def embed_query_records(data: Path) -> list[tuple[int | None, str | None, str]]:
    """(client id, client name, status) of the embed_query records, oldest first."""
    engine = sa.create_engine(f"sqlite:///{data / 'analytics.db'}")
    r = usage_records.c
    query = sa.select(r.client_company_id, r.client_company_name, r.status)
    try:
        with engine.connect() as conn:
            rows = conn.execute(query.where(r.action == "embed_query").order_by(r.occurred_at))
            return [tuple(row) for row in rows]
    finally:
        engine.dispose()


@dataclass
class Online:
    """Services whose LLM is the fake server, and Ada's, Bob's and Cy's CVs to import."""

    services: AppServices
    cvs: Path

    @property
    def pool(self) -> TalentPoolService:
        return self.services.talent_pool

    def run(self, work: Callable[[], Awaitable[T]]) -> T:
        """Import the CVs, then `work()`, on one loop (the gateway's client lives on it)."""

        async def both() -> T:
            batch = await self.services.importer.enqueue([self.cvs], None)
            rows = await self.services.importer.process(batch.batch_id)
            assert [r.state for r in rows] == ["done"] * 3
            return await work()

        return run(self.services, both)


@pytest.fixture
def online(fake_openai_env: FakeOpenAIServer, tmp_path: Path) -> Online:
    fake_openai_env.responder = cv_profile_responder
    cvs = tmp_path / "cvs"
    write_cv_texts(cvs, {"ada.txt": ADA_CV, "bob.txt": BOB_CV, "cy.txt": CY_CV})
    return Online(open_services(tmp_path / "data"), cvs)


def test_hybrid_search_ranks_by_words_and_meaning(
    online: Online, fake_openai: FakeOpenAIServer, tmp_path: Path
) -> None:
    outcome = online.run(lambda: online.pool.search("Data Engineer Docker", 10))
    assert outcome.keyword_only_reason is None
    best = outcome.results[0]
    assert best.candidate.name == "Ada Byte" and best.candidate.title == "Data Engineer"
    assert best.keyword_rank == 1 and best.vector_rank == 1
    assert best.similarity is not None and 0 < best.similarity <= 1
    assert best.matched_terms == ["Data", "Engineer", "Docker"]
    assert fake_openai.embedding_requests()[-1].body["input"] == ["Data Engineer Docker"]
    assert embed_query_records(tmp_path / "data") == [(None, None, "ok")]


def test_each_result_says_why_in_words(online: Online) -> None:
    outcome = online.run(lambda: online.pool.search("Data Engineer Docker", 10))
    best = outcome.results[0]
    # The fake embedding model is not calibrated: "similar meaning" without a strength.
    assert best.why == "matched: Data, Engineer, Docker · similar meaning"
    assert all("0." not in r.why for r in outcome.results)


def test_an_operator_query_embeds_only_what_it_looks_for(
    online: Online, fake_openai: FakeOpenAIServer
) -> None:
    outcome = online.run(lambda: online.pool.search("Engineer NOT Docker", 10))
    assert fake_openai.embedding_requests()[-1].body["input"] == ["Engineer"]
    assert "Ada Byte" not in [r.candidate.name for r in outcome.results]  # her CV says Docker


def test_the_query_embedding_is_billed_to_the_client_searched_for(
    online: Online, tmp_path: Path
) -> None:
    async def searches() -> int:
        acme = await online.services.clients.create("Acme Ltd")
        await online.pool.search("pastry", 5, client_id=acme.id)
        await online.pool.search("pastry", 5)
        await online.pool.shortlist(["Pastry"], "", 5, client_id=acme.id)
        return acme.id

    acme_id = online.run(searches)
    assert embed_query_records(tmp_path / "data") == [
        (acme_id, "Acme Ltd", "ok"),
        (None, None, "ok"),
        (acme_id, "Acme Ltd", "ok"),
    ]


def test_a_search_for_a_deleted_client_is_a_clear_error_and_bills_nothing(
    online: Online, fake_openai: FakeOpenAIServer, tmp_path: Path
) -> None:
    async def search_for_a_client_gone_meanwhile() -> None:
        gone = await online.services.clients.create("Gone GmbH")
        await online.services.clients.delete(gone.id)
        await online.pool.search("engineer", 10, client_id=gone.id)

    with pytest.raises(NotFoundError, match="no longer exists"):
        online.run(search_for_a_client_gone_meanwhile)
    assert ["engineer"] not in [r.body["input"] for r in fake_openai.embedding_requests()]
    assert embed_query_records(tmp_path / "data") == []


def test_a_failed_query_embedding_falls_back_to_keywords_with_the_reason(
    online: Online, fake_openai: FakeOpenAIServer, tmp_path: Path
) -> None:
    async def search_once_the_server_refuses():
        fake_openai.queue(ErrorReply(400, "This model does not do embeddings."))
        return await online.pool.search("pastry", 10)

    outcome = online.run(search_once_the_server_refuses)
    reason = outcome.keyword_only_reason or ""
    assert reason.startswith("Searched by keywords only:") and "embeddings" in reason
    assert [r.candidate.name for r in outcome.results] == ["Bob Bun"]
    assert outcome.results[0].similarity is None and outcome.results[0].vector_rank is None
    assert embed_query_records(tmp_path / "data") == [(None, None, "error")]


def test_without_an_llm_search_is_keyword_only_and_says_why(
    fake_openai: FakeOpenAIServer, tmp_path: Path
) -> None:
    services = open_services(tmp_path / "data")  # no key, no base URL: no LLM set up
    people = [
        Person(1, "Ada Byte", ADA_CV),
        Person(2, "Bob Bun", BOB_CV),
        Person(3, "Cy Pod", CY_CV),
    ]
    add_people(services.db, people)

    async def searches():
        return (
            services.llm_ready(),
            await services.talent_pool.search("kubernetes terraform", 10),
            await services.talent_pool.search("   ", 10),
        )

    ready, found, blank = run(services, searches)
    assert not ready
    assert found.keyword_only_reason == NO_LLM
    assert [(r.candidate.name, r.similarity) for r in found.results] == [("Cy Pod", None)]
    assert found.results[0].matched_terms == ["kubernetes", "terraform"]
    assert (blank.results, blank.keyword_only_reason) == ([], None)
    assert fake_openai.requests == []
    assert embed_query_records(tmp_path / "data") == []


def test_shortlist_puts_who_meets_most_requirements_first(online: Online) -> None:
    ranked = online.run(lambda: online.pool.shortlist(["Python", "SQL", "Kubernetes"], "", 10))
    top = [(r.candidate.name, r.matched, r.missing) for r in ranked[:2]]
    assert top == [
        ("Cy Pod", ["Python", "SQL", "Kubernetes"], []),
        ("Ada Byte", ["Python", "SQL"], ["Kubernetes"]),
    ]
    assert all(len(r.matched) < 2 for r in ranked[2:])  # Bob, if meaning alone found him
    scores = [r.score for r in ranked]
    assert all(score > 0 for score in scores)
