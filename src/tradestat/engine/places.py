"""Place hierarchy: a province contains its prefecture cities, a city its counties.

Official tables by location list a province's own row beside some of its cities
(Zhejiang and Hangzhou, Ningbo ...). Adding them double counts. A query therefore reads
the coarsest rows that do not overlap: a place is left out when the dataset holds a row
of a place that contains it. ``by: ["province"]`` takes a province's own row where the
dataset has one, else the sum of its cities (marked partial, the cities named);
``by: ["city"]`` takes city rows (a city without its own row is the sum of its
counties); ``by: ["region"]`` shows every place as recorded, with shares of the
non-overlapping total.

This is a rule for tables of figures. Records (declarations, orders: a dataset with
``enterprise_id`` or ``order_id``) each have one place, so a record placed only at its
province and another at a county of it are two records, both counted; and a dataset
whose places never overlap reads every row, with no extra filter in its SQL.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tradestat.query.tradequery import TradeQuery

PLACE_DIMENSIONS = ("region", "province", "city")


@dataclass(frozen=True)
class Place:
    code: str
    province: str
    city: str | None  # None for a province-level row

    @property
    def level(self) -> str:
        if self.code == self.province:
            return "province"
        return "city" if self.code == self.city else "county"

    def ancestors(self) -> set[str]:
        return {c for c in (self.province, self.city) if c and c != self.code}


@dataclass(frozen=True)
class PlaceRule:
    """Which region rows the cells and the total of one query read."""

    cells_drop: tuple[str, ...] = ()  # region codes left out of the cells
    total_drop: tuple[str, ...] = ()  # region codes left out of the total (shares)
    partial: dict[str, list[str]] = field(default_factory=dict)  # place -> parts summed

    @property
    def same_rows(self) -> bool:
        return self.cells_drop == self.total_drop

    def notes(self) -> list[str]:
        from tradestat.reference import region_name

        out = []
        for place, parts in sorted(self.partial.items()):
            named = ", ".join(f"{p} {_name(region_name, p)}" for p in parts[:8])
            more = f" and {len(parts) - 8} more" if len(parts) > 8 else ""
            out.append(
                f"{place} {_name(region_name, place)} is partial: the dataset has no row of "
                f"its own, so it is the sum of {named}{more}"
            )
        return out


def _name(lookup: Any, code: str) -> str:
    try:
        return lookup(code)
    except Exception:  # an unknown code is shown as itself
        return code


def place_rule(q: TradeQuery, places: list[Place], records: bool) -> PlaceRule:
    if records:
        return PlaceRule()
    codes = {p.code for p in places}
    overlapped = sorted(p.code for p in places if p.ancestors() & codes)
    by = [d for d in q.by if d in PLACE_DIMENSIONS]
    filtered = set(q.filters("where")) & set(PLACE_DIMENSIONS)
    partial: dict[str, list[str]] = {}
    if "city" in by:
        provinces = tuple(sorted(p.code for p in places if p.level == "province"))
        counties = {p.code for p in places if p.level == "county" and p.city in codes}
        cells = tuple(sorted(set(provinces) | counties))
        if any(p.level == "city" for p in places):
            partial = _partial(places, codes, "city")
    elif "region" in by:
        cells = ()
    else:
        cells = tuple(overlapped)
        lists_provinces = any(p.level == "province" for p in places)
        if lists_provinces and ("province" in by or "province" in filtered):
            partial = _partial(places, codes, "province")
    return PlaceRule(cells, tuple(overlapped), partial)


def _partial(places: list[Place], codes: set[str], level: str) -> dict[str, list[str]]:
    """Places of ``level`` the dataset has no own row for, made of the parts it has."""
    out: dict[str, list[str]] = {}
    for p in places:
        parent = p.province if level == "province" else p.city
        inside_listed = (p.ancestors() - {parent}) & codes  # e.g. a county of a listed city
        if parent and parent != p.code and parent not in codes and not inside_listed:
            out.setdefault(parent, []).append(p.code)
    return {k: sorted(v) for k, v in out.items()}


def keep_rows(t: Any, drop: tuple[str, ...]) -> Any:
    """Rows of ``t`` whose region is not in ``drop`` (rows without a place are kept)."""
    if not drop:
        return t
    return t.filter(t.region.isnull() | ~t.region.isin(list(drop)))
