"""What a sentence template sees: engine figures wrapped so every use is traced.

A :class:`Num` is one exact number of one query result. It cannot be printed or
used in arithmetic, only compared (for wording such as surplus/deficit) and passed
through a format filter, which records a :class:`Figure` (exact value, text, rounding).
So every number in a bulletin's text has a query behind it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from tradestat.errors import TradestatError

NUMERIC = ("value", "base_value", "growth_pct", "share_pct", "share_pp", "contribution_pp",
           "price_index", "volume_index", "value_index", "volume_pp", "price_pp", "residual_pp",
           "fx_pp", "revision_pp")  # fmt: skip
KINDS = {
    "growth_pct": "pct",
    "share_pct": "pct",
    "share_pp": "pp",
    "contribution_pp": "pp",
    "price_index": "index",
    "volume_index": "index",
    "value_index": "index",
    **{c: "pp" for c in ("volume_pp", "price_pp", "residual_pp", "fx_pp", "revision_pp")},
}


class ReportError(TradestatError):
    """A bulletin spec or template is wrong; the message names the statement and key."""


class MissingFigure(ReportError):
    """A template used a figure the engine returned no value for (e.g. growth on a zero base)."""


@dataclass(frozen=True)
class Source:
    statement: str
    query_name: str
    column: str
    row: tuple[tuple[str, Any], ...] = ()
    query: Any = field(default=None, compare=False)  # the TradeQuery

    @property
    def ref(self) -> str:
        keys = ", ".join(f"{k}={v}" for k, v in self.row)
        return f"{self.statement}.{self.query_name}.{self.column}" + (f"[{keys}]" if keys else "")


@functools.total_ordering
class Num:
    """An exact engine figure; ``kind`` is money, count, pct, pp or number."""

    __slots__ = ("currency", "kind", "source", "transform", "value", "why")

    def __init__(self, value: Any, source: Source, kind: str, currency: str | None = None,
                 transform: str = "", why: str = "") -> None:  # fmt: skip
        self.value, self.source, self.kind = value, source, kind
        self.currency, self.transform, self.why = currency, transform, why

    def exact(self) -> Any:
        if self.value is None:
            why = self.why or "the engine returned no value, e.g. growth on an empty base"
            raise MissingFigure(f"{self.source.ref} has no value ({why})")
        return self.value

    def _other(self, other: Any) -> Any:
        return other.exact() if isinstance(other, Num) else other

    def __eq__(self, other: object) -> bool:
        return self.exact() == self._other(other)

    def __lt__(self, other: Any) -> bool:
        return self.exact() < self._other(other)

    def __hash__(self) -> int:
        return hash((self.source, self.value))

    def __abs__(self) -> Num:
        return Num(abs(self.exact()), self.source, self.kind, self.currency, "absolute value")

    def __neg__(self) -> Num:
        return Num(-self.exact(), self.source, self.kind, self.currency, "negated")

    @property
    def is_null(self) -> bool:
        return self.value is None

    def __str__(self) -> str:
        raise ReportError(
            f"{self.source.ref}: write figures through a format filter "
            "(money, pct, change, pp, pp_change, count, over, number)"
        )

    def __repr__(self) -> str:
        return f"Num({self.value!r} from {self.source.ref})"


class Row:
    """One result row: breakdown codes as text, numbers as :class:`Num`, and a label."""

    def __init__(self, data: dict[str, Any], nums: dict[str, Num], label: str) -> None:
        self._data, self._nums, self.label = data, nums, label

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        if name in self._nums:
            return self._nums[name]
        if name in self._data:
            return self._data[name]
        raise AttributeError(f"result has no column {name!r} (columns: {', '.join(self._data)})")

    def __getitem__(self, name: str) -> Any:
        return self.__getattr__(name)


class QueryFigures:
    """The result of one named query of a statement, as the template sees it."""

    def __init__(self, statement: str, name: str, query: Any, result: Any, currency: str,
                 lang: str) -> None:  # fmt: skip
        from tradestat.report.format.words import period_label
        from tradestat.report.labels import label

        self.name, self.query, self.result, self.currency = name, query, result, currency
        self.period = period_label(str(query.span), lang)
        self.base_period = period_label(str(query.base_span), lang)
        money_kind = "money" if query.measure == "value" else "count"
        if query.measure in ("quantity", "unit_value"):
            money_kind = "number"
        self.all_rows: list[Row] = []
        for raw in result.rows():
            key = tuple((d, raw[d]) for d in query.by)
            why = f"suppressed: {raw.get('suppression') or 'disclosure control'}" if raw.get(
                "suppressed") else ""  # fmt: skip
            nums = {
                c: Num(raw[c], Source(statement, name, c, key, query), KINDS.get(c, money_kind),
                       currency if c in ("value", "base_value") else None, why=why)
                for c in NUMERIC if c in raw
            }  # fmt: skip
            text = " / ".join(label(d, raw[d], lang) for d in query.by)
            self.all_rows.append(Row(raw, nums, text))
        # a breakdown row with no stated key (trade outside any zone, partner unknown) is
        # not a member of a ranking or a count of zones/markets; it stays in all_rows
        self.rows = [r for r in self.all_rows if all(r._data[d] is not None for d in query.by)]
        self.count = Num(len(self.rows), Source(statement, name, "rows", (), query), "count")

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_") or name not in NUMERIC:
            raise AttributeError(name)
        if self.query.by:
            raise ReportError(
                f"query {self.name!r} has a breakdown by {', '.join(self.query.by)}: "
                f"use {self.name}.rows (or {self.name}.first.{name})"
            )
        if not self.all_rows:
            source = Source(self.count.source.statement, self.name, name, (), self.query)
            return Num(None, source, KINDS.get(name, "money"), why="the query returned no rows")
        return getattr(self.all_rows[0], name)

    @property
    def first(self) -> Row:
        if not self.rows:
            raise MissingFigure(f"query {self.name!r} returned no rows")
        return self.rows[0]

    @property
    def codes(self) -> list[Any]:
        return [r._data[self.query.by[0]] for r in self.rows] if self.query.by else []


@dataclass(frozen=True)
class Figure:
    """One figure as written in the text, with everything needed to trace it."""

    number: int
    source: Source
    exact: Any
    text: str
    rounding: str
    helper: str
    rounded: Any = None  # format.Rounded: the interval of exact values that print so

    @property
    def statement(self) -> str:
        return self.source.statement

    @property
    def query(self) -> Any:
        return self.source.query

    @property
    def exact_text(self) -> str:
        v = self.exact
        if isinstance(v, Decimal):
            return f"{v:f}"
        if isinstance(v, list | tuple):
            return ", ".join(map(str, v))
        return repr(v) if isinstance(v, float) else str(v)
