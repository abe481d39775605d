"""Errors users see. Each names what was wrong (file, row, field, key) so it can be fixed."""

from __future__ import annotations


class TradestatError(Exception):
    """Base class for every error tradestat raises on purpose."""


class QueryError(TradestatError, ValueError):
    """A TradeQuery is invalid; ``field`` names the offending key."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class GrainError(QueryError):
    """A valid query the dataset cannot answer: it asks for a field outside the dataset's
    grain (a bulletin leaves such a statement out instead of failing)."""


class DatasetError(TradestatError, LookupError):
    """Unknown dataset, or a dataset that lacks what was asked of it."""


class IngestError(TradestatError):
    """An ingest could not run at all (the warehouse is left unchanged)."""


class WarehouseLocked(TradestatError):
    """Another process holds the warehouse for writing."""
