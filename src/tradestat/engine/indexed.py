"""Queries of unit values, price and volume indices and growth decomposed.

Each such query is answered from two things the engine already computes: the value
query of the same cells (``value``, ``base_value``, ``growth_pct``, run as any other
query, so disclosure control hides the same cells and perturbs the same figures), and
the *detail*: per cell and product (flow x HS code x unit; at 6 digits when rows of
another HS edition are converted to the query's), the value and quantity of each side
(one aggregate, on DuckDB or Spark alike). The formulas (tradestat.engine.indices)
then run on the detail's few rows in Python.

Read keys (no ``confidential`` scope): the detail is summed per p-table row as well,
so each product's value and quantity are perturbed exactly as the value query's sums
are (every enterprise moved by its own fixed factor); a cell the value query hides
(too few enterprises, one dominant, or protecting another) has no unit value, index
or effect either.
"""

from __future__ import annotations

import copy
import time
from decimal import Decimal
from typing import Any

from tradestat.engine import indices as ix
from tradestat.engine.finish_rows import finish_rows
from tradestat.errors import GrainError
from tradestat.query.periods import add_months, month_label
from tradestat.query.tradequery import EFFECT_COLUMNS, INDEX_COMPARES, TradeQuery
from tradestat.query.units import unit_of

INDEX_COLUMNS = ("price_index", "volume_index", "value_index")
DETAIL_SQL = ("per cell and product (flow, HS code, unit): value and quantity of each side; "
              "unit values and indices are computed from these rows")  # fmt: skip
RULE = ("products (flow x HS code x unit) with a value and a quantity on one side only "
        "(entering or leaving) and rows without a quantity take no part in the price and "
        "volume relatives; they are counted in the coverage, and their growth is the "
        "residual of the decomposition")  # fmt: skip


def applies(q: TradeQuery) -> bool:
    return q.measure == "unit_value" or any(c in INDEX_COMPARES for c in q.compare)


def chained(q: TradeQuery) -> bool:
    """By month, the indices are a chained series: each month on the previous one."""
    return "month" in q.by and any(c in INDEX_COLUMNS for c in q.compare)


def value_query(q: TradeQuery, **changes: Any) -> TradeQuery:
    """The plain value query of the same cells, with growth (the rows indices join)."""
    plain = [c for c in q.compare if c not in INDEX_COMPARES]
    compare = plain if "growth" in plain or not q.needs_base else [*plain, "growth"]
    return q.replace(measure="value", compare=compare, having=None, top=None, order_by=[],
                     index_method="fisher", **changes)  # fmt: skip


def detail_expression(p: Any, perturbed: bool) -> Any:
    """Per cell and product, each side's value and quantity (rows that state one)."""
    import ibis

    from tradestat.engine.noise import PTABLE_ROWS, ptable_row
    from tradestat.store.record_keys import COLUMN

    q, m = p.q, p.main
    if p.ctx.editions is not None and p.ctx.editions.converted:
        # converted rows carry 6-digit codes: products are compared at 6 digits then
        m = m.mutate(hs_code=m.hs6)
    usable = m.quantity.notnull() & (m.quantity != 0) & m.unit.notnull()
    m = m.mutate(
        _unit=ibis.ifelse(usable, m.unit, ibis.null("string")),
        _q=ibis.ifelse(usable, m.quantity, ibis.null("float64")),
        _v=p.money.expr(m),
    )
    keys = list(dict.fromkeys([*q.by, "flow", "hs_code", "_unit"]))
    if perturbed:
        m = m.mutate(_row=ptable_row(m[COLUMN], PTABLE_ROWS))
        keys.append("_row")
    aggs = {"v_c": m._v.sum(where=m._cur), "q_c": m._q.sum(where=m._cur),
            "n_c": m.count(where=m._cur)}  # fmt: skip
    if q.needs_base:
        aggs.update(v_b=m._v.sum(where=m._base), q_b=m._q.sum(where=m._base),
                    n_b=m.count(where=m._base))  # fmt: skip
    return m.aggregate(by=keys, **aggs)


def by_code(qd: TradeQuery) -> TradeQuery:
    """The detail's query: resolved as one by HS code, so rows of another HS edition are
    converted (the comparable basis) and a recoded product is matched across the change."""
    return qd if "hs_code" in qd.by else qd.replace(by=[*qd.by, "hs_code"])


def _products(engine: Any, qd: TradeQuery, perturbed: bool) -> dict[tuple, dict[tuple, list]]:
    """cell -> product (flow, hs_code, unit) -> [base sums, current sums, 0]; each side's
    sums are (value, quantity) as floats, None without rows."""
    kind = "detail_noise" if perturbed else "detail"
    cols = engine.arrow_of(kind, by_code(qd)).to_pydict()  # columns: faster than dict rows
    keys = [cols[d] for d in qd.by]
    products = list(zip(cols["flow"], cols["hs_code"], cols["_unit"], strict=True))
    sides = [
        (i, cols[f"v_{s}"], cols[f"q_{s}"]) for i, s in ((0, "b"), (1, "c")) if f"v_{s}" in cols
    ]
    out: dict[tuple, dict[tuple, list]] = {}
    if not perturbed:  # one row per cell and product
        for j, prod in enumerate(products):
            acc = out.setdefault(tuple(k[j] for k in keys), {})[prod] = [None, None, 0]
            for i, values, quantities in sides:
                if values[j] is not None:
                    q = quantities[j]
                    acc[i] = (float(values[j]), None if q is None else float(q))
        return out
    from tradestat.engine.noise import magnitude_ptable

    policy = engine.catalog.dataset(qd.dataset).disclosure
    factors = [1 + f for f in magnitude_ptable(policy)]
    rows = cols["_row"]
    for j, prod in enumerate(products):
        acc = out.setdefault(tuple(k[j] for k in keys), {}).setdefault(prod, [None, None, 0])
        f = factors[rows[j]]
        for i, values, quantities in sides:
            if values[j] is None:
                continue
            # exact decimals while adding up p-table rows: the same sums in any order
            old_v, old_q = acc[i] or (Decimal(0), None)
            if quantities[j] is not None:
                old_q = (old_q or Decimal(0)) + Decimal(str(quantities[j])) * f
            acc[i] = (old_v + Decimal(values[j]) * f, old_q)
    for cell in out.values():
        for acc in cell.values():
            for i in (0, 1):
                if acc[i] is not None:
                    v, quantity = acc[i]
                    acc[i] = (float(v), None if quantity is None else float(quantity))
    return out


def _order(item: tuple) -> tuple:
    flow, code, unit = item[0]
    return (flow or "", code or "", unit or "")


def _entries(products: dict[tuple, list]) -> list[tuple]:
    return [(prod[2], a, b) for prod, (a, b, _) in sorted(products.items(), key=_order)]


def run(engine: Any, q: TradeQuery, with_sql: bool, confidential: bool) -> Any:
    """The query's Result: the value query's rows with unit values, indices or effects."""
    from tradestat.engine.result import Result

    started = time.perf_counter()
    ds = engine.catalog.dataset(q.dataset)
    if not ds.has("hs_code"):
        raise GrainError("measure" if q.measure == "unit_value" else "compare",
                         f"dataset {ds.name!r} has no hs_code: unit values and indices are "
                         "per HS code and unit")  # fmt: skip
    qv = value_query(q)
    res = engine.run(qv, with_sql=with_sql, confidential=confidential)
    perturbed = not confidential and "perturbed" in res.provenance
    not_comparable = engine.resolved(qv).hide_comparisons
    rows = res.table.to_pylist()
    info: dict[str, Any] = {"level": "flow x hs_code x unit", "rule": RULE,
                            "basis": res.provenance["basis"]}  # fmt: skip
    editions = engine.resolved(by_code(qv)).editions
    if editions.read:  # the edition the products are compared in
        info["hs_edition"] = editions.provenance()
    direct = None
    if (
        q.measure == "unit_value"
        or "effects" in q.compare
        or (any(c in INDEX_COLUMNS for c in q.compare) and not chained(q))
    ):
        direct = _products(engine, qv, perturbed)
        # a hidden cell takes no part in anything, the coverage stated included
        shown = {tuple(r[d] for d in q.by) for r in rows if not r.get("suppressed")}
        direct = {cell: prods for cell, prods in direct.items() if cell in shown}
    if q.measure == "unit_value":
        _unit_values(rows, direct or {}, q, info)
    if any(c in INDEX_COLUMNS for c in q.compare) or "effects" in q.compare:
        from tradestat.engine import effects

        effects.add_indices(engine, q, rows, direct, info, perturbed, confidential)
    if not_comparable:  # the sides cover different months (a chained series has no sides)
        compared = (*([] if chained(q) else INDEX_COLUMNS), *EFFECT_COLUMNS, "growth_pct")
        for r in rows:
            for c in compared:
                if c in r:
                    r[c] = None
    for r in rows:
        if r.get("suppressed"):
            for c in (*INDEX_COLUMNS, *EFFECT_COLUMNS, "value", "base_value", "growth_pct"):
                if c in r:
                    r[c] = None
    rows = finish_rows(rows, q)
    table = _table(rows, q, res.table.schema)
    prov = copy.deepcopy(res.provenance)
    if "sql" in prov:  # the value query's SQL: the indices are computed after it, in Python
        info["value_sql"] = prov.pop("sql")
    prov["warnings"] = [*prov.get("warnings", []), *_coverage_warnings(info)]
    prov.update(query=q.to_dict(), unit=unit_of(q, ds.home_currency), indices=info,
                seconds=round(time.perf_counter() - started, 4))  # fmt: skip
    return Result(table, prov)


def _unit_values(rows: list[dict], products: dict, q: TradeQuery, info: dict) -> None:
    """value and base_value of each cell become its unit values, growth theirs."""
    mixed = 0
    for r in rows:
        cell = products.get(tuple(r[d] for d in q.by), {})
        units = []
        for col, side in (("value", 1), ("base_value", 0)):
            if col not in r:
                continue
            unit, uv = ix.unit_value([(p[2], s[side]) for p, s in cell.items()])
            mixed += unit == "mixed"
            units.append(unit)
            r[col] = uv
        known = {u for u in units if u not in (None, "mixed")}
        r["unit"] = known.pop() if len(known) == 1 else ("mixed" if known else None)
        if "growth_pct" in r:
            b, v = r.get("base_value"), r.get("value")
            same = len(set(units)) == 1
            r["growth_pct"] = (v - b) * 100 / b if same and v is not None and b else None
    cov = ix.Coverage([0.0, 0.0], [0.0, 0.0], without_quantity=[0.0, 0.0])
    for cell in products.values():
        cov.add(ix.coverage(_entries(cell)))
    info["unit_values"] = {
        "formula": "value / quantity over the rows of a cell that state a quantity, "
        "per unit; a cell with products in more than one unit has none",
        "cells_with_mixed_units": mixed,
        "without_quantity_pct": cov.as_dict()["without_quantity_pct"],
    }


def chain_query(q: TradeQuery) -> TradeQuery:
    """The months of the period and the one before it (the reference, = 100)."""
    span = q.span
    ref = add_months(span.start, -1)
    period = f"{month_label(ref)}..{month_label(span.end)}"
    return value_query(q).replace(period=period, base_period=None, compare=[])


def _table(rows: list[dict], q: TradeQuery, value_schema: Any) -> Any:
    import pyarrow as pa

    fields = []
    for c in q.result_columns():
        if c == "unit":
            fields.append(pa.field(c, pa.string()))
        elif c in value_schema.names and not (q.measure == "unit_value" and c.endswith("value")):
            fields.append(pa.field(c, value_schema.field(c).type))
        else:
            fields.append(pa.field(c, pa.float64()))
    for c in ("suppressed", "suppression"):
        if c in value_schema.names:
            fields.append(value_schema.field(c))
    schema = pa.schema(fields)
    return pa.Table.from_pylist([{c: r.get(c) for c in schema.names} for r in rows], schema)


LOW_COVERAGE_PCT = 50.0  # below this share of value, an index says little about the whole


def _coverage_warnings(info: dict[str, Any]) -> list[str]:
    """What the reader must know when the quantities cover little of the value."""
    out = []
    for name, cov in (
        ("", info.get("coverage")),
        ("chained ", info.get("chain", {}).get("coverage")),
    ):
        if cov is None:
            continue
        pct = cov["matched_pct"]
        if pct is None:
            out.append(f"no product has a value and a quantity in both periods: no {name}indices")
        elif pct < LOW_COVERAGE_PCT:
            out.append(f"{name}indices cover {pct:.1f}% of the value (products with quantities "
                       "in both periods); products entering or leaving and value without a "
                       "quantity are not in them")  # fmt: skip
    without = info.get("unit_values", {}).get("without_quantity_pct")
    if without:
        out.append(f"{without:.1f}% of the value states no quantity: left out of unit values")
    return out
