"""`interview add | feedback | list` end to end: the real command line in a child process
on a data folder, the feedback streamed from the local test server as plain Markdown,
billed to the job's client, exported as Markdown or as a real PDF."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest

from headhunter_desktop.commands.interview_input import (
    InterviewInputError,
    parse_day,
    parse_scores,
    read_notes,
)
from headhunter_desktop.core.domain.interview import Competency, Interview, Outcome
from headhunter_desktop.core.services.app_services import AppServices
from tests.fakes import FakeOpenAIServer
from tests.fakes.openai_replies import ChatReply
from tests.helpers.agency_data import Agency, seed_agency, usage_rows_in
from tests.helpers.app_services import run_on_data_folder
from tests.helpers.cli import run_cli
from tests.helpers.pdf_text import pdf_text, pdf_title

NOTES = "Walked through the incident she led. Paused long on asyncio questions."
REPORT = """## Summary

Ada led a real incident review and explained it clearly.

## Technical assessment

Python (2/5) needs work: asyncio was shaky. Kubernetes was not assessed.

## Communication

Clear and calm throughout (5/5).

## Culture fit

Not assessed.

## Strengths

- Communication

## Concerns

- Python (2/5)

## Recommendation

Hold until a second technical interview.
"""
BOASTFUL = REPORT.replace("Ada led a real", "Ada shows strong Python skills and led a real")


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def agency(data: Path, fake_openai_env: FakeOpenAIServer) -> Agency:
    return seed_agency(data)


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    path = tmp_path / "notes.txt"
    path.write_text(NOTES + "\n", encoding="utf-8")
    return path


def add_args(agency: Agency, *extra: str) -> tuple[str, ...]:
    """`interview add` for Ada and Acme's SRE job, plus `extra`."""
    ids = ("--candidate", str(agency.ada_id), "--job", str(agency.sre_job_id))
    return ("interview", "add", *ids, *extra)


def stored(folder: Path, interview_id: int) -> Interview:
    return run_on_data_folder(folder, lambda services: services.interviews.get(interview_id))


def job_interviews(folder: Path, job_id: int) -> list[int]:
    async def ids(services: AppServices) -> list[int]:
        return [summary.id for summary in await services.interviews.list_for_job(job_id)]

    return run_on_data_folder(folder, ids)


def save_adas_interview(data: Path, agency: Agency) -> int:
    """Ada's technical interview for the SRE job (Python rated 2, Communication 5), stored
    through the service: the tests of `interview add` itself run the command."""

    async def save(services: AppServices) -> int:
        scorecard = await services.interviews.default_scorecard(agency.sre_job_id)
        scorecard[0] = Competency(name="Python", rating=2, comment="shaky on asyncio")
        scorecard[3] = Competency(name="Communication", rating=5, comment="clear, calm")
        interview = Interview(
            candidate_id=agency.ada_id, job_id=agency.sre_job_id, stage="technical",
            date=date(2025, 3, 14), notes=NOTES, scorecard=scorecard,
        )  # fmt: skip
        saved = await services.interviews.save(interview)
        assert saved.id is not None
        return saved.id

    return run_on_data_folder(data, save)


def without(*names: str) -> dict[str, str]:
    return {name: value for name, value in os.environ.items() if name not in names}


# -- interview add --------------------------------------------------------------------------
def test_add_stores_the_interview_with_every_score_and_comment(
    data: Path, agency: Agency, notes: Path
) -> None:
    extra = (
        "--stage", "Technical", "--interviewer", "Bo Berg", "--date", "2025-03-14",
        "--notes", str(notes), "--outcome", "hold",
        "--score", "python=2:shaky on asyncio", "--score", "Communication=5:clear, calm",
        "--score", "Go=4:says a = b: fine",
    )  # fmt: skip
    result = run_cli(*add_args(agency, *extra, "--json"), data_dir=data)
    assert result.returncode == 0, result.stderr
    interview_id = json.loads(result.stdout)["interview_id"]
    interview = stored(data, interview_id)
    assert interview.scorecard == [
        Competency(name="Python", rating=2, comment="shaky on asyncio"),  # the job's spelling
        Competency(name="PostgreSQL"),
        Competency(name="Kubernetes"),
        Competency(name="Communication", rating=5, comment="clear, calm"),
        Competency(name="Culture fit"),
        Competency(name="Go", rating=4, comment="says a = b: fine"),  # not in the job's list
    ]
    assert (interview.candidate_id, interview.job_id) == (agency.ada_id, agency.sre_job_id)
    assert (interview.stage, interview.date) == ("technical", date(2025, 3, 14))
    assert (interview.interviewer, interview.notes) == ("Bo Berg", NOTES)
    assert interview.outcome is Outcome.HOLD and interview.feedback.is_empty


def test_add_without_scores_takes_the_jobs_default_scorecard_and_prints_the_id(
    data: Path, agency: Agency
) -> None:
    result = run_cli(*add_args(agency, "--stage", "screening"), data_dir=data)
    assert result.returncode == 0, result.stderr
    interview = stored(data, int(result.stdout))
    assert result.stdout == f"{interview.id}\n"
    names = ["Python", "PostgreSQL", "Kubernetes", "Communication", "Culture fit"]
    assert [(c.name, c.rating, c.comment) for c in interview.scorecard] == [
        (name, None, "") for name in names
    ]
    assert interview.date == date.today() and interview.outcome is None


@pytest.mark.parametrize(
    ("extra", "error"),
    [
        (("--score", "Python"), "error: --score 'Python': expected COMPETENCY=N[:COMMENT]"),
        (("--score", "Python=6"), "error: --score 'Python=6': the rating is a whole number"),
        (("--stage", " "), "error: --stage: an interview needs a stage."),
    ],
)
def test_add_refuses_bad_arguments_in_one_line_storing_nothing(
    data: Path, agency: Agency, extra: tuple[str, ...], error: str
) -> None:
    stage = () if "--stage" in extra else ("--stage", "technical")
    result = run_cli(*add_args(agency, *stage, *extra), data_dir=data)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith(error) and result.stderr.count("\n") == 1
    assert job_interviews(data, agency.sre_job_id) == []


@pytest.mark.parametrize(
    ("scores", "error"),
    [
        (["Python=0"], "--score 'Python=0': the rating is a whole number from 1 to 5."),
        (["Python=x:good"], "--score 'Python=x:good': the rating is a whole number from 1"),
        (["Python=:fine"], "--score 'Python=:fine': the rating is a whole number from 1"),
        (["=3"], "--score '=3': a competency needs a name."),
        (["Go=3", "go=4"], "--score rates 'go' twice."),
    ],
)
def test_every_score_is_checked_before_anything_is_stored(scores: list[str], error: str) -> None:
    with pytest.raises(InterviewInputError) as raised:
        parse_scores(scores)
    assert str(raised.value).startswith(error)


def test_a_score_keeps_colons_and_equals_signs_of_its_comment() -> None:
    assert parse_scores(["C++ = 4 : says a = b: fine"]) == [
        Competency(name="C++", rating=4, comment="says a = b: fine")
    ]


def test_the_day_and_the_notes_file_are_read_with_clear_errors(tmp_path: Path) -> None:
    assert parse_day("2025-03-14") == date(2025, 3, 14) and parse_day(None) == date.today()
    with pytest.raises(InterviewInputError, match=r"--date '14\.03\.2025': expected a day"):
        parse_day("14.03.2025")
    missing = tmp_path / "gone.txt"
    with pytest.raises(InterviewInputError, match=r"Cannot read the notes file .*gone\.txt"):
        read_notes(str(missing))
    missing.write_bytes(b"\xff\xfe caf\xe9")
    with pytest.raises(InterviewInputError, match="not UTF-8 text"):
        read_notes(str(missing))


def test_add_refuses_an_unknown_candidate_or_job(data: Path, agency: Agency) -> None:
    job = ("--job", str(agency.sre_job_id), "--stage", "final")
    nobody = run_cli("interview", "add", "--candidate", "999", *job, data_dir=data)
    assert nobody.returncode == 2 and nobody.stdout == ""
    assert nobody.stderr == "error: There is no candidate 999: `cv list` shows the ids.\n"
    huge = "9" * 23  # beyond the database's integers: still just no such candidate
    beyond = run_cli("interview", "add", "--candidate", huge, *job, data_dir=data)
    assert beyond.stderr == f"error: There is no candidate {huge}: `cv list` shows the ids.\n"
    person = ("--candidate", str(agency.ada_id), "--stage", "final")
    no_job = run_cli("interview", "add", *person, "--job", "999", data_dir=data)
    assert no_job.returncode == 2 and no_job.stdout == ""
    assert no_job.stderr == (
        "error: There is no job 999: `job list --client NAME` shows the ids.\n"
    )
    assert job_interviews(data, agency.sre_job_id) == []


# -- interview feedback ---------------------------------------------------------------------
def test_feedback_is_streamed_billed_to_the_jobs_client_and_printed_as_markdown(
    data: Path, agency: Agency, fake_openai_env: FakeOpenAIServer
) -> None:
    interview_id = save_adas_interview(data, agency)
    fake_openai_env.queue(ChatReply(REPORT, chunk_words=3))
    result = run_cli("interview", "feedback", str(interview_id), data_dir=data)
    assert result.returncode == 0, result.stderr
    assert "# Interview feedback: Ada Lovelace" in result.stdout
    assert "| Python | 2/5 | shaky on asyncio |" in result.stdout
    assert REPORT.strip() in result.stdout and "AI-drafted" in result.stdout
    assert result.stderr.splitlines() == [f"report: {len(REPORT.split())} words"]

    [request] = fake_openai_env.chat_requests()
    body = request.body or {}
    assert body["stream"] is True and "response_format" not in body  # Markdown, not JSON
    prompt = json.dumps(body["messages"])
    assert "Paused long on asyncio questions" in prompt and "shaky on asyncio" in prompt
    feedback = stored(data, interview_id).feedback
    assert feedback.markdown.strip() == REPORT.strip()
    assert feedback.ai_drafted and not feedback.edited_by_person
    [record] = usage_rows_in(data, "generate_feedback")
    assert record["client_company_name"] == "Acme Ltd" and record["status"] == "ok"
    assert (record["entity_type"], record["entity_id"]) == ("interview", str(interview_id))


def test_existing_feedback_is_exported_as_is_to_a_pdf_without_a_display(
    data: Path, agency: Agency, fake_openai_env: FakeOpenAIServer, tmp_path: Path
) -> None:
    interview_id = save_adas_interview(data, agency)
    fake_openai_env.queue(ChatReply(REPORT))
    assert run_cli("interview", "feedback", str(interview_id), data_dir=data).returncode == 0
    target = tmp_path / "feedback.pdf"
    args = ("interview", "feedback", str(interview_id), "--format", "pdf", "--out", str(target))
    env = without("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    result = run_cli(*args, data_dir=data, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "" and result.stderr == f"Wrote {target}\n"
    assert len(fake_openai_env.chat_requests()) == 1  # not written again
    text = pdf_text(target)
    for fact in ("Acme Ltd", "Ada Lovelace", "Site Reliability Engineer", "2025-03-14"):
        assert fact in text
    assert "Python 2/5 shaky on asyncio" in text and "Kubernetes not rated" in text
    assert "Hold until a second technical interview." in text
    assert pdf_title(target) == "Interview feedback: Ada Lovelace – Site Reliability Engineer"


def test_regenerate_writes_the_report_anew_and_warns_of_contradicted_scores(
    data: Path, agency: Agency, fake_openai_env: FakeOpenAIServer, tmp_path: Path
) -> None:
    interview_id = save_adas_interview(data, agency)
    fake_openai_env.queue(ChatReply(REPORT))
    assert run_cli("interview", "feedback", str(interview_id), data_dir=data).returncode == 0
    fake_openai_env.queue(ChatReply(BOASTFUL))
    target = tmp_path / "feedback.md"
    args = ("interview", "feedback", str(interview_id), "--regenerate", "--out", str(target))
    result = run_cli(*args, data_dir=data)
    assert result.returncode == 0, result.stderr
    assert len(fake_openai_env.chat_requests()) == 2 and result.stdout == ""
    assert 'warning: the report says "strong" but Python is rated 2/5: ' in result.stderr
    assert "“Ada shows strong Python skills and led a real incident review" in result.stderr
    assert "shows strong Python skills" in target.read_text(encoding="utf-8")
    assert "strong Python" in stored(data, interview_id).feedback.markdown
    assert len(usage_rows_in(data, "generate_feedback")) == 2

    again = run_cli("interview", "feedback", str(interview_id), data_dir=data)  # no request
    assert again.returncode == 0 and len(fake_openai_env.chat_requests()) == 2
    assert again.stderr.startswith('warning: the report says "strong"')


def test_feedback_errors_are_one_line_and_cost_nothing(
    data: Path, agency: Agency, fake_openai_env: FakeOpenAIServer
) -> None:
    interview_id = save_adas_interview(data, agency)
    pdf = run_cli("interview", "feedback", str(interview_id), "--format", "pdf", data_dir=data)
    assert pdf.returncode == 2 and pdf.stdout == ""
    assert pdf.stderr == "error: A PDF is written to a file: add --out FILE.pdf.\n"
    huge = "9" * 23  # beyond the database's integers: still just no such interview
    unknown = run_cli("interview", "feedback", huge, data_dir=data)
    assert unknown.returncode == 2 and unknown.stdout == ""
    assert (
        unknown.stderr == f"error: There is no interview {huge}: `interview list` shows the ids.\n"
    )
    env = without("OPENAI_API_KEY", "OPENAI_BASE_URL")
    no_key = run_cli("interview", "feedback", str(interview_id), data_dir=data, env=env)
    assert no_key.returncode == 2 and no_key.stdout == ""
    assert no_key.stderr.startswith("error: No OpenAI API key") and no_key.stderr.count("\n") == 1
    assert fake_openai_env.chat_requests() == [] and stored(data, interview_id).feedback.is_empty

    fake_openai_env.queue(ChatReply(REPORT))  # written once, it exports without a key
    assert run_cli("interview", "feedback", str(interview_id), data_dir=data).returncode == 0
    exported = run_cli("interview", "feedback", str(interview_id), data_dir=data, env=env)
    assert exported.returncode == 0 and REPORT.strip() in exported.stdout


# -- interview list -------------------------------------------------------------------------
def test_list_by_client_candidate_or_job(
    data: Path, agency: Agency, fake_openai_env: FakeOpenAIServer
) -> None:
    first = save_adas_interview(data, agency)
    later = ("--candidate", str(agency.grace_id), "--job", str(agency.data_job_id))
    extra = ("--stage", "Bar raiser", "--date", "2025-04-01", "--outcome", "pass")
    second = int(run_cli("interview", "add", *later, *extra, data_dir=data).stdout)
    fake_openai_env.queue(ChatReply(REPORT))
    assert run_cli("interview", "feedback", str(first), data_dir=data).returncode == 0

    by_client = run_cli("interview", "list", "--client", "Acme Ltd", "--json", data_dir=data)
    assert by_client.returncode == 0, by_client.stderr
    rows = json.loads(by_client.stdout)
    assert [(r["id"], r["date"], r["candidate"], r["job"], r["client"], r["stage"],
             r["outcome"], r["has_feedback"]) for r in rows] == [
        (second, "2025-04-01", "Grace Hopper", "Data Engineer", "Acme Ltd", "Bar raiser",
         "pass", False),
        (first, "2025-03-14", "Ada Lovelace", "Site Reliability Engineer", "Acme Ltd",
         "technical", None, True),
    ]  # fmt: skip
    by_candidate = run_cli("interview", "list", "--candidate", str(agency.ada_id), "--json",
                           data_dir=data)  # fmt: skip
    assert [r["id"] for r in json.loads(by_candidate.stdout)] == [first]
    by_job = run_cli("interview", "list", "--job", str(agency.data_job_id), data_dir=data)
    heading, row = by_job.stdout.splitlines()
    assert heading.split() == ["ID", "Date", "Candidate", "Job", "Client", "Stage", "Outcome",
                               "Feedback"]  # fmt: skip
    assert row.split() == [str(second), "2025-04-01", "Grace", "Hopper", "Data", "Engineer",
                           "Acme", "Ltd", "Bar", "raiser", "pass", "no"]  # fmt: skip


def test_list_of_nothing_or_of_an_unknown_id(data: Path, agency: Agency) -> None:
    empty = run_cli("interview", "list", "--client", "Beta GmbH", data_dir=data)
    assert empty.returncode == 0 and empty.stdout.startswith("No interviews yet")
    assert json.loads(run_cli("interview", "list", "--job", str(agency.beta_job_id), "--json",
                              data_dir=data).stdout) == []  # fmt: skip
    unknown = run_cli("interview", "list", "--candidate", "999", data_dir=data)
    assert unknown.returncode == 2
    assert unknown.stderr == "error: There is no candidate 999: `cv list` shows the ids.\n"
    no_scope = run_cli("interview", "list", data_dir=data)
    assert no_scope.returncode == 2 and "one of the arguments" in no_scope.stderr
