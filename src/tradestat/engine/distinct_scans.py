"""Distinct counts of a shared scan (tradestat.engine.scans) in one statement.

Enterprises, partners or orders do not add up over cells: an enterprise trading in two
months is one enterprise of the year. So the distinct-count members of a scan read the
rows themselves instead of cells: each side of each member is
the number of distinct values of the field among the rows that meet its conditions
(filters, group classes, place rules, returns, flow: those ``scans`` uses) in its span,
over the rows the statement reads once -- counted in two steps, as a query's own plan
does, distinct values first -- and its comparisons computed as its own plan computes
them. A bulletin's "enterprises that traded" and "of them private" are
then one scan, not two.
"""

from __future__ import annotations

import functools
from typing import Any

from tradestat.engine import compare, measures
from tradestat.engine.frame import vintage_rows
from tradestat.engine.resolve import Resolved
from tradestat.engine.scan_groups import Atom, GroupClasses, row_conditions


def expression(facts: Any, members: list[Resolved], codes: Any) -> Any:
    """One row: for member i, ``m{i}_<column>`` for each of its result columns. The
    members count one field (``scans.run_shared`` groups them so)."""
    import ibis

    from tradestat.engine.scans import member_figures

    field = measures.distinct_field(members[0].q, members[0].ds)
    spans = sorted({(s.start, s.end) for r in members for s in r.sides.spans})
    t = vintage_rows(facts, members[0].q)
    t = t.filter(ibis.or_(*[t.period.between(a, b) for a, b in spans]))
    flags = GroupClasses(members, codes)
    t = flags.join(t)
    wanted: dict[Any, tuple[str, Any]] = {}  # condition -> (pair column, row condition)

    def agg(atoms: list[Atom], span: Any) -> str:
        key = (tuple(k for k, _, _ in atoms), span.start, span.end)
        if key not in wanted:
            conds = [cond if on_rows else cond(t) for _, cond, on_rows in atoms]
            where = functools.reduce(
                lambda a, b: a & b, conds, t.period.between(span.start, span.end)
            )
            wanted[key] = (f"_a{len(wanted)}", where)
        return wanted[key][0]

    out = []
    for r in members:
        rows = row_conditions(r.q, r.places.cells_drop, t) + flags.filters(t, r)
        total = row_conditions(r.q, r.places.total_drop, t)
        names = {}
        for prefix, span in (("", r.sides.cur), ("base_", r.sides.base)):
            if span is not None:
                names[f"{prefix}value"] = agg(rows, span)
                if compare.needs_total(r.q):
                    names[f"_total_{prefix}value"] = agg(total, span)
        out.append((r, names))
    # as a query's own plan counts (plan._distinct_in_two_steps): the distinct values
    # with, per condition, whether any of their rows meets it; then each column counted
    pairs = t.aggregate(by=[field], **{name: cond.any() for name, cond in wanted.values()})
    known = pairs[field].notnull()
    counts = {name: pairs.count(where=known & pairs[name]) for name, _ in wanted.values()}
    return member_figures(pairs.aggregate(**counts), out)
