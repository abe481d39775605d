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
# a condition: (key, row expression or function of the cells, whether on rows)
Atom = tuple[Any, Any, bool]


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
            found.setdefault(scan_key(r), []).append(r)
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
    if measures.distinct_field(q, r.ds):  # a distinct count does not add up over cells
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
    """Queries with the same key share a scan: the same fact rows (vintages), in the
    same years (a query reaching back further reads more rows for all: alone instead)."""
    years = frozenset(y for s in r.sides.spans for y in range(s.start.year, s.end.year + 1))
    return (r.q.dataset, r.q.basis, r.q.as_of, years)


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
    (``_Flags``) and a boolean per other condition a member puts on its rows (filters,
    place rules: true, false or null as on the row); each member's side is then the sum
    of the cells its conditions hold for, in the same statement. Sums of exact
    decimals and counts add up to the same figure whatever the grouping."""
    import ibis

    spans = sorted({(s.start, s.end) for r in members for s in r.sides.spans})
    t = vintage_rows(facts, members[0].q)
    t = t.filter(ibis.or_(*[t.period.between(a, b) for a, b in spans]))
    flags = _Flags(members, codes)
    t = flags.join(t)
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

    wanted = []
    for r in members:
        rows = conditions(_rows(r.q, r.places.cells_drop, t) + flags.filters(t, r))
        total = conditions(_rows(r.q, r.places.total_drop, t))
        wanted.append((r, summed(r), rows, total))
    keys = [t.period, t.flow, *flags.columns]
    if any(_returns(r.q) != "net" for r in members):
        keys.append(t.is_return)
    by = keys + [e.name(name) for name, e in bits.values()]
    cells = t.group_by(by).aggregate(**{name: e for name, e in sums.values()})
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
    table = cells.aggregate(**{name: e for name, e in aggs.values()})
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


def _returns(q: TradeQuery) -> str:
    return "gross" if q.measure == "orders" else q.returns  # as frame.base_rows


def _rows(q: TradeQuery, drop: tuple[str, ...], t: Any) -> list[Atom]:
    """What frame.base_rows and places.keep_rows filter, as conditions: a row counts
    when every one is true, as when they filter in turn."""
    atoms: list[Atom] = []
    returns = _returns(q)
    if returns == "gross":
        atoms.append((("returns", "gross"), lambda c: ~c.is_return, False))
    elif returns == "only":
        atoms.append((("returns", "only"), lambda c: c.is_return, False))
    codes = FLOW_CODES[q.flow]
    if len(codes) == 1:
        atoms.append((("flow", codes[0]), lambda c, code=codes[0]: c.flow == code, False))
    if drop:
        keep = t.region.isnull() | ~t.region.isin(list(drop))
        atoms.append((("keep", drop), keep, True))
    return atoms


class _Flags:
    """Membership of the groups members filter on (partner groups per composition and
    sides too: membership is dated), as dims.apply_filters' semi and anti joins
    decide it. Product and partner groups: one left join each of a small table giving
    each key (HS code and edition; partner and month) its class, the set of wanted
    groups it is in, as one number: the cells are grouped by class, and a group's
    condition is "class in (the classes holding it)". Trade-mode groups (a few codes)
    are a list on the rows."""

    def __init__(self, members: list[Resolved], codes: Any) -> None:
        self.wanted: dict[tuple, None] = {}
        for r in members:
            for _, dim, values in self._group_filters(r.q):
                for gid in values:
                    self.wanted.setdefault(self._flag(r, dim, gid))
        self.codes = codes
        self.classes: dict[tuple, tuple[str, list[int]]] = {}  # flag -> (column, classes)
        self.columns: list[Any] = []

    @staticmethod
    def _group_filters(q: TradeQuery) -> list[tuple[str, str, tuple[str, ...]]]:
        return [(key, dim, values) for key in ("where", "exclude")
                for dim, values in getattr(q, key) if DIMENSIONS[dim].kind == "group"]  # fmt: skip

    @staticmethod
    def _flag(r: Resolved, dim: str, gid: str) -> tuple:
        if dim == "partner_group":
            return (dim, gid, r.q.composition, r.sides)
        return (dim, gid)

    def filters(self, t: Any, r: Resolved) -> list[Atom]:
        """The member's where/exclude as conditions."""
        atoms: list[Atom] = []
        for key in ("where", "exclude"):
            for dim, values in r.q.filters(key).items():
                d = DIMENSIONS[dim]
                if d.kind == "group":
                    flags = tuple(self._flag(r, dim, g) for g in values)
                    if dim == "trade_mode_group":
                        atoms.append(((key, flags), self._modes(t, flags, key), True))
                    else:
                        cond = functools.partial(self._in_class, flags=flags, where=key)
                        atoms.append(((key, flags), cond, False))
                elif key == "where":
                    atoms.append(((key, dim, values), t[d.column].isin(list(values)), True))
                else:  # as apply_filters: excluding GBR keeps rows with no partner
                    col = t[d.column]
                    atoms.append(((key, dim, values), col.isnull() | ~col.isin(list(values)), True))
        return atoms

    @staticmethod
    def _modes(t: Any, flags: tuple, key: str) -> Any:
        import ibis

        from tradestat import reference

        groups = reference.trade_mode_groups()
        modes = sorted({m for _, gid in flags for m in groups.get(gid, ())})
        member = t.trade_mode.isin(modes).fill_null(False) if modes else ibis.literal(False)
        return member if key == "where" else ~member

    def _in_class(self, cells: Any, flags: tuple, where: str) -> Any:
        """Rows in any of the groups (never null: an anti join keeps rows without a key)."""
        import ibis

        column = self.classes[flags[0]][0]
        held = sorted({c for f in flags for c in self.classes[f][1]})
        member = cells[column].isin(held).fill_null(False) if held else ibis.literal(False)
        return member if where == "where" else ~member

    def join(self, t: Any) -> Any:
        from tradestat import reference
        from tradestat.engine import groups

        pg = [f for f in self.wanted if f[0] == "product_group"]
        if pg:
            ids = {f[1]: f for f in pg}
            members: dict[tuple, set[tuple]] = {}  # (code, edition) -> flags that hold
            for gid, code, edition in reference.product_groups_for_codes(self.codes()):
                if gid in ids:
                    members.setdefault((code, edition or ""), set()).add(ids[gid])
            codes = self.codes()
            if len({code for code, _ in codes}) == len(codes):
                # the dataset has each code in one edition: the code alone is the key
                members = {(code,): held for (code, _), held in members.items()}
                m = self._table("_pg", {"_code": "string"}, members, pg)
                t = t.left_join(m, [t.hs_code == m._code]).drop("_code")
            else:
                m = self._table("_pg", {"_code": "string", "_edition": "string"}, members, pg)
                preds = [t.hs_code == m._code, t.hs_edition.fill_null("") == m._edition]
                t = t.left_join(m, preds).drop("_code", "_edition")
            self.columns.append(t._pg)
        partner = [f for f in self.wanted if f[0] == "partner_group"]
        if partner:
            members = {}  # (partner, fact month) -> flags that hold
            steady = True  # every partner in or out of each group in all its months
            for flag in partner:
                _, gid, composition, sides = flag
                month_keys = groups.membership_keys(sides, composition, False)
                months: dict[str, int] = {}
                for _, member, month in groups.partner_group_rows([gid], month_keys):
                    members.setdefault((member, month), set()).add(flag)
                    months[member] = months.get(member, 0) + 1
                steady = steady and all(n == len(month_keys) for n in months.values())
            if steady:  # a flag is read only in its members' months: the partner is key
                members = {(p,): held for (p, _), held in members.items()}
                m = self._table("_pgrp", {"_member": "string"}, members, partner)
                t = t.left_join(m, [t.partner == m._member]).drop("_member")
            else:
                keys = {"_member": "string", "_month": "date"}
                m = self._table("_pgrp", keys, members, partner)
                t = t.left_join(m, [t.partner == m._member, t.period == m._month])
                t = t.drop("_member", "_month")
            self.columns.append(t._pgrp)
        return t

    def _table(self, column: str, keys: dict[str, str], members: dict[tuple, set[tuple]],
               flags: list[tuple]) -> Any:  # fmt: skip
        """(key..., class) rows; records which classes hold each flag."""
        from tradestat.engine.memtables import rows_memtable

        ids: dict[frozenset, int] = {}
        for held in members.values():
            ids.setdefault(frozenset(held), len(ids))
        for flag in flags:
            self.classes[flag] = (column, [i for held, i in ids.items() if flag in held])
        rows = [(*k, ids[frozenset(held)]) for k, held in sorted(members.items())]
        return rows_memtable({**keys, column: "int64"}, rows)
