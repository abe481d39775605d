"""A CLI query answered from the plan kept beside the warehouse file, when there is one.

A new ``tradestat query`` process would spend most of its time importing Ibis and
planning; a repeated query runs the SQL kept by ``tradestat.store.plan_cache`` on
DuckDB alone. This is the front ends' way to it, so the CLI does not open the store.
"""

from __future__ import annotations

from typing import Any


def query_kept(warehouse: Any, query: Any) -> Any:
    """The Result of ``query`` (a TradeQuery) on ``warehouse``: from a kept plan if this
    exact query was answered before on the same data and code, else planned and run
    (and its plan kept). A server's warehouse plans for itself: asked directly."""
    from tradestat.api.warehouse import Warehouse
    from tradestat.store import plan_cache

    if not isinstance(warehouse, Warehouse):
        return warehouse.query(query)
    if (kept := plan_cache.lookup(warehouse, query)) is not None:
        return kept
    result = warehouse.query(query)
    plan_cache.store(warehouse, query, result)
    return result
