"""The rules a TradeQuery must satisfy, checked when it is made: each broken rule is a
QueryError naming its key."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from tradestat.errors import QueryError
from tradestat.query.dimensions import (
    CLASS_DIMENSIONS,
    DIMENSIONS,
    TIME_DIMENSIONS,
    normalize_value,
)
from tradestat.query.having import parse_having
from tradestat.query.keys import (
    ADDITIVE,
    BASES,
    COMPARES,
    COMPOSITIONS,
    COVERAGES,
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

if TYPE_CHECKING:
    from tradestat.query.tradequery import TradeQuery


def validate(q: TradeQuery) -> None:
    """Raise a QueryError naming the key of the first rule ``q`` breaks; spell filter
    values and the HS edition canonically (the query is frozen: set in place)."""

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
