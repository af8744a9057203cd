"""A CV is paid for before its work starts, so a hard cap never strands one half done.

Before a file's first step, the worst case of what is left of it (the parse, then the
embedding) is held against its client's budget. Its calls draw from that hold; a cap
reached while files are in flight stops the next file, not the embedding of a CV
already parsed. A file the cap stops stays queued, with the reason on its row.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from decimal import Decimal

from sqlalchemy.orm import Session

from headhunter_desktop.core.analytics.budgets import BudgetExceededError
from headhunter_desktop.core.analytics.reservations import Reservation
from headhunter_desktop.core.domain.actions import Action
from headhunter_desktop.core.domain.cv_profile import CvProfile
from headhunter_desktop.core.domain.import_job import ImportRow, ImportState
from headhunter_desktop.core.llm import json_answers
from headhunter_desktop.core.llm.context import CallContext
from headhunter_desktop.core.llm.embedding_batches import EMBED_MAX_INPUT_TOKENS
from headhunter_desktop.core.llm.gateway import LlmGateway
from headhunter_desktop.core.llm.spending import drawing_from
from headhunter_desktop.core.llm.tokens import count_message_tokens
from headhunter_desktop.core.services.call_contexts import context_for_client
from headhunter_desktop.core.services.cv_parser import parse_messages
from headhunter_desktop.core.storage import import_queue as queue
from headhunter_desktop.core.storage.database import MainDatabase
from headhunter_desktop.core.storage.errors import NotFoundError

JobWork = Callable[[int], Awaitable[ImportRow]]
RowListener = Callable[[ImportRow], object]
STEPS_BEFORE_PARSE = (ImportState.QUEUED, ImportState.EXTRACTING, ImportState.PARSING)


class ImportBudget:
    """Wraps the per-file work of the import: `paid_ahead(work)` holds, then works."""

    def __init__(
        self,
        db: MainDatabase,
        gateway: LlmGateway,
        token_budget: Callable[[], int],
        on_row: RowListener,
    ) -> None:
        self._db, self._gateway = db, gateway
        self._token_budget = token_budget
        self._on_row = on_row
        # "Run anyway": the user confirmed going past the cap for the files of this run.
        self.allow_over_budget = False

    def paid_ahead(self, work: JobWork) -> JobWork:
        """`work(job_id)`, under a hold for what is left of the file (BudgetExceededError,
        the row keeping its state and showing why, when the cap does not allow it)."""

        async def run(job_id: int) -> ImportRow:
            row = await self._db.run(lambda s: queue.to_row(queue.get_job(s, job_id)))
            hold = await self._hold(row)
            try:
                with drawing_from(hold):
                    return await work(job_id)
            finally:
                if hold is not None:
                    hold.release()

        return run

    @asynccontextmanager
    async def paid_for_parse(self, ctx: CallContext) -> AsyncIterator[None]:
        """Around a re-parse and its embedding: both held for `ctx`'s client first, so the
        cap refuses before the parse is paid, never between it and the embedding."""
        amount = self._parse_worst() + self._embed_worst()
        hold = await self._gateway.hold_budget(ctx, amount)
        try:
            with drawing_from(hold):
                yield
        finally:
            if hold is not None:
                hold.release()

    async def _hold(self, row: ImportRow) -> Reservation | None:
        amount = self._worst_left(row.state)
        if amount <= 0:
            return None
        ctx = await self._context(row)
        try:
            return await self._gateway.hold_budget(ctx, amount)
        except BudgetExceededError as exc:
            refused = exc
            self._on_row(await self._db.run(lambda s: _stopped(s, row, refused)))
            raise

    async def _context(self, row: ImportRow) -> CallContext:
        try:
            ctx = await context_for_client(self._db, Action.PARSE_CV, row.client_company_id)
        except NotFoundError:  # the client was deleted meanwhile: nobody's budget
            ctx = CallContext(Action.PARSE_CV)
        if self.allow_over_budget:
            ctx = CallContext(
                ctx.action, ctx.client_company_id, ctx.client_company_name,
                allow_over_budget=True, client_uuid=ctx.client_uuid,
            )  # fmt: skip
        return ctx

    def _worst_left(self, state: ImportState) -> Decimal:
        if state in STEPS_BEFORE_PARSE:
            return self._parse_worst() + self._embed_worst()
        if state == ImportState.EMBEDDING:
            return self._embed_worst()
        return Decimal(0)

    def _parse_worst(self) -> Decimal:
        # The longest prompt a parse sends: the rules, the schema, the CV cut to its budget.
        model = self._gateway.model_for(Action.PARSE_CV)
        budget = self._token_budget()
        rules = count_message_tokens(parse_messages("", model, budget), model)
        schema = json_answers.schema_tokens(CvProfile, model)
        return self._gateway.worst_case_usd(Action.PARSE_CV, rules + schema + budget + 32)

    def _embed_worst(self) -> Decimal:
        return self._gateway.worst_case_usd(Action.EMBED_CV, EMBED_MAX_INPUT_TOKENS)


def _stopped(session: Session, row: ImportRow, exc: BudgetExceededError) -> ImportRow:
    # The file stays where it was (queued, or parsed and waiting for its embedding).
    return queue.set_state(session, row.job_id, row.state, error=str(exc), error_code=exc.code)
