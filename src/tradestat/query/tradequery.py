"""TradeQuery: the one frozen request object behind every front end.

Its JSON form is the query language of the CLI, the REST API and bulletin specs.

>>> q = TradeQuery.from_dict({"dataset": "customs", "period": "2023", "compare": ["growth"]})
>>> q.base_span.label
'2022-01..2022-12'
>>> TradeQuery.from_json(q.to_json()) == q
True
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from tradestat.errors import QueryError
from tradestat.query.having import RESULT_NUMBERS, Condition, parse_having
from tradestat.query.keys import (  # the vocabulary, importable from here too
    ADDITIVE,
    BASES,
    COMPARES,
    COMPOSITIONS,
    COVERAGES,
    EFFECT_COLUMNS,
    FLOWS,
    HS_DIMENSIONS,
    HS_EDITIONS,
    INDEX_COMPARES,
    INDEX_METHODS,
    MAX_TOP,
    MEASURES,
    RETURNS,
)
from tradestat.query.periods import Span
from tradestat.query.validate import validate

Filters = tuple[tuple[str, tuple[str, ...]], ...]


@dataclass(frozen=True)
class TradeQuery:
    dataset: str
    period: str
    measure: str = "value"
    currency: str | None = None  # None: the dataset's home currency
    flow: str = "total"
    base_period: str | None = None  # None: the same span one year earlier
    by: tuple[str, ...] = ()
    where: Filters = ()
    exclude: Filters = ()
    compare: tuple[str, ...] = ()
    order_by: tuple[str, ...] = ()
    top: int | None = None
    having: str | None = None
    basis: str = "latest"
    as_of: date | None = None
    returns: str = "net"
    composition: str = "current"
    coverage: str = "complete"
    fx_basis: str | None = None  # None: the dataset's exchange-rate basis
    # HS edition the codes are read in (HS1992..HS2022, or "recorded": each row's own);
    # None: the latest edition recorded in the query's months (tradestat.engine.editions)
    hs_edition: str | None = None
    index_method: str = "fisher"  # price/volume indices: fisher | laspeyres | paasche

    def __post_init__(self) -> None:
        validate(self)

    # --- derived -----------------------------------------------------------
    @property
    def span(self) -> Span:
        return Span.parse(self.period)

    @property
    def base_span(self) -> Span:
        return Span.parse(self.base_period) if self.base_period else self.span.default_base()

    @property
    def needs_base(self) -> bool:
        """Whether the base period is computed: when asked for, or when a comparison,
        an order or a ``having`` reads it (a share alone is of the period's own total:
        no base scanned)."""
        if self.base_period is not None or any(c != "share" for c in self.compare):
            return True
        if not self.compare:  # a plain query has no base_value column to order by
            return False
        ordered = {key.lstrip("-") for key in self.order_by}
        return "base_value" in ordered or any(c[0] == "base_value" for c in self.having_conditions)

    @property
    def having_conditions(self) -> tuple[Condition, ...]:
        return parse_having(self.having) if self.having else ()

    def filters(self, which: str = "where") -> dict[str, tuple[str, ...]]:
        return dict(getattr(self, which))

    def result_columns(self) -> list[str]:
        cols = [*self.by, *(["unit"] if self.measure == "unit_value" else []), "value"]
        if self.needs_base:
            cols.append("base_value")
        names = {"growth": "growth_pct", "share": "share_pct", "share_pp": "share_pp"}
        names["contribution"] = "contribution_pp"
        names.update({c: c for c in INDEX_COMPARES})
        if "effects" in self.compare and "growth" not in self.compare:
            cols.append("growth_pct")  # effects decompose the growth, shown next to them
        cols += [names[c] for c in COMPARES if c in self.compare and c != "effects"]
        if "effects" in self.compare:
            cols += EFFECT_COLUMNS
        return cols

    # --- JSON form ---------------------------------------------------------
    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TradeQuery:
        if isinstance(data, TradeQuery):
            return data
        if not isinstance(data, dict):
            raise QueryError("query", "must be a JSON object")
        known = {f.name for f in dataclasses.fields(cls)} - {"as_of"}
        # str(): a Python dict may have keys of mixed types, which do not sort together
        unknown = sorted(str(k) for k in set(data) - known)
        if unknown:
            key, known_keys = unknown[0], ", ".join(sorted(known))
            if not key.strip():  # a blank key would name nothing (": unknown key")
                raise QueryError("query", f"unknown key {key!r} (known keys: {known_keys})")
            raise QueryError(key, f"unknown key (known keys: {known_keys})")
        for key in ("dataset", "period"):
            if key not in data:
                raise QueryError(key, "is required")
        kw = dict(data)
        for key in ("by", "compare", "order_by"):
            if key in kw:
                kw[key] = _as_tuple(key, kw[key])
        for key in ("where", "exclude"):
            if key in kw:
                kw[key] = _as_filters(key, kw[key])
        if "basis" in kw:
            kw["basis"], kw["as_of"] = _as_basis(kw["basis"])
        return cls(**kw)

    @classmethod
    def from_json(cls, text: str) -> TradeQuery:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise QueryError("query", f"invalid JSON: {exc}") from None
        except RecursionError:  # e.g. thousands of nested brackets
            raise QueryError("query", "invalid JSON: nested too deeply") from None
        return cls.from_dict(data)

    def to_dict(self) -> dict[str, Any]:
        """Full JSON form; keys left at their default are omitted."""
        out: dict[str, Any] = {"dataset": self.dataset, "period": self.period}
        for f in dataclasses.fields(self):
            if f.name in out or f.name == "as_of":
                continue
            value = getattr(self, f.name)
            if value == f.default:
                continue
            if f.name in ("where", "exclude"):
                value = {k: list(v) for k, v in value}
            elif isinstance(value, tuple):
                value = list(value)
            out[f.name] = value
        if self.basis == "as_of":
            out["basis"] = {"as_of": self.as_of.isoformat()}
        return out

    def to_json(self, indent: int | None = None) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def replace(self, **changes: Any) -> TradeQuery:
        return TradeQuery.from_dict({**self.to_dict(), **changes})


def _as_tuple(key: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise QueryError(key, "must be a string or a list of strings")


def _as_filters(key: str, value: Any) -> Filters:
    if isinstance(value, tuple):
        return value
    if not isinstance(value, dict):
        raise QueryError(key, "must be an object {dimension: [values]}")
    out = []
    for dim, values in value.items():
        if isinstance(values, str | int):
            values = [values]
        if not isinstance(values, list | tuple) or not values:
            raise QueryError(f"{key}.{dim}", "must be a non-empty list of values")
        out.append((dim, tuple(str(v) for v in values)))
    return tuple(out)


def _as_basis(value: Any) -> tuple[str, date | None]:
    if isinstance(value, dict):
        if set(value) != {"as_of"}:
            raise QueryError("basis", 'must be "latest", "first_published" or {"as_of": DATE}')
        try:
            return "as_of", date.fromisoformat(str(value["as_of"]))
        except ValueError:
            raise QueryError("basis.as_of", "must be a date YYYY-MM-DD") from None
    return value, None


__all__ = [
    "ADDITIVE", "BASES", "COMPARES", "COMPOSITIONS", "COVERAGES", "EFFECT_COLUMNS", "FLOWS",
    "HS_DIMENSIONS", "HS_EDITIONS", "INDEX_COMPARES", "INDEX_METHODS", "MAX_TOP", "MEASURES",
    "RESULT_NUMBERS", "RETURNS", "TradeQuery",
]  # fmt: skip
