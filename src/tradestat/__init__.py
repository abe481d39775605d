"""tradestat: an open trade-statistics engine.

The core import stays light: heavy parts (Ibis, FastAPI, plotting, Spark) are imported
only when the function that needs them runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from tradestat.api.warehouse import Warehouse
    from tradestat.query.tradequery import TradeQuery

__all__ = ["TradeQuery", "Warehouse", "__version__", "connect"]


def connect(path: str | None = None, *, read_only: bool = False) -> Warehouse:
    """Open (creating if needed) the warehouse at ``path``.

    ``path`` defaults to ``$TRADESTAT_WAREHOUSE``, else ``./tradestat.duckdb``. While
    ``tradestat serve`` runs on that file, the warehouse is reached through the server
    (a :class:`tradestat.api.remote.RemoteWarehouse` with the same methods), so any
    number of processes read it, and ingest into it, while it serves.
    """
    from tradestat.api.connect import connect as _connect

    return _connect(path, read_only=read_only)


def __getattr__(name: str) -> Any:
    if name == "TradeQuery":
        from tradestat.query.tradequery import TradeQuery

        return TradeQuery
    if name == "Warehouse":
        from tradestat.api.warehouse import Warehouse

        return Warehouse
    raise AttributeError(name)
