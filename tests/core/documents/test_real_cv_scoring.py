"""The real-CV benchmark's scoring rules, on tiny strings: no corpus, no pdftotext needed."""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from pathlib import Path

import pytest

from tests.benchmarks.bench_real_cvs import load_corpus
from tests.benchmarks.real_cv_facts import (
    CATEGORY_OF_KIND,
    FORMAT,
    clear_facts,
    from_json,
    keyed_by,
    keyed_fact,
    load_facts,
    to_json,
)
from tests.benchmarks.real_cv_scoring import (
    Fact,
    fact_form,
    file_key,
    glued_words,
    glyph_name_tokens,
    lines_intact,
    one_word_lines,
    reference_vocabulary,
    score_facts,
)
from tests.benchmarks.real_cv_text import docx_paragraphs, line_to_match, reference_lines

CLEAR = {
    "name": "Jane Doe",
    "emails": ["jane.doe@example.org"],
    "phones": ["+49 (0) 170-123 45"],
    "links": ["linkedin.com/in/jane-doe"],
    "employers": ["Acme GmbH", "Müller & Söhne"],
}
CV_BYTES = b"%PDF-1.7 Jane Doe's CV"  # the facts' file: its bytes make their key
KEY = file_key(CV_BYTES)


def stored(facts: list[Fact]) -> list[Fact]:
    """The facts as facts.json stores them for the file CV_BYTES (through JSON, without
    their clear values), then bound again to that file's key as the benchmark does."""
    items = [json.loads(json.dumps(to_json(keyed_fact(fact, KEY)))) for fact in facts]
    return keyed_by([from_json(item) for item in items], KEY)


@pytest.fixture(params=["clear", "keyed"])
def facts(request: pytest.FixtureRequest) -> list[Fact]:
    return clear_facts(CLEAR) if request.param == "clear" else stored(clear_facts(CLEAR))


def test_facts_match_case_width_and_spacing_apart(facts: list[Fact]) -> None:
    text = (
        "JANE   DOE\nｊａｎｅ.doe@\nexample.org · +49 0 170.123.45\n"
        "Links:\nhttps://www.linkedin.com/in/jane-doe/\nACME\nGmbH MÜLLER & SÖHNE"
    )
    result = score_facts(facts, text)
    assert result.missing == []
    assert result.found == result.total == 6


def test_a_fact_the_text_garbles_is_reported_missing(facts: list[Fact]) -> None:
    text = "Jane Doe jane.doe@example.org +49 170 12345 linkedin.com/in/janedoe AcmeGmbH"
    result = score_facts(facts, text)
    assert [category for category, _ in result.missing] == [
        "phones",
        "links",
        "employers",
        "employers",
    ]
    assert result.by_category["name"] == [1, 1]


def test_a_missing_fact_is_named_whole_only_from_the_clear_copy() -> None:
    text = "Jane Doe"
    assert score_facts(clear_facts(CLEAR), text).missing == [
        ("emails", "jane.doe@example.org"),
        ("phones", "+49 (0) 170-123 45"),
        ("links", "linkedin.com/in/jane-doe"),
        ("employers", "Acme GmbH"),
        ("employers", "Müller & Söhne"),
    ]
    assert score_facts(stored(clear_facts(CLEAR)), text).missing == [
        ("emails", "j…@e…"),
        ("phones", "…45"),
        ("links", "l…/i…/j…"),
        ("employers", "A… G…"),
        ("employers", "M… &… S…"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "+49 (0) 170-123 45",
        "+49-0-170 123.45",  # other separators
        "(+49)(0)170\u2013123\u00a045",  # en dash, no-break space
        "tel.+49017012345.",  # none at all, digits at the text's ends
        "+49 170 123 45",  # the (0) left out: not the fact
        "0049 0 170 123 45",  # another country-code prefix: not the fact
        "49 0 170 123 45",  # the + lost: not the fact
        "+49/0/170/123/45",  # a slash is no separator
        "Jane\nDoe jane.doe@exam ple.org linkedin.com/in/\njane-doe/ acme gmbh",
        "Jane Doe jane.doe@example.com www.linkedin.com/in/jane acme-gmbh",
        "jane  doe müller & söhne MULLER & SOHNE",
        "",
    ],
)
def test_a_keyed_fact_is_found_exactly_when_its_clear_form_is(text: str) -> None:
    clear = score_facts(clear_facts(CLEAR), text)
    keyed = score_facts(stored(clear_facts(CLEAR)), text)
    assert (keyed.found, keyed.by_category) == (clear.found, clear.by_category)
    assert [c for c, _ in keyed.missing] == [c for c, _ in clear.missing]


def test_a_fact_keyed_with_another_files_key_is_not_found() -> None:
    text = "Jane Doe jane.doe@example.org +49 (0) 170-123 45 linkedin.com/in/jane-doe"
    other_key = file_key(CV_BYTES + b" ")
    items = [to_json(keyed_fact(fact, KEY)) for fact in clear_facts(CLEAR)]
    assert score_facts(keyed_by(map(from_json, items), KEY), text).found == 4
    assert score_facts(keyed_by(map(from_json, items), other_key), text).found == 0


def test_the_key_is_the_files_sha512_and_the_published_sha256_opens_nothing() -> None:
    assert file_key(CV_BYTES) == hashlib.sha512(CV_BYTES).digest()
    items = [to_json(keyed_fact(fact, KEY)) for fact in clear_facts({"name": "Jane Doe"})]
    published = hashlib.sha256(CV_BYTES).digest()  # as manifest.json lists it
    assert score_facts(keyed_by(map(from_json, items), published), "Jane Doe").found == 0
    assert score_facts(keyed_by(map(from_json, items), KEY), "Jane Doe").found == 1


def test_a_keyed_fact_without_its_files_key_is_refused() -> None:
    unbound = [from_json(to_json(keyed_fact(fact, KEY))) for fact in clear_facts(CLEAR)]
    with pytest.raises(ValueError, match="key"):
        score_facts(unbound, "Jane Doe")


def test_a_phone_is_found_across_separators_but_not_with_another_prefix() -> None:
    phone = stored(clear_facts({"phones": ["+49 (0) 170-123 45"]}))
    assert score_facts(phone, "Tel: +49-0-170 123.45 | mail").found == 1
    assert score_facts(phone, "Tel: 0049 0 170 123 45 | mail").found == 0


def test_a_chinese_name_read_with_a_space_inside_fails() -> None:
    name = stored(clear_facts({"name": "张三"}))
    assert score_facts(name, "张 三\n基于 Vue.js 的").missing == [("name", "张…")]
    assert score_facts(name, "姓名：张三 (Zhang)").missing == []


def test_stored_facts_hold_no_clear_value_nor_its_plain_hash() -> None:
    items = [to_json(keyed_fact(fact, KEY)) for fact in clear_facts(CLEAR)]
    text = json.dumps(items, ensure_ascii=False)
    for fact in clear_facts(CLEAR):
        assert fact.clear is not None
        form = fact_form(fact.category, fact.clear)
        for part in re.split(r"[\s@/.()&-]+", form):
            assert len(part) < 3 or part not in text.casefold()
        assert hashlib.sha256(form.encode("utf-8")).hexdigest() not in text
    assert '"hint": "J… D…"' in text


def write_json(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def keyed_file(path: Path, facts: dict[str, list[Fact]]) -> Path:
    """A facts.json holding `facts`, per file id, as stored."""
    files = {
        file_id: {"facts": [to_json(fact) for fact in keyed]} for file_id, keyed in facts.items()
    }
    return write_json(path, {"format": FORMAT, "about": "", "files": files})


def test_both_facts_formats_load_and_score_alike(tmp_path: Path) -> None:
    clear_file = write_json(tmp_path / "facts.clear.json", {"files": {"cv": CLEAR}})
    keyed = [keyed_fact(fact, KEY) for fact in clear_facts(CLEAR)]
    # Read back in the scorer's category order, whatever the file's order.
    stored_file = keyed_file(tmp_path / "facts.json", {"cv": keyed[-2:] + keyed[:-2]})
    from_clear, from_stored = load_facts(clear_file)["cv"], load_facts(stored_file)["cv"]
    assert [(f.category, f.length) for f in from_stored] == [
        (f.category, f.length) for f in from_clear
    ]
    assert all(f.clear is None and f.key is None for f in from_stored)
    text = "Jane Doe +49 170 12345 jane.doe@example.org ACME GmbH"
    clear, keyed_result = (
        score_facts(from_clear, text),
        score_facts(keyed_by(from_stored, KEY), text),
    )
    assert (keyed_result.found, keyed_result.by_category) == (clear.found, clear.by_category)


def test_facts_of_format_1_are_refused(tmp_path: Path) -> None:
    item = {"kind": "name", "length": 8, "sha256": "0" * 64, "hint": "J… D…"}
    old = write_json(tmp_path / "facts.json", {"files": {"cv": {"facts": [item]}}})
    with pytest.raises(ValueError, match="format 1"):
        load_facts(old)


def test_the_corpus_binds_each_files_facts_to_the_placed_files_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    john_bytes = b"%PDF-1.7 John Roe's CV"
    (tmp_path / "jane.pdf").write_bytes(CV_BYTES)
    (tmp_path / "john.pdf").write_bytes(john_bytes + b" changed")
    entries = [
        {"id": name, "file": f"{name}.pdf", "sha256": hashlib.sha256(data).hexdigest()}
        for name, data in (("jane", CV_BYTES), ("john", john_bytes), ("gone", b"x"))
    ]
    manifest = write_json(tmp_path / "manifest.json", {"files": entries})
    facts_file = keyed_file(
        tmp_path / "facts.json",
        {
            "jane": [keyed_fact(fact, KEY) for fact in clear_facts(CLEAR)],
            "john": [keyed_fact(f, file_key(john_bytes)) for f in clear_facts({"name": "J Roe"})],
        },
    )
    paths, facts = load_corpus(tmp_path, facts_file, manifest)
    assert [path.name for path in paths] == ["jane.pdf", "john.pdf"]
    text = "Jane Doe, J Roe, jane.doe@example.org"
    assert score_facts(facts["jane.pdf"], text).found == 2
    assert score_facts(facts["john.pdf"], text).found == 0  # the placed file is not the one
    printed = capsys.readouterr().out
    assert "gone.pdf" in printed and "john.pdf differs from the manifest's" in printed


def test_the_committed_facts_are_keyed() -> None:
    committed = Path(__file__).parents[2] / "benchmarks" / "real_cvs" / "facts.json"
    data = json.loads(committed.read_text(encoding="utf-8"))
    assert data["format"] == FORMAT == 2
    assert data["files"]
    for entry in data["files"].values():
        assert list(entry) == ["facts"]
        for item in entry["facts"]:
            assert set(item) == {"kind", "length", "hmac", "hint"}
            assert item["kind"] in CATEGORY_OF_KIND
            assert re.fullmatch("[0-9a-f]{64}", item["hmac"])


def test_a_line_is_intact_only_if_its_words_are_contiguous() -> None:
    reference = reference_lines(
        "Senior Software Engineer with 5+ years\nShort line\nLed a team of five engineers"
    )
    assert len(reference) == 2  # "Short line" has fewer than 5 words
    text = "senior  software engineer\nwith 5+ years\nLed a team of five sidebar engineers"
    assert lines_intact(reference, text) == ["led a team of five engineers"]


def test_a_hyphenated_line_end_may_be_rejoined_and_a_soft_hyphen_reads_as_a_hyphen() -> None:
    reference = reference_lines("seeking high\u00adimpact roles in fast experi-\nence")
    assert reference == ["seeking high-impact roles in fast"]
    assert lines_intact(reference, "seeking high-impact roles in fast experience") == []
    assert lines_intact(reference, "seeking highimpact roles in fast experience") == reference


def test_icon_characters_and_cjk_spacing_do_not_break_a_line() -> None:
    reference = reference_lines("\uf095 0541 999 99 99 call\n基于本项目可以快速搭建")
    assert lines_intact(reference, "0541 999 99 99 call\n基于 本项目 可以 快速 搭建") == []
    assert line_to_match("\uf095 \uf0e0") is None


def test_glyph_names_are_counted_but_web_addresses_are_not() -> None:
    text = "Tel +/four.lnum/nine.lnum J/A.sc/N.sc Scienti/f_ic (cid:12) github.com/j_d x.org/one"
    assert glyph_name_tokens(text) == [
        "/four.lnum",
        "/nine.lnum",
        "/A.sc",
        "/N.sc",
        "/f_i",
        "(cid:12)",
    ]


def test_glued_words_are_reference_words_run_together() -> None:
    vocabulary = reference_vocabulary(
        "Senior Software Engineer with 5 years\nSep. 2023 - Mar. 2024 high-impact experi-\nence"
    )
    text = (
        "SeniorSoftware Engineer Sep. 2023Mar. 2024 highimpact experience github.com/seniorsoftware"
    )
    assert glued_words(text, vocabulary) == ["SeniorSoftware", "2023Mar", "highimpact"]


def test_one_word_lines_are_counted_among_non_empty_lines() -> None:
    assert one_word_lines("Senior\nSoftware\r\n\nEngineer with 5 years\f") == (2, 3)


def test_a_lone_carriage_return_does_not_end_a_line() -> None:
    word_for_mac = "To\t\r\u00a0obtain\t\r\u00a0an\t\r\u00a0on-campus\t\r\u00a0position"
    assert one_word_lines(word_for_mac) == (0, 1)
    assert reference_lines(word_for_mac) == ["to obtain an on-campus position"]


def test_docx_reference_reads_text_boxes_once_and_tables(tmp_path: Path) -> None:
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    mc = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
    box = "<w:txbxContent><w:p><w:r><w:t>Boxed text</w:t></w:r></w:p></w:txbxContent>"
    body = (
        f"<w:document {w} {mc}><w:body>"
        f"<w:p><w:r><w:t>Anchor</w:t></w:r><w:r><mc:AlternateContent>"
        f"<mc:Choice>{box}</mc:Choice><mc:Fallback>{box}</mc:Fallback>"
        f"</mc:AlternateContent></w:r></w:p>"
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Cell</w:t><w:tab/><w:t>one</w:t></w:r></w:p></w:tc>"
        "</w:tr></w:tbl></w:body></w:document>"
    )
    path = tmp_path / "cv.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", body)
    assert docx_paragraphs(path) == ["Anchor", "Boxed text", "Cell one"]
