"""A warehouse file queried on Spark: export it to Parquet, open the export on a Spark
session, run the queries, stop the session and remove the export.

    from tradestat.spark import query_on_spark, spark_over
    query_on_spark({"dataset": "customs", "period": "2023"}, warehouse="trade.duckdb")
    with spark_over("trade.duckdb", ["customs"]) as sw:   # several queries, one export
        sw.query(...)

``tradestat query --engine spark`` is this call; the CLI only parses and prints.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from tradestat.spark.warehouse import SparkWarehouse, connect_spark


@contextmanager
def spark_over(
    warehouse: Any = None,
    datasets: list[str] | None = None,
    *,
    parquet: str | os.PathLike | None = None,
    master: str | None = None,
    session: Any = None,
) -> Iterator[SparkWarehouse]:
    """A :class:`SparkWarehouse` over ``parquet`` (an export: a folder or URL), else over
    a temporary export of ``datasets`` (default: all) of ``warehouse`` (a path, or an
    open :class:`tradestat.api.warehouse.Warehouse`), removed afterwards. A session
    started here (none given) is stopped on the way out."""
    with tempfile.TemporaryDirectory(prefix="tradestat-export-") as tmp:
        if parquet is None:
            _export(warehouse, tmp, datasets)
        sw = connect_spark(parquet or tmp, master=master, session=session)
        try:
            yield sw
        finally:
            sw.close()


def query_on_spark(
    query: Any,
    *,
    warehouse: Any = None,
    parquet: str | os.PathLike | None = None,
    master: str | None = None,
    session: Any = None,
    confidential: bool = True,
) -> Any:
    """One TradeQuery (object, dict or JSON) answered on Spark: over ``parquet`` if
    given, else over a temporary export of the query's dataset from ``warehouse``."""
    from tradestat.api.warehouse import _as_query

    q = _as_query(query)
    with spark_over(warehouse, [q.dataset], parquet=parquet, master=master,
                    session=session) as sw:  # fmt: skip
        return sw.query(q, confidential=confidential)


def _export(warehouse: Any, folder: str, datasets: list[str] | None) -> None:
    if hasattr(warehouse, "export_parquet"):
        warehouse.export_parquet(folder, datasets)
        return
    import tradestat

    with tradestat.connect(warehouse, read_only=True) as w:
        w.export_parquet(folder, datasets)
