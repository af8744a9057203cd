"""The command-line app run as a child process.

`run_cli` forks each command from a server process that has already imported the app
(multiprocessing's forkserver, one per test worker): the command still runs in a process
of its own, with its own stdout, stderr, environment, working folder, exit code and exit
handlers, but without the ~3 s of imports a fresh interpreter pays — over a hundred
commands in the suite. `run_cli(..., fresh=True)` and `start_cli` start a real
interpreter: for what only a start shows (an import's warnings), and for commands a test
interrupts or kills.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import subprocess
import sys
import tempfile
import traceback
from pathlib import Path

from tests.helpers import database_templates

RUN_TIMEOUT_S = 180
# Imported once in the server, so that every forked command finds them loaded.
_PRELOADED = [
    "headhunter_desktop.cli",
    "headhunter_desktop.core.services.app_services",
    "headhunter_desktop.core.settings",
    "headhunter_desktop.commands.clients",
    "headhunter_desktop.commands.cv_import",
    "headhunter_desktop.commands.interviews",
    "headhunter_desktop.commands.jobs",
    "headhunter_desktop.commands.usage",
    "headhunter_desktop.selftest",
]
_context: multiprocessing.context.ForkServerContext | None = None


def run_cli(
    *args: str,
    data_dir: Path | None = None,
    env: dict[str, str] | None = None,
    fresh: bool = False,
) -> subprocess.CompletedProcess[str]:
    """`headhunter-desktop [--data-dir DATA] ARGS` in a child process, output captured."""
    argv = _arguments(args, data_dir)
    environment = env if env is not None else dict(os.environ)
    if fresh:
        return subprocess.run(
            [sys.executable, "-m", "headhunter_desktop", *argv],
            capture_output=True,
            text=True,
            timeout=RUN_TIMEOUT_S,
            env=environment,
        )
    return _run_forked(argv, environment)


# `python -m headhunter_desktop` with Ctrl-C's default meaning. A process started with
# SIGINT ignored passes that on to its children (a shell does it to background jobs: CI run
# with `&` did), and Python then leaves it ignored: a test's SIGINT would reach no one.
_WITH_CTRL_C = (
    "import runpy, signal; signal.signal(signal.SIGINT, signal.default_int_handler); "
    "runpy.run_module('headhunter_desktop', run_name='__main__', alter_sys=True)"
)


def start_cli(
    *args: str, data_dir: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.Popen[str]:
    """A fresh interpreter, not waited for: to run two at once, or to interrupt or kill one
    (SIGINT acts as Ctrl-C at a terminal, whatever this process inherited)."""
    return subprocess.Popen(
        [sys.executable, "-c", _WITH_CTRL_C, *_arguments(args, data_dir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env if env is not None else dict(os.environ),
    )


def _arguments(args: tuple[str, ...], data_dir: Path | None) -> list[str]:
    data = ["--data-dir", str(data_dir)] if data_dir is not None else []
    return [*data, *args]


def _run_forked(argv: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    with tempfile.TemporaryDirectory(prefix="cli-") as folder:
        out, err = Path(folder, "stdout"), Path(folder, "stderr")
        child = _forkserver().Process(
            target=_command_in_child,
            args=(argv, env, os.getcwd(), str(out), str(err), database_templates.active_folder),
        )
        child.start()
        child.join(RUN_TIMEOUT_S)
        if child.is_alive():
            child.kill()
            child.join()
            raise subprocess.TimeoutExpired(argv, RUN_TIMEOUT_S)
        code = child.exitcode
        assert code is not None
        return subprocess.CompletedProcess(
            ["headhunter-desktop", *argv],
            code,
            out.read_text(encoding="utf-8", errors="replace"),
            err.read_text(encoding="utf-8", errors="replace"),
        )


def _forkserver() -> multiprocessing.context.ForkServerContext:
    global _context
    if _context is None:
        _context = multiprocessing.get_context("forkserver")
        _context.set_forkserver_preload(_PRELOADED)
    return _context


def _command_in_child(
    argv: list[str], env: dict[str, str], cwd: str, out: str, err: str, templates: Path | None
) -> None:
    """As `python -m headhunter_desktop ARGV` would end: exit handlers run, streams
    flushed, the exit status of `sys.exit(main())`; new databases from `templates`."""
    if templates is not None:
        database_templates.DatabaseTemplates(templates, make=False).install()
    os.chdir(cwd)
    os.environ.clear()
    os.environ.update(env)
    for fd, path in ((1, out), (2, err)):
        os.dup2(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), fd)
    sys.argv = ["headhunter-desktop", *argv]
    from headhunter_desktop.cli import main

    try:
        status: object = main(argv)
    except SystemExit as stop:
        status = stop.code
    except BaseException:
        traceback.print_exc()
        status = 1
    atexit._run_exitfuncs()  # multiprocessing's children skip them; the app needs its own
    if status is not None and not isinstance(status, int):
        print(status, file=sys.stderr)
        status = 1
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status or 0)
