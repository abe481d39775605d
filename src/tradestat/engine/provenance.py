"""What a result says of itself: the query, unit, engine, basis, money, coverage,
places, editions, warnings and reading notes, and the time it took. One function for
every path that answers a query (a plan, a shared scan, a split breakdown)."""

from __future__ import annotations

import time
from typing import Any

from tradestat.engine import home_market
from tradestat.engine.resolve import Resolved
from tradestat.model.dataset import Dataset
from tradestat.query.tradequery import TradeQuery
from tradestat.query.units import unit_of


def provenance(engine: str, q: TradeQuery, ds: Dataset, r: Resolved, cov: dict, extra: dict,
                started: float, table: Any = None) -> dict[str, Any]:  # fmt: skip
    """What a result says of itself; ``table`` (its rows) for the notes that read them."""
    return {
        "query": q.to_dict(),
        "unit": unit_of(q, ds.home_currency),
        "engine": engine,
        "basis": q.basis if q.basis != "as_of" else f"as_of {q.as_of.isoformat()}",
        "time_grain": r.ds.time_grain,
        "money": r.money.provenance(),
        "coverage": cov,
        "places": {"partial": r.places.partial} if r.places.partial else {},
        **({"hs_edition": r.editions.provenance()} if r.editions.read else {}),
        "warnings": r.warnings(),
        **({"notes": said} if (said := home_market.notes(q, ds, table)) else {}),
        "seconds": round(time.perf_counter() - started, 4),
        **extra,
    }
