"""Placeholders in spec queries, filled for one bulletin.

``{dataset}``, ``{period}``, ``{base_period}``, ``{last_quarter}`` (the last whole
calendar quarter inside the period), ``{last_month}``, ``{home}`` (the dataset's reporter:
a platform's home market, whose buyers are domestic), and the spec's ``params``
(``{threshold}``). Period placeholders take a shift: ``{period-2y}``,
``{last_quarter-1q}``, ``{last_month-12m}``.

>>> p = Placeholders("customs", "2023")
>>> p.fill({"period": "{last_quarter}", "base_period": "{last_quarter-1q}"})
{'period': '2023-Q4', 'base_period': '2023-Q3'}
>>> p.fill({"base_period": "{period-2y}", "having": "growth_pct >= {x}"}, {"x": 100})
{'base_period': '2021', 'having': 'growth_pct >= 100'}
>>> p.fill({"base_period": "{base_period}"})
{}
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

TOKEN = re.compile(r"\{([a-z][a-z0-9_]*)(?:([+-])(\d+)([ymq]))?\}")
PERIODS = ("period", "base_period", "last_quarter", "last_month")
MONTHS = {"y": 12, "q": 3, "m": 1}


class PlaceholderError(ValueError):
    """A placeholder cannot be filled for this bulletin (e.g. no whole quarter)."""


@dataclass(frozen=True)
class Placeholders:
    dataset: str
    period: str
    base_period: str | None = None
    home: str | None = None  # the dataset's reporter

    def span(self, name: str) -> Any:
        from tradestat.query.periods import Span

        span = Span.parse(self.period)
        if name == "period":
            return span
        if name == "base_period":
            return Span.parse(self.base_period) if self.base_period else span.default_base()
        if name == "last_month":
            return Span(span.end, span.end)
        last = span.end.month - span.end.month % 3  # end month of the last whole quarter
        q = Span.parse(f"{span.end.year}-Q{last // 3}") if last else None
        if q is None or q.start < span.start:
            raise PlaceholderError(f"period {self.period} holds no whole calendar quarter")
        return q

    def value(self, name: str, sign: str | None, n: str | None, unit: str | None,
              params: dict[str, Any]) -> Any:  # fmt: skip
        if name == "dataset":
            return self.dataset
        if name == "home":
            if self.home is None:
                raise PlaceholderError(f"dataset {self.dataset!r} has no home market (reporter)")
            return self.home
        if name in PERIODS:
            if name == "period" and not sign:
                return self.period  # as the user wrote it
            span = self.span(name)
            if sign:
                span = span.shift((-1 if sign == "-" else 1) * int(n) * MONTHS[unit])
            return str(span)
        if name in params and not sign:
            return params[name]
        known = ", ".join([*PERIODS, "dataset", "home", *params])
        raise PlaceholderError(f"unknown placeholder {{{name}}} (known: {known})")

    def fill(self, obj: Any, params: dict[str, Any] | None = None) -> Any:
        """Copy of ``obj`` with placeholders filled; a lone ``{base_period}`` that the
        bulletin does not set is dropped, so the engine's default base applies."""
        params = params or {}
        if isinstance(obj, dict):
            out = {}
            for k, v in obj.items():
                if v == "{base_period}" and self.base_period is None:
                    continue
                out[k] = self.fill(v, params)
            return out
        if isinstance(obj, list):
            return [self.fill(v, params) for v in obj]
        if not isinstance(obj, str):
            return obj
        whole = TOKEN.fullmatch(obj)
        if whole:  # keep the type of a lone placeholder (e.g. an integer `top`)
            return self.value(*whole.groups(), params)
        return TOKEN.sub(lambda m: str(self.value(*m.groups(), params)), obj)


def names_in(obj: Any) -> set[str]:
    """Placeholder names used anywhere in ``obj``."""
    if isinstance(obj, dict):
        return set().union(*(names_in(v) for v in obj.values())) if obj else set()
    if isinstance(obj, list):
        return set().union(*(names_in(v) for v in obj)) if obj else set()
    return {m.group(1) for m in TOKEN.finditer(obj)} if isinstance(obj, str) else set()
