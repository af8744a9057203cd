"""A new embedding server answers another vector size under the same model name: the first
answer is checked against the pool and nothing is stored; search falls back to keywords
and says why; "Re-index all candidates" embeds everyone again at the new size. And search
reads the vectors of the model that embedded the CVs (an `embed_cv` override).

The composition root on a data folder; the chat server answers 64 dimensions, the new
embeddings server 32 under the same name, as a local server might for a hosted model's name.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import TypeVar

import numpy as np
import pytest
import sqlalchemy as sa

from headhunter_desktop.core.services.app_services import AppServices
from headhunter_desktop.core.settings import Settings, SettingsStore, resolve_config
from headhunter_desktop.core.storage.candidates import save_embedding
from headhunter_desktop.core.storage.database import MainDatabase
from headhunter_desktop.core.storage.embedding_sizes import (
    EmbeddingSizeChangedError,
    forget_other_sizes,
    pool_dims,
)
from headhunter_desktop.core.storage.tables import Candidate, ParseStatus
from tests.fakes import FakeOpenAIServer
from tests.fakes.cv_responder import cv_profile_responder
from tests.helpers.candidates import Person, add_people
from tests.helpers.cv_files import write_txt_cvs

T = TypeVar("T")


@pytest.fixture
def chat_server(fake_openai_env: FakeOpenAIServer) -> FakeOpenAIServer:
    fake_openai_env.responder = cv_profile_responder
    return fake_openai_env  # 64 dimensions


@pytest.fixture
def small_server() -> Iterator[FakeOpenAIServer]:
    server = FakeOpenAIServer(api_key=None, embedding_dims=32).start()
    yield server
    server.stop()


def run(settings: Settings, data: Path, work: Callable[[AppServices], Awaitable[T]]) -> T:
    services = AppServices.open(resolve_config(settings, data_dir_flag=str(data)), SettingsStore())

    async def main() -> T:
        try:
            return await work(services)
        finally:
            await services.aclose()

    return asyncio.run(main())


async def add_cvs(services: AppServices, files: list[Path]) -> None:
    batch = await services.importer.enqueue(files, None)
    await services.importer.process(batch.batch_id)


def stored_sizes(services: AppServices) -> list[int]:
    rows = services.db.run_sync(
        lambda s: s.execute(sa.select(Candidate.embedding).order_by(Candidate.id)).scalars().all()
    )
    return [len(blob or b"") // 4 for blob in rows]


def test_a_new_size_stores_nothing_search_says_why_and_reindex_repairs(
    chat_server: FakeOpenAIServer, small_server: FakeOpenAIServer, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    run(Settings(), data, lambda s: add_cvs(s, write_txt_cvs(tmp_path / "a", 3)))
    moved = Settings(embedding_base_url=small_server.base_url)

    async def after_the_move(services: AppServices) -> tuple:
        with pytest.raises(EmbeddingSizeChangedError) as refused:
            await add_cvs(services, write_txt_cvs(tmp_path / "b", 2, first_serial=10))
        sizes_after_refusal = stored_sizes(services)
        outcome = await services.talent_pool.search("engineer", 10)
        gap = await services.talent_pool.not_searchable_by_meaning()
        result = await services.talent_pool.reindex()
        await services.importer.process()  # the refused files resume at the new size
        repaired = await services.talent_pool.search("engineer", 10)
        return (
            refused.value,
            sizes_after_refusal,
            outcome,
            gap,
            result,
            repaired,
            stored_sizes(services),
        )

    error, sizes, outcome, gap, result, repaired, final_sizes = run(moved, data, after_the_move)
    assert "re-index all candidates, or choose a new model name" in str(error).lower()
    assert "32-dimension" in str(error) and "64 dimensions" in str(error)
    assert sizes == [64, 64, 64, 0, 0]  # nothing of the new size stored
    assert outcome.results  # keywords still find people
    reason = outcome.keyword_only_reason or ""
    assert "keywords only" in reason and "Re-index all candidates" in reason
    assert all(r.similarity is None for r in outcome.results)
    assert gap == 3  # every embedded candidate needs embedding again
    assert result.embedded == 3 and final_sizes == [32] * 5
    assert repaired.keyword_only_reason is None
    assert any(r.similarity is not None for r in repaired.results)
    assert small_server.chat_requests() == []


def test_search_reads_the_vectors_of_the_model_an_embed_cv_override_names(
    chat_server: FakeOpenAIServer, tmp_path: Path
) -> None:
    settings = Settings(action_models={"embed_cv": "text-embedding-3-large"})

    async def work(services: AppServices):  # type: ignore[no-untyped-def]
        await add_cvs(services, write_txt_cvs(tmp_path / "a", 3))
        return await services.talent_pool.search("engineer", 10)

    outcome = run(settings, tmp_path / "data", work)
    assert outcome.keyword_only_reason is None and outcome.not_searchable_by_meaning == 0
    assert any(r.similarity is not None for r in outcome.results)
    models = {r.body["model"] for r in chat_server.embedding_requests()}
    assert models == {"text-embedding-3-large"}  # the query too: comparable vectors


def _embedded(candidate_id: int, model: str, dims: int) -> Person:
    vector = np.ones(dims, dtype="<f4").tobytes()
    extra = {"parse_status": ParseStatus.DONE, "embedding_model": model, "embedding": vector}
    return Person(candidate_id, f"Person {candidate_id}", "engineer", extra=extra)


def test_the_pool_size_check_and_the_forgetting_on_each_backend(main_db: MainDatabase) -> None:
    add_people(main_db, [_embedded(1, "m", 48), _embedded(2, "m", 48), _embedded(3, "m", 24)])
    add_people(main_db, [Person(4, "Person 4", "new")], index=False)
    assert main_db.run_sync(lambda s: pool_dims(s, "m")) == 48  # the commonest size
    assert main_db.run_sync(lambda s: pool_dims(s, "other")) is None
    with pytest.raises(EmbeddingSizeChangedError):
        main_db.run_sync(lambda s: save_embedding(s, 4, np.ones(24), "m"))
    main_db.run_sync(lambda s: save_embedding(s, 4, np.ones(48), "m"))
    main_db.run_sync(lambda s: save_embedding(s, 4, np.ones(7), "another-name"))  # a new name
    assert main_db.run_sync(lambda s: forget_other_sizes(s, "m", 24)) == 2  # 1 and 2
    assert main_db.run_sync(lambda s: pool_dims(s, "m")) == 24
