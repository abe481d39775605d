"""From a TradeQuery and a fact table to one Ibis expression."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tradestat.engine import compare, editions, measures
from tradestat.engine.dims import (
    MEMBERSHIP_KEYS,
    CodeLister,
    DimensionContext,
    add_group_columns,
    apply_filters,
)
from tradestat.engine.frame import attach_sides, base_rows
from tradestat.engine.money import Money
from tradestat.engine.places import keep_rows
from tradestat.engine.resolve import Resolved
from tradestat.model.dataset import Dataset
from tradestat.query.dimensions import DIMENSIONS, TIME_DIMENSIONS
from tradestat.query.tradequery import ADDITIVE, TradeQuery


@dataclass
class Prepared:
    """The stages of a query before aggregation, shared by figures and disclosure checks."""

    q: TradeQuery
    ds: Dataset
    rows: Any  # rows the total reads (vintages, months, returns, flows, places), with sides
    main: Any  # rows of the cells after all filters, with group-dimension columns
    ctx: DimensionContext
    base: Any = None  # cell rows of the query's vintages, months, returns, flows and places
    resolved: Resolved | None = None

    @property
    def money(self) -> Money:
        assert self.resolved is not None
        return self.resolved.money


def prepare(facts: Any, r: Resolved, codes: CodeLister) -> Prepared:
    q, sides, calendar, places = r.q, r.sides, r.calendar, r.places
    read = editions.convert(base_rows(facts, q, sides), r.editions)
    base = keep_rows(read, places.cells_drop)
    cells = attach_sides(base, sides, calendar)
    rows = cells
    if not places.same_rows:  # e.g. by city: the total (shares) also reads province rows
        rows = attach_sides(keep_rows(read, places.total_drop), sides, calendar)
    ctx = DimensionContext(q, sides, calendar, codes, r.editions)
    main = add_group_columns(apply_filters(cells, ctx), ctx)
    return Prepared(q, r.ds, rows, main, ctx, base, r)


def build(p: Prepared, sides_with_data: dict[str, bool] | None = None, finish: bool = True) -> Any:
    q, ds, main = p.q, p.ds, p.main
    assert p.resolved is not None
    sides_with_data = p.resolved.with_data if sides_with_data is None else sides_with_data
    if p.ctx.calendar and p.base is not None and q.measure in (*ADDITIVE, "records"):
        agg = _months_first(p)
    elif _sums_before_groups(p):
        agg = _groups_of_sums(p)
    elif field := measures.distinct_field(q, ds):
        agg = _distinct_in_two_steps(main, q, field)
    else:
        agg = main.aggregate(by=list(q.by), **measures.side_aggregates(main, q, ds, p.money))
    agg = measures.fill_empty(agg, q, sides_with_data)
    if compare.needs_total(q) and _cells_partition_total(q) and p.resolved.places.same_rows:
        # every row of the total is in exactly one cell: sum the cells (a window over
        # the small aggregate) instead of scanning the facts a second time
        keys = compare.total_keys(q)
        cols = ["value", "base_value"] if q.needs_base else ["value"]
        agg = agg.mutate(**{f"_total_{c}": agg[c].sum().over(group_by=keys) for c in cols})
    elif compare.needs_total(q):
        # the total drops the filters on the breakdown's own dimensions (all filters
        # when there is no breakdown), so a share is a share of the whole
        skip = set(q.by) or set(q.filters("where")) | set(q.filters("exclude"))
        whole = apply_filters(p.rows, p.ctx, skip=skip)
        keys = compare.total_keys(q)
        tot = whole.aggregate(by=keys, **measures.side_aggregates(whole, q, ds, p.money, "_total_"))
        tot = measures.fill_empty(tot, q, sides_with_data, "_total_")
        agg = agg.join(tot, keys) if keys else agg.cross_join(tot)
    agg = compare.add_comparisons(agg, q, hide=p.resolved.hide_comparisons)
    return compare.finish(agg, q) if finish else agg.select(*q.result_columns())


def _cells_partition_total(q: TradeQuery) -> bool:
    """True when the share total is the sum of the breakdown's cells: an additive measure,
    broken down by stored columns none of which is filtered (a filtered breakdown
    dimension is dropped from the total; group dimensions may overlap or leave rows out)."""
    filtered = set(q.filters("where")) | set(q.filters("exclude"))
    return (
        bool(q.by)
        and q.measure in (*ADDITIVE, "records")
        and all(DIMENSIONS[d].kind != "group" for d in q.by)
        and not filtered & set(q.by)
    )


def _sums_before_groups(p: Prepared) -> bool:
    """A breakdown by group dimensions (product, partner, trade-mode groups) of exact sums
    or row counts, without a calendar: the rows can be summed by the columns the
    memberships join on first, and the groups joined to those sums."""
    q = p.q
    return (
        any(DIMENSIONS[d].kind == "group" for d in q.by)
        and p.base is not None
        and not p.ctx.calendar
        and q.measure in ("value", "records")
        and all(DIMENSIONS[d].kind != "class" for d in q.by)
    )


def _groups_of_sums(p: Prepared) -> Any:
    """Sum by the memberships' join columns and the other breakdown dimensions first,
    then join the group memberships to those sums and add them up by group: the same
    figures as joining every fact row (sums of exact decimals and counts do not depend
    on the grouping), with the join probed once per sum instead of once per row (a
    product-group breakdown of 100 M rows: a few thousand HS codes, not 34 M rows)."""
    q, sides = p.q, p.ctx.sides
    rows = apply_filters(attach_sides(p.base, sides, False), p.ctx)
    plain = [d for d in q.by if DIMENSIONS[d].kind != "group"]
    joined = {c for d in q.by if DIMENSIONS[d].kind == "group" for c in MEMBERSHIP_KEYS[d]}
    keys = list(dict.fromkeys([*plain, *sorted(joined), "_cur", "_base"]))
    pre = rows.aggregate(by=keys, _v=measures.aggregate(rows, q, p.ds, p.money))
    cells = add_group_columns(pre, p.ctx)

    def side(where: Any) -> Any:  # a count over no rows is 0, as COUNT(...) FILTER gives
        total = cells._v.sum(where=where)
        return total.fill_null(0) if q.measure == "records" else total

    if not q.needs_base:
        return cells.aggregate(by=list(q.by), value=side(cells._cur))
    return cells.aggregate(by=list(q.by), value=side(cells._cur), base_value=side(cells._base))


def _months_first(p: Prepared) -> Any:
    """Sum by fact month first, then join the calendar (sides, aligned months, labels)
    to those sums and add them up by label. The same figures as joining the calendar to
    every fact row, for sums and counts (distinct counts do not add up across months),
    with the join and the text labels on a few thousand rows instead of all: a 100 M-row
    monthly cube runs as fast as hand-written SQL grouping by month (20 % faster)."""
    q, sides = p.q, p.ctx.sides
    # group joins keyed by fact month
    ctx = DimensionContext(q, sides, False, p.ctx.recorded_codes, p.ctx.editions)
    rows = add_group_columns(apply_filters(p.base, ctx), ctx)
    keys = [d for d in q.by if d not in TIME_DIMENSIONS]
    pre = rows.aggregate(by=["period", *keys], _v=measures.aggregate(rows, q, p.ds, p.money))
    monthly = attach_sides(pre, sides, calendar=True)
    if not q.needs_base:
        return monthly.aggregate(by=list(q.by), value=monthly._v.sum())

    def side(where: Any) -> Any:  # a count over no rows is 0, as COUNT(...) FILTER gives
        total = monthly._v.sum(where=where)
        return total.fill_null(0) if q.measure == "records" else total

    return monthly.aggregate(
        by=list(q.by), value=side(monthly._cur), base_value=side(monthly._base)
    )


def _distinct_in_two_steps(main: Any, q: TradeQuery, field: str) -> Any:
    """Distinct counts as distinct (cell, value) pairs, then counted per cell: the same
    figures as COUNT(DISTINCT ...) FILTER (...), 2.3x faster on DuckDB (10 M and 100 M
    rows). NULL values form a pair but are not counted, as COUNT(DISTINCT) ignores them."""
    keys = list(dict.fromkeys([*q.by, field]))
    sides = {"_c": main._cur.any()}
    if q.needs_base:
        sides["_b"] = main._base.any()
    pairs = main.aggregate(by=keys, **sides)
    known = pairs[field].notnull()
    counts = {"value": pairs.count(where=known & pairs._c)}
    if q.needs_base:
        counts["base_value"] = pairs.count(where=known & pairs._b)
    return pairs.aggregate(by=list(q.by), **counts)
