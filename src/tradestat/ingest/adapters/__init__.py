"""Input-format adapters. Each registers itself by name in ``base.ADAPTERS``."""

from tradestat.ingest.adapters.base import (
    ADAPTERS,
    Adapter,
    IngestOptions,
    SourceReport,
    get_adapter,
    register,
)

__all__ = ["ADAPTERS", "Adapter", "IngestOptions", "SourceReport", "get_adapter", "register"]
