"""`headhunter-desktop interview add | feedback | list`: record an interview with its
scorecard, have its feedback report written (billed to the job's client) and exported,
and list interviews with their ids.

`interview add --candidate ID --job ID --stage STAGE [--interviewer NAME] [--date DAY]
[--notes FILE] [--score COMPETENCY=N[:COMMENT]]... [--outcome pass|fail|hold] [--json]`
`interview feedback ID [--format markdown|pdf] [--out FILE] [--regenerate]`
`interview list (--client NAME | --candidate ID | --job ID) [--json]`
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

from pydantic import ValidationError

from headhunter_desktop.commands.interview_feedback import run_feedback
from headhunter_desktop.commands.interview_input import (
    InterviewInputError,
    parse_day,
    parse_scores,
    rated,
    read_notes,
)
from headhunter_desktop.commands.interview_lookup import check_candidate, check_job
from headhunter_desktop.commands.json_output import print_json
from headhunter_desktop.commands.text_table import print_table
from headhunter_desktop.core.domain.interview import Competency, Interview, Outcome
from headhunter_desktop.core.services.app_services import AppServices
from headhunter_desktop.core.services.configuration import EffectiveConfig, SettingsStore
from headhunter_desktop.core.services.interview_summary import InterviewSummary

Command = Callable[[AppServices, argparse.Namespace], Awaitable[int]]
HEADINGS = ("ID", "Date", "Candidate", "Job", "Client", "Stage", "Outcome", "Feedback")


def run_interview(args: argparse.Namespace, config: EffectiveConfig) -> int:
    """Run one `interview` sub-command on the data folder; 0 on success."""
    command = _COMMANDS[args.interview_command]
    services = AppServices.open(config, SettingsStore())
    try:
        return asyncio.run(_run(services, command, args))
    finally:
        services.close_sync()


async def _run(services: AppServices, command: Command, args: argparse.Namespace) -> int:
    try:
        return await command(services, args)
    finally:
        await services.aclose()


# -- interview add --------------------------------------------------------------------------
async def _add(services: AppServices, args: argparse.Namespace) -> int:
    # Every argument is read before anything is looked up or stored.
    scores, day, notes = parse_scores(args.score), parse_day(args.date), read_notes(args.notes)
    await check_candidate(services, args.candidate)
    await check_job(services, args.job)
    scorecard = rated(await services.interviews.default_scorecard(args.job), scores)
    saved = await services.interviews.save(_interview(args, day, notes, scorecard))
    if args.json:
        print_json({"interview_id": saved.id})
    else:
        print(saved.id)
    return 0


def _interview(
    args: argparse.Namespace, day: date, notes: str, scorecard: list[Competency]
) -> Interview:
    try:
        return Interview(
            candidate_id=args.candidate, job_id=args.job, stage=args.stage, date=day,
            interviewer=args.interviewer, notes=notes, scorecard=scorecard,
            outcome=None if args.outcome is None else Outcome(args.outcome),
        )  # fmt: skip
    except ValidationError as exc:
        error = exc.errors()[0]
        field = "--" + str(error["loc"][0]) + ": " if error["loc"] else ""
        reason = str(error["msg"]).removeprefix("Value error, ")
        raise InterviewInputError(f"{field}{reason}.") from None


# -- interview list -------------------------------------------------------------------------
async def _list(services: AppServices, args: argparse.Namespace) -> int:
    interviews = services.interviews
    if args.client is not None:
        client = await services.clients.named(args.client)
        found = await interviews.list_for_client(client.id)
    elif args.candidate is not None:
        await check_candidate(services, args.candidate)
        found = await interviews.list_for_candidate(args.candidate)
    else:
        await check_job(services, args.job)
        found = await interviews.list_for_job(args.job)
    _show_list(found, as_json=args.json)
    return 0


def _show_list(found: list[InterviewSummary], *, as_json: bool) -> None:
    if as_json:
        print_json([interview_document(summary) for summary in found])
    elif not found:
        print("No interviews yet: record one with `interview add`.")
    else:
        print_table(HEADINGS, [_row(summary) for summary in found])


def interview_document(summary: InterviewSummary) -> dict[str, Any]:
    """One interview of `interview list --json`."""
    return {
        "id": summary.id,
        "date": None if summary.date is None else summary.date.isoformat(),
        "candidate_id": summary.candidate_id,
        "candidate": summary.candidate_name,
        "job_id": summary.job_id,
        "job": summary.job_title,
        "client_id": summary.client_id,
        "client": summary.client_name,
        "stage": summary.stage,
        "interviewer": summary.interviewer,
        "outcome": None if summary.outcome is None else summary.outcome.value,
        "has_feedback": summary.has_feedback,
        "updated_at": summary.updated_at.isoformat(),
    }


def _row(summary: InterviewSummary) -> list[str]:
    day = "" if summary.date is None else summary.date.isoformat()
    outcome = "—" if summary.outcome is None else summary.outcome.value
    return [
        str(summary.id), day, summary.candidate_name, summary.job_title or "",
        summary.client_name or "", summary.stage, outcome,
        "yes" if summary.has_feedback else "no",
    ]  # fmt: skip


_COMMANDS: dict[str, Command] = {"add": _add, "feedback": run_feedback, "list": _list}
