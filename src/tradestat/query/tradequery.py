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
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from tradestat.errors import QueryError
from tradestat.query.dimensions import (
    CLASS_DIMENSIONS,
    DIMENSIONS,
    TIME_DIMENSIONS,
    normalize_value,
)
from tradestat.query.having import RESULT_NUMBERS, Condition, parse_having
from tradestat.query.periods import Span
from tradestat.reference.concordance import ALL_EDITIONS as HS_EDITIONS

MEASURES = ("value", "quantity", "orders", "records", "enterprises", "partners", "unit_value")
FLOWS = ("export", "import", "total", "balance")
COMPARES = ("growth", "share", "share_pp", "contribution")
# price/volume indices and growth decomposed (tradestat.engine.indexed)
INDEX_COMPARES = ("price_index", "volume_index", "value_index", "effects")
COMPARES = (*COMPARES, *INDEX_COMPARES)
INDEX_METHODS = ("fisher", "laspeyres", "paasche")
EFFECT_COLUMNS = ("volume_pp", "price_pp", "residual_pp", "fx_pp", "revision_pp")
HS_DIMENSIONS = ("hs2", "hs4", "hs6", "hs_code")  # unit values are per HS code and unit
BASES = ("latest", "first_published", "as_of")
RETURNS = ("net", "gross", "only")
COMPOSITIONS = ("current", "historical")
COVERAGES = ("complete", "partial")  # partial: compare sides that cover different months
ADDITIVE = ("value", "quantity")
# Largest `top`: a ranking longer than this is not a ranking, and an unbounded number
# overflowed the engine's LIMIT (DuckDB takes a 64-bit integer) with a database error.
MAX_TOP = 1_000_000

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
        _validate(self)

    # --- derived -----------------------------------------------------------
    @property
    def span(self) -> Span:
        return Span.parse(self.period)

    @property
    def base_span(self) -> Span:
        return Span.parse(self.base_period) if self.base_period else self.span.default_base()

    @property
    def needs_base(self) -> bool:
        return bool(self.compare) or self.base_period is not None

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


def _validate(q: TradeQuery) -> None:
    def check(ok: bool, field: str, message: str) -> None:
        if not ok:
            raise QueryError(field, message)

    check(isinstance(q.dataset, str) and bool(q.dataset), "dataset", "must be a dataset name")
    for key in ("period", "base_period"):
        text = getattr(q, key)
        if text is None and key == "base_period":  # None: the default base
            continue  # (a null period skipped this check and failed in the engine)
        try:
            Span.parse(text)
        except ValueError as exc:
            raise QueryError(key, str(exc)) from None
    check(q.measure in MEASURES, "measure", f"must be one of {', '.join(MEASURES)}")
    check(q.flow in FLOWS, "flow", f"must be one of {', '.join(FLOWS)}")
    check(
        q.flow != "balance" or q.measure in ADDITIVE,
        "flow",
        f"balance needs an additive measure ({', '.join(ADDITIVE)}), not {q.measure!r}",
    )
    check(
        q.currency is None or (isinstance(q.currency, str) and len(q.currency) == 3),
        "currency",
        "must be a 3-letter currency code such as CNY or USD",
    )
    check(
        q.currency is None or q.measure in ("value", "unit_value"),
        "currency",
        "applies to measures 'value' and 'unit_value' only",
    )
    for d in q.by:
        check(d in DIMENSIONS, "by", f"unknown dimension {d!r} (known: {', '.join(DIMENSIONS)})")
    check(len(set(q.by)) == len(q.by), "by", "lists a dimension twice")
    for key in ("where", "exclude"):
        for dim, values in getattr(q, key):
            check(dim in DIMENSIONS, f"{key}.{dim}", "unknown dimension")
            check(dim not in TIME_DIMENSIONS, f"{key}.{dim}", "filter time with `period`")
            check(dim != "flow", f"{key}.flow", "use the `flow` key")
            norm = tuple(normalize_value(dim, v) for v in values)
            if norm != values:
                object.__setattr__(
                    q, key, tuple((k, norm if k == dim else v) for k, v in getattr(q, key))
                )
    for c in q.compare:
        check(c in COMPARES, "compare", f"unknown comparison {c!r} (use {', '.join(COMPARES)})")
    _validate_indices(q, check)
    cols = q.result_columns()
    for o in q.order_by:
        # one leading "-" only: "--value" passed a check with lstrip("-") and then
        # failed in the engine, which strips exactly one
        check(o.removeprefix("-") in cols, "order_by", f"{o!r} is not a result column ({cols})")
    check(
        q.top is None or (isinstance(q.top, int) and not isinstance(q.top, bool) and q.top > 0),
        "top",
        "must be a positive integer",
    )
    check(q.top is None or q.top <= MAX_TOP, "top", f"must be at most {MAX_TOP:,}")
    if q.having is not None:
        try:
            conditions = parse_having(q.having)
        except ValueError as exc:
            raise QueryError("having", str(exc)) from None
        for column, _, _ in conditions:
            check(column in cols, "having", f"{column!r} is not in this query's result {cols}")
    check(q.basis in BASES, "basis", 'must be "latest", "first_published" or {"as_of": DATE}')
    check((q.basis == "as_of") == (q.as_of is not None), "basis", "as_of needs a date")
    check(q.returns in RETURNS, "returns", f"must be one of {', '.join(RETURNS)}")
    check(q.composition in COMPOSITIONS, "composition", f"must be one of {COMPOSITIONS}")
    check(q.coverage in COVERAGES, "coverage", f"must be one of {', '.join(COVERAGES)}")
    check(
        q.fx_basis is None
        or (isinstance(q.fx_basis, str) and re.fullmatch(r"[a-z][a-z0-9_]{0,31}", q.fx_basis)),
        "fx_basis",
        "must be 'market', 'customs' or the lower-case name of an imported basis",
    )
    if isinstance(q.hs_edition, str) and q.hs_edition.upper() in HS_EDITIONS:
        object.__setattr__(q, "hs_edition", q.hs_edition.upper())
    check(
        q.hs_edition is None or q.hs_edition in (*HS_EDITIONS, "recorded"),
        "hs_edition",
        f"must be one of {', '.join(HS_EDITIONS)} or 'recorded'",
    )
    classes = [d for d in (*q.by, *q.filters("where"), *q.filters("exclude"))
               if d in CLASS_DIMENSIONS]  # fmt: skip
    check(
        not classes or q.measure not in ("records", "orders"),
        "measure",
        f"{q.measure!r} counts rows, and {classes[0] if classes else ''} shares a row out "
        "among classes: use value, quantity or a distinct count",
    )
    if set(q.by) & set(TIME_DIMENSIONS) and q.needs_base:
        check(
            q.span.months == q.base_span.months,
            "base_period",
            "must span as many months as period when breaking down by time",
        )


def _validate_indices(q: TradeQuery, check: Any) -> None:
    indices = [c for c in q.compare if c in INDEX_COMPARES]
    check(q.index_method in INDEX_METHODS, "index_method", f"must be one of {INDEX_METHODS}")
    check(
        not indices or q.measure == "value",
        "compare",
        f"{indices[0] if indices else ''} needs measure 'value' (indices weight by value)",
    )
    check(not indices or q.flow != "balance", "flow", "indices are of exports or imports")
    if q.measure == "unit_value":
        check(
            q.flow != "total" or "flow" in q.by,
            "flow",
            "unit_value needs flow 'export' or 'import' (or a breakdown by flow)",
        )
        check(
            bool(set(q.by) & set(HS_DIMENSIONS)),
            "by",
            f"unit_value is per HS code and unit: break down by one of {HS_DIMENSIONS}",
        )
        bad = [c for c in q.compare if c in ("share", "share_pp", "contribution")]
        check(not bad, "compare", f"unit values do not add up: no {bad[0] if bad else ''}")


__all__ = [
    "COMPARES", "FLOWS", "HS_EDITIONS", "INDEX_COMPARES", "MAX_TOP", "MEASURES", "RESULT_NUMBERS",
    "TradeQuery",
]  # fmt: skip
