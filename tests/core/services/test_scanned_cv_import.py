"""Scanned CVs in the import: read by the vision model ("Read scanned CV", billed to the
file's client), by local OCR when the model refuses images, or refused when turned off."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import sqlalchemy as sa
from PIL import Image

from headhunter_desktop.core.documents.scanned.scan_reader import OCR_WARNING
from headhunter_desktop.core.domain.actions import Action
from headhunter_desktop.core.services.scanned_cv import (
    CUT_OFF_WARNING,
    FALLBACK_WARNING,
    MODEL_WARNING,
)
from headhunter_desktop.core.storage import clients as clients_repo
from headhunter_desktop.core.storage.tables import Candidate, ImportState
from tests.data.cv_content import Cv, generate_cvs, render_cv_text
from tests.data.make_cv_corpus import single_column_pdf
from tests.data.scanned_cvs import ROUGH, header_picture, image_only_pdf
from tests.fakes import ChatReply, ErrorReply, FakeOpenAIServer
from tests.fakes.scan_responder import page_images, scan_responder
from tests.helpers.import_pipeline import ImportEnv
from tests.helpers.spending import ACME_UUID

MODEL = "gpt-4o-mini"  # the chat model, which reads scans unless Settings name another


@pytest.fixture
def cv() -> Cv:
    return generate_cvs(1, 11, first_serial=88)[0]


@pytest.fixture
def two_page_scan(cv: Cv, tmp_path: Path) -> Path:
    """A scan of the CV's header, twice: two image-only pages."""
    header = header_picture(single_column_pdf(cv)[0], ROUGH, seed=8)
    path = tmp_path / "drop" / "scanned cv.pdf"
    path.parent.mkdir()
    path.write_bytes(image_only_pdf([header, header], ROUGH))
    return path


def import_for_acme(env: ImportEnv, path: Path) -> tuple[int, list]:
    client = env.db.run_sync(lambda s: clients_repo.create_client(s, "Acme Ltd", ACME_UUID).id)

    async def scenario() -> list:
        result = await env.service.enqueue([path], client)
        return await env.service.process(result.batch_id)

    return client, env.run(scenario())


def candidate_text(env: ImportEnv) -> str:
    return env.db.run_sync(lambda s: s.scalar(sa.select(Candidate.extracted_text)))


def test_a_scan_is_read_by_the_model_in_one_call_billed_to_the_files_client(
    import_env: ImportEnv, fake_openai: FakeOpenAIServer, cv: Cv, two_page_scan: Path
) -> None:
    import_env.service.options.scanned_cvs = lambda: "model"
    fake_openai.responder = scan_responder("```\n" + render_cv_text(cv) + "\n```")
    client, rows = import_for_acme(import_env, two_page_scan)

    assert [row.state for row in rows] == [ImportState.DONE]
    reads = [r for r in fake_openai.chat_requests() if page_images(r.body or {})]
    assert len(reads) == 1
    pages = [Image.open(io.BytesIO(png)) for png in page_images(reads[0].body or {})]
    assert [(page.format, page.mode) for page in pages] == [("PNG", "L")] * 2
    assert all(900 <= page.width <= 925 for page in pages)  # A4 at 110 dpi: modest
    record = next(r for r in import_env.sink.records if r.action == Action.READ_SCANNED_CV)
    assert (record.client_company_id, record.client_uuid) == (client, ACME_UUID)
    assert (record.status, record.requested_model, record.entity_type) == ("ok", MODEL, "cv_file")
    text = candidate_text(import_env)
    assert text.startswith(cv.name) and "```" not in text
    assert rows[0].warnings[-1] == MODEL_WARNING.format(model=MODEL)
    actions = [r.action for r in import_env.sink.records]
    assert actions == ["read_scanned_cv", "parse_cv", "embed_cv"]


def test_a_transcription_cut_at_the_length_limit_is_kept_with_a_warning(
    import_env: ImportEnv, fake_openai: FakeOpenAIServer, cv: Cv, two_page_scan: Path
) -> None:
    import_env.service.options.scanned_cvs = lambda: "model"
    first_lines = "\n".join(render_cv_text(cv).splitlines()[:6])  # the model stopped there

    def respond(body: dict) -> ChatReply | None:
        if page_images(body):
            return ChatReply(first_lines, finish_reason="length")
        return scan_responder("")(body)

    fake_openai.responder = respond
    _, rows = import_for_acme(import_env, two_page_scan)

    assert [row.state for row in rows] == [ImportState.DONE]
    assert CUT_OFF_WARNING in rows[0].warnings
    assert candidate_text(import_env).startswith(cv.name)


def test_a_model_that_refuses_images_falls_back_to_local_ocr(
    import_env: ImportEnv, fake_openai: FakeOpenAIServer, cv: Cv, two_page_scan: Path
) -> None:
    import_env.service.options.scanned_cvs = lambda: "model"
    fake_openai.queue(ErrorReply(400, "image_url is only supported by certain models."))
    _, rows = import_for_acme(import_env, two_page_scan)

    assert [row.state for row in rows] == [ImportState.DONE]
    assert rows[0].warnings[-2:] == (OCR_WARNING, FALLBACK_WARNING.format(model=MODEL))
    text = candidate_text(import_env)
    assert cv.email in text and cv.phone in text
    refused = import_env.sink.records[0]
    assert (refused.action, refused.status) == ("read_scanned_cv", "error")


def test_a_scan_fails_with_a_clear_reason_when_reading_scans_is_off(
    import_env: ImportEnv, fake_openai: FakeOpenAIServer, two_page_scan: Path
) -> None:
    import_env.service.options.scanned_cvs = lambda: "off"
    _, rows = import_for_acme(import_env, two_page_scan)
    assert rows[0].state == ImportState.FAILED
    assert (
        rows[0].error == "no text layer: scanned document (reading scans is turned off in Settings)"
    )
    assert fake_openai.chat_requests() == []


def test_a_reparse_reads_the_stored_scan_again_for_the_same_client(
    import_env: ImportEnv, fake_openai: FakeOpenAIServer, cv: Cv, two_page_scan: Path
) -> None:
    import_env.service.options.scanned_cvs = lambda: "model"
    fake_openai.responder = scan_responder("Someone Else\nsomeone@example.org")
    client, rows = import_for_acme(import_env, two_page_scan)
    fake_openai.responder = scan_responder(render_cv_text(cv))
    candidate_id = rows[0].candidate_id
    assert candidate_id is not None

    import_env.run(import_env.service.reparse(candidate_id))
    assert candidate_text(import_env).startswith(cv.name)
    reads = [r for r in import_env.sink.records if r.action == Action.READ_SCANNED_CV]
    assert [r.client_company_id for r in reads] == [client, client]
