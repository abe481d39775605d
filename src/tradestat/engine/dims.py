"""Filters (`where` / `exclude`) and breakdown columns (`by`) on the fact rows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tradestat.engine import classes, groups
from tradestat.engine.frame import Sides
from tradestat.errors import QueryError
from tradestat.query.dimensions import DIMENSIONS
from tradestat.query.tradequery import TradeQuery

CodeLister = Callable[[], list[tuple[str, str | None]]]
# the fact columns each group dimension's membership joins on (DimensionContext.membership)
MEMBERSHIP_KEYS = {
    "product_group": ("hs_code", "hs_edition"),
    "partner_group": ("partner", "period"),
    "trade_mode_group": ("trade_mode",),
}


class DimensionContext:
    """What dimension joins need besides the query: sides, the dataset's HS codes (as
    the rows carry them once converted to the query's edition) and that conversion."""

    def __init__(self, q: TradeQuery, sides: Sides, calendar: bool, codes: CodeLister,
                 editions: Any = None) -> None:  # fmt: skip
        self.q, self.sides, self.calendar, self.editions = q, sides, calendar, editions
        self.recorded_codes = codes
        self.codes = (lambda: editions.codes_after(codes())) if editions is not None else codes

    def membership(self, dim: str, ids: list[str]) -> tuple[Any, Callable[[Any, Any], list]]:
        """Membership table for ``ids`` of group dimension ``dim`` and its join predicates."""
        if dim == "partner_group":
            m = groups.partner_group_table(ids, self.q.composition, self.calendar, self.sides)
            use_aligned = self.calendar and self.q.composition == "current"

            def preds(t: Any, m: Any) -> list:
                month = t._aligned if use_aligned else t.period
                return [t.partner == m._member, month == m._month]

            return m, preds
        if dim == "product_group":
            m = groups.product_group_table(ids, self.codes())

            def preds(t: Any, m: Any) -> list:
                return [t.hs_code == m._code, t.hs_edition.fill_null("") == m._edition]

            return m, preds
        m = groups.trade_mode_group_table(ids)
        return m, lambda t, m: [t.trade_mode == m._mode]


def check_group_ids(dim: str, ids: tuple[str, ...], key: str) -> None:
    known = set(groups.known_ids(dim))
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise QueryError(
            f"{key}.{dim}", f"unknown group {unknown[0]!r} (known: {', '.join(sorted(known))})"
        )


def apply_filters(t: Any, ctx: DimensionContext, skip: set[str] = frozenset()) -> Any:
    """Apply `where` and `exclude`, except on the dimensions in ``skip``."""
    for key in ("where", "exclude"):
        for dim, values in ctx.q.filters(key).items():
            if dim in skip or (key == "where" and dim in ctx.q.by and _is_group(dim)):
                continue  # a grouped `by` dimension filters through its own join
            d = DIMENSIONS[dim]
            if d.kind == "class":
                classes.check_values(dim, values, key)
                if dim in ctx.q.by or (key == "exclude" and dim in ctx.q.filters("where")):
                    continue  # one join per class dimension, with both its filters
                t = classes.join_class(t, dim, ctx, keep="filter")
            elif d.kind == "group":
                check_group_ids(dim, values, key)
                m, preds = ctx.membership(dim, list(values))
                join = t.semi_join if key == "where" else t.anti_join
                t = join(m, preds(t, m))
            else:
                col = t[d.column]
                if key == "where":
                    t = t.filter(col.isin(list(values)))
                else:  # keep rows with no value: excluding GBR must not drop unknown partners
                    t = t.filter(col.isnull() | ~col.isin(list(values)))
    return t


def add_group_columns(t: Any, ctx: DimensionContext) -> Any:
    """Join membership for every group dimension in `by`, naming the column after it."""
    for dim in ctx.q.by:
        if DIMENSIONS[dim].kind == "class":
            t = classes.join_class(t, dim, ctx)
            continue
        if not _is_group(dim):
            continue
        wanted = ctx.q.filters("where").get(dim)
        if wanted:
            check_group_ids(dim, wanted, "where")
        ids = list(wanted) if wanted else groups.known_ids(dim)
        m, preds = ctx.membership(dim, ids)
        t = t.join(m, preds(t, m))
        t = t.rename({dim: "_group"}).drop(*[c for c in m.columns if c != "_group"])
    return t


def _is_group(dim: str) -> bool:
    return DIMENSIONS[dim].kind == "group"
