"""Resolve: a query and its dataset to one frozen ``Resolved``, before any plan is built.

Everything a plan needs to know about the dataset is decided here once: that the
query fits the dataset's grain (dimensions and time), the two sides, the money column
or conversion and its exchange-rate basis, which place rows the cells and the total
read, and the months the query's own rows cover on each side (so comparisons of sides
that do not cover the same months are not computed).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from tradestat.engine import coverage as cov_mod
from tradestat.engine import measures
from tradestat.engine.editions import EditionPlan, plan_editions
from tradestat.engine.frame import Sides, base_rows, needs_calendar, sides_of
from tradestat.engine.money import Money, resolve_money
from tradestat.engine.places import PlaceRule, keep_rows, place_rule
from tradestat.errors import GrainError
from tradestat.model.dataset import Dataset
from tradestat.query.dimensions import DIMENSIONS
from tradestat.query.periods import Span
from tradestat.query.tradequery import TradeQuery


@dataclass(frozen=True, eq=False)
class Resolved:
    q: TradeQuery
    ds: Dataset
    sides: Sides
    calendar: bool  # months mapped to sides and labels through a calendar table
    money: Money
    places: PlaceRule
    coverage: dict[str, Any]
    editions: EditionPlan

    @property
    def with_data(self) -> dict[str, bool]:
        """Sides with any row in the dataset: a cell without rows there is 0, not unknown."""
        cov = self.coverage
        return {
            "cur": cov["current"]["rows_in_period"] > 0,
            "base": "base" in cov and cov["base"]["rows_in_period"] > 0,
        }

    @property
    def hide_comparisons(self) -> bool:
        return cov_mod.comparisons_hidden(self.q, self.coverage)

    def warnings(self) -> list[str]:
        return cov_mod.warnings(self.coverage, self.q) + self.places.notes()


def resolve(catalog: Any, facts: Any, q: TradeQuery) -> Resolved:
    ds = catalog.dataset(q.dataset)
    check_dimensions(q, ds)
    check_time_grain(q, ds)
    sides = sides_of(q)
    money = resolve_money(q, ds, catalog.currencies(ds), catalog.rates)
    records = ds.has("enterprise_id") or ds.has("order_id")
    places = place_rule(q, catalog.places(ds), records) if ds.has("region") else PlaceRule()
    editions = plan_editions(catalog, facts, q, ds, sides)
    check_split_counts(q, editions)
    present = _months_present(catalog, facts, q, ds, sides, places, editions)
    coverage = cov_mod.coverage(catalog.vintages, ds.name, q, sides, present)
    return Resolved(q, ds, sides, needs_calendar(q, sides), money, places, coverage, editions)


def check_split_counts(q: TradeQuery, editions: EditionPlan) -> None:
    """Row counts cannot be shared out: a query counting rows is not converted across a
    split code (each part would count the row again)."""
    if q.measure in ("records", "orders") and any(r[6] for r in editions.rows):
        raise GrainError(
            "hs_edition",
            f"{q.measure!r} counts rows, and converting {', '.join(editions.converted)} to "
            f"{editions.target} splits codes: use value, quantity or a distinct count, or "
            '"hs_edition": "recorded"',
        )


def check_dimensions(q: TradeQuery, ds: Dataset) -> None:
    for key, dims in (
        ("by", q.by),
        ("where", q.filters("where")),
        ("exclude", q.filters("exclude")),
    ):
        for dim in dims:
            need = DIMENSIONS[dim].grain_field
            if not ds.has(need):
                raise GrainError(
                    key,
                    f"dataset {ds.name!r} has no {need} (grain: {', '.join(ds.grain)}), "
                    f"so it cannot answer by {dim!r}",
                )
    measures.check_measure(q, ds)


def check_time_grain(q: TradeQuery, ds: Dataset) -> None:
    """A query finer than the dataset's time grain, or not aligned with it, is refused."""
    if ds.time_grain == "month":
        return
    finer = {"year": ("quarter", "month"), "quarter": ("month",)}[ds.time_grain]
    for dim in q.by:
        if dim in finer:
            raise GrainError(
                "by", f"dataset {ds.name!r} is {ds.grain_word}: it has no {dim}s to break down"
            )
    step = ds.months_per_row
    spans = [("period", q.span)] + ([("base_period", q.base_span)] if q.needs_base else [])
    for key, span in spans:
        if (span.start.month - 1) % step == 0 and span.end.month % step == 0:
            continue
        asked = q.period if key == "period" else (q.base_period or str(span))
        raise GrainError(key, f"dataset {ds.name!r} is {ds.grain_word}: {_suggest(span, ds)}, "
                         f"not {asked!r}")  # fmt: skip


def _suggest(span: Span, ds: Dataset) -> str:
    if ds.time_grain == "year":
        y0, y1 = span.start.year, span.end.year
        return f"ask for {str(y0)!r}" if y0 == y1 else f"ask for '{y0}..{y1}'"
    q0, q1 = (span.start.month + 2) // 3, (span.end.month + 2) // 3
    first, last = f"{span.start.year}-Q{q0}", f"{span.end.year}-Q{q1}"
    return f"ask for {first!r}" if first == last else f"ask for '{first}..{last}'"


def _months_present(catalog: Any, facts: Any, q: TradeQuery, ds: Dataset, sides: Sides,
                    places: PlaceRule, editions: EditionPlan) -> set:  # fmt: skip
    """Months covered by the rows the query reads (its basis, flow and filters).

    A dataset of records (declarations, orders) is a census: a month is covered when it
    has records, and a flow or filter without records in a covered month is a zero, not a
    gap. A table of figures (GAC, Comtrade) covers a month for a query when it has rows
    the query reads, of every flow the query adds up: a total is not complete in a month
    whose exports are missing."""
    if ds.has("enterprise_id") or ds.has("order_id"):
        periods = {
            r["period"]
            for r in catalog.vintages
            if r["dataset"] == ds.name and cov_mod._used(r, q) > 0
        }
        return cov_mod.covered_months(periods, ds.months_per_row)
    key = ("months", q.dataset, q.basis, q.as_of, q.flow, q.where, q.exclude, q.composition,
           sides, places.total_drop, q.hs_edition)  # fmt: skip
    pairs = catalog.memo(key, lambda: _periods_read(catalog, facts, q, sides, places, editions))
    flows = {f for _, f in pairs}
    by_period: dict[Any, set] = {}
    for period, flow in pairs:
        by_period.setdefault(period, set()).add(flow)
    complete = {p for p, have in by_period.items() if have == flows}
    return cov_mod.covered_months(complete, ds.months_per_row)


def _periods_read(catalog: Any, facts: Any, q: TradeQuery, sides: Sides, places: PlaceRule,
                  editions: EditionPlan) -> set:  # fmt: skip
    """Distinct (period, flow) of the rows the query reads (returns aside: a month
    without returns is a month of zero returns)."""
    from tradestat.engine.dims import DimensionContext, apply_filters
    from tradestat.engine.editions import convert
    from tradestat.engine.inline import to_arrow

    plain = dataclasses.replace(q, by=(), order_by=(), top=None, having=None, returns="net")
    rows = keep_rows(convert(base_rows(facts, plain, sides), editions), places.total_drop)
    ctx = DimensionContext(plain, sides, False, lambda: catalog.codes(catalog.dataset(q.dataset)),
                           editions)  # fmt: skip
    rows = apply_filters(rows, ctx)
    read = rows.select("period", "flow").distinct()
    table = to_arrow(catalog.backend, read).to_pydict()
    return set(zip(table["period"], table["flow"], strict=True))
