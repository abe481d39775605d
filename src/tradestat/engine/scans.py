"""Shared scans: queries without a breakdown answered together by one SQL statement.

A bulletin asks many questions of one dataset: total trade, exports, imports, the
balance, trade in a product group, with a partner group, of private enterprises, in
US dollars, in the last quarter... Alone, each is a scan of the facts. Queries of one
dataset and basis that have no breakdown (``by``), no ``having`` and sides that do not
overlap (no calendar table) are answered by one statement instead: it reads the rows
of every span they ask about once, and each query's figures are aggregates of that
scan restricted to its own rows, ``SUM(...) FILTER (WHERE ...)``: its flow, returns,
places, filters (a group dimension through one left join of membership flags) and
side. Its comparisons are computed in the same statement from the same expressions
its own plan uses (``compare.comparison_exprs``, the zero-fill of
``measures.fill_empty``), so each answer is the one the query gets alone, types
included. Sums of quantities (floating point: their last digits depend on the order
of addition) run alone, as do queries under disclosure control.
"""

from __future__ import annotations

import functools
from typing import Any

from tradestat.engine import compare, dims, measures
from tradestat.engine.frame import FLOW_CODES, vintage_rows
from tradestat.engine.resolve import Resolved
from tradestat.errors import QueryError, TradestatError
from tradestat.query.dimensions import DIMENSIONS
from tradestat.query.tradequery import ADDITIVE, TradeQuery

COMPARED = ("growth_pct", "share_pp", "contribution_pp")  # hidden when not comparable


def run_shared(engine: Any, queries: list[TradeQuery], confidential: bool) -> dict[Any, Any]:
    """See ``Engine.run_shared``."""
    from tradestat.engine import disclosure

    found: dict[tuple, list[Resolved]] = {}
    for q in dict.fromkeys(queries):
        try:
            ds = engine.catalog.dataset(q.dataset)
            if not confidential and disclosure.applies(q, ds):
                continue  # protected cells: its own run
            r = engine.resolved(q)
        except TradestatError:  # its own run says why
            continue
        if eligible(r):
            found.setdefault(scan_key(q), []).append(r)
    out: dict[TradeQuery, Any] = {}
    for members in found.values():
        if len(members) < 2:
            continue
        try:
            out.update(answer(engine, members))
        except Exception:  # a backend that cannot run it: each query runs alone
            engine.scan_stats["fallbacks"] += 1
    return out


def answer(engine: Any, members: list[Resolved]) -> dict[TradeQuery, Any]:
    """Every member's Result from one statement."""
    import copy
    import time

    from tradestat.engine import inline
    from tradestat.engine.result import Result
    from tradestat.engine.runner import provenance

    started = time.perf_counter()
    ds = members[0].ds
    # the default reporter is filled in when any member filters on reporter
    reporter = [r.q for r in members if "reporter" in {*r.q.filters(), *r.q.filters("exclude")}]
    facts = engine.facts_of(ds, (reporter or [members[0].q])[0])

    def expr() -> Any:
        return expression(facts, members, lambda: engine.catalog.codes(ds))

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
    try:
        for key in ("where", "exclude"):
            for dim, values in getattr(q, key):
                if DIMENSIONS[dim].kind == "group":
                    dims.check_group_ids(dim, values, key)
    except QueryError:  # its own run says so
        return False
    return True


def scan_key(q: TradeQuery) -> tuple:
    """Queries with the same key read the same fact rows (vintages) and share a scan."""
    return (q.dataset, q.basis, q.as_of)


def column(i: int, name: str) -> str:
    return f"m{i}_{name}"


def member_table(table: Any, i: int, q: TradeQuery) -> Any:
    """Member ``i``'s answer from the scan's one row: its result columns, its types."""
    import pyarrow as pa

    names = q.result_columns()
    return pa.Table.from_arrays([table.column(column(i, c)) for c in names], names=names)


def expression(facts: Any, members: list[Resolved], codes: Any) -> Any:
    """One row: for member i, ``m{i}_<column>`` for each of its result columns."""
    import ibis

    spans = sorted({(s.start, s.end) for r in members for s in r.sides.spans})
    t = vintage_rows(facts, members[0].q)
    t = t.filter(ibis.or_(*[t.period.between(a, b) for a, b in spans]))
    flags = _Flags(members, codes)
    t = flags.join(t)
    aggs: dict[Any, tuple[str, Any]] = {}

    def agg(r: Resolved, preds: list[Any], key: tuple) -> str:
        key = (r.q.measure, r.q.flow, r.money, key)
        if key not in aggs:
            where = functools.reduce(lambda a, b: a & b, preds)
            aggs[key] = (f"_a{len(aggs)}", measures.aggregate(t, r.q, r.ds, r.money, where))
        return aggs[key][0]

    wanted = []
    for r in members:
        q = r.q
        rows = _rows(t, q, r.places.cells_drop) + flags.filters(t, r)
        total = _rows(t, q, r.places.total_drop)
        own = (_returns(q), r.places.cells_drop, q.where, q.exclude, flags.key(r))
        whole = (_returns(q), r.places.total_drop)
        names = {}
        for side, span in (("cur", r.sides.cur), ("base", r.sides.base)):
            if span is None:
                continue
            when = t.period.between(span.start, span.end)
            at = (span.start, span.end)
            prefix = "" if side == "cur" else "base_"
            names[f"{prefix}value"] = agg(r, [*rows, when], ("cells", own, at))
            if compare.needs_total(q):
                names[f"_total_{prefix}value"] = agg(r, [*total, when], ("total", whole, at))
        wanted.append((r, names))
    table = t.aggregate(**{name: expr for name, expr in aggs.values()})
    return table.select(**{
        column(i, c): e for i, (r, names) in enumerate(wanted)
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


def _returns(q: TradeQuery) -> str:
    return "gross" if q.measure == "orders" else q.returns  # as frame.base_rows


def _rows(t: Any, q: TradeQuery, drop: tuple[str, ...]) -> list[Any]:
    """What frame.base_rows and places.keep_rows filter, as conditions (one per filter:
    a row counts when every one is true, as when they filter in turn)."""
    preds = []
    returns = _returns(q)
    if returns == "gross":
        preds.append(~t.is_return)
    elif returns == "only":
        preds.append(t.is_return)
    codes = FLOW_CODES[q.flow]
    if len(codes) == 1:
        preds.append(t.flow == codes[0])
    if drop:
        preds.append(t.region.isnull() | ~t.region.isin(list(drop)))
    return preds


class _Flags:
    """One boolean column per group (and, for partner groups, per composition and
    sides: membership is dated) that a member filters on, joined to the facts from a
    small table per group dimension: the conditions of dims.apply_filters' semi and
    anti joins, as columns a FILTER clause can read."""

    def __init__(self, members: list[Resolved], codes: Any) -> None:
        self.names: dict[tuple, str] = {}
        for r in members:
            for _, dim, values in self._group_filters(r.q):
                for gid in values:
                    self.names.setdefault(self._flag(r, dim, gid), f"_f{len(self.names)}")
        self.codes = codes

    @staticmethod
    def _group_filters(q: TradeQuery) -> list[tuple[str, str, tuple[str, ...]]]:
        return [(key, dim, values) for key in ("where", "exclude")
                for dim, values in getattr(q, key) if DIMENSIONS[dim].kind == "group"]  # fmt: skip

    @staticmethod
    def _flag(r: Resolved, dim: str, gid: str) -> tuple:
        if dim == "partner_group":
            return (dim, gid, r.q.composition, r.sides)
        return (dim, gid)

    def key(self, r: Resolved) -> tuple:
        return tuple(self._flag(r, dim, g) for _, dim, vs in self._group_filters(r.q) for g in vs)

    def filters(self, t: Any, r: Resolved) -> list[Any]:
        """The member's where/exclude as conditions on the joined rows."""
        preds = []
        for key in ("where", "exclude"):
            for dim, values in r.q.filters(key).items():
                d = DIMENSIONS[dim]
                if d.kind == "group":
                    flags = [t[self.names[self._flag(r, dim, g)]].fill_null(False) for g in values]
                    member = functools.reduce(lambda a, b: a | b, flags)
                    preds.append(member if key == "where" else ~member)
                elif key == "where":
                    preds.append(t[d.column].isin(list(values)))
                else:  # as apply_filters: excluding GBR keeps rows with no partner
                    col = t[d.column]
                    preds.append(col.isnull() | ~col.isin(list(values)))
        return preds

    def join(self, t: Any) -> Any:
        for dim in ("product_group", "trade_mode_group", "partner_group"):
            flags = {k: n for k, n in self.names.items() if k[0] == dim}
            if flags:
                t = self._join(t, dim, flags)
        return t

    def _join(self, t: Any, dim: str, flags: dict[tuple, str]) -> Any:
        from tradestat import reference
        from tradestat.engine import groups
        from tradestat.engine.memtables import rows_memtable

        members: dict[tuple, set[str]] = {}  # join key -> flags that hold
        if dim == "product_group":
            wanted = {k[1]: n for k, n in flags.items()}
            for gid, code, edition in reference.product_groups_for_codes(self.codes()):
                if gid in wanted:
                    members.setdefault((code, edition or ""), set()).add(wanted[gid])
            keys = {"_code": "string", "_edition": "string"}
        elif dim == "trade_mode_group":
            modes = reference.trade_mode_groups()
            for (_, gid), name in flags.items():
                for mode in sorted(modes.get(gid, ())):
                    members.setdefault((mode,), set()).add(name)
            keys = {"_mode": "string"}
        else:
            for (_, gid, composition, sides), name in flags.items():
                month_keys = groups.membership_keys(sides, composition, False)
                for _, member, month in groups.partner_group_rows([gid], month_keys):
                    members.setdefault((member, month), set()).add(name)
            keys = {"_member": "string", "_month": "date"}
        names = sorted(flags.values())
        rows = [(*k, *(n in held for n in names)) for k, held in sorted(members.items())]
        m = rows_memtable({**keys, **dict.fromkeys(names, "boolean")}, rows)
        if dim == "product_group":
            preds = [t.hs_code == m._code, t.hs_edition.fill_null("") == m._edition]
        elif dim == "trade_mode_group":
            preds = [t.trade_mode == m._mode]
        else:
            preds = [t.partner == m._member, t.period == m._month]
        return t.left_join(m, preds).drop(*keys)
