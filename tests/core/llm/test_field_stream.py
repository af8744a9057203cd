"""The field reader of streamed JSON: each field's text arrives while it is written, every
complete value equals what `json.loads` reads, whatever the deltas' boundaries."""

from __future__ import annotations

import json
import random
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, Field

from headhunter_desktop.core.llm.field_events import (
    FieldCompleted,
    FieldEvent,
    ItemStarted,
    ObjectCompleted,
    Path,
    TextDelta,
    coalesce,
)
from headhunter_desktop.core.llm.field_stream import (
    FieldStreamParser,
    IncompleteJsonError,
    JsonStreamError,
)

# No example database in the work tree; no deadline, the CPU is shared with other tests.
PROPERTY = settings(max_examples=50, deadline=None, database=None)


class SalaryRange(BaseModel):
    min: int
    max: int
    currency: str


class JobPosting(BaseModel):
    title: str
    description: str
    responsibilities: list[str]
    years_experience: int | None
    salary_range: SalaryRange | None
    remote: bool


class JobTemplate(BaseModel):
    title: str
    description: str
    technologies: list[str]


class Department(BaseModel):
    name: str
    description: str
    technologies: list[str]
    job_templates: list[JobTemplate]


# Text a model writes, with what JSON must escape made frequent: quotes, backslashes,
# control characters, and characters outside the BMP (a surrogate pair with ensure_ascii).
written = st.characters(exclude_categories=["Cs"])  # a model never writes a lone surrogate
texts = st.text(
    alphabet=st.one_of(st.sampled_from('"\\/\n\t\r\x00 éß😀\u2028'), written), max_size=30
)
salaries = st.builds(SalaryRange, min=st.integers(), max=st.integers(), currency=texts)
postings = st.builds(
    JobPosting,
    title=texts,
    description=texts,
    responsibilities=st.lists(texts, max_size=5),
    years_experience=st.none() | st.integers(-(10**12), 10**12),
    salary_range=st.none() | salaries,
    remote=st.booleans(),
)
templates = st.builds(
    JobTemplate, title=texts, description=texts, technologies=st.lists(texts, max_size=4)
)
departments = st.builds(
    Department,
    name=texts,
    description=texts,
    technologies=st.lists(texts, max_size=4),
    job_templates=st.lists(templates, max_size=3),
)


@st.composite
def answers(draw: st.DrawFn, instances: st.SearchStrategy[BaseModel]) -> str:
    """A random instance as a model might write it: any key order, any JSON layout."""
    data = _shuffled_keys(draw(instances).model_dump(mode="json"), draw(st.randoms()))
    return json.dumps(
        data,
        ensure_ascii=draw(st.booleans()),
        indent=draw(st.sampled_from([None, 2, "\t"])),
        separators=draw(st.sampled_from([None, (",", ":"), (" , ", " : ")])),
    )


def _shuffled_keys(value: Any, rng: random.Random) -> Any:
    if isinstance(value, dict):
        keys = list(value)
        rng.shuffle(keys)
        return {key: _shuffled_keys(value[key], rng) for key in keys}
    if isinstance(value, list):
        return [_shuffled_keys(item, rng) for item in value]
    return value


def split(text: str, rng: random.Random, largest: int) -> list[str]:
    """`text` cut into deltas of 1 to `largest` characters."""
    parts, start = [], 0
    while start < len(text):
        size = rng.randint(1, largest)
        parts.append(text[start : start + size])
        start += size
    return parts


def stream(parser: FieldStreamParser, deltas: list[str]) -> list[tuple[int, FieldEvent]]:
    """Every event with the number of the delta whose feed returned it."""
    events = [(n, event) for n, delta in enumerate(deltas) for event in parser.feed(delta)]
    assert parser.finish() == []
    return events


def texts_by_path(events: list[FieldEvent]) -> dict[Path, str]:
    joined: dict[Path, str] = {}
    for event in events:
        if isinstance(event, TextDelta):
            joined[event.path] = joined.get(event.path, "") + event.text
    return joined


def members(value: Any, path: Path = ()) -> dict[Path, Any]:
    """Every value inside a JSON value by its path, the value itself left out."""
    found: dict[Path, Any] = {}
    pairs = value.items() if isinstance(value, dict) else enumerate(value)
    for key, member in pairs:
        found[(*path, key)] = member
        if isinstance(member, dict | list):
            found.update(members(member, (*path, key)))
    return found


def attribute_at(model: BaseModel, path: Path) -> Any:
    value: Any = model
    for key in path:
        value = getattr(value, key) if isinstance(key, str) else value[key]
    return value


def check_stream(schema: type[BaseModel], answer: str, deltas: list[str]) -> None:
    """Every property of a stream, but that text shows before the object ends (see below)."""
    numbered = stream(FieldStreamParser(schema), deltas)
    events = [event for _, event in numbered]
    expected = json.loads(answer)
    inside = members(expected)
    final = schema.model_validate_json(answer)

    assert events[-1] == ObjectCompleted(expected)
    assert sum(isinstance(event, ObjectCompleted) for event in events) == 1
    strings = {path: value for path, value in inside.items() if isinstance(value, str)}
    assert texts_by_path(events) == {path: text for path, text in strings.items() if text}
    completed = [event for event in events if isinstance(event, FieldCompleted)]
    assert {event.path: event.value for event in completed} == inside
    assert len(completed) == len(inside)
    for event in completed:
        assert event.error is None
        assert event.validated == attribute_at(final, event.path)
    check_order(events)


def check_order(events: list[FieldEvent]) -> None:
    """A value's item start, then its text, then its completion."""
    completed_at = {e.path: i for i, e in enumerate(events) if isinstance(e, FieldCompleted)}
    for i, event in enumerate(events):
        if isinstance(event, TextDelta):
            assert i < completed_at[event.path]
        if isinstance(event, ItemStarted):
            assert i < completed_at[event.item_path]


@PROPERTY
@given(answers(postings), st.randoms(use_true_random=False))
def test_postings_stream_field_by_field_whatever_the_delta_sizes(
    answer: str, rng: random.Random
) -> None:
    check_stream(JobPosting, answer, split(answer, rng, 8))


@PROPERTY
@given(answers(postings))
def test_postings_stream_field_by_field_one_character_at_a_time(answer: str) -> None:
    check_stream(JobPosting, answer, list(answer))

    numbered = stream(FieldStreamParser(JobPosting), list(answer))
    last_delta = numbered[-1][0]
    # Every text showed while the object was still being written (its `}` is the last delta).
    assert all(n < last_delta for n, e in numbered if isinstance(e, TextDelta))


@PROPERTY
@given(answers(departments), st.randoms(use_true_random=False))
def test_departments_with_lists_of_templates_stream_field_by_field(
    answer: str, rng: random.Random
) -> None:
    check_stream(Department, answer, split(answer, rng, 8))


def test_the_description_shows_while_it_is_still_being_written() -> None:
    description = "We are looking for a platform engineer who enjoys on-call less than we do."
    answer = json.dumps({"title": "Platform engineer", "description": description, "remote": True})
    middle = answer.index("who enjoys")
    parser = FieldStreamParser(JobPosting)

    events = [event for char in answer[:middle] for event in parser.feed(char)]

    assert texts_by_path(events)[("description",)] == description[: description.index("who")]
    assert not any(isinstance(e, FieldCompleted) and e.path == ("description",) for e in events)
    assert not parser.complete


def test_list_items_start_and_stream_one_by_one() -> None:
    answer = '{"responsibilities": ["Design the API", "Mentor two juniors"]}'
    events = coalesce(FieldStreamParser(JobPosting).feed(answer))

    assert events[:4] == [
        ItemStarted(("responsibilities",), 0),
        TextDelta(("responsibilities", 0), "Design the API"),
        FieldCompleted(("responsibilities", 0), "Design the API", "Design the API"),
        ItemStarted(("responsibilities",), 1),
    ]
    assert events[-2].path == ("responsibilities",)  # type: ignore[union-attr]


ESCAPED = r'{"description": "a\nb \"q\" c:\\ d\/e \b\f\r\t \u00e9 \ud83d\ude00 end"}'


@pytest.mark.parametrize("cut", range(1, len(ESCAPED)))
def test_escapes_split_anywhere_decode_as_json_does(cut: int) -> None:
    events = [e for _, e in stream(FieldStreamParser(JobPosting), [ESCAPED[:cut], ESCAPED[cut:]])]

    description = json.loads(ESCAPED)["description"]
    assert texts_by_path(events) == {("description",): description}
    assert events[-1] == ObjectCompleted({"description": description})


def test_a_surrogate_pair_split_across_deltas_arrives_as_one_character() -> None:
    events = [e for _, e in stream(FieldStreamParser(JobPosting), list(ESCAPED))]

    for event in events:
        if isinstance(event, TextDelta):
            event.text.encode("utf-8")  # a lone surrogate half would not encode


@pytest.mark.parametrize(
    "escaped",
    [r"\ud83d x", r"x \ude00", r"\ud83d\ud83d\ude00", r"\ud83d\n", r"\ud83d", r"\u00E9\u00e9"],
)
def test_lone_surrogates_and_hex_case_decode_as_json_does(escaped: str) -> None:
    answer = '{"title": "' + escaped + '"}'
    events = [e for _, e in stream(FieldStreamParser(None), list(answer))]

    assert texts_by_path(events) == {("title",): json.loads(answer)["title"]}


SCALARS = '{"a": -12.5e+3, "b": true, "c": null, "d": false, "e": 0, "f": [1, -0.25], "g": 7e2}'


@pytest.mark.parametrize("cut", range(1, len(SCALARS)))
def test_numbers_and_literals_split_anywhere(cut: int) -> None:
    events = [e for _, e in stream(FieldStreamParser(None), [SCALARS[:cut], SCALARS[cut:]])]

    completed = {e.path: e.value for e in events if isinstance(e, FieldCompleted)}
    assert completed == members(json.loads(SCALARS))
    assert events[-1] == ObjectCompleted(json.loads(SCALARS))
    assert [type(completed[(key,)]) for key in "aeg"] == [float, int, float]


def test_whitespace_anywhere_between_tokens() -> None:
    answer = '\r\n{\r\n\t"title" :\t"Data engineer" ,\n "remote"  :  true ,"responsibilities":[ ] }'
    events = [e for _, e in stream(FieldStreamParser(JobPosting), list(answer))]

    assert events[-1] == ObjectCompleted(json.loads(answer))


def test_keys_of_a_nested_object_in_any_order_validate_as_the_model() -> None:
    answer = '{"salary_range": {"currency": "EUR", "max": 90000, "min": 70000}, "remote": false}'
    events = FieldStreamParser(JobPosting).feed(answer)

    salary = next(
        e for e in events if isinstance(e, FieldCompleted) and e.path[0] == "salary_range"
    )
    assert salary == FieldCompleted(("salary_range", "currency"), "EUR", "EUR")
    whole = [e for e in events if isinstance(e, FieldCompleted) and e.path == ("salary_range",)]
    assert whole[0].validated == SalaryRange(min=70000, max=90000, currency="EUR")


def test_keys_the_schema_does_not_know_are_read_but_not_reported() -> None:
    answer = '{"title": "QA lead", "notes": {"draft": ["x", 1]}, "remote": true}'

    with_schema = FieldStreamParser(JobPosting).feed(answer)
    without_schema = FieldStreamParser(None).feed(answer)

    assert not any(getattr(e, "path", ("",))[0] == "notes" for e in with_schema)
    assert with_schema[-1] == ObjectCompleted(json.loads(answer))
    assert TextDelta(("notes", "draft", 0), "x") in without_schema


def test_prose_and_a_json_fence_around_the_object_are_skipped() -> None:
    body = '{"title": "Backend engineer", "remote": true}'
    answer = f"Here is the posting:\n```json\n{body}\n```\nTell me if {{anything}} should change."
    parser = FieldStreamParser(JobPosting)

    events = [e for _, e in stream(parser, split(answer, random.Random(3), 5))]

    assert texts_by_path(events) == {("title",): "Backend engineer"}
    assert events[-1] == ObjectCompleted(json.loads(body))
    assert parser.object_text == body
    assert parser.text == answer


def test_a_value_is_validated_against_its_field_type_once_complete() -> None:
    answer = '{"years_experience": "5", "salary_range": {"min": "lots"}, "remote": true}'
    events = FieldStreamParser(JobPosting).feed(answer)

    completed = {e.path: e for e in events if isinstance(e, FieldCompleted)}
    assert completed[("years_experience",)] == FieldCompleted(("years_experience",), "5", 5)
    assert completed[("salary_range", "min")].validated is None
    assert "int" in (completed[("salary_range", "min")].error or "")
    assert completed[("remote",)].error is None


class Contract(BaseModel):
    years: int = Field(alias="yearsExperience", ge=0)
    perks: dict[str, list[str]] = {}


def test_aliases_constraints_and_dict_values_follow_the_schema() -> None:
    answer = '{"yearsExperience": -1, "years": 3, "perks": {"gym": ["free"]}}'
    events = FieldStreamParser(Contract).feed(answer)

    completed = {e.path: e for e in events if isinstance(e, FieldCompleted)}
    assert "greater than or equal to 0" in (completed[("yearsExperience",)].error or "")
    assert ("years",) not in completed  # not the JSON key the model reads
    assert completed[("perks", "gym", 0)].validated == "free"
    assert TextDelta(("perks", "gym", 0), "free") in events


def test_empty_values_complete_without_text() -> None:
    events = FieldStreamParser(JobPosting).feed('{"title": "", "responsibilities": [], "x": {}}')

    assert FieldCompleted(("title",), "", "") in events
    assert FieldCompleted(("responsibilities",), [], []) in events
    assert not any(isinstance(e, TextDelta | ItemStarted) for e in events)


@pytest.mark.parametrize(
    "answer",
    [
        '{"title" "x"}',
        '{"title": tru}',
        '{"title": 01}',
        '{"a": [1,]}',
        '{"a": "\\x"}',
        '{"a": "\\u1_2a"}',
        "{'a': 1}",
    ],
)
def test_an_answer_that_is_not_json_raises_a_stream_error(answer: str) -> None:
    parser = FieldStreamParser(None)

    with pytest.raises(JsonStreamError, match=r"Expected .* at character"):
        for char in answer:
            parser.feed(char)


def test_a_stream_that_ends_inside_the_object_is_incomplete() -> None:
    parser = FieldStreamParser(JobPosting)
    events = parser.feed('```json\n{"title": "Data eng')

    assert texts_by_path(events) == {("title",): "Data eng"}
    with pytest.raises(IncompleteJsonError):
        parser.finish()


def test_coalesce_merges_runs_of_text_for_one_path_only() -> None:
    title, body = ("title",), ("description",)
    events: list[FieldEvent] = [
        TextDelta(title, "Da"),
        TextDelta(title, "ta"),
        FieldCompleted(title, "Data", "Data"),
        TextDelta(body, "We "),
        TextDelta(body, "are"),
        TextDelta(body, "!"),
        ItemStarted(("responsibilities",), 0),
        TextDelta(("responsibilities", 0), "A"),
        TextDelta(body, "x"),
    ]

    assert coalesce(events) == [
        TextDelta(title, "Data"),
        FieldCompleted(title, "Data", "Data"),
        TextDelta(body, "We are!"),
        ItemStarted(("responsibilities",), 0),
        TextDelta(("responsibilities", 0), "A"),
        TextDelta(body, "x"),
    ]
    assert events[0] == TextDelta(title, "Da")  # the input is left as it was
