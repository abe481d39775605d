"""The HS edition a query reads its codes in, and the conversion of rows recorded in others.

Which edition (decided once per query, in ``resolve``):
- ``"hs_edition": "HS2017"`` (any of HS1992..HS2022): that edition;
- ``"hs_edition": "recorded"``: every row in its own edition, nothing converted;
- no ``hs_edition``: the latest edition recorded in the months of the query's two sides
  (the comparable basis: a series crossing an edition change is read on one edition);
  a query on product groups takes the latest edition all its groups are defined in when
  that one is not among them.

Rows are converted only when the query reads HS codes (a breakdown or filter on an HS
dimension, a product group, end use or SITC) and some of its months are recorded in
another edition: a total does not depend on the edition. A converted row takes the
target code (6 digits) in ``hs_code`` and ``hs2``/``hs4``/``hs6``; a 1:1 or n:1 code
moves whole, a 1:n or n:n code is split by the weights of ``hs_weights`` (from the data),
each part exact at the value's precision so the parts add up to the row. Codes shorter
than 6 digits, or unknown to the UN tables, are kept as they are (counted in provenance).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tradestat.engine import hs_weights
from tradestat.errors import QueryError
from tradestat.query.dimensions import DIMENSIONS
from tradestat.query.tradequery import TradeQuery

FLOWS = ("X", "M")
MONEY = ("value", "value_cny", "value_usd")
MAP = {
    "_ed": "string",
    "_code": "string",
    "_flow": "string",
    "_to": "string",
    "_lo": "float64",
    "_hi": "float64",
    "_split": "boolean",
}
METHOD = (
    "1:1 and n:1 codes moved whole; 1:n and n:n codes split by the target codes' "
    "shares of value in the nearest year recorded in the target edition (per flow, "
    "equal shares when they have none); editions other than HS2022 converted "
    "through HS2022"
)


def hs_dimensions(q: TradeQuery) -> set[str]:
    used = set(q.by) | set(q.filters("where")) | set(q.filters("exclude"))
    return {d for d in used if DIMENSIONS[d].grain_field == "hs_code"}


@dataclass(frozen=True, eq=False)
class EditionPlan:
    target: str | None  # the edition codes are read in (None: as recorded)
    recorded: tuple[str, ...] = ()  # editions of the rows in the query's months
    converted: tuple[str, ...] = ()  # editions whose rows are converted
    rows: tuple[tuple, ...] = ()  # the conversion table (MAP)
    stats: dict[str, float] = field(default_factory=dict)
    shares_for: Callable[[str, str], hs_weights.Shares] | None = None  # (edition, from)
    asked: str | None = None
    memo: dict = field(default_factory=dict)
    read: bool = True  # False: the query reads no HS code and asks no edition

    @property
    def key(self) -> tuple:
        """What changes the SQL (part of a plan's shape)."""
        return (self.target, self.converted)

    def provenance(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "edition": self.target or "as recorded",
            "recorded": list(self.recorded),
        }
        if self.asked is None and self.target:
            out["chosen"] = "latest edition recorded in the query's months"
        if self.converted:
            out.update(converted=list(self.converted), method=METHOD, **self.stats)
        return out

    def codes_after(self, codes: list[tuple[str, str | None]]) -> list[tuple[str, str | None]]:
        """The (code, edition) pairs the rows carry once converted."""
        if not self.converted:
            return codes
        known = {(r[0], r[1]) for r in self.rows}
        # rows of other editions whose code the UN tables convert take its targets; the
        # others (codes shorter than 6 digits, unknown codes) keep their own
        kept = [c for c in codes if c[1] not in self.converted or (c[1], c[0][:6]) not in known]
        moved = {(r[3], self.target) for r in self.rows}
        return sorted(set(kept) | moved, key=lambda c: (c[0], c[1] or ""))


def editions_by_period(catalog: Any, ds: Any) -> list[tuple[Any, str]]:
    """Distinct (period, hs_edition) of a dataset's rows."""
    rows = catalog.distinct(ds, "editions")
    return sorted((r["period"], r["hs_edition"]) for r in rows)


def _order(edition: str) -> int:
    return int(edition[2:]) if edition[2:].isdigit() else 0


def choose_target(q: TradeQuery, recorded: set[str]) -> str | None:
    """The edition of the query's codes (module docstring); None: as recorded."""
    from tradestat.reference import product_group

    if q.hs_edition == "recorded":
        return None
    named = set(q.filters("where").get("product_group", ()))
    named |= set(q.filters("exclude").get("product_group", ()))
    defined: set[str] | None = None
    for gid in sorted(named):
        try:
            eds = {e.edition for e in product_group(gid).editions}
        except Exception:  # an unknown id is refused with its name by the dimension
            continue
        defined = eds if defined is None else defined & eds
    if q.hs_edition:
        if defined is not None and q.hs_edition not in defined:
            raise QueryError(
                "hs_edition",
                f"product groups {', '.join(sorted(named))} are "
                f"defined for {', '.join(sorted(defined)) or 'no common edition'}",
            )
        return q.hs_edition
    latest = max(recorded, key=_order) if recorded else None
    if defined and latest not in defined:
        return max(defined, key=_order)
    return latest


def plan_editions(catalog: Any, facts: Any, q: TradeQuery, ds: Any, sides: Any) -> EditionPlan:
    if not ds.has("hs_code") or (not hs_dimensions(q) and q.hs_edition is None):
        return EditionPlan(None, read=False)  # no edition to decide: nothing read
    months = {m for s in sides.spans for m in s.month_list()}
    pairs = editions_by_period(catalog, ds)
    recorded = {e for p, e in pairs if p in months}
    target = choose_target(q, recorded)
    years: dict[str, set[int]] = {}
    for p, e in pairs:
        years.setdefault(e, set()).add(p.year)

    def shares_for(edition: str, source: str) -> hs_weights.Shares:
        year = hs_weights.nearest_year(years.get(edition, set()), years.get(source, set()))
        if year is None:
            return {}
        key = ("hs_shares", ds.name, edition, year)
        return catalog.memo(
            key, lambda: hs_weights.year_shares(catalog.backend, facts, edition, year)
        )

    base = {
        "recorded": tuple(sorted(recorded, key=_order)),
        "shares_for": shares_for,
        "asked": q.hs_edition,
    }
    converted = tuple(sorted(recorded - {target}, key=_order)) if target else ()
    if not converted or not hs_dimensions(q):
        return EditionPlan(target, **base)
    key = ("hs_map", ds.name, target, converted)
    rows = catalog.memo(key, lambda: _map_rows(catalog.codes(ds), converted, target, shares_for))
    stats = catalog.memo(
        ("hs_stats", ds.name, q.basis, q.as_of, q.returns, q.flow, q.measure, sides, target),
        lambda: _stats(catalog, facts, q, sides, rows, converted),
    )
    return EditionPlan(target, converted=converted, rows=rows, stats=stats, **base)


def _map_rows(
    codes: list, converted: tuple[str, ...], target: str, shares_for: Callable
) -> tuple[tuple, ...]:
    rows = []
    for ed in converted:
        present = {c[:6] for c, e in codes if e == ed and len(c) >= 6}
        for flow in FLOWS:
            split = hs_weights.split_codes(
                present, ed, target, flow, lambda e, src=ed: shares_for(e, src)
            )
            for code in sorted(split):
                parts = hs_weights.cumulative(split[code])
                for to, lo, hi in parts:
                    rows.append((ed, code, flow, to, lo, hi, len(parts) > 1))
    return tuple(rows)


def _stats(
    catalog: Any, facts: Any, q: TradeQuery, sides: Any, rows: tuple, converted: tuple[str, ...]
) -> dict[str, float]:
    """Shares (%) of the value the query's months read: converted, split, left as recorded."""
    import dataclasses

    from tradestat.engine.frame import base_rows
    from tradestat.engine.inline import to_arrow

    plain = dataclasses.replace(q, by=(), where=(), exclude=(), order_by=(), top=None, having=None)
    t = base_rows(facts, plain, sides)
    agg = t.group_by(["hs_edition", "hs6", "flow"]).aggregate(v=t.value.sum().cast("float64"))
    d = to_arrow(catalog.backend, agg).to_pydict()
    splits = {(r[0], r[1], r[2]) for r in rows if r[6]}
    known = {(r[0], r[1], r[2]) for r in rows}
    total = conv = split = unmatched = 0.0
    for ed, code, flow, v in zip(d["hs_edition"], d["hs6"], d["flow"], d["v"], strict=True):
        v = abs(float(v or 0))
        total += v
        if ed in converted:
            conv += v
            split += v if (ed, code, flow) in splits else 0.0
            unmatched += v if (ed, code, flow) not in known else 0.0
    pct = (lambda x: round(100 * x / total, 4)) if total else (lambda x: 0.0)
    return {
        "converted_share_pct": pct(conv),
        "split_share_pct": pct(split),
        "unconverted_share_pct": pct(unmatched),
    }


def convert(t: Any, plan: EditionPlan | None) -> Any:
    """Rows of other editions in the target edition (a left join on the conversion table)."""
    if plan is None or not plan.rows:
        return t
    import ibis

    from tradestat.engine.memtables import rows_memtable

    m = rows_memtable(MAP, list(plan.rows))
    j = t.left_join(m, [t.hs_edition == m._ed, t.hs6 == m._code, t.flow == m._flow])
    hit, to = j._to.notnull(), j._to
    changes = {
        "hs_code": ibis.ifelse(hit, to, j.hs_code),
        "hs6": ibis.ifelse(hit, to, j.hs6),
        "hs4": ibis.ifelse(hit, to.substr(0, 4), j.hs4),
        "hs2": ibis.ifelse(hit, to.substr(0, 2), j.hs2),
        "hs_edition": ibis.ifelse(hit, ibis.literal(plan.target), j.hs_edition),
    }
    changes.update(split_values(j, j._split.fill_null(False), j._lo, j._hi))
    return j.mutate(**changes).drop(*MAP)


def split_values(t: Any, split: Any, lo: Any, hi: Any) -> dict[str, Any]:
    """Money and quantity of the part (lo, hi] of each split row: rounded to the cent at
    both ends, so the parts of a row telescope to exactly its value."""
    import ibis

    def part(v: Any) -> Any:
        x = v.cast("float64")
        a = (x * hi).round(2).cast("decimal(18, 2)")
        b = (x * lo).round(2).cast("decimal(18, 2)")
        return (a - b).cast("decimal(18, 2)")

    out = {c: ibis.ifelse(split, part(t[c]), t[c]) for c in MONEY if c in t.columns}
    out["quantity"] = ibis.ifelse(split, t.quantity * (hi - lo), t.quantity)
    return out
