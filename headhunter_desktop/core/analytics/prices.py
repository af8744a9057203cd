"""What a call cost, at the price in force at the call's own time.

Local overrides (negotiated prices, local models) win over genai-prices. A model with
no known price is "unpriced" with cost None, never a silent zero.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from headhunter_desktop.core.analytics.record import PriceSource

MILLION = Decimal(1_000_000)
# The API answers with dated names (gpt-4o-mini-2024-07-18); an override written for
# the plain name must still apply to them.
_DATE_SUFFIX = re.compile(r"-\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class PriceOverride:
    """A user-set price per 1M tokens, in force from `effective_from` (UTC date) on."""

    model: str
    input_per_mtok: Decimal
    output_per_mtok: Decimal
    cached_input_per_mtok: Decimal | None
    effective_from: date


@dataclass(frozen=True)
class Price:
    """The cost of one call and where its price came from."""

    cost_usd: Decimal | None
    source: PriceSource


UNPRICED = Price(None, "unpriced")


def base_model_name(model: str) -> str:
    """`gpt-4o-mini-2024-07-18` -> `gpt-4o-mini`; other names unchanged."""
    return _DATE_SUFFIX.sub("", model)


class Pricer:
    """Prices calls from exact token splits; cached input is cheaper, reasoning is output."""

    def __init__(self, overrides: Sequence[PriceOverride] = (), provider_id: str = "openai"):
        self._provider_id = provider_id
        self._overrides: dict[str, list[PriceOverride]] = {}
        self.use_overrides(overrides)

    def use_overrides(self, overrides: Sequence[PriceOverride]) -> None:
        """Price with these overrides from now on (one Pricer serves the whole app run)."""
        by_model: dict[str, list[PriceOverride]] = {}
        for override in sorted(overrides, key=lambda o: o.effective_from):
            by_model.setdefault(override.model, []).append(override)
        self._overrides = by_model  # one assignment: a call being priced sees old or new

    def price(
        self,
        model: str,
        *,
        tokens_input: int,
        tokens_cached_input: int,
        tokens_output: int,
        tokens_reasoning: int = 0,
        at: datetime,
    ) -> Price:
        """Cost of a call; input includes the cached part, output includes reasoning."""
        del tokens_reasoning  # already inside tokens_output, as the API reports it
        override = self._override_for(model, at)
        if override is not None:
            return Price(
                _override_cost(override, tokens_input, tokens_cached_input, tokens_output),
                "override",
            )
        import genai_prices  # the price tables load on first use (the warm-up's)

        usage = genai_prices.Usage(
            input_tokens=tokens_input,
            cache_read_tokens=tokens_cached_input,
            output_tokens=tokens_output,
        )
        try:
            result = genai_prices.calc_price(
                usage, model, provider_id=self._provider_id, genai_request_timestamp=at
            )
        except LookupError:
            return UNPRICED
        return Price(Decimal(result.total_price), "genai-prices")

    def is_priced(self, model: str, at: datetime) -> bool:
        """Whether calls to `model` at `at` get a cost (used to warn before billing blind)."""
        probe = self.price(model, tokens_input=1, tokens_cached_input=0, tokens_output=1, at=at)
        return probe.cost_usd is not None

    def override_models(self) -> list[str]:
        """The models the user has set a price for (the estimator offers them)."""
        return sorted(self._overrides)

    def _override_for(self, model: str, at: datetime) -> PriceOverride | None:
        day = at.astimezone(UTC).date()
        for name in (model, base_model_name(model)):
            in_force = [o for o in self._overrides.get(name, []) if o.effective_from <= day]
            if in_force:
                return in_force[-1]
        return None


def _override_cost(
    o: PriceOverride, tokens_in: int, tokens_cached: int, tokens_out: int
) -> Decimal:
    cached_price = o.input_per_mtok if o.cached_input_per_mtok is None else o.cached_input_per_mtok
    uncached = max(tokens_in - tokens_cached, 0)
    total = (
        uncached * o.input_per_mtok + tokens_cached * cached_price + tokens_out * o.output_per_mtok
    )
    return total / MILLION
