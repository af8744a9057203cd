"""`headhunter-desktop interview feedback ID [--format markdown|pdf] [--out FILE]
[--regenerate]`: the interview's feedback report, written by the model when there is none
yet (or when asked to write it anew), exported with the scorecard.

An existing report is exported as it is, without an LLM request: it may have been edited
by hand. Progress of a generation and the report's contradictions of a score go to stderr.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from headhunter_desktop.commands.field_progress import print_field_progress
from headhunter_desktop.commands.interview_lookup import find_interview
from headhunter_desktop.core.domain.interview import Interview
from headhunter_desktop.core.errors import UserFacingError
from headhunter_desktop.core.services.app_services import AppServices
from headhunter_desktop.core.services.configuration import NoApiKeyError
from headhunter_desktop.core.services.interviews import FeedbackExport, ScoreConflict


class FeedbackOutputError(UserFacingError):
    """The report cannot go where the command line asks."""

    code = "feedback_output"


async def run_feedback(services: AppServices, args: argparse.Namespace) -> int:
    """Write the report if needed, warn of contradictions, export it; 0 on success."""
    if args.format == "pdf" and not args.out:
        # Checked first: a mistyped command line costs no LLM call.
        raise FeedbackOutputError("A PDF is written to a file: add --out FILE.pdf.")
    interview = await find_interview(services, args.interview_id)
    if args.regenerate or interview.feedback.is_empty:
        interview = await _drafted(services, interview)
    interviews = services.interviews
    warn_conflicts(interviews.score_conflicts(interview.feedback.markdown, interview.scorecard))
    data = await interviews.export_data(args.interview_id)
    write_report(interviews.export_markdown(data), data, args)
    return 0


async def _drafted(services: AppServices, interview: Interview) -> Interview:
    if not services.llm_ready():
        raise NoApiKeyError()
    assert interview.id is not None  # read from the database
    return await services.interviews.draft_feedback(interview.id, print_field_progress)


def warn_conflicts(conflicts: Sequence[ScoreConflict]) -> None:
    """One line on stderr per sentence of the report that contradicts a rating."""
    for conflict in conflicts:
        sentence = " ".join(conflict.sentence.split())
        print(f"warning: the report {conflict.reason}: “{sentence}”", file=sys.stderr)


def write_report(markdown: str, data: FeedbackExport, args: argparse.Namespace) -> None:
    """The export on stdout, or in the file --out names (a PDF when --format pdf)."""
    if not args.out:
        sys.stdout.write(markdown if markdown.endswith("\n") else markdown + "\n")
        return
    target = Path(args.out)
    if args.format == "pdf":
        # Imported here: Qt loads only for the one command that draws.
        from headhunter_desktop.ui.common.pdf_document import write_markdown_pdf

        write_markdown_pdf(markdown, target, title=pdf_title(data))
    else:
        _write_text(target, markdown)
    print(f"Wrote {target}", file=sys.stderr)


def pdf_title(data: FeedbackExport) -> str:
    """The PDF's document title: whose interview, for which job."""
    job = f" – {data.job_title}" if data.job_title else ""
    return f"Interview feedback: {data.candidate_name}{job}"


def _write_text(target: Path, markdown: str) -> None:
    try:
        target.write_text(markdown, encoding="utf-8")
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise FeedbackOutputError(f"Cannot write {target}: {reason}.") from None
