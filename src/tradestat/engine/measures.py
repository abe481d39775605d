"""Measures: what is summed or counted, once for each side of the comparison."""

from __future__ import annotations

from typing import Any

from tradestat.errors import GrainError, QueryError
from tradestat.model.dataset import Dataset
from tradestat.query.tradequery import ADDITIVE, TradeQuery

NEEDS_FIELD = {"enterprises": "enterprise_id", "partners": "partner"}


def value_column(q: TradeQuery, ds: Dataset) -> str:
    currency = (q.currency or ds.home_currency).upper()
    if currency == "CNY":
        return "value_cny"
    if currency == "USD":
        return "value_usd"
    if currency == ds.home_currency:
        return "value"
    raise QueryError(
        "currency",
        f"{currency} is not available for dataset {ds.name!r}: use CNY, USD or its home "
        f"currency {ds.home_currency}",
    )


def check_measure(q: TradeQuery, ds: Dataset) -> None:
    field = NEEDS_FIELD.get(q.measure)
    if field and not ds.has(field):
        raise GrainError(
            "measure",
            f"{q.measure!r} needs {field}, which dataset {ds.name!r} lacks "
            f"(grain: {', '.join(ds.grain)})",
        )
    if q.measure != "value":
        value_column(q.replace(currency=None), ds)
    else:
        value_column(q, ds)


def aggregate(t: Any, q: TradeQuery, ds: Dataset, money: Any = None, where: Any = None) -> Any:
    """The query's measure over the rows of ``t`` where ``where`` holds (all if None);
    money values in ``money``'s currency and basis (the stored column when None)."""
    import ibis

    m = q.measure
    if m in ADDITIVE:
        if m == "value":
            col = money.expr(t) if money is not None else t[value_column(q, ds)]
        else:
            col = t.quantity
        if q.flow == "balance":
            col = ibis.ifelse(t.flow == "M", -col, col)
        return col.sum(where=where)
    if m == "records":
        return t.count(where=where)
    if m == "orders":
        if ds.has("order_id"):
            return t.order_id.nunique(where=where)
        return t.orders.sum(where=where)
    return t[NEEDS_FIELD[m]].nunique(where=where)


def distinct_field(q: TradeQuery, ds: Dataset) -> str | None:
    """The column a distinct-count measure counts (None for sums and row counts)."""
    if q.measure in NEEDS_FIELD:
        return NEEDS_FIELD[q.measure]
    if q.measure == "orders" and ds.has("order_id"):
        return "order_id"
    return None


def side_aggregates(
    t: Any, q: TradeQuery, ds: Dataset, money: Any = None, prefix: str = ""
) -> dict[str, Any]:
    """``{prefix}value`` and ``{prefix}base_value`` aggregate expressions."""

    def agg(where: Any) -> Any:
        return aggregate(t, q, ds, money, where)

    if not q.needs_base:
        # every row read is of the current period: no FILTER clause (~10 % of a cube)
        return {f"{prefix}value": agg(None)}
    return {f"{prefix}value": agg(t._cur), f"{prefix}base_value": agg(t._base)}


def fill_empty(agg: Any, q: TradeQuery, sides_with_data: dict[str, bool], prefix: str = "") -> Any:
    """A breakdown cell with no rows on a side that has data is zero, not unknown."""
    if q.measure not in ADDITIVE and q.measure != "orders":
        return agg
    changes = {}
    for side, col in (("cur", "value"), ("base", "base_value")):
        name = prefix + col
        if name in agg.columns and sides_with_data.get(side, False):
            changes[name] = agg[name].fill_null(0)
    return agg.mutate(**changes) if changes else agg
