"""What a month of work would cost: this agency's own measured tokens at today's prices.

"N CVs, M job postings, K feedback reports a month" becomes calls of the actions each
piece of work takes (WORKLOADS), each with the average tokens this agency's successful
calls of that action used (status "ok"; usage the server reported or the app estimated,
never a record whose counts were invalid), priced for the chosen chat and embedding
models at the prices in force on a given day.

- An action never measured is not guessed: it is listed in `missing_actions` and has no
  line, so the total covers only what was measured (the UI says which work is missing).
- Embeddings of CVs are sent in batches, one call for many CVs: their tokens are spread
  over the CVs parsed (one parse and one embedding per imported CV), so their average is
  per CV, not per call.
- The averages are the agency's calls with the models it used: another model's tokenizer
  counts a little differently, and a reasoning model adds reasoning to the output (the
  averages include the reasoning of the models used so far).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal

import sqlalchemy as sa

from headhunter_desktop.core.analytics.local_days import local_midnight
from headhunter_desktop.core.analytics.prices import Pricer
from headhunter_desktop.core.analytics.tables import usage_records
from headhunter_desktop.core.domain.actions import Action

# The actions one piece of work takes, one call each.
WORKLOADS: dict[str, tuple[Action, ...]] = {
    "cv": (Action.PARSE_CV, Action.EMBED_CV),
    "job": (Action.GENERATE_JOB,),
    "feedback": (Action.GENERATE_FEEDBACK,),
}
WORK_LABELS = {"cv": "CVs", "job": "job postings", "feedback": "feedback reports"}
# Batched actions, averaged per call of the action each batch item came from.
SPREAD_OVER: dict[str, str] = {Action.EMBED_CV: Action.PARSE_CV}
MEASURED_STATUS = "ok"
UNMEASURABLE_USAGE = "invalid"  # clamped counts (core/llm/metering.py), no measurement


@dataclass(frozen=True)
class ActionAverage:
    """Average tokens of one call of `action` over `calls` measured calls (per CV for a
    batched action, see SPREAD_OVER)."""

    action: str
    calls: int
    avg_input: float
    avg_cached: float
    avg_output: float
    avg_reasoning: float


@dataclass(frozen=True)
class EstimateLine:
    """`count` pieces of `work` need `calls` calls of `action` on `model`; None: unpriced."""

    work: str
    count: int
    action: str
    model: str
    calls: int
    cost_usd: Decimal | None


@dataclass(frozen=True)
class Estimate:
    """The lines, their total (None: no line has a price), how many lines are unpriced,
    and the actions with no measurement yet (no line, not in the total)."""

    lines: list[EstimateLine]
    total_usd: Decimal | None
    unpriced_lines: int
    missing_actions: list[str]


def measured_averages(engine: sa.Engine, since: date | None = None) -> dict[str, ActionAverage]:
    """Average tokens per call of each action, from successful calls since `since` (a UTC
    date; None: every call still kept in detail)."""
    r = usage_records.c
    sums = [sa.func.sum(c) for c in (r.tokens_input, r.tokens_cached_input, r.tokens_output)]
    query = (
        sa.select(r.action, sa.func.count(), *sums, sa.func.sum(r.tokens_reasoning))
        .where(r.status == MEASURED_STATUS, r.usage_source != UNMEASURABLE_USAGE)
        .group_by(r.action)
    )
    if since is not None:
        query = query.where(r.occurred_epoch >= local_midnight(since, UTC))
    with engine.connect() as conn:
        found = {
            row[0]: (int(row[1]), [int(v or 0) for v in row[2:]]) for row in conn.execute(query)
        }
    averages = {}
    for action, (calls, totals) in found.items():
        source = SPREAD_OVER.get(action)
        per = found[source][0] if source in found else calls
        averages[action] = ActionAverage(action, calls, *(total / per for total in totals))
    return averages


def estimate(
    averages: Mapping[str, ActionAverage],
    pricer: Pricer,
    workload: Mapping[str, int],
    chat_model: str,
    embedding_model: str,
    on: date,
) -> Estimate:
    """The cost of `workload` ({"cv": 200, "job": 10, ...}) at the prices in force on `on`."""
    at = datetime.combine(on, time(0), UTC)
    lines: list[EstimateLine] = []
    missing: list[str] = []
    for work, count in workload.items():
        if work not in WORKLOADS or count < 0:
            raise ValueError(f"not a workload: {work}={count}")
        for action in WORKLOADS[work] if count else ():
            average = averages.get(action)
            if average is None:
                if action.value not in missing:
                    missing.append(action.value)
                continue
            model = embedding_model if action.is_embedding else chat_model
            lines.append(_line(work, count, action, model, average, pricer, at))
    priced = [line.cost_usd for line in lines if line.cost_usd is not None]
    total = sum(priced, Decimal(0)) if priced else None
    return Estimate(lines, total, len(lines) - len(priced), missing)


def _line(
    work: str,
    count: int,
    action: Action,
    model: str,
    average: ActionAverage,
    pricer: Pricer,
    at: datetime,
) -> EstimateLine:
    # One average call, to whole tokens (under a token per call off), times the calls.
    price = pricer.price(
        model,
        tokens_input=round(average.avg_input),
        tokens_cached_input=round(average.avg_cached),
        tokens_output=round(average.avg_output),
        tokens_reasoning=round(average.avg_reasoning),
        at=at,
    )
    cost = None if price.cost_usd is None else price.cost_usd * count
    return EstimateLine(work, count, action.value, model, count, cost)


def known_models(pricer: Pricer, provider_id: str = "openai") -> list[str]:
    """Models with a price: genai-prices' models of the provider and the user's overrides."""
    return sorted(set(_catalogue_models(provider_id)) | set(pricer.override_models()))


@functools.cache
def _catalogue_models(provider_id: str) -> tuple[str, ...]:
    import genai_prices  # as in prices.py: loaded on first use

    provider = genai_prices.data_snapshot.get_snapshot().find_provider(None, provider_id, None)
    # Entries such as "ft:gpt-4o" or "gpt-4o-mini-2024-07-18.ft-" match name prefixes,
    # not models one can choose.
    return tuple(m.id for m in provider.models if not m.id.endswith("-") and ":" not in m.id)
