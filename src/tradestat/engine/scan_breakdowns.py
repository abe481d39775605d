"""Product-group breakdowns from a shared scan (tradestat.engine.scans).

A bulletin asks for exports of electromechanical products, of the "new three", of
ships... and, in the same section, for exports by product group over a list of those
groups. Alone, the breakdown is a scan of its own (0.8 s of a bulletin's 5.9 s at 100 M
rows). A product group's row of that breakdown is exactly the query filtered on that
group without the breakdown: the same fact rows (those whose HS code and edition are
in the group's membership, after the same other filters), the same sums and the same
comparisons. So such a breakdown is split into one filtered query per listed group and
one row count per group (whether the group has any row in the months read: a group
without one is no row of the breakdown, as in its own plan, while its filtered query
reads 0), all answered by the shared scan; the rows are then put in order by the
breakdown's own ``compare.finish`` (having, order, top).

Only what splits exactly: a breakdown by ``product_group`` alone, over an explicit list
of groups, of value or records, compared at most by growth (a share's total drops the
breakdown's filters, a filtered query's total drops all of them), not of the balance,
without an ``exclude`` on product groups.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tradestat.engine.resolve import Resolved
from tradestat.query.tradequery import TradeQuery

DIM = "product_group"
MAX_GROUPS = 12  # each listed group adds its conditions to the shared scan


@dataclass(frozen=True)
class Split:
    """A breakdown's parts: per group, its filtered query and its row count."""

    q: TradeQuery
    parts: tuple[tuple[str, TradeQuery, TradeQuery], ...]  # (group, figures, rows)

    def queries(self) -> list[TradeQuery]:
        return [x for _, figures, rows in self.parts for x in (figures, rows)]


def split(r: Resolved) -> Split | None:
    """The breakdown's parts, or None when it does not split exactly."""
    q = r.q
    groups = q.filters("where").get(DIM)
    if (
        q.by != (DIM,)
        or not groups
        or len(groups) > MAX_GROUPS
        or q.measure not in ("value", "records")
        or q.flow == "balance"  # its rows are counted over both flows: not one query
        or not set(q.compare) <= {"growth"}
        or DIM in q.filters("exclude")
        or r.calendar
    ):
        return None
    parts = []
    for g in groups:
        figures = q.replace(by=[], where={**q.filters("where"), DIM: [g]}, order_by=[], top=None,
                            having=None)  # fmt: skip
        rows = figures.replace(measure="records", currency=None)
        parts.append((g, figures, rows))
    return Split(q, tuple(parts))


def assemble(engine: Any, r: Resolved, s: Split, answers: dict[TradeQuery, Any]) -> Any:
    """The breakdown's Result from its parts' answers (None when one is missing)."""
    import copy
    import time

    import ibis
    import pyarrow as pa

    from tradestat.engine import compare, inline
    from tradestat.engine.provenance import provenance
    from tradestat.engine.result import Result

    started = time.perf_counter()
    if not all(p in answers for p in s.queries()):
        return None
    figures = [c for c in s.q.result_columns() if c != DIM]
    kept = []
    for g, part, rows in s.parts:
        counts = answers[rows].table
        read = sum(counts.column(c)[0].as_py() or 0 for c in ("value", "base_value")
                   if c in counts.column_names)  # fmt: skip
        if read:
            kept.append((g, answers[part].table))
    columns = {DIM: pa.array([g for g, _ in kept], pa.string())}
    schema = answers[s.parts[0][1]].table.schema  # every part's: one query's columns
    for c in figures:
        columns[c] = pa.array([t.column(c)[0].as_py() for _, t in kept], schema.field(c).type)
    table = pa.table(columns)
    finished = compare.finish(ibis.memtable(table), s.q)
    out = inline.to_arrow(engine.backend, finished)
    cov = copy.deepcopy(r.coverage)
    return Result(out, provenance(engine.name, s.q, r.ds, r, cov, {}, started, out))
