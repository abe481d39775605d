"""Conditions of shared scans (tradestat.engine.scans): group filters as classes of the
cells, and the row conditions (returns, flow, place rules) every member puts.

A query's ``where``/``exclude`` on a group dimension is a semi/anti join to the group's
membership (dims.apply_filters). A shared scan asks many groups at once: it joins one
small table per group dimension that gives each key its class, the set of wanted
groups the key is in, and groups its cells by class; a group's condition on the cells
is then "class in (the classes holding it)".
"""

from __future__ import annotations

import functools
from typing import Any

from tradestat.engine.frame import FLOW_CODES
from tradestat.engine.resolve import Resolved
from tradestat.query.dimensions import DIMENSIONS
from tradestat.query.tradequery import TradeQuery

# a condition: (key, row expression or function of the cells, whether on rows)
Atom = tuple[Any, Any, bool]


class GroupClasses:
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
        self.columns: list[str] = []  # the class columns joined, by name

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

    @property
    def partners(self) -> bool:
        """Whether members ask for partner groups (a join on partner, and month)."""
        return any(f[0] == "partner_group" for f in self.wanted)

    def join(self, t: Any, partners: bool = True) -> Any:
        """The rows with the class columns of the groups asked for; ``partners=False``
        leaves the partner groups to :meth:`join_partners` (on cells, after a first sum
        by partner: a join probed once per cell, not once per row)."""
        from tradestat import reference

        pg = [f for f in self.wanted if f[0] == "product_group"]
        if pg:
            ids = {f[1]: f for f in pg}
            members: dict[tuple, set[tuple]] = {}  # (code, edition) -> flags that hold
            for gid, code, edition in reference.product_groups_for_codes(self.codes()):
                if gid in ids:
                    members.setdefault((code, edition or ""), set()).add(ids[gid])
            by_code: dict[str, frozenset] = {}  # the groups of a code in every edition
            for code, edition in self.codes():
                held = frozenset(members.get((code, edition or ""), ()))
                by_code[code] = held if by_code.get(code, held) == held else frozenset({None})
            if all(None not in held for held in by_code.values()):
                # each code in the same groups whatever its edition: the code is the key
                one = {(code,): set(held) for code, held in by_code.items() if held}
                m = self._table("_pg", {"_code": "string"}, one, pg)
                t = t.left_join(m, [t.hs_code == m._code]).drop("_code")
            else:
                m = self._table("_pg", {"_code": "string", "_edition": "string"}, members, pg)
                preds = [t.hs_code == m._code, t.hs_edition.fill_null("") == m._edition]
                t = t.left_join(m, preds).drop("_code", "_edition")
            self.columns.append("_pg")
        return self.join_partners(t) if partners else t

    def join_partners(self, t: Any) -> Any:
        """Rows or cells (with partner and period) with the partner groups' class."""
        from tradestat.engine import groups

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
                by_partner: dict[tuple, set[tuple]] = {}
                for (p, _), held in members.items():
                    by_partner.setdefault((p,), set()).update(held)
                members = by_partner
                m = self._table("_pgrp", {"_member": "string"}, members, partner)
                t = t.left_join(m, [t.partner == m._member]).drop("_member")
            else:
                keys = {"_member": "string", "_month": "date"}
                m = self._table("_pgrp", keys, members, partner)
                t = t.left_join(m, [t.partner == m._member, t.period == m._month])
                t = t.drop("_member", "_month")
            self.columns.append("_pgrp")
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


def returns_of(q: TradeQuery) -> str:
    return "gross" if q.measure == "orders" else q.returns  # as frame.base_rows


def row_conditions(q: TradeQuery, drop: tuple[str, ...], t: Any) -> list[Atom]:
    """What frame.base_rows and places.keep_rows filter, as conditions: a row counts
    when every one is true, as when they filter in turn."""
    atoms: list[Atom] = []
    returns = returns_of(q)
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
