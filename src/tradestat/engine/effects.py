"""Price, volume and value indices per result row, and the growth decomposed: volume,
price, exchange rate and revisions (formulas in tradestat.engine.indices)."""

from __future__ import annotations

import itertools
from typing import Any

from tradestat.engine import indices as ix
from tradestat.engine.indexed import (
    INDEX_COLUMNS,
    _entries,
    _order,
    _products,
    chain_query,
    chained,
    value_query,
)
from tradestat.errors import TradestatError
from tradestat.query.periods import add_months, month_label
from tradestat.query.tradequery import TradeQuery

EFFECTS = {
    "volume_pp, price_pp": "(Q - 1)(1 + P) / 2 x 100 and (P - 1)(1 + Q) / 2 x 100, P and Q "
    "the Fisher price and volume indices as ratios: together the matched products' value "
    "growth",
    "residual_pp": "growth_pct - volume_pp - price_pp: products entering or leaving and "
    "value without a quantity",
    "fx_pp": "growth in the query's currency minus growth in CNY, on the same rows",
    "revision_pp": "growth on the latest basis minus growth on first_published",
}


def _zero() -> ix.Coverage:
    return ix.Coverage([0.0, 0.0], [0.0, 0.0], without_quantity=[0.0, 0.0])


def add_indices(engine: Any, q: TradeQuery, rows: list[dict], direct: dict | None, info: dict,
                perturbed: bool, confidential: bool) -> None:  # fmt: skip
    method = q.index_method
    info["method"] = method
    direct_ix: dict[tuple, ix.Indices | None] = {}
    if direct is not None:
        cov = _zero()
        for cell, prods in direct.items():
            entries = _entries(prods)
            direct_ix[cell] = ix.compare([(a, b) for unit, a, b in entries if unit is not None])
            cov.add(ix.coverage(entries))
        info["base"] = f"{q.base_span} = 100"
        info["coverage"] = cov.as_dict()
    levels = _chained_levels(engine, q, perturbed, info) if chained(q) else {}
    wanted = [c for c in INDEX_COLUMNS if c in q.compare]
    for r in rows:
        cell = tuple(r[d] for d in q.by)
        if wanted and chained(q):
            found = levels.get(cell, (None, None, None))
        else:
            d = direct_ix.get(cell)
            found = (d.price(method), d.volume(method), d.value) if d else (None, None, None)
        for col, level in zip(INDEX_COLUMNS, found, strict=True):
            if col in wanted:
                r[col] = level
        if "effects" in q.compare:
            r.update(ix.decompose(r.get("growth_pct"), direct_ix.get(cell)))
    if "effects" in q.compare:
        _fx_and_revisions(engine, q, rows, confidential, info)


def _chained_levels(engine: Any, q: TradeQuery, perturbed: bool, info: dict) -> dict:
    """(cell) -> chained (price, volume, value) levels, the month before the period = 100."""
    qc = chain_query(q)
    products = _products(engine, qc, perturbed)
    if perturbed:  # a month the value query hides (the reference month too) breaks the chain
        cells = engine.run(qc, with_sql=False, confidential=False).table.to_pylist()
        hidden = {tuple(r[d] for d in qc.by) for r in cells if r["suppressed"]}
        products = {cell: prods for cell, prods in products.items() if cell not in hidden}
    at = q.by.index("month")
    series: dict[tuple, dict[str, dict]] = {}
    for cell, prods in products.items():
        series.setdefault(cell[:at] + cell[at + 1 :], {})[cell[at]] = prods
    months = [month_label(add_months(q.span.start, -1))]
    months += [month_label(m) for m in q.span.month_list()]
    cov, out = _zero(), {}
    method = q.index_method
    for rest, by_month in series.items():
        links = []
        for prev, cur in itertools.pairwise(months):
            a, b = by_month.get(prev, {}), by_month.get(cur, {})
            if not a or not b:  # no rows, or hidden: no link
                links.append(None)
                continue
            entries = [(k[2], a[k][1] if k in a else None, b[k][1] if k in b else None)
                       for k in sorted(set(a) | set(b), key=lambda k: _order((k,)))]  # fmt: skip
            links.append(ix.compare([(x, y) for unit, x, y in entries if unit is not None]))
            cov.add(ix.coverage(entries))
        for month, level in zip(months[1:], ix.chain(links, method), strict=True):
            out[(*rest[:at], month, *rest[at:])] = level
    info["chain"] = {
        "reference": f"{months[0]} = 100",
        "rule": "each month's index is the previous month's times the index of the month "
        "on the previous one; a month without matched products (or hidden) breaks the chain",
        "coverage": cov.as_dict(),
    }
    return out


def _growths(engine: Any, q: TradeQuery, confidential: bool, **changes: Any) -> dict:
    res = engine.run(value_query(q, **changes), with_sql=False, confidential=confidential)
    return {tuple(r[d] for d in q.by): r.get("growth_pct") for r in res.table.to_pylist()}


def _diff(a: Any, b: Any) -> float | None:
    return None if a is None or b is None else float(a) - float(b)


def _fx_and_revisions(engine: Any, q: TradeQuery, rows: list[dict], confidential: bool,
                      info: dict) -> None:  # fmt: skip
    ds = engine.catalog.dataset(q.dataset)
    currency = (q.currency or ds.home_currency).upper()
    info["effects"] = dict(EFFECTS)
    cny: dict | None = None
    if currency != "CNY":
        try:
            cny = _growths(engine, q, confidential, currency="CNY")
        except TradestatError as exc:  # e.g. a dataset without CNY values
            info["effects"]["fx_pp"] += f" (not available: {exc})"
    latest = _growths(engine, q, confidential, basis="latest")
    first = _growths(engine, q, confidential, basis="first_published")
    for r in rows:
        cell = tuple(r[d] for d in q.by)
        g = r.get("growth_pct")
        if currency == "CNY":
            r["fx_pp"] = None if g is None else 0.0
        else:
            r["fx_pp"] = _diff(g, cny.get(cell)) if cny is not None else None
        r["revision_pp"] = _diff(latest.get(cell), first.get(cell))
