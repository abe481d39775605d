"""What every warehouse offers the front ends, declared once.

Four classes answer TradeQuery objects: the DuckDB :class:`~tradestat.api.warehouse.Warehouse`,
:class:`~tradestat.spark.warehouse.SparkWarehouse` over a Parquet export,
:class:`~tradestat.api.remote.RemoteWarehouse` through the server that owns a file, and
:class:`~tradestat.web.service.DisclosedWarehouse`, one caller's view inside the server.
The CLI's read commands, the report builder and the analytics take a
:class:`TradeWarehouse`, so any of them will do; commands that write (ingest, datasets,
the batch log) take a :class:`WritableWarehouse`. ``tests/core/test_protocol.py`` checks
that each class conforms, parameter by parameter.

This module imports nothing heavy: ``import tradestat`` stays light.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    from tradestat.engine.result import Result
    from tradestat.ingest.report import IngestReport
    from tradestat.model.dataset import Dataset
    from tradestat.query.tradequery import TradeQuery

# the read methods, in the order the docs list them
READ_METHODS = (
    "query", "explain", "datasets", "dataset", "dataset_info", "complexity", "mirror",
    "export_markets", "close",
)  # fmt: skip
WRITE_METHODS = ("ingest", "create_dataset", "update_dataset", "rejects", "batches")


@runtime_checkable
class TradeWarehouse(Protocol):
    """Reads: TradeQuery answers, their SQL, the datasets, and the measures computed
    from answers (complexity, mirror statistics, export markets)."""

    def query(
        self, query: TradeQuery | dict | str, *, confidential: bool = True,
        with_sql: bool = True,
    ) -> Result:  # fmt: skip
        """The answer; ``confidential=False`` applies the dataset's disclosure policy."""
        ...

    def explain(self, query: TradeQuery | dict | str) -> str:
        """The SQL the query runs, as it runs in a DuckDB shell (Spark SQL on Spark)."""
        ...

    def datasets(self) -> list[Dataset]: ...

    def dataset(self, name: str) -> Dataset: ...

    def dataset_info(self, name: str) -> dict[str, Any]:
        """The dataset's settings and its figures' extent (rows, periods, vintages)."""
        ...

    def complexity(
        self, dataset: str, period: str, product_level: str = "hs4",
        rca_threshold: float = 1.0, **kw: Any,
    ) -> Any: ...  # fmt: skip

    def mirror(
        self, reported: str, partner_reported: str, period: str, reporter: str = "CHN",
        flow: str = "export", **kw: Any,
    ) -> Any: ...  # fmt: skip

    def export_markets(
        self, dataset: str, product: str, exporter: str = "CHN", period: str = "", **kw: Any
    ) -> Any: ...

    def close(self) -> None: ...


@runtime_checkable
class WritableWarehouse(TradeWarehouse, Protocol):
    """Reads, plus ingest, dataset settings and the batch log (the DuckDB file, or the
    server that owns it)."""

    def ingest(
        self, source: str | os.PathLike, dataset: str, format: str = "canonical", *,
        options: Any = None, home_currency: str | None = None, description: str = "",
        progress: Any = None, **option_values: Any,
    ) -> IngestReport: ...  # fmt: skip

    def create_dataset(
        self, name: str, grain: list[str] | tuple[str, ...], home_currency: str = "CNY",
        description: str = "", disclosure: Any = None, *, time_grain: str = "month",
        fx_basis: str = "market", reporter: str | None = None,
    ) -> Dataset: ...  # fmt: skip

    def update_dataset(self, name: str, **changes: Any) -> Dataset: ...

    def rejects(
        self, dataset: str, batch_id: int | None = None, limit: int | None = None
    ) -> Any: ...

    def batches(self, dataset: str | None = None) -> Any: ...
