"""Scanned CVs: read by the bundled OCR engine, rendered for a vision model, or refused.

The scans are made here: a generated CV's PDF rendered to a picture, turned a little,
grainy and JPEG-compressed, inside an image-only PDF. Only the top of the first page is
scanned (name, title, contact lines), so each OCR takes about a second.
"""

from __future__ import annotations

import dataclasses
import io
import socket
import sys
from pathlib import Path

import pytest
from PIL import Image

from headhunter_desktop.core.documents import (
    DEFAULT_LIMITS,
    ScannedDocumentError,
    ScannedPagesError,
    UnsupportedFileError,
    extract_text,
)
from headhunter_desktop.core.documents.extraction_pool import ExtractionPool
from headhunter_desktop.core.documents.extraction_process import widen_memory_cap
from headhunter_desktop.core.documents.scanned import ocr_engine
from headhunter_desktop.core.documents.scanned.scan_reader import OCR_WARNING
from tests.data.cv_content import Cv, generate_cvs
from tests.data.make_cv_corpus import single_column_pdf
from tests.data.scanned_cvs import (
    ROUGH,
    Degradation,
    header_picture,
    image_only_pdf,
    jpeg_photo,
)

OCR = dataclasses.replace(DEFAULT_LIMITS, scans="ocr")
RENDER = dataclasses.replace(DEFAULT_LIMITS, scans="render")


@pytest.fixture(scope="module")
def cv() -> Cv:
    return generate_cvs(1, 5, first_serial=77)[0]


@pytest.fixture(scope="module")
def cv_pdf(cv: Cv) -> bytes:
    return single_column_pdf(cv)[0]


@pytest.fixture(scope="module")
def header_scan(cv_pdf: bytes, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An image-only PDF of the CV's header, scanned askew, grainy and as JPEG."""
    path = tmp_path_factory.mktemp("scans") / "scanned_header.pdf"
    path.write_bytes(image_only_pdf([header_picture(cv_pdf, ROUGH, seed=3)], ROUGH))
    return path


def contact_details_of(cv: Cv, text: str) -> list[str]:
    """The CV's name, e-mail and phone number that are in `text`, as they are written."""
    return [fact for fact in (cv.name, cv.email, cv.phone) if fact in text]


def test_a_scanned_pdf_is_read_by_ocr(cv: Cv, header_scan: Path) -> None:
    document = extract_text(header_scan, limits=OCR)
    assert contact_details_of(cv, document.text) == [cv.name, cv.email, cv.phone]
    assert document.text.startswith(cv.name)  # in reading order: the name comes first
    assert (document.kind, document.pages) == ("pdf", 1)
    assert OCR_WARNING in document.warnings


def test_a_photo_of_a_cv_is_read_by_ocr(cv: Cv, cv_pdf: bytes, tmp_path: Path) -> None:
    picture = header_picture(cv_pdf, Degradation(skew_degrees=-2.0, noise=6.0), seed=4)
    path = tmp_path / "photo of cv.jpg"
    path.write_bytes(jpeg_photo(picture, quality=80))
    document = extract_text(path, limits=OCR)
    assert contact_details_of(cv, document.text) == [cv.name, cv.email, cv.phone]
    assert (document.kind, document.pages) == ("image", 1)


def test_a_page_scanned_upside_down_is_turned(cv: Cv, cv_pdf: bytes, tmp_path: Path) -> None:
    picture = header_picture(cv_pdf, Degradation(noise=6.0), seed=5).rotate(180)
    path = tmp_path / "upside_down.png"
    picture.save(path)
    document = extract_text(path, limits=OCR)
    assert contact_details_of(cv, document.text) == [cv.name, cv.email, cv.phone]


def test_a_scan_with_no_text_says_so(tmp_path: Path) -> None:
    blank = Image.new("L", (1240, 400), 250)
    path = tmp_path / "blank_scan.pdf"
    path.write_bytes(image_only_pdf([blank]))
    with pytest.raises(ScannedDocumentError) as caught:
        extract_text(path, limits=OCR)
    assert str(caught.value) == "no text layer: scanned document (OCR found no text on it)"


def test_scans_are_refused_clearly_when_reading_them_is_off(
    header_scan: Path, cv_pdf: bytes, tmp_path: Path
) -> None:
    with pytest.raises(ScannedDocumentError) as caught:
        extract_text(header_scan)  # the default: scans are read only when asked for
    assert str(caught.value) == (
        "no text layer: scanned document (reading scans is turned off in Settings)"
    )
    assert caught.value.code == "scanned_document"
    photo = tmp_path / "cv.png"
    header_picture(cv_pdf).save(photo)
    with pytest.raises(UnsupportedFileError, match=r"^unsupported file type \.png: use PDF"):
        extract_text(photo)


def test_pages_are_rendered_for_the_model_up_to_the_page_limit(
    cv_pdf: bytes, tmp_path: Path
) -> None:
    path = tmp_path / "three_pages.pdf"
    page = header_picture(cv_pdf)
    path.write_bytes(image_only_pdf([page, page, page]))
    with pytest.raises(ScannedPagesError) as caught:
        extract_text(path, limits=dataclasses.replace(RENDER, max_scanned_pages=2))
    scan = caught.value
    assert (scan.kind, scan.total_pages, len(scan.pages)) == ("pdf", 3, 2)
    assert scan.warnings == ["only the first 2 of 3 scanned pages were read"]
    picture = Image.open(io.BytesIO(scan.pages[0]))
    # Drawn 8.3 inches wide (at 150 dpi) and rendered at 110 dpi for the model.
    assert (picture.format, picture.mode) == ("PNG", "L")
    assert picture.width == pytest.approx(page.width * 110 / 150, abs=2)
    assert isinstance(scan, ScannedDocumentError)  # for anyone who does not read images


def test_the_engine_loads_its_bundled_models_without_the_network(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_network(*args: object) -> None:
        raise AssertionError(f"the OCR engine tried to connect to {args[1:]}")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    engine = ocr_engine._load()  # a fresh one: imports done, sessions built from the files
    assert engine.text_det is not None and engine.text_rec is not None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the cap is Linux's RLIMIT_AS")
def test_widening_the_memory_cap_keeps_the_budget_on_top() -> None:
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 45, hard))  # 32 TB: never reached
        widen_memory_cap(300 << 20)
        assert resource.getrlimit(resource.RLIMIT_AS)[0] == (1 << 45) + (300 << 20)
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
    widen_memory_cap(300 << 20)  # no cap set: none is made up
    assert resource.getrlimit(resource.RLIMIT_AS)[0] == soft


def test_ocr_runs_in_the_extraction_process_under_its_limits(cv: Cv, header_scan: Path) -> None:
    # 1 GB of memory per file, and 2 s: less than loading the OCR engine and reading the
    # page take, so the scan finishes only with the time it asks for (30 s a page).
    pool = ExtractionPool(1, dataclasses.replace(DEFAULT_LIMITS, max_seconds=2.0))
    try:
        with pytest.raises(ScannedDocumentError):
            pool.extract(header_scan)  # the pool's limits refuse scans: the default
        document = pool.extract(header_scan, scans="ocr")
        again = pool.extract(header_scan, scans="ocr")  # its engine loaded: still in budget
        assert len(pool.process_ids()) == 1
    finally:
        pool.close()
    assert contact_details_of(cv, document.text) == [cv.name, cv.email, cv.phone]
    assert again.text == document.text
