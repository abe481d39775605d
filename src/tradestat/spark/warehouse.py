"""A read-only warehouse backed by a Spark session and Parquet files.

The folder is what ``tradestat export`` writes: one Parquet file (or folder of files)
per warehouse table — ``datasets``, ``vintage_summary``, ``facts_<dataset>`` and the
rest listed in ``tradestat.store.parquet_export``.

Each warehouse object registers its tables as temporary views under names of its own,
so two exports opened on one session never read each other's tables.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import uuid
import weakref
from pathlib import Path
from typing import Any

from tradestat.analytics.methods import AnalyticsMethods
from tradestat.api.warehouse import _as_query
from tradestat.engine.result import Result
from tradestat.errors import TradestatError
from tradestat.model.dataset import Dataset
from tradestat.query.tradequery import TradeQuery
from tradestat.store import parquet_export

LOG_CONFIG = Path(__file__).with_name("log4j2.properties")  # errors only, on stderr


class _OwnViews:
    """The Ibis backend, with ``table(name)`` reading this warehouse's view of that
    table; everything else is the backend's."""

    def __init__(self, backend: Any, prefix: str) -> None:
        self._backend, self._prefix = backend, prefix

    def table(self, name: str, *args: Any, **kwargs: Any) -> Any:
        return self._backend.table(self._prefix + name, *args, **kwargs)

    def shown(self, sql: str) -> str:
        """SQL as provenance shows it: naming the exported tables, not this object's
        views of them, so it reads as it does on DuckDB."""
        return sql.replace(self._prefix, "")

    def __getattr__(self, name: str) -> Any:
        return getattr(self._backend, name)


class SparkWarehouse(AnalyticsMethods):
    def __init__(self, session: Any, root: str) -> None:
        import ibis

        from tradestat.engine.runner import Engine

        self.session = session
        self.root = root
        self.prefix = f"tradestat_{uuid.uuid4().hex[:12]}_"
        self.views: list[str] = []
        self._owns_session = False  # set by connect_spark when it started the session
        self._register_tables()
        _OPEN.add(self)
        self.engine = Engine(_OwnViews(ibis.pyspark.connect(session), self.prefix), name="spark")

    def _register_tables(self) -> None:
        frames = _table_frames(self.root, self.session)
        missing = [t for t in parquet_export.REQUIRED if t not in frames]
        if missing:
            raise TradestatError(
                f"{self.root}: not a tradestat export (missing {missing}); "
                "write one with `tradestat export --to DIR`"
            )
        for name, frame in frames.items():
            frame.createOrReplaceTempView(self.prefix + name)
        self.views = [self.prefix + name for name in frames]

    def _check_open(self) -> None:
        if not self.views:
            raise TradestatError(f"the Spark warehouse on {self.root} is closed")

    def query(
        self, query: TradeQuery | dict | str, *, confidential: bool = True, with_sql: bool = True
    ) -> Result:
        self._check_open()
        return self.engine.run(_as_query(query), confidential=confidential, with_sql=with_sql)

    def query_batch(self, queries: list[Any], *, confidential: bool = True) -> dict[Any, Any]:
        """Results of those ``queries`` that shared scans answer together (see
        ``Warehouse.query_batch``); a scan Spark cannot run leaves them to ``query``."""
        self._check_open()
        qs = [TradeQuery.from_dict(q) for q in queries]
        return self.engine.run_shared(qs, confidential=confidential)

    def explain(self, query: TradeQuery | dict | str) -> str:
        self._check_open()
        return self.engine.explain(_as_query(query))

    # the catalog as the export holds it (read once per warehouse object)
    def datasets(self) -> list[Dataset]:
        return self.engine.datasets()  # by name, as the DuckDB file lists

    def dataset(self, name: str) -> Dataset:
        return self.engine.dataset(name)

    def dataset_info(self, name: str) -> dict[str, Any]:
        return self.engine.dataset_info(name)

    def close(self) -> None:
        """Drop this warehouse's views, the in-memory tables its cached plans registered
        included; stop the session if this object started it and no other open one reads
        through it (that one then owns it). Closing twice is harmless."""
        if not self.views:
            return
        _OPEN.discard(self)
        heirs = [w for w in _OPEN if w.session is self.session]
        if self._owns_session and not heirs:
            self.session.stop()
        else:
            if self._owns_session:
                heirs[0]._owns_session, self._owns_session = True, False
            registered = self.engine.backend._memtables  # what Ibis registered on run
            for name in [*self.views, *(op.name for op in list(registered))]:
                self.session.catalog.dropTempView(name)
            registered.clear()
        self.views = []
        self.engine.drop_caches()


_OPEN: weakref.WeakSet[SparkWarehouse] = weakref.WeakSet()  # open, by session: see close


def _table_frames(root: str, session: Any) -> dict[str, Any]:
    """Table name -> Spark DataFrame of its Parquet. A local folder is listed; for a
    remote root (hdfs://, s3a://, ...) every table an export writes is looked for, the
    dataset table saying which fact tables exist, and one an older export lacks is
    left out, as a folder without it would be."""
    path = Path(root)
    if path.is_dir():  # a local folder: listed
        return {
            p.name.removesuffix(".parquet"): session.read.parquet(str(p))
            for p in sorted(path.iterdir())
            if p.name.endswith(".parquet")
        }
    if "://" not in root:
        raise TradestatError(f"{root}: no such folder")
    base = root.rstrip("/")
    frames = {}
    for table in parquet_export.FIXED:
        frame = _read_url(session, base, table, required=table in parquet_export.REQUIRED)
        if frame is not None:  # None: not written by the export that made this folder
            frames[table] = frame
    names = [r["name"] for r in frames["datasets"].select("name").collect()]
    for table in parquet_export.fact_tables(names):
        frames[table] = _read_url(session, base, table, required=True)
    return frames


def _read_url(session: Any, base: str, table: str, *, required: bool) -> Any:
    """One exported table under a URL; None if it is absent and not ``required``. Only
    an absent path counts as absent: a table that is there but unreadable (an empty
    folder, a broken file) is an error, as it is in a local folder."""
    from py4j.protocol import Py4JJavaError
    from pyspark.errors import AnalysisException

    url = f"{base}/{table}.parquet"
    try:
        return session.read.parquet(url)
    except AnalysisException as exc:
        condition = exc.getCondition() if hasattr(exc, "getCondition") else exc.getErrorClass()
        if condition != "PATH_NOT_FOUND":
            raise TradestatError(f"{url}: Spark cannot read it: {exc}") from None
        if required:
            raise TradestatError(
                f"{base}: not a tradestat export ({table}.parquet not found); "
                "write one with `tradestat export --to DIR`"
            ) from None
        return None
    except Py4JJavaError as exc:  # e.g. no file system for the URL's scheme
        first = str(exc.java_exception).splitlines()[0]
        raise TradestatError(
            f"{base}: Spark cannot read this URL ({first}); is the connector for its "
            "scheme on Spark's classpath (hadoop-aws for s3a://)?"
        ) from None


def connect_spark(
    root: str | os.PathLike,
    *,
    session: Any = None,
    master: str | None = None,
    config: dict[str, str] | None = None,
) -> SparkWarehouse:
    """Open an exported warehouse on an existing Spark session, or start one on ``master``."""
    # a session started here is this warehouse's to stop; one already running (a
    # notebook's `spark`) is not, even when getOrCreate hands it back
    owns = session is None and not _session_running()
    if session is None:
        session = start_session(master or "local[2]", config)
    wh = SparkWarehouse(session, str(root))
    wh._owns_session = owns
    return wh


def _session_running() -> bool:
    from pyspark import SparkContext

    return SparkContext._active_spark_context is not None


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
        "spark.driver.extraJavaOptions": f"-Dlog4j2.configurationFile={LOG_CONFIG.as_uri()}",
    }
    if not _session_running():  # a session picked up keeps its own static settings
        # tradestat keeps no managed tables: without this Spark leaves an empty
        # spark-warehouse/ folder wherever it was started; removed when Python exits
        folder = tempfile.mkdtemp(prefix="tradestat-spark-")
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        settings["spark.sql.warehouse.dir"] = folder
    settings.update(config or {})
    for key, value in settings.items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session
