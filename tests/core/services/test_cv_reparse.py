"""Re-parse reads the stored original again with today's extractor; the import keeps what
reading a file warned of. An imported text changes only when the user re-parses."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from headhunter_desktop.core.documents import ExtractionLimits, extract_text
from headhunter_desktop.core.documents.extraction_pool import ExtractionPool
from headhunter_desktop.core.domain.import_job import ImportRow
from headhunter_desktop.core.search.talent_search import TalentSearch
from headhunter_desktop.core.services.candidates import CandidateDetail, CandidateService
from headhunter_desktop.core.services.cv_import import ReparseResult
from headhunter_desktop.core.storage.tables import Candidate, ImportJob, ImportState
from tests.fakes import FakeOpenAIServer
from tests.fakes.cv_responder import cv_text_of
from tests.helpers.cv_files import write_cv_texts
from tests.helpers.import_pipeline import ImportEnv, make_env

# A font that drew its hyphens as U+00AD: the extractor of the time deleted them.
CV = "Jane Roe\nWard Sister\njane.roe@example.org\nSt Mary's Hospital, Sep. 2023 \u00ad Mar. 2024\n"
OLD_TEXT = "Jane Roe\nWard Sister\njane.roe@example.org\nSt Mary's Hospital, Sep. 2023Mar. 2024"
GLYPH_NAMES = "Jane R/O.sc/E.sc\nPhone /four.lnum/four.lnum/seven.lnum\nWard Sister\n"


def import_one(env: ImportEnv, path: Path) -> tuple[int, CandidateDetail]:
    people = CandidateService(env.db, env.paths, TalentSearch(env.db, "text-embedding-3-small"))

    async def scenario() -> tuple[int, CandidateDetail]:
        batch = await env.service.enqueue([path], None)
        [row] = await env.service.process(batch.batch_id)
        assert row.state == ImportState.DONE and row.candidate_id is not None
        return row.candidate_id, await people.detail(row.candidate_id)

    return env.run(scenario())


def as_if_read_by_an_older_extractor(env: ImportEnv, candidate_id: int) -> None:
    def work(session: Session) -> None:
        candidate = session.get(Candidate, candidate_id)
        assert candidate is not None
        candidate.extracted_text = OLD_TEXT
        session.execute(sa.update(ImportJob).values(warnings="an old warning"))

    env.db.run_sync(work)


def reparse(
    env: ImportEnv, candidate_id: int
) -> tuple[ReparseResult, CandidateDetail, list[ImportRow]]:
    people = CandidateService(env.db, env.paths, TalentSearch(env.db, "text-embedding-3-small"))

    async def scenario() -> tuple[ReparseResult, CandidateDetail, list[ImportRow]]:
        result = await env.service.reparse(candidate_id)
        return result, await people.detail(candidate_id), await env.service.rows()

    return env.run(scenario())


def parsed_texts(env: ImportEnv) -> list[str]:
    texts = [cv_text_of(request.body) for request in env.server.chat_requests()]
    return [text for text in texts if text is not None]


def test_warnings_of_an_import_are_kept_on_its_queue_row(
    import_env: ImportEnv, tmp_path: Path
) -> None:
    [path] = write_cv_texts(tmp_path / "cvs", {"glyphs.txt": GLYPH_NAMES})
    _, detail = import_one(import_env, path)
    rows = import_env.run(import_env.service.rows())
    [warning] = rows[0].warnings
    assert "glyph names" in warning
    assert [event.warnings for event in import_env.events if event.state == "parsing"] == [
        (warning,)
    ]
    assert detail.text_warnings == (warning,)


def test_reparse_reads_the_stored_original_again(import_env: ImportEnv, tmp_path: Path) -> None:
    [path] = write_cv_texts(tmp_path / "cvs", {"jane.txt": CV})
    candidate_id, _ = import_one(import_env, path)
    as_if_read_by_an_older_extractor(import_env, candidate_id)

    result, detail, rows = reparse(import_env, candidate_id)

    today = extract_text(path).text
    assert "Sep. 2023 - Mar. 2024" in today
    assert result.note is None
    assert detail.text == today  # the "CV text" view shows the new reading
    assert parsed_texts(import_env)[-1] == today  # and the model read it
    assert detail.text_warnings == () and rows[0].warnings == ()  # the old warning went


def test_reparse_without_the_file_parses_the_stored_text_and_says_so(
    import_env: ImportEnv, tmp_path: Path
) -> None:
    [path] = write_cv_texts(tmp_path / "cvs", {"jane.txt": CV})
    candidate_id, imported = import_one(import_env, path)
    as_if_read_by_an_older_extractor(import_env, candidate_id)
    assert imported.original_file is not None
    imported.original_file.unlink()

    result, detail, rows = reparse(import_env, candidate_id)

    assert result.note is not None and "no longer in the data folder" in result.note
    assert detail.text == OLD_TEXT and parsed_texts(import_env)[-1] == OLD_TEXT
    assert rows[0].warnings == ("an old warning",)  # nothing was read: nothing changes


@pytest.fixture
def pooled_env(fake_openai: FakeOpenAIServer, tmp_path: Path) -> Iterator[ImportEnv]:
    """Extraction in a worker process whose limits cut every text to 60 characters."""
    pool = ExtractionPool(1, ExtractionLimits(max_chars=60))
    env = make_env(fake_openai, tmp_path / "data", extraction_pool=pool)
    yield env
    pool.close()
    env.db.close()


def test_reparse_reads_through_the_extraction_pool(pooled_env: ImportEnv, tmp_path: Path) -> None:
    [path] = write_cv_texts(tmp_path / "cvs", {"jane.txt": CV})
    candidate_id, _ = import_one(pooled_env, path)
    as_if_read_by_an_older_extractor(pooled_env, candidate_id)

    _, detail, _ = reparse(pooled_env, candidate_id)

    # Only the pool's limits cut the text (read in this process, it would be whole).
    assert len(detail.text) <= 60 and detail.text != OLD_TEXT
    assert detail.text_warnings == ("the text was cut to the first 60 characters",)
