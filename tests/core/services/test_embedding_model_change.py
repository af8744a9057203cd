"""Changing the embedding model while the app runs: search keeps working and says who it
cannot find by meaning; "Re-index all candidates" embeds them again, billed per client.

Model A (text-embedding-3-small) answers 64-dimension vectors, model B (…-large) 32, as
a real switch between models of different sizes would.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa

from headhunter_desktop.core.domain.actions import Action
from headhunter_desktop.core.domain.cv_profile import CvProfile
from headhunter_desktop.core.domain.cv_text import profile_embedding_text
from headhunter_desktop.core.llm.client_factory import ClientOptions
from headhunter_desktop.core.llm.gateway import LlmGateway
from headhunter_desktop.core.paths import AppPaths
from headhunter_desktop.core.search.meaning_scale import UNCALIBRATED_TOP_K
from headhunter_desktop.core.search.talent_search import TalentSearch
from headhunter_desktop.core.services.app_services import AppServices
from headhunter_desktop.core.services.candidates import CandidateService
from headhunter_desktop.core.services.clients import ClientService
from headhunter_desktop.core.services.cv_import import CvImportService, ImportOptions
from headhunter_desktop.core.services.talent_pool import TalentPoolService
from headhunter_desktop.core.settings import Settings, SettingsStore, resolve_config
from headhunter_desktop.core.storage.database import MainDatabase
from headhunter_desktop.core.storage.tables import Candidate
from tests.fakes import FakeOpenAIServer
from tests.fakes.cv_responder import cv_profile_responder
from tests.helpers.cv_files import write_txt_cvs
from tests.helpers.gateway import RecordingSink

MODEL_A, MODEL_B = "text-embedding-3-small", "text-embedding-3-large"
DIMS_A, DIMS_B = 64, 32


@dataclass
class Pool:
    """An app's search side on real parts, with settings that can change while it runs."""

    settings: Settings
    db: MainDatabase
    sink: RecordingSink
    server: FakeOpenAIServer
    gateway: LlmGateway
    search: TalentSearch
    importer: CvImportService
    talent: TalentPoolService

    def use_model(self, model: str) -> None:
        """What AppServices.apply_settings does for the search side."""
        self.settings.embedding_model = model
        self.search.set_embedding_model(self.settings.model_for(Action.EMBED_CV))

    async def add_cvs(self, files: list[Path], client_id: int | None) -> None:
        batch = await self.importer.enqueue(files, client_id)
        await self.importer.process(batch.batch_id)

    def stored_models(self) -> dict[int, tuple[str | None, int]]:
        """Candidate id -> (embedding model, vector length) as stored."""
        rows = self.db.run_sync(
            lambda s: s.execute(sa.select(Candidate.id, Candidate.embedding_model,
                                          Candidate.embedding)).all()
        )  # fmt: skip
        return {i: (model, len(blob or b"") // 4) for i, model, blob in rows}

    def embedded_texts(self, model: str) -> list[str]:
        """Every text sent to /v1/embeddings for `model` so far."""
        requests = [r for r in self.server.embedding_requests() if r.body["model"] == model]
        return [text for r in requests for text in r.body["input"]]


@pytest.fixture
def pool(fake_openai: FakeOpenAIServer, tmp_path: Path) -> Iterator[Pool]:
    fake_openai.responder = cv_profile_responder
    fake_openai.embedding_dims = DIMS_A
    fake_openai.embedding_dims_by_model = {MODEL_B: DIMS_B}
    paths = AppPaths(tmp_path / "data").ensure()
    db = MainDatabase(f"sqlite:///{paths.main_db}")
    settings, sink = Settings(embedding_model=MODEL_A), RecordingSink()
    options = ClientOptions("sk-test-fake", fake_openai.base_url, 10.0, 0)
    gateway = LlmGateway(
        options=lambda: options, model_for=lambda a: settings.model_for(a), sink=sink
    )
    search = TalentSearch(db, MODEL_A)
    importer = CvImportService(
        db=db, gateway=gateway, paths=paths,
        extraction_executor=ThreadPoolExecutor(2, thread_name_prefix="extract"),
        options=ImportOptions(parallel=lambda: 4), search=search,
    )  # fmt: skip
    people = CandidateService(db, paths, search)
    talent = TalentPoolService(db, search, gateway, people, llm_ready=lambda: True)
    yield Pool(settings, db, sink, fake_openai, gateway, search, importer, talent)
    search.close()
    db.close()


def run(pool: Pool, work):  # type: ignore[no-untyped-def]
    async def main():  # type: ignore[no-untyped-def]
        try:
            return await work
        finally:
            await pool.gateway.aclose()

    return asyncio.run(main())


def test_a_model_switch_keeps_search_working_and_reindex_restores_meaning(
    pool: Pool, tmp_path: Path
) -> None:
    async def scenario():  # type: ignore[no-untyped-def]
        acme = await ClientService(pool.db).create("Acme Ltd")
        await pool.add_cvs(write_txt_cvs(tmp_path / "acme", 3), acme.id)
        await pool.add_cvs(write_txt_cvs(tmp_path / "own", 2, first_serial=10), None)
        before = await pool.talent.search("engineer", 10)
        pool.use_model(MODEL_B)
        after_switch = await pool.talent.search("engineer", 10)
        # A CV imported after the switch is embedded with B and searchable by meaning at once.
        await pool.add_cvs(write_txt_cvs(tmp_path / "new", 1, first_serial=20), None)
        with_new = await pool.talent.search("engineer", 10)
        records_before = len(pool.sink.records)
        requests_before = len(pool.server.embedding_requests())
        progress: list[tuple[int, int]] = []
        result = await pool.talent.reindex(lambda done, total: progress.append((done, total)))
        reindex_records = pool.sink.records[records_before:]
        reindex_requests = pool.server.embedding_requests()[requests_before:]
        after_reindex = await pool.talent.search("engineer", 10)
        return (acme, before, after_switch, with_new, result, progress, reindex_records,
                reindex_requests, after_reindex)  # fmt: skip

    (acme, before, after_switch, with_new, result, progress, records, requests,
     after_reindex) = run(pool, scenario())  # fmt: skip

    assert before.keyword_only_reason is None and before.not_searchable_by_meaning == 0
    assert before.meaning_gap_note is None
    assert any(r.similarity is not None for r in before.results)

    # Model B's vectors cannot be compared with A's: no error, keyword results, and why.
    assert after_switch.keyword_only_reason is None
    assert after_switch.not_searchable_by_meaning == 5
    assert after_switch.results and all(r.similarity is None for r in after_switch.results)
    note = after_switch.meaning_gap_note
    assert note is not None
    assert f"5 candidates are not searchable by meaning with {MODEL_B}" in note
    assert "Re-index all candidates" in note
    assert with_new.not_searchable_by_meaning == 5
    assert [r.body["model"] for r in pool.server.embedding_requests()][-1] == MODEL_B

    assert (result.model, result.embedded, result.planned) == (MODEL_B, 5, 5)
    assert progress[-1] == (5, 5)
    assert after_reindex.not_searchable_by_meaning == 0
    assert after_reindex.meaning_gap_note is None
    # Meaning is back; an uncalibrated model (the test server's) lists only its nearest few.
    assert sum(r.similarity is not None for r in after_reindex.results) == UNCALIBRATED_TOP_K
    assert set(pool.stored_models().values()) == {(MODEL_B, DIMS_B)}

    # One usage record per embedding request, each billed to its candidates' client.
    assert len(records) == len(requests) == 2
    client_of_text = _client_of_each_text(pool)
    for record, request in zip(records, requests, strict=True):
        assert (record.action, record.requested_model, record.status) == ("embed_cv", MODEL_B, "ok")
        clients = {client_of_text[text] for text in request.body["input"]}
        assert clients == {record.client_company_id}
    assert {(r.client_company_id, r.client_company_name) for r in records} == {
        (acme.id, "Acme Ltd"),
        (None, None),
    }


def test_a_cancelled_reindex_keeps_its_batches_and_the_next_run_does_the_rest(
    pool: Pool, tmp_path: Path
) -> None:
    pool.talent.reindexer.batch_size = 2

    async def scenario():  # type: ignore[no-untyped-def]
        await pool.add_cvs(write_txt_cvs(tmp_path / "cvs", 5), None)
        pool.use_model(MODEL_B)
        first = asyncio.ensure_future(pool.talent.reindex(lambda done, total: first.cancel()))
        with pytest.raises(asyncio.CancelledError):
            await first
        left = await pool.talent.not_searchable_by_meaning()
        second = await pool.talent.reindex()
        return left, second, await pool.talent.not_searchable_by_meaning()

    left, second, left_after = run(pool, scenario())

    assert left == 3
    assert (second.embedded, second.planned) == (3, 3)
    assert left_after == 0
    assert set(pool.stored_models().values()) == {(MODEL_B, DIMS_B)}
    texts = pool.embedded_texts(MODEL_B)
    assert len(texts) == len(set(texts)) == 5  # nobody embedded twice


def test_reindex_with_nothing_to_do_calls_nothing(pool: Pool, tmp_path: Path) -> None:
    async def scenario():  # type: ignore[no-untyped-def]
        await pool.add_cvs(write_txt_cvs(tmp_path / "cvs", 2), None)
        requests = len(pool.server.embedding_requests())
        result = await pool.talent.reindex()
        return result, len(pool.server.embedding_requests()) - requests

    result, new_requests = run(pool, scenario())
    assert (result.embedded, result.planned, new_requests) == (0, 0, 0)


def test_apply_settings_switches_search_and_imports_to_the_new_model(tmp_path: Path) -> None:
    config = resolve_config(Settings(), data_dir_flag=str(tmp_path / "data"))
    services = AppServices.open(config, SettingsStore())
    try:
        assert services.search.embedding_model == MODEL_A
        services.apply_settings(Settings(embedding_model=MODEL_B))
        assert services.search.embedding_model == MODEL_B
        assert services.talent_pool.embedding_model == MODEL_B
        assert services.gateway.model_for(Action.EMBED_CV) == MODEL_B
    finally:
        services.close_sync()


def _client_of_each_text(pool: Pool) -> dict[str, int | None]:
    rows = pool.db.run_sync(
        lambda s: s.execute(sa.select(Candidate.client_company_id, Candidate.profile_json)).all()
    )
    return {
        profile_embedding_text(CvProfile.model_validate(profile)): client
        for client, profile in rows
    }
