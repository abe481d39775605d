"""A read-only warehouse backed by a Spark session and Parquet files.

The folder is what ``tradestat export`` writes: one Parquet file (or folder of files)
per warehouse table — ``datasets``, ``vintage_summary`` and ``facts_<dataset>``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from tradestat.analytics.methods import AnalyticsMethods
from tradestat.api.warehouse import _as_query
from tradestat.engine.result import Result
from tradestat.errors import TradestatError
from tradestat.model.dataset import Dataset
from tradestat.query.tradequery import TradeQuery

REQUIRED = ("datasets", "vintage_summary")


class SparkWarehouse(AnalyticsMethods):
    def __init__(self, session: Any, root: str) -> None:
        import ibis

        from tradestat.engine.runner import Engine

        self.session = session
        self.root = root
        self._register_tables()
        self.engine = Engine(ibis.pyspark.connect(session), name="spark")

    def _register_tables(self) -> None:
        names = _table_names(self.root, self.session)
        missing = [t for t in REQUIRED if t not in names]
        if missing:
            raise TradestatError(
                f"{self.root}: not a tradestat export (missing {missing}); "
                "write one with `tradestat export --to DIR`"
            )
        for name, location in names.items():
            self.session.read.parquet(location).createOrReplaceTempView(name)

    def query(
        self, query: TradeQuery | dict | str, *, confidential: bool = True, with_sql: bool = True
    ) -> Result:
        return self.engine.run(_as_query(query), confidential=confidential, with_sql=with_sql)

    def query_batch(self, queries: list[Any], *, confidential: bool = True) -> dict[Any, Any]:
        """Results of those ``queries`` that shared scans answer together (see
        ``Warehouse.query_batch``); a scan Spark cannot run leaves them to ``query``."""
        qs = [TradeQuery.from_dict(q) for q in queries]
        return self.engine.run_shared(qs, confidential=confidential)

    def explain(self, query: TradeQuery | dict | str) -> str:
        return self.engine.explain(_as_query(query))

    # the catalog as the export holds it (read once per warehouse object)
    def datasets(self) -> list[Dataset]:
        return self.engine.datasets()  # by name, as the DuckDB file lists

    def dataset(self, name: str) -> Dataset:
        return self.engine.dataset(name)

    def dataset_info(self, name: str) -> dict[str, Any]:
        return self.engine.dataset_info(name)

    def close(self) -> None:
        """Stop the session if this object started it."""
        if getattr(self, "_owns_session", False):
            self.session.stop()


def _table_names(root: str, session: Any) -> dict[str, str]:
    """Table name -> Parquet location. A local folder is listed; for a remote root
    (hdfs://, s3a://, ...) the dataset table says which fact tables exist."""
    path = Path(root)
    if path.is_dir():
        return {
            p.name.removesuffix(".parquet"): str(p)
            for p in sorted(path.iterdir())
            if p.name.endswith(".parquet")
        }
    if "://" not in root:
        raise TradestatError(f"{root}: no such folder")
    base = root.rstrip("/")
    names = [r["name"] for r in session.read.parquet(f"{base}/datasets.parquet").collect()]
    tables = ["datasets", "vintage_summary", *(f"facts_{n}" for n in names)]
    return {t: f"{base}/{t}.parquet" for t in tables}


def connect_spark(
    root: str | os.PathLike,
    *,
    session: Any = None,
    master: str | None = None,
    config: dict[str, str] | None = None,
) -> SparkWarehouse:
    """Open an exported warehouse on an existing Spark session, or start one on ``master``."""
    owns = session is None
    if session is None:
        session = start_session(master or "local[2]", config)
    wh = SparkWarehouse(session, str(root))
    wh._owns_session = owns
    return wh


def start_session(master: str, config: dict[str, str] | None = None) -> Any:
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.master(master).appName("tradestat")
    settings = {
        "spark.sql.session.timeZone": "UTC",
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.sql.shuffle.partitions": "4",
        "spark.driver.memory": "2g",
        **(config or {}),
    }
    for key, value in settings.items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session
