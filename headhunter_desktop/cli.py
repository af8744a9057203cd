"""Headless commands over the same services as the GUI (the contract is in ARCHITECTURE.md).

`--json` output is one JSON document on stdout; progress and logs go to stderr. A user
error (bad file, no key, unreachable server) is one line on stderr and a non-zero exit.
Output cut short by its reader (`… --json | head -c 10`) ends quietly, with exit 141; a
library's warnings (pypdf repairing a PDF) go to app.log only.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence

from headhunter_desktop import APP_ID, __version__
from headhunter_desktop.core.errors import UserFacingError
from headhunter_desktop.core.secrets import redact

SIGPIPE_EXIT = 141  # 128 + SIGPIPE: what a shell reports for a writer whose reader left


def build_parser() -> argparse.ArgumentParser:
    """The argument parser: global options and the public sub-commands."""
    parser = argparse.ArgumentParser(
        prog=APP_ID, description="Headhunter Desktop: with no command, opens the app window."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--data-dir", metavar="DIR", help="data folder (default: per user)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    cv = commands.add_parser("cv", help="candidate CVs")
    cv_commands = cv.add_subparsers(dest="cv_command", metavar="CV_COMMAND", required=True)
    cv_import = cv_commands.add_parser("import", help="import CV files and folders")
    cv_import.add_argument("paths", nargs="+", metavar="PATH")
    cv_import.add_argument("--client", metavar="NAME", help="client company the CVs are for")
    cv_import.add_argument("--json", action="store_true", help="one JSON document on stdout")
    cv_list = cv_commands.add_parser("list", help="list candidates with their ids")
    cv_list.add_argument("--client", metavar="NAME", help="only the CVs of this client company")
    cv_list.add_argument("--json", action="store_true", help="one JSON document on stdout")

    search = commands.add_parser("search", help="search the talent pool")
    search.add_argument("query", metavar="QUERY")
    search.add_argument("--limit", type=int, default=10, metavar="N")
    search.add_argument(
        "--client", metavar="NAME", help="client company the search is for (billed to it)"
    )
    search.add_argument("--json", action="store_true")

    usage = commands.add_parser(
        "usage",
        help="LLM usage and cost",
        description="LLM usage and cost; this month (local time) unless --from, --to or "
        "--all-time say otherwise. The period is the table's first line and JSON's "
        '"period"; CSV has its header line and rows only.',
    )
    usage.add_argument("--client", metavar="NAME")
    usage.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD")
    usage.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD")
    usage.add_argument("--all-time", action="store_true", help="every recorded call")
    usage.add_argument("--by", choices=("action", "model", "client", "day"))
    usage.add_argument("--format", choices=("table", "json", "csv"), default="table")
    _add_usage_budget(usage)

    _add_client(commands)
    _add_department(commands)
    _add_job(commands)
    _add_interview(commands)
    _add_company(commands)
    commands.add_parser("selftest", help="check the installation; exit 0 when healthy")
    return parser


def _add_client(commands: argparse._SubParsersAction) -> None:
    client = commands.add_parser("client", help="client companies")
    sub = client.add_subparsers(dest="client_command", metavar="CLIENT_COMMAND", required=True)
    add = sub.add_parser("add", help="add a client company")
    add.add_argument("name", metavar="NAME")
    listing = sub.add_parser("list", help="list client companies with their counts")
    rename = sub.add_parser("rename", help="rename a client company")
    rename.add_argument("old", metavar="OLD")
    rename.add_argument("new", metavar="NEW")
    delete = sub.add_parser("delete", help="delete a client (its departments and jobs too)")
    delete.add_argument("name", metavar="NAME")
    delete.add_argument("--yes", action="store_true", help="confirm the deletion")
    for parser in (add, listing, rename, delete):
        parser.add_argument("--json", action="store_true", help="one JSON document on stdout")


def _add_department(commands: argparse._SubParsersAction) -> None:
    department = commands.add_parser("department", help="department profiles of clients")
    sub = department.add_subparsers(
        dest="department_command", metavar="DEPARTMENT_COMMAND", required=True
    )
    draft = sub.add_parser("draft", help="write and save a new department's profile")
    draft.add_argument("--client", metavar="NAME", required=True, help="its client company")
    draft.add_argument("--name", metavar="DEPT", required=True, help="the department's name")
    draft.add_argument("--json", action="store_true", help="one JSON document on stdout")


def _add_job(commands: argparse._SubParsersAction) -> None:
    job = commands.add_parser("job", help="job postings of clients")
    sub = job.add_subparsers(dest="job_command", metavar="JOB_COMMAND", required=True)
    draft = sub.add_parser("draft", help="write (or read from a file) and save a job posting")
    draft.add_argument("--client", metavar="NAME", required=True, help="its client company")
    draft.add_argument("--title", metavar="TITLE", required=True, help="the job title")
    draft.add_argument("--department", metavar="NAME", help="one of the client's departments")
    draft.add_argument("--location", metavar="TEXT", default="", help='e.g. "Berlin, DE"')
    draft.add_argument("--remote", action="store_true", help="a fully remote job")
    kinds = ("FULL_TIME", "PART_TIME", "CONTRACTOR", "TEMPORARY", "INTERN")
    draft.add_argument("--employment-type", choices=kinds, metavar="|".join(kinds))
    draft.add_argument("--from-file", metavar="FILE", help="analyse a DOCX, PDF or TXT description")
    # Markdown for a person at a terminal; json (with the job's id) and jsonld for scripts.
    draft.add_argument("--format", choices=("markdown", "json", "jsonld"), default="markdown")
    listing = sub.add_parser("list", help="list a client's jobs with their ids")
    listing.add_argument("--client", metavar="NAME", required=True, help="its client company")
    listing.add_argument("--json", action="store_true", help="one JSON document on stdout")


def _add_interview(commands: argparse._SubParsersAction) -> None:
    interview = commands.add_parser("interview", help="interviews, scorecards and feedback")
    sub = interview.add_subparsers(
        dest="interview_command", metavar="INTERVIEW_COMMAND", required=True
    )
    _add_interview_add(sub)
    feedback = sub.add_parser("feedback", help="write (once) and export the feedback report")
    feedback.add_argument("interview_id", metavar="ID", type=int)
    feedback.add_argument("--format", choices=("markdown", "pdf"), default="markdown")
    feedback.add_argument("--out", metavar="FILE", help="write here (default: Markdown on stdout)")
    feedback.add_argument("--regenerate", action="store_true", help="write the report anew")
    listing = sub.add_parser("list", help="list the interviews of a client, candidate or job")
    scope = listing.add_mutually_exclusive_group(required=True)
    scope.add_argument("--client", metavar="NAME")
    scope.add_argument("--candidate", metavar="ID", type=int)
    scope.add_argument("--job", metavar="ID", type=int)
    listing.add_argument("--json", action="store_true", help="one JSON document on stdout")


def _add_interview_add(sub: argparse._SubParsersAction) -> None:
    add = sub.add_parser("add", help="record an interview with its notes and scores")
    add.add_argument("--candidate", metavar="ID", type=int, required=True, help="see `cv list`")
    add.add_argument("--job", metavar="ID", type=int, required=True, help="see `job list`")
    add.add_argument("--stage", metavar="STAGE", required=True, help="screening, technical, …")
    add.add_argument("--interviewer", metavar="NAME", default="")
    add.add_argument("--date", metavar="YYYY-MM-DD", help="the interview's day (default: today)")
    add.add_argument("--notes", metavar="FILE", help="the interviewer's notes (- for stdin)")
    add.add_argument("--score", metavar="COMPETENCY=N[:COMMENT]", action="append", default=[],
                     help="rate a competency 1-5 (repeatable)")  # fmt: skip
    add.add_argument("--outcome", choices=("pass", "fail", "hold"))
    add.add_argument("--json", action="store_true", help="one JSON document on stdout")


def _add_company(commands: argparse._SubParsersAction) -> None:
    company = commands.add_parser("company", help="client company profiles")
    sub = company.add_subparsers(dest="company_command", metavar="COMPANY_COMMAND", required=True)
    read = sub.add_parser("read-website", help="read the client's profile from its website")
    read.add_argument("--client", metavar="NAME", required=True, help="its client company")
    read.add_argument("url", metavar="URL", help="the client's website, e.g. https://acme.com")
    read.add_argument(
        "--replace", action="store_true", help="overwrite fields that hold another value"
    )
    read.add_argument("--json", action="store_true", help="one JSON document on stdout")


def _add_usage_budget(usage: argparse.ArgumentParser) -> None:
    usage_commands = usage.add_subparsers(dest="usage_command", metavar="USAGE_COMMAND")
    budget = usage_commands.add_parser("budget", help="show or set a client's monthly budget")
    # Its own dest: `usage --client X budget` must not mix the two flags up.
    budget.add_argument("--client", dest="budget_client", metavar="NAME", required=True)
    budget.add_argument("--monthly", metavar="USD", help="monthly limit in US dollars")
    budget.add_argument("--warn", metavar="PCT", help="warn at this share of the limit (%%)")
    cap = budget.add_mutually_exclusive_group()
    cap.add_argument("--hard-cap", dest="hard_cap", action="store_true", default=None)
    cap.add_argument("--no-hard-cap", dest="hard_cap", action="store_false")
    budget.add_argument("--json", action="store_true", help="one JSON document on stdout")
    calls = usage_commands.add_parser(
        "calls", help="one row per call, newest first (this month unless told otherwise)"
    )
    calls_client = calls.add_mutually_exclusive_group()
    calls_client.add_argument("--client", dest="calls_client", metavar="NAME")
    calls_client.add_argument(
        "--no-client", dest="calls_no_client", action="store_true", help="calls for no client"
    )
    calls.add_argument("--from", dest="calls_from", metavar="YYYY-MM-DD")
    calls.add_argument("--to", dest="calls_to", metavar="YYYY-MM-DD")
    calls.add_argument("--all-time", dest="calls_all_time", action="store_true")
    calls.add_argument("--action", dest="calls_action", metavar="ACTION", help="e.g. parse_cv")
    calls.add_argument(
        "--status",
        dest="calls_status",
        metavar="STATUS",
        help="ok, error, cancelled, interrupted, or failed (error or interrupted)",
    )
    calls.add_argument(
        "--unpriced", dest="calls_unpriced", action="store_true", help="calls without a price"
    )
    calls.add_argument("--format", dest="calls_format", choices=("json", "csv"), default="json")
    statement = usage_commands.add_parser(
        "statement", help="a client's monthly usage statement (CSV or PDF), for an invoice"
    )
    statement.add_argument("--client", dest="statement_client", metavar="NAME", required=True)
    statement.add_argument("--month", metavar="YYYY-MM", required=True)
    statement.add_argument("--format", choices=("csv", "pdf"), required=True)
    statement.add_argument("--out", metavar="FILE", required=True)
    statement.add_argument("--markup", metavar="PCT", help="markup in %% (a separate column)")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `headhunter-desktop` and `python -m headhunter_desktop`."""
    args = build_parser().parse_args(argv)
    if args.command is None:
        from headhunter_desktop.app import run_gui

        return run_gui(args.data_dir)
    from headhunter_desktop.core.logging_setup import configure_logging

    configure_logging(stderr_level=logging.WARNING)
    logging.captureWarnings(True)  # a library's `warnings.warn` goes to app.log, not stderr
    try:
        code = _dispatch(args)
        sys.stdout.flush()  # a reader gone away (`| head`) shows here, not at exit
        return code
    except BrokenPipeError:
        return _reader_went_away()
    except UserFacingError as exc:
        print(f"error: {redact(str(exc))}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def _reader_went_away() -> int:
    """`… --json | head -c 10`: the rest of the output is unwanted; end as quietly as a
    command killed by SIGPIPE (Python ignores the signal and raises instead)."""
    # Output still buffered would fail again when the interpreter flushes it at exit.
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return SIGPIPE_EXIT


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "selftest":
        from headhunter_desktop.selftest import run_selftest

        return run_selftest(args.data_dir)
    from headhunter_desktop.core.settings import SettingsStore, resolve_config

    config = resolve_config(SettingsStore().load(), data_dir_flag=args.data_dir)
    if args.command == "usage" and args.usage_command == "statement":
        from headhunter_desktop.commands.usage_statement import run_usage_statement

        return run_usage_statement(args, config)
    if args.command == "usage" and args.usage_command == "calls":
        from headhunter_desktop.commands.usage_calls import run_usage_calls

        return run_usage_calls(args, config)
    if args.command == "usage" and args.usage_command == "budget":
        from headhunter_desktop.commands.usage_budget import run_usage_budget

        return run_usage_budget(args, config)
    if args.command == "usage":
        from headhunter_desktop.commands.usage import run_usage

        return run_usage(args, config)
    if args.command == "cv" and args.cv_command == "list":
        from headhunter_desktop.commands.cv_list import run_cv_list

        return run_cv_list(args, config)
    if args.command == "cv":
        from headhunter_desktop.commands.cv_import import run_cv_import

        return run_cv_import(args, config)
    if args.command == "client":
        from headhunter_desktop.commands.clients import run_client

        return run_client(args, config)
    if args.command == "department":
        from headhunter_desktop.commands.departments import run_department

        return run_department(args, config)
    if args.command == "job" and args.job_command == "list":
        from headhunter_desktop.commands.job_list import run_job_list

        return run_job_list(args, config)
    if args.command == "job":
        from headhunter_desktop.commands.jobs import run_job

        return run_job(args, config)
    if args.command == "interview":
        from headhunter_desktop.commands.interviews import run_interview

        return run_interview(args, config)
    if args.command == "company":
        from headhunter_desktop.commands.companies import run_company

        return run_company(args, config)
    if args.command == "search":
        from headhunter_desktop.commands.search import run_search

        return run_search(args, config)
    raise UserFacingError(f"'{args.command}' is not available in this build yet.")


if __name__ == "__main__":
    raise SystemExit(main())
