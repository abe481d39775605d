"""Membership tables for group dimensions, built small and joined to the facts.

Partner groups have dated membership. With ``composition="current"`` (default) a
base-period month uses the membership of the current-period month it is compared
with, so growth compares the same composition in both periods; with
``"historical"`` every month uses its own membership.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from tradestat.engine.frame import Sides
from tradestat.engine.memtables import rows_memtable


def membership_keys(sides: Sides, composition: str, calendar: bool) -> list[tuple[date, date]]:
    """(join-key month, month whose membership applies) pairs.

    The join key is the fact month, or the aligned month when a calendar is joined.
    """
    if composition == "historical":
        return [(m, m) for s in sides.spans for m in s.month_list()]
    if calendar:
        return [(m, m) for m in sides.cur.month_list()]
    return [(fact, aligned) for fact, aligned, _ in sides.aligned_pairs()]


def partner_group_rows(group_ids: list[str], keys: list[tuple[date, date]]) -> list[tuple]:
    from tradestat import reference

    months = sorted({evaluated for _, evaluated in keys})
    members = reference.partner_group_months(group_ids, months)
    by_month: dict[date, list[tuple[str, str]]] = {}
    for gid, member, month in members:
        by_month.setdefault(month, []).append((gid, member))
    return [(gid, member, key) for key, ev in keys for gid, member in by_month.get(ev, [])]


def partner_group_table(group_ids: list[str], composition: str, calendar: bool,
                        sides: Sides) -> Any:  # fmt: skip
    """Membership by month of the months the query reads; its rows follow from the sides."""

    def rows(s: Sides) -> list[tuple]:
        return partner_group_rows(group_ids, membership_keys(s, composition, calendar))

    schema = {"_group": "string", "_member": "string", "_month": "date"}
    return rows_memtable(schema, rows(sides), recipe=rows)


def product_group_table(group_ids: list[str], codes: list[tuple[str, str | None]]) -> Any:
    """(group, hs_code, edition key) for the codes present in the dataset."""
    from tradestat import reference

    wanted = set(group_ids)
    rows = [
        (gid, code, edition or "")
        for gid, code, edition in reference.product_groups_for_codes(codes)
        if gid in wanted
    ]
    return rows_memtable({"_group": "string", "_code": "string", "_edition": "string"}, rows)


def trade_mode_group_table(group_ids: list[str]) -> Any:
    from tradestat import reference

    groups = reference.trade_mode_groups()
    rows = [(gid, mode) for gid in group_ids for mode in sorted(groups.get(gid, ()))]
    return rows_memtable({"_group": "string", "_mode": "string"}, rows)


def known_ids(dim: str) -> list[str]:
    from tradestat import reference

    if dim == "partner_group":
        return list(reference.partner_group_ids())
    if dim == "product_group":
        return list(reference.product_group_ids())
    return sorted(reference.trade_mode_groups())
