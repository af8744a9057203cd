"""The window's CV imports, run in a process of their own (`SeparateImport` is the window's
side).

An import is CPU work in Python from end to end: HTTP and JSON, token counting, profile
validation, SQLite writes, usage records. In the window's process every bit of it competes
with the GUI thread for the GIL, and the window stalled for up to 30 ms at a time while
200 CVs imported (`bench_import.py`). Here it competes with nothing of the window's.

The process is spawned once and serves the window's runs until the window closes its end
of the pipe (or dies). It speaks in tuples over a `multiprocessing` pipe:

- window → worker: `("open", config)` first; `("run", RunOrder)`; while a run goes on,
  `("settings", RunOrder)` (saved in the window: used from the next request on),
  `("cancel",)` (the user's Cancel: files cancelled, resumable) or `("stop",)` (the window
  closes: the step in flight is redone at the next start); `("close",)` at the end (as
  the pipe's end, which is how a window that died says it).
- worker → window: `("ready",)` or `("failed", CarriedError)` after opening; for each
  run, `("row", ImportRow)` as files move on, then `("ended", outcome)` where the outcome
  is `"done"`, `"cancelled"`, `"stopped"` or a `CarriedError` (a run-level stop: no key,
  the server away, a budget cap, …).
"""

from __future__ import annotations

import asyncio
import gc
import logging
import threading
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any

from headhunter_desktop.core.errors import DatabaseError, UserFacingError
from headhunter_desktop.core.services.carried_errors import carry

if TYPE_CHECKING:
    from headhunter_desktop.core.services.app_services import AppServices
    from headhunter_desktop.core.settings import EffectiveConfig

log = logging.getLogger(__name__)
Message = tuple[Any, ...]


@dataclass(frozen=True)
class RunOrder:
    """One run: the configuration in force now, the keys (sent through the pipe, held in
    memory only), PDF passwords the user typed, and whether a hard cap was overridden."""

    config: EffectiveConfig
    api_key: str | None
    embedding_key: str | None
    passwords: dict[int, str] = field(default_factory=dict)
    allow_over_budget: bool = False


def serve(connection: Connection) -> None:
    """The import process's entry: open the services, then run what the window orders."""
    from headhunter_desktop.core.logging_setup import configure_logging

    configure_logging()
    try:
        asyncio.run(_serve(connection))
    finally:
        connection.close()


async def _serve(connection: Connection) -> None:
    inbox: asyncio.Queue[Message] = asyncio.Queue()
    threading.Thread(
        target=_read, args=(connection, asyncio.get_running_loop(), inbox),
        name="import-inbox", daemon=True,
    ).start()  # fmt: skip
    kind, *rest = await inbox.get()
    if kind != "open":
        return  # the window went away before it asked for anything
    services = await _open(connection, rest[0])
    if services is None:
        return
    services.importer.add_listener(lambda row: _send(connection, ("row", row)))
    try:
        while True:
            kind, *rest = await inbox.get()
            if kind == "run":
                _send(connection, ("ended", await _run(services, rest[0], inbox)))
            elif kind == "closed":
                return
    finally:
        await services.aclose()


async def _open(connection: Connection, config: EffectiveConfig) -> AppServices | None:
    from headhunter_desktop.core.services.app_services import AppServices
    from headhunter_desktop.core.settings import SettingsStore

    try:
        services = await asyncio.to_thread(AppServices.open, config, SettingsStore())
    except UserFacingError as exc:
        _send(connection, ("failed", carry(exc)))
        return None
    services.gateway.serve_batch_only()
    # Paid before the first file, not by it: the tokenizers, the LLM client (~0.5 s of
    # imports), the extraction processes (~0.4 s), the price tables and overrides.
    await services.gateway.tokenizers_ready()
    await asyncio.gather(
        asyncio.to_thread(services.warm_up_llm),
        asyncio.to_thread(services.workers.extraction.prepare),
    )
    try:
        await services.usage.load_prices()
    except DatabaseError as exc:  # the usage server away: records wait in the spool
        log.warning("usage database not ready for the import process: %s", exc)
    # What the imports and the warm-up left (openai, SQLAlchemy, pydantic: as in the window)
    # lives as long as the process: frozen, collections never walk it again. Unfrozen, a
    # full collection took ~110 ms at the start of every batch, the requests waiting.
    gc.collect()
    gc.freeze()
    _send(connection, ("ready",))
    return services


def _take_settings(services: AppServices, order: RunOrder) -> None:
    services.use_config(order.config)
    services.keys.hold_as_read(order.api_key)
    services.embedding_keys.hold_as_read(order.embedding_key)
    services.importer.options.passwords.update(order.passwords)


async def _run(services: AppServices, order: RunOrder, inbox: asyncio.Queue[Message]) -> Any:
    _take_settings(services, order)
    over_budget = order.allow_over_budget
    run = asyncio.ensure_future(services.importer.process(allow_over_budget=over_budget))
    stopped = False
    while not run.done():
        message = asyncio.ensure_future(inbox.get())
        await asyncio.wait([run, message], return_when=asyncio.FIRST_COMPLETED)
        if not message.done():
            message.cancel()
        elif message.result()[0] == "cancel":
            services.importer.cancel()  # files not finished become cancelled, resumable
        elif message.result()[0] == "settings":  # saved in the window: from the next request
            _take_settings(services, message.result()[1])
        else:  # "stop", or the window is gone: the step in flight is redone next time
            stopped = True
            run.cancel()
            if message.result()[0] == "closed":
                inbox.put_nowait(message.result())  # and then the process ends
    try:
        run.result()
    except asyncio.CancelledError:
        return "stopped" if stopped else "cancelled"
    except UserFacingError as exc:
        return carry(exc)
    except Exception as exc:  # a bug: this run ends, the files stay queued
        log.exception("the import run failed unexpectedly")
        text = f"The import stopped on an unexpected error ({type(exc).__name__})."
        return carry(UserFacingError(text))
    return "done"


def _send(connection: Connection, message: Message) -> None:
    try:
        connection.send(message)
    except OSError:  # the window is gone; its end of the pipe says so to the reader too
        log.info("the window no longer listens (%s)", message[0])


def _read(
    connection: Connection, loop: asyncio.AbstractEventLoop, inbox: asyncio.Queue[Message]
) -> None:
    """The window's messages, handed to the event loop as they come; ("closed",) at the end."""
    while True:
        try:
            message: Message = connection.recv()
        except (EOFError, OSError):
            message = ("closed",)
        if message[0] == "close":
            message = ("closed",)
        try:
            loop.call_soon_threadsafe(inbox.put_nowait, message)
        except RuntimeError:  # the loop has ended
            return
        if message[0] == "closed":
            return
