"""CV import with extraction in worker processes, as the app runs it.

A decompression bomb in a dropped folder fails with its reason while the rest imports, and a
PDF password entered for a retry still reaches the process that reads the file.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from headhunter_desktop.core.documents.extraction_pool import ExtractionPool
from headhunter_desktop.core.storage.tables import ImportState
from tests.data.make_cv_corpus import PDF_PASSWORD, make_corpus
from tests.fakes import FakeOpenAIServer
from tests.helpers.cv_files import write_pdf_cvs, write_txt_cvs
from tests.helpers.import_pipeline import ImportEnv, make_env
from tests.helpers.pdf_bombs import GB, bomb_pdf


@pytest.fixture
def isolated_env(fake_openai: FakeOpenAIServer, tmp_path: Path) -> Iterator[ImportEnv]:
    """The import pipeline with extraction in worker processes, as the app runs it."""
    pool = ExtractionPool(2)
    env = make_env(fake_openai, tmp_path / "data", extraction_pool=pool)
    yield env
    pool.close()
    env.db.close()


def test_a_bomb_fails_alone_and_the_rest_of_the_batch_imports(
    isolated_env: ImportEnv, tmp_path: Path
) -> None:
    drop = tmp_path / "drop"
    others = write_pdf_cvs(drop, 2) + write_txt_cvs(drop, 2)
    # 10 KB that inflate to 4 GB (the file: 3.4 MB, 271 s of CPU, 3.5 GB of memory).
    (drop / "bomb.pdf").write_bytes(bomb_pdf(1, 4 * GB, nested=True))

    async def scenario():
        batch = await isolated_env.service.enqueue([drop], client_company_id=None)
        return await isolated_env.service.process(batch.batch_id)

    rows = {row.file_name: row for row in isolated_env.run(scenario())}
    bomb = rows.pop("bomb.pdf")
    # Refused by its budget of inflated bytes, well before its time limit would have been.
    assert (bomb.state, bomb.error_code) == (ImportState.FAILED, "inflated_size_limit")
    assert bomb.error and "decompression bomb" in bomb.error
    assert sorted(rows) == sorted(path.name for path in others)
    assert {row.state for row in rows.values()} == {ImportState.DONE}


def test_a_password_entered_for_a_retry_reaches_the_worker_process(
    isolated_env: ImportEnv, tmp_path: Path
) -> None:
    locked = make_corpus(tmp_path / "corpus")["encrypted_password.pdf"]

    async def scenario():
        batch = await isolated_env.service.enqueue([locked], client_company_id=None)
        [failed] = await isolated_env.service.process(batch.batch_id)
        assert failed.error_code == "password_required"
        await isolated_env.service.retry_failed(batch.batch_id, {failed.job_id: "wrong"})
        [wrong] = await isolated_env.service.process(batch.batch_id)
        assert wrong.error_code == "wrong_password"
        await isolated_env.service.retry_failed(batch.batch_id, {failed.job_id: PDF_PASSWORD})
        return await isolated_env.service.process(batch.batch_id)

    [row] = isolated_env.run(scenario())
    assert row.state == ImportState.DONE
