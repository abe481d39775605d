"""The rows a query reads: basis (vintages), periods, returns, flow, and sides.

A row counts for the current period (``_cur``), the base period (``_base``) or both.
When time dimensions are broken down, or the spans overlap, a small calendar table
maps each month to its side and to the current month it is compared with.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from tradestat.engine.memtables import rows_memtable
from tradestat.query.periods import Span, add_months, month_label, quarter_label
from tradestat.query.tradequery import TradeQuery

FLOW_CODES = {"export": ("X",), "import": ("M",), "total": ("X", "M"), "balance": ("X", "M")}


@dataclass(frozen=True)
class Sides:
    cur: Span
    base: Span | None

    @property
    def offset(self) -> int:
        return self.cur.offset_to(self.base) if self.base else 0

    @property
    def spans(self) -> list[Span]:
        return [self.cur] + ([self.base] if self.base else [])

    def aligned_pairs(self) -> list[tuple[date, date, bool]]:
        """(fact month, aligned current month, is current) for every month read."""
        pairs = [(m, m, True) for m in self.cur.month_list()]
        if self.base:
            pairs += [(m, add_months(m, self.offset), False) for m in self.base.month_list()]
        return pairs


def sides_of(q: TradeQuery) -> Sides:
    return Sides(q.span, q.base_span if q.needs_base else None)


def needs_calendar(q: TradeQuery, sides: Sides) -> bool:
    from tradestat.query.dimensions import TIME_DIMENSIONS

    overlap = sides.base is not None and sides.cur.overlaps(sides.base)
    return overlap or bool(set(q.by) & set(TIME_DIMENSIONS))


def base_rows(t: Any, q: TradeQuery, sides: Sides) -> Any:
    """Filter the fact table to the query's vintages, months, returns and flows."""
    import ibis

    t = vintage_rows(t, q)
    in_spans = [t.period.between(s.start, s.end) for s in sides.spans]
    t = t.filter(ibis.or_(*in_spans) if len(in_spans) > 1 else in_spans[0])
    returns = "gross" if q.measure == "orders" else q.returns  # orders never count returns
    if returns == "gross":
        t = t.filter(~t.is_return)
    elif returns == "only":
        t = t.filter(t.is_return)
    codes = FLOW_CODES[q.flow]
    if len(codes) == 1:
        t = t.filter(t.flow == codes[0])
    return t


def vintage_rows(t: Any, q: TradeQuery) -> Any:
    """The fact rows of the query's basis: latest, first published, or as of a date."""
    import ibis

    if q.basis == "latest":
        t = t.filter(t.is_latest)
    elif q.basis == "first_published":
        t = t.filter(t.is_first)
    else:  # as_of: the latest version known on that date, per record
        t = t.filter(t.vintage <= ibis.literal(q.as_of))
        # A record stored once is its own latest version; only records with several
        # versions (revisions: a small share) need the window over record_id, which
        # costs memory and a sort (5x faster on 10 M rows than a window over all).
        once = (t.is_first & t.is_latest).fill_null(False)
        multi = t.filter(~once)
        multi = multi.mutate(_maxv=multi.vintage.max().over(group_by=multi.record_id))
        t = t.filter(once).union(multi.filter(multi.vintage == multi._maxv).drop("_maxv"))
    return t


CALENDAR = {"_cal_period": "date", "_aligned": "date", "_cur": "boolean", "_base": "boolean",
            "year": "string", "quarter": "string", "month": "string"}  # fmt: skip


def calendar_rows(sides: Sides) -> list[tuple]:
    """Each month read: its side, the current month it is compared with and labels."""
    return [(fact, aligned, cur, not cur, str(aligned.year), quarter_label(aligned),
             month_label(aligned)) for fact, aligned, cur in sides.aligned_pairs()]  # fmt: skip


def attach_sides(t: Any, sides: Sides, calendar: bool) -> Any:
    """Add ``_cur``/``_base`` flags, and ``_aligned`` plus time labels via the calendar."""
    import ibis

    if not calendar:
        cur = t.period.between(sides.cur.start, sides.cur.end)
        if sides.base:
            base = t.period.between(sides.base.start, sides.base.end)
        else:
            base = ibis.literal(False)
        return t.mutate(_cur=cur, _base=base)
    cal = rows_memtable(CALENDAR, calendar_rows(sides), recipe=calendar_rows)
    if "year" in t.columns:
        t = t.drop("year")  # the calendar labels the aligned year instead
    return t.join(cal, t.period == cal._cal_period).drop("_cal_period")
