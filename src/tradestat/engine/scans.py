"""Shared scans: queries without a breakdown answered together by one SQL statement.

A bulletin asks many questions of one dataset: total trade, exports, imports, the
balance, trade in a product group, with a partner group, of private enterprises, in
US dollars, in the last quarter... Alone, each is a scan of the facts. Queries of one
dataset and basis that have no breakdown (``by``), no ``having`` and sides that do not
overlap (no calendar table) are answered by one statement instead (``by_years``: one
per span of years read). It reads the rows once and sums them into cells by month,
flow, returns, group classes (tradestat.engine.scan_groups) and a boolean for each
other condition a query puts on its rows; each query's sides are then the sums of
the cells its conditions hold for, ``SUM(...) FILTER (WHERE ...)`` over the cells, and
its comparisons are computed in the same statement from the same expressions its own
plan uses (``compare.comparison_exprs``, the zero-fill of ``measures.fill_empty``).
Sums of exact decimals and counts of rows do not depend on how they are grouped, so
each answer is the one the query gets alone, types included. Distinct counts
(enterprises, partners, orders) do not add up over cells: they share a statement of
their own over the rows (tradestat.engine.distinct_scans). Sums of quantities (floating
point: their last digits depend on the order of addition) and queries under disclosure
control run alone.
"""

from __future__ import annotations

import functools
from typing import Any

from tradestat.engine import compare, dims, measures, scan_breakdowns
from tradestat.engine.frame import vintage_rows
from tradestat.engine.resolve import Resolved
from tradestat.engine.scan_groups import Atom, GroupClasses, returns_of, row_conditions
from tradestat.errors import QueryError, TradestatError
from tradestat.query.dimensions import DIMENSIONS
from tradestat.query.tradequery import ADDITIVE, TradeQuery

COMPARED = ("growth_pct", "share_pp", "contribution_pp")  # hidden when not comparable


def run_shared(engine: Any, queries: list[TradeQuery], confidential: bool) -> dict[Any, Any]:
    """See ``Engine.run_shared``."""
    from tradestat.engine import disclosure

    found: dict[tuple, list[Resolved]] = {}
    splits: dict[TradeQuery, tuple[Resolved, scan_breakdowns.Split]] = {}
    asked, seen = list(dict.fromkeys(queries)), set()

    def add(q: TradeQuery) -> None:
        if q in seen:  # a breakdown's part may be asked for too, or by two breakdowns
            return
        seen.add(q)
        try:
            ds = engine.catalog.dataset(q.dataset)
            if not confidential and disclosure.applies(q, ds):
                return  # protected cells: its own run
            r = engine.resolved(q)
            shared = eligible(r)
            s = None if shared else scan_breakdowns.split(r)
        except TradestatError:  # its own run says why
            return
        if shared:  # distinct counts read rows, sums cells: a scan each
            found.setdefault((*scan_key(r), measures.distinct_field(r.q, r.ds)), []).append(r)
        elif s is not None:  # a product-group breakdown: a query and a count per group
            splits[q] = (r, s)
            for part in s.queries():
                add(part)

    for q in asked:
        add(q)
    out: dict[TradeQuery, Any] = {}
    for members in (m for same in found.values() for m in by_years(same)):
        if len(members) < 2:
            continue
        try:
            out.update(answer(engine, members))
        except Exception:  # a backend that cannot run it: each query runs alone
            engine.scan_stats["fallbacks"] += 1
    for q, (r, s) in splits.items():
        if (result := scan_breakdowns.assemble(engine, r, s, out)) is not None:
            out[q] = result
    return {q: out[q] for q in asked if q in out}  # a breakdown's parts: not asked


def answer(engine: Any, members: list[Resolved]) -> dict[TradeQuery, Any]:
    """Every member's Result from one statement."""
    import copy
    import time

    from tradestat.engine import inline
    from tradestat.engine.provenance import provenance
    from tradestat.engine.result import Result

    started = time.perf_counter()
    ds = members[0].ds
    # the default reporter is filled in when any member filters on reporter
    reporter = [r.q for r in members if "reporter" in {*r.q.filters(), *r.q.filters("exclude")}]
    facts = engine.facts_of(ds, (reporter or [members[0].q])[0])

    from tradestat.engine import distinct_scans

    distinct = measures.distinct_field(members[0].q, ds) is not None
    build = distinct_scans.expression if distinct else expression

    def expr() -> Any:
        return build(facts, members, lambda: engine.catalog.codes(ds))

    if engine.name == "duckdb":
        compiled, schema = engine.compile_scan(tuple(r.q for r in members), expr)
        table = inline.typed(inline.run(engine.backend, compiled), schema)
    else:
        table = inline.to_arrow(engine.backend, expr())
    engine.scan_stats["scans"] += 1
    engine.scan_stats["queries"] += len(members)
    return {
        r.q: Result(
            member_table(table, i, r.q),
            provenance(engine.name, r.q, ds, r, copy.deepcopy(r.coverage), {}, started),
        )
        for i, r in enumerate(members)
    }


def eligible(r: Resolved) -> bool:
    """Whether a resolved query can be answered from a shared scan."""
    q = r.q
    if q.by or q.having is not None or q.measure == "quantity" or r.calendar:
        return False
    # rows converted to another HS edition, or shared out among classes: their own plan
    if r.editions.rows or any(
        DIMENSIONS[d].kind == "class" for k in ("where", "exclude") for d in q.filters(k)
    ):
        return False
    try:
        for key in ("where", "exclude"):
            for dim, values in getattr(q, key):
                if DIMENSIONS[dim].kind == "group":
                    dims.check_group_ids(dim, values, key)
    except QueryError:  # its own run says so
        return False
    return True


def scan_key(r: Resolved) -> tuple:
    """Queries with the same key read the same fact rows (vintages)."""
    return (r.q.dataset, r.q.basis, r.q.as_of)


def by_years(members: list[Resolved]) -> list[list[Resolved]]:
    """Members in scans by the years they read: each joins the scan of the most common
    years that include its own, so a query reaching further back (growth on two years
    earlier) does not make every other query read another year of rows."""

    def years(r: Resolved) -> frozenset[int]:
        return frozenset(y for s in r.sides.spans for y in range(s.start.year, s.end.year + 1))

    counts: dict[frozenset[int], int] = {}
    for r in members:
        counts[years(r)] = counts.get(years(r), 0) + 1
    order = sorted(counts, key=lambda ys: (-counts[ys], -len(ys), sorted(ys)))
    scans: dict[frozenset[int], list[Resolved]] = {}
    for r in members:
        home = next(ys for ys in order if years(r) <= ys)
        scans.setdefault(home, []).append(r)
    return list(scans.values())


def column(i: int, name: str) -> str:
    return f"m{i}_{name}"


def member_table(table: Any, i: int, q: TradeQuery) -> Any:
    """Member ``i``'s answer from the scan's one row: its result columns, its types."""
    import pyarrow as pa

    names = q.result_columns()
    return pa.Table.from_arrays([table.column(column(i, c)) for c in names], names=names)


def expression(facts: Any, members: list[Resolved], codes: Any) -> Any:
    """One row: for member i, ``m{i}_<column>`` for each of its result columns.

    The rows read are summed once into cells by month, flow, returns, group classes
    (``scan_groups``) and a boolean per other condition a member puts on its rows (filters,
    place rules: true, false or null as on the row); each member's side is then the sum
    of the cells its conditions hold for, in the same statement. Sums of exact
    decimals and counts add up to the same figure whatever the grouping."""
    import ibis

    spans = sorted({(s.start, s.end) for r in members for s in r.sides.spans})
    rows = vintage_rows(facts, members[0].q)
    rows = rows.filter(ibis.or_(*[rows.period.between(a, b) for a, b in spans]))
    flags = GroupClasses(members, codes)
    bits: dict[Any, tuple[str, Any]] = {}  # row condition -> (cell column, row expression)
    sums: dict[Any, tuple[str, Any]] = {}  # (measure, money) -> (cell column, row sum)

    def conditions(atoms: list[Atom]) -> list[Atom]:
        """Row conditions become cell columns; the others read the cells' keys."""
        out = []
        for key, cond, on_rows in atoms:
            if on_rows:
                name = bits.setdefault(key, (f"_k{len(bits)}", cond))[0]
                out.append((key, lambda c, name=name: c[name], False))
            else:
                out.append((key, cond, False))
        return out

    def summed(r: Resolved) -> str:
        key = (r.q.measure, r.money)
        if key not in sums:
            plain = r.q.replace(flow="total")  # the sign of a balance is the cells'
            sums[key] = (f"_s{len(sums)}", measures.aggregate(t, plain, r.ds, r.money))
        return sums[key][0]

    conds = [
        (r, conditions(row_conditions(r.q, r.places.cells_drop, rows) + flags.filters(rows, r)),
         conditions(row_conditions(r.q, r.places.total_drop, rows)))
        for r in members
    ]  # fmt: skip
    # the row conditions are computed on the rows as read, before any join (DuckDB works
    # them out on the scan's vectors, and only booleans go through the joins)
    t = flags.join(rows.mutate(**{name: e for name, e in bits.values()}), partners=False)
    wanted = [(r, summed(r), on_cells, total) for r, on_cells, total in conds]
    keys = ["period", "flow", *flags.columns, *(name for name, _ in bits.values())]
    if any(returns_of(r.q) != "net" for r in members):
        keys.append("is_return")
    cells = t.group_by([*keys, *(["partner"] if flags.partners else [])]).aggregate(
        **{name: e for name, e in sums.values()}
    )
    if flags.partners:  # the partner groups' join probed once per cell, not once per row
        cells = flags.join_partners(cells)
        cells = cells.group_by([*keys, "_pgrp"]).aggregate(
            **{name: cells[name].sum() for name, _ in sums.values()}
        )
    aggs: dict[Any, tuple[str, Any]] = {}

    def agg(r: Resolved, value: str, conds: list[Atom], span: Any) -> str:
        key = (r.q.measure, r.q.flow == "balance", value, tuple(k for k, _, _ in conds),
               span.start, span.end)  # fmt: skip
        if key not in aggs:
            col = cells[value]
            if r.q.flow == "balance":  # as measures.aggregate: imports count negative
                col = ibis.ifelse(cells.flow == "M", -col, col)
            when = cells.period.between(span.start, span.end)
            where = functools.reduce(lambda a, b: a & b, [c(cells) for _, c, _ in conds], when)
            total = col.sum(where=where)
            if r.q.measure == "records":  # a count over no rows is 0
                total = total.fill_null(0)
            aggs[key] = (f"_a{len(aggs)}", total)
        return aggs[key][0]

    out = []
    for r, value, rows, total in wanted:
        names = {}
        for prefix, span in (("", r.sides.cur), ("base_", r.sides.base)):
            if span is not None:
                names[f"{prefix}value"] = agg(r, value, rows, span)
                if compare.needs_total(r.q):
                    names[f"_total_{prefix}value"] = agg(r, value, total, span)
        out.append((r, names))
    return member_figures(cells.aggregate(**{name: e for name, e in aggs.values()}), out)


def member_figures(table: Any, out: list[tuple[Resolved, dict[str, str]]]) -> Any:
    """The scan's one row of aggregates -> each member's result columns, ``m{i}_...``."""
    return table.select(**{
        column(i, c): e for i, (r, names) in enumerate(out)
        for c, e in _figures(table, r, names).items()
    })  # fmt: skip


def _figures(table: Any, r: Resolved, names: dict[str, str]) -> dict[str, Any]:
    """A member's result columns from the scan's aggregates, as its own plan computes
    them: zero-filled sides (measures.fill_empty), then its comparisons."""
    import ibis

    q = r.q
    cols = {name: table[agg] for name, agg in names.items()}
    if q.measure in ADDITIVE or q.measure == "orders":
        for side, name in (("cur", "value"), ("base", "base_value")):
            if r.with_data.get(side, False):
                for col in (name, f"_total_{name}"):
                    if col in cols:
                        cols[col] = cols[col].fill_null(0)
    figures = {**cols, **compare.comparison_exprs(q, lambda name: cols[name])}
    if "share_pp" in q.compare:
        figures["share_pp"] = figures["share_pct"] - figures["_base_share"]
    if r.hide_comparisons:
        figures.update({c: ibis.null("float64") for c in COMPARED if c in figures})
    return {c: figures[c] for c in q.result_columns()}
