"""Partner groups with dated membership (EU, ASEAN, RCEP, Belt and Road, M49 regions, ...).

One YAML file per group in ``data/partner_groups/`` (schema:
``data/schemas/partner_group.schema.json``), plus user files found through
``TRADESTAT_REFERENCE_PATH``. A member belongs to a group on day ``d`` when
``valid_from <= d < valid_to`` (``valid_to`` is exclusive; ``None`` is open on that side).

Composition rule: a month belongs to a group when the member was in it on the month's LAST
day. So the United Kingdom (EU ``valid_to`` 2020-02-01) is in the EU for January 2020 and
out from February 2020; Korea (RCEP from 2022-02-01) is in RCEP from February 2022.

Validation rules, checked on first load (each error names the file, the entry and the rule):
``schema`` (JSON Schema), ``id-matches-file``, ``date-format``, ``from-before-to``
(valid_from < valid_to), ``known-member`` (every member is a partner code),
``no-overlap`` (no member has overlapping intervals in one group).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from itertools import pairwise

from tradestat.reference._group_files import GroupFile, discover, parse_date
from tradestat.reference.errors import ReferenceError, UnknownCode
from tradestat.reference.partners import partner_codes


@dataclass(frozen=True)
class Membership:
    member: str
    valid_from: date | None
    valid_to: date | None  # exclusive
    source: str
    note: str = ""

    def active_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day < self.valid_to
        )


@dataclass(frozen=True)
class Group:
    id: str
    name_en: str
    name_zh: str
    kind: str
    source: str
    note: str
    members: tuple[Membership, ...]
    file: str = ""


def _build(gf: GroupFile, known: frozenset[str]) -> Group:
    doc, file = gf.doc, gf.name
    members: list[Membership] = []
    for i, m in enumerate(doc["members"]):
        entry = f"members[{i}] {m['member']}"
        start = parse_date(m.get("valid_from"), file, f"{entry} valid_from")
        end = parse_date(m.get("valid_to"), file, f"{entry} valid_to")
        if start is not None and end is not None and not start < end:
            raise ReferenceError(file, entry, f"rule from-before-to: {start} is not before {end}")
        if m["member"] not in known:
            raise ReferenceError(file, entry, "rule known-member: not a known partner code")
        source = m.get("source") or doc["source"]
        members.append(Membership(m["member"], start, end, source, m.get("note", "")))
    by_member: dict[str, list[Membership]] = {}
    for m in members:
        by_member.setdefault(m.member, []).append(m)
    for code, spans in by_member.items():
        spans.sort(key=lambda s: s.valid_from or date.min)
        for prev, cur in pairwise(spans):
            if prev.valid_to is None or (cur.valid_from or date.min) < prev.valid_to:
                raise ReferenceError(
                    file,
                    code,
                    f"rule no-overlap: [{prev.valid_from}, {prev.valid_to}) overlaps "
                    f"[{cur.valid_from}, {cur.valid_to})",
                )
    return Group(
        id=doc["id"],
        name_en=doc["name_en"],
        name_zh=doc["name_zh"],
        kind=doc["kind"],
        source=doc["source"],
        note=doc.get("note", ""),
        members=tuple(members),
        file=file,
    )


@cache
def _groups() -> dict[str, Group]:
    known = partner_codes()
    files = discover("partner_groups", "partner_group.schema.json")
    return {gid: _build(gf, known) for gid, gf in files.items()}


def partner_group_ids() -> list[str]:
    return list(_groups())


def partner_group(group_id: str) -> Group:
    try:
        return _groups()[group_id]
    except KeyError:
        raise UnknownCode(group_id, "partner group", "see partner_group_ids()") from None


def partner_group_members_on(group_id: str, day: date) -> frozenset[str]:
    """Members on ``day``: valid_from <= day < valid_to."""
    return frozenset(m.member for m in partner_group(group_id).members if m.active_on(day))


def month_end(month: date) -> date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def partner_group_months(
    group_ids: Iterable[str], months: Iterable[date]
) -> list[tuple[str, str, date]]:
    """(group_id, member, month) rows; membership as on the month's last day.

    ``months`` may be any day of the month; the output uses the first of the month.
    """
    firsts = sorted({m.replace(day=1) for m in months})
    rows: list[tuple[str, str, date]] = []
    for gid in dict.fromkeys(group_ids):
        group = partner_group(gid)
        for month in firsts:
            last = month_end(month)
            rows.extend((gid, m.member, month) for m in group.members if m.active_on(last))
    return rows


def partner_groups_of(member: str, day: date) -> list[str]:
    """Ids of the groups ``member`` belongs to on ``day``."""
    return [
        g.id
        for g in _groups().values()
        if any(m.member == member and m.active_on(day) for m in g.members)
    ]
