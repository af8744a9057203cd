"""Column types that store the same values on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine


class ExactDecimal(TypeDecorator[Decimal]):
    """A decimal kept exactly: NUMERIC(p, s) on PostgreSQL, a BIGINT of 10**-s units on SQLite.

    SQLite's NUMERIC affinity turns '0.000150000001' into a float, so sums of money
    would drift; a scaled integer sums exactly and as fast as any integer column.
    Values are rounded half-even to `scale` places on the way in, on both databases.
    """

    impl = sa.Numeric
    cache_ok = True

    def __init__(self, precision: int, scale: int) -> None:
        super().__init__(precision, scale, asdecimal=True)
        self.precision = precision
        self.scale = scale
        self._quantum = Decimal(1).scaleb(-scale)

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(sa.BigInteger())
        return dialect.type_descriptor(sa.Numeric(self.precision, self.scale, asdecimal=True))

    def bind_processor(self, dialect: Dialect) -> Any:
        if dialect.name != "sqlite":
            return super().bind_processor(dialect)

        # Not the Numeric implementation's processor on top: SQLite's turns the scaled
        # integer into a float, exact only below 2**53 (about $9,007 at 12 places).
        def process(value: Any) -> Any:
            return self.process_bind_param(value, dialect)

        return process

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        exact = Decimal(value).quantize(self._quantum, rounding=ROUND_HALF_EVEN)
        if dialect.name != "sqlite":
            return exact
        scaled = int(exact.scaleb(self.scale))
        if not -(2**63) <= scaled < 2**63:  # a 64-bit INTEGER is all SQLite has
            raise OverflowError(f"{value} is too large to store at {self.scale} places")
        return scaled

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        if dialect.name == "sqlite":
            return Decimal(int(value)).scaleb(-self.scale)
        return Decimal(value).quantize(self._quantum)

    def to_storage(self, value: Decimal, dialect_name: str) -> int | Decimal:
        """The stored form of `value` (for raw DBAPI bulk loads that bypass SQLAlchemy)."""
        exact = Decimal(value).quantize(self._quantum, rounding=ROUND_HALF_EVEN)
        return int(exact.scaleb(self.scale)) if dialect_name == "sqlite" else exact


def Money() -> ExactDecimal:
    """US dollars with 12 decimal places: a single token can cost a few nano-dollars."""
    return ExactDecimal(20, 12)


class UtcDateTime(TypeDecorator[datetime]):
    """An aware UTC datetime on both databases (SQLite would otherwise keep local wall time)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("a naive datetime cannot be stored: give it a time zone")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)
