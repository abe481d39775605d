"""A query run for a caller without the confidential scope: hidden cells, perturbed
figures (tradestat.engine.disclosure, tradestat.engine.noise)."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from tradestat.engine import compare, disclosure, noise, patterns
from tradestat.engine.finish_rows import finish_rows
from tradestat.errors import DatasetError
from tradestat.model.dataset import Dataset
from tradestat.query.tradequery import TradeQuery
from tradestat.store.record_keys import COLUMN

CACHE = 32  # whole breakdowns whose perturbed cells an engine (or a pool) keeps


@dataclass(frozen=True)
class Cells:
    """A whole breakdown's perturbed cells and what the rules need, before hiding.
    ``having``, ``top``, order and filters on the breakdown only pick from these, so
    a bisection over ``having`` thresholds reads them once."""

    rows: list[dict[str, Any]]
    stats: Any
    complement: dict[tuple, dict[str, Any]] | None
    cov: dict
    schema: Any


def run(engine: Any, q: TradeQuery, ds: Dataset) -> tuple[Any, dict, dict]:
    import pyarrow as pa

    if COLUMN not in engine.backend.table(ds.table).columns:
        raise DatasetError(
            f"dataset {ds.name!r} has no record keys, so its figures cannot be perturbed "
            "for callers without the confidential scope: open the warehouse for writing "
            "once (any `tradestat` command that writes, e.g. `tradestat init`) to add "
            "them, and export again for Spark"
        )
    whole = disclosure.whole_breakdown(q)
    cells = _cached(engine, whole, ds)
    split = _pattern(engine, whole, ds)
    rows = [dict(r) for r in cells.rows]
    rows = disclosure.protect(rows, cells.stats, q, ds, cells.complement, split)
    rows = finish_rows(rows, q)
    schema = pa.schema(
        [cells.schema.field(c) for c in q.result_columns()]
        + [pa.field("suppressed", pa.bool_()), pa.field("suppression", pa.string())]
    )
    table = pa.Table.from_pylist([{c: r[c] for c in schema.names} for r in rows], schema)
    policy = ds.disclosure
    extra = {
        "perturbed": True,
        "disclosure": {
            "method": "noise infusion per enterprise (sums); cell key (counts); "
            "list and span rules (filters and periods never split hidden cells)",
            **policy.as_dict(),
            "suppressed_cells": sum(1 for r in rows if r["suppressed"]),
            "perturbed": True,
        },
    }
    return table, copy.deepcopy(cells.cov), extra


def _cached(engine: Any, whole: TradeQuery, ds: Dataset) -> Cells:
    return _memo(engine.catalog.protected, whole, lambda: _cells(engine, whole, ds))


def hidden_rows(engine: Any, u: TradeQuery, ds: Dataset) -> list[dict[str, Any]]:
    """The hidden cells of a whole breakdown after primary and secondary suppression
    (each with its ``suppression`` reason): the pattern other queries must not split."""
    return _memo(engine.catalog.patterns, ("hidden", u), lambda: _hidden(engine, u, ds))


def _hidden(engine: Any, u: TradeQuery, ds: Dataset) -> list[dict[str, Any]]:
    cells = engine.catalog.protected.get(u) or _cells(engine, u, ds)
    rows = [dict(r) for r in cells.rows]
    return [r for r in disclosure.protect(rows, cells.stats, u, ds, cells.complement)
            if r["suppression"]]  # fmt: skip


def _pattern(engine: Any, whole: TradeQuery, ds: Dataset) -> dict[tuple, str]:
    """The cells of ``whole`` that would split a hidden pattern (tradestat.engine.patterns)."""
    find = lambda: patterns.reasons(whole, ds, lambda u: hidden_rows(engine, u, ds))  # noqa: E731
    return _memo(engine.catalog.patterns, ("split", whole), find)


def _memo(cache: Any, key: Any, compute: Any) -> Any:
    """``compute()`` kept in ``cache`` (unless a write cleared it meanwhile)."""
    found = cache.get(key)
    if found is None:
        epoch = cache.epoch
        found = compute()
        cache.put(key, found, epoch)
    return found


def _cells(engine: Any, q: TradeQuery, ds: Dataset) -> Cells:
    arrow = engine.arrow_of  # plans cached by shape; registers nothing on the connection
    whole = disclosure.whole_breakdown(q)
    cov = engine.resolved(whole).coverage
    figures = arrow("cells", whole)
    stats = arrow("stats", whole)
    moves = noise.noise_by_cell(arrow("noise", whole), q, ds.disclosure)
    totals = _totals(engine, q, ds, arrow) if compare.needs_total(q) else None
    pieces = [arrow("stats", piece) for piece in disclosure.complement_queries(q)]
    rows = figures.to_pylist()
    for r in rows:
        cell = tuple(r[d] for d in q.by)
        for col in ("value", "base_value"):
            if col in r:
                r[col] = noise.perturb(r[col], moves.get(cell, {}).get(col, 0), q)
        key = tuple(r[d] for d in compare.total_keys(q))
        noise.comparisons(r, totals.get(key) if totals else None, q)
    complement = disclosure.combine_pieces(pieces, q.by) if pieces else None
    return Cells(rows, stats, complement, cov, figures.schema)


def total_query(q: TradeQuery) -> TradeQuery:
    """The cells shares and contributions are taken of: one per time bucket, over the
    whole (no breakdown: no filters; else the filters outside the breakdown)."""
    whole = disclosure.whole_breakdown(q)
    keep = bool(q.by)
    return whole.replace(
        by=compare.total_keys(q),
        where={k: list(v) for k, v in whole.where} if keep else {},
        exclude={k: list(v) for k, v in whole.exclude} if keep else {},
        compare=["growth"] if q.needs_base else [],
    )


def _totals(engine: Any, q: TradeQuery, ds: Dataset, arrow: Any) -> dict[tuple, dict]:
    """Perturbed totals per time bucket: the total is a cell like any other."""
    tq = total_query(q)
    figures = arrow("cells", tq).to_pylist()
    moves = noise.noise_by_cell(arrow("noise", tq), tq, ds.disclosure)
    out = {}
    for r in figures:
        key = tuple(r[d] for d in tq.by)
        out[key] = {
            col: noise.perturb(r.get(col), moves.get(key, {}).get(col, 0), tq)
            for col in ("value", "base_value")
        }
    return out
