"""End use (BEC Rev.4) and SITC Rev.4 of the rows' HS codes, joined to the facts.

A row's class comes from its 6-digit code in the edition it is read in (after the
edition conversion, tradestat.engine.editions). HS2022 codes use the UN HS2022 tables
(BEC and SITC), HS2017 codes the UN HS2017 to BEC table for end use; codes of any other
edition go through HS2022 first, split by the data's weights as in an edition conversion.
A code the UN tables give several classes is shared out equally among its BEC
categories (or SITC codes), and the parts of each row add up to it exactly. A 6-digit
code BEC does not list is ``other`` (goods BEC leaves unclassified); a code shorter than 6
digits, or one SITC does not list, has no class (NULL, "not stated").
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from typing import Any

from tradestat.engine import hs_weights
from tradestat.engine.editions import FLOWS, MAP, split_values
from tradestat.errors import QueryError

CLASS_TABLE = {
    "_ed": "string",
    "_code": "string",
    "_flow": "string",
    "_class": "string",
    "_lo": "float64",
    "_hi": "float64",
    "_split": "boolean",
}
OWN_TABLES = {
    "end_use": ("HS2022", "HS2017"),
    "sitc_section": ("HS2022",),
    "sitc_division": ("HS2022",),
}


def check_values(dim: str, values: tuple[str, ...], key: str) -> None:
    from tradestat.reference.concordance import END_USES

    for v in values:
        ok = (
            v in END_USES
            if dim == "end_use"
            else v.isdigit() and len(v) == (1 if dim == "sitc_section" else 2)
        )
        if not ok:
            known = (
                ", ".join(END_USES)
                if dim == "end_use"
                else ("a digit 0-9" if dim == "sitc_section" else "two digits, e.g. 77")
            )
            raise QueryError(f"{key}.{dim}", f"unknown class {v!r} (use {known})")


@lru_cache(maxsize=100_000)
def _own(dim: str, edition: str, code: str) -> tuple[tuple[str | None, float], ...]:
    """Classes of a code of an edition with its own UN table, equal shares."""
    from tradestat.reference.concordance import bec_end_use, hs_classes

    if dim == "end_use":
        becs = hs_classes("BEC4", edition).get(code)
        if not becs:
            return (("other", 1.0),)
        uses = Counter(bec_end_use().get(b, "other") for b in becs)
    else:
        sitcs = hs_classes("SITC4", "HS2022").get(code)
        if not sitcs:
            return ((None, 1.0),)
        digits = 1 if dim == "sitc_section" else 2
        uses = Counter(s[:digits] for s in sitcs)
    n = sum(uses.values())
    return tuple((c, k / n) for c, k in sorted(uses.items()))


def classes_of(
    dim: str, edition: str, codes: set[str], flow: str, shares_for: Any
) -> dict[str, list[tuple[str | None, float]]]:
    """{code: [(class, share)]} for 6-digit codes of ``edition``."""
    own = OWN_TABLES[dim]
    if edition in own:
        return {c: list(_own(dim, edition, c)) for c in codes}
    split = hs_weights.split_codes(codes, edition, "HS2022", flow, lambda e: shares_for(e, edition))
    out: dict[str, list[tuple[str | None, float]]] = {}
    for code in codes:
        acc: dict[str | None, float] = {}
        for mid, w in split.get(code, []):
            for cls, w2 in _own(dim, "HS2022", mid):
                acc[cls] = acc.get(cls, 0.0) + w * w2
        out[code] = sorted(acc.items(), key=lambda kv: kv[0] or "") or [
            ("other" if dim == "end_use" else None, 1.0)
        ]
    return out


def class_rows(dim: str, codes: list[tuple[str, str | None]], editions: Any) -> list[tuple]:
    """The class table of ``dim`` for the (code, edition) pairs the rows carry; a row
    without an edition is read in the query's edition (HS2022 when it has none)."""
    key = (dim, tuple(codes))
    if key in editions.memo:
        return editions.memo[key]
    by_edition: dict[str, set[str]] = {}
    for code, ed in codes:
        if len(code) >= 6:
            by_edition.setdefault(ed or "", set()).add(code[:6])
    rows = []
    for ed, present in sorted(by_edition.items()):
        read_as = ed or editions.target or "HS2022"
        if read_as not in OWN_TABLES[dim] and editions.shares_for is None:
            continue
        for flow in FLOWS:
            for code, parts in sorted(
                classes_of(dim, read_as, present, flow, editions.shares_for).items()
            ):
                for cls, lo, hi in hs_weights.cumulative(parts):
                    rows.append((ed, code, flow, cls, lo, hi, len(parts) > 1))
    editions.memo[key] = rows
    return rows


def join_class(t: Any, dim: str, ctx: Any, keep: str = "by") -> Any:
    """``t`` with its rows' class of ``dim`` in column ``dim`` (shared out when split).

    ``keep``: "by" keeps every row (unclassified ones with NULL); "where" keeps the
    parts in the wanted classes, "exclude" drops those in the excluded ones."""
    from tradestat.engine.memtables import rows_memtable

    rows = class_rows(dim, ctx.codes(), ctx.editions)
    where = set(ctx.q.filters("where").get(dim, ()))
    excluded = set(ctx.q.filters("exclude").get(dim, ()))
    if where:
        rows = [r for r in rows if r[3] in where and r[3] not in excluded]
    m = rows_memtable(CLASS_TABLE, rows)
    preds = [t.hs_edition.fill_null("") == m._ed, t.hs6 == m._code, t.flow == m._flow]
    if where:
        j = t.join(m, preds)
    else:
        j = t.left_join(m, preds)
        if excluded:  # rows with no class are kept (excluding a class drops only its parts)
            j = j.filter(j._code.isnull() | j._class.isnull() | ~j._class.isin(sorted(excluded)))
    j = j.mutate(**split_values(j, j._split.fill_null(False), j._lo, j._hi))
    if keep == "by":
        j = j.mutate(**{dim: j._class})
    return j.drop(*(c for c in MAP if c in j.columns), "_class")
