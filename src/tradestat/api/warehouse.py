"""The Python API: ``tradestat.connect(path)`` returns a Warehouse."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import Any

from tradestat.analytics.methods import AnalyticsMethods
from tradestat.api.opening import open_file
from tradestat.api.writes import Writes
from tradestat.errors import IngestError
from tradestat.ingest.options import IngestOptions, ingest_options
from tradestat.ingest.report import IngestReport
from tradestat.model.dataset import Dataset, DisclosurePolicy, check_name, order_grain
from tradestat.query.tradequery import TradeQuery
from tradestat.store import catalog, distinct_values, parquet_export, record_keys

DEFAULT_PATH = "tradestat.duckdb"


def resolve_path(path: str | os.PathLike | None) -> Path:
    return Path(path or os.environ.get("TRADESTAT_WAREHOUSE") or DEFAULT_PATH)


CHECKPOINT_LOG = "256MB"  # the write-ahead log's size that triggers a checkpoint


class Warehouse(AnalyticsMethods):
    """A DuckDB file with the facts of every dataset, the batch log and rejects."""

    def __init__(self, con: Any, path: Path, read_only: bool) -> None:
        self.con = con
        self.path = path
        self.read_only = read_only
        self._local = threading.local()  # DuckDB connections are per thread: one engine each
        self._generation = 0  # bumped when data or datasets change; engines drop caches
        self._writes = Writes(path)  # what close waits for; one ingest at a time
        # ingests run on one cursor of their own, one at a time, so what a batch keeps
        # for the next (code lists, rates) survives between batches
        self._ingest_cursor: Any = None

    @classmethod
    def open(cls, path: str | os.PathLike | None = None, *, read_only: bool = False) -> Warehouse:
        p = resolve_path(path)
        if read_only and not p.exists():
            raise FileNotFoundError(f"no warehouse at {p} (run `tradestat init` or ingest first)")
        if not read_only:
            p.parent.mkdir(parents=True, exist_ok=True)
        con = open_file(p, read_only)
        if not read_only:
            # DuckDB checkpoints when its log passes 16 MB by default: every fifth batch
            # of a folder of small monthly files, each rewriting the tables' last row
            # groups (35 ms a batch, measured). A larger log defers that work to fewer
            # checkpoints and to close; a big batch writes its rows to the file directly
            # either way, so the log stays small for it.
            con.execute(f"SET checkpoint_threshold = '{CHECKPOINT_LOG}'")
            catalog.create_tables(con)
            catalog.upgrade_facts(con, catalog.list_datasets(con))
            record_keys.upgrade(con, catalog.list_datasets(con))
            distinct_values.fill(con, catalog.list_datasets(con))
        return cls(con, p, read_only)

    @property
    def closed(self) -> bool:
        return self._writes.closed

    def close(self) -> None:
        """Close the file once the work running in other threads is done: writes (an
        ingest's batch lands whole) and queries. A server shutting down never cuts a
        batch off; a write or a new query asked for meanwhile is told it is closed."""
        import duckdb

        def close_files() -> None:
            while True:
                try:
                    self.con.close()  # and every cursor on it, the ingest's included
                    break
                except duckdb.ResourceInUseException:  # a query runs on a cursor: wait
                    time.sleep(0.02)
            self._ingest_cursor = None

        self._writes.close(close_files)

    def __enter__(self) -> Warehouse:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def cursor(self) -> Any:
        """This thread's cursor on the warehouse (DuckDB connections are per thread)."""
        self._writes.refuse_if_closing()  # this thread's cursor may predate the closing
        cur = getattr(self._local, "cursor", None)
        if cur is None:
            cur = self._local.cursor = self.con.cursor()
        return cur

    def _new_cursor(self) -> Any:
        self._writes.refuse_if_closing()
        return self.con.cursor()

    # --- datasets ----------------------------------------------------------
    def datasets(self) -> list[Dataset]:
        return catalog.list_datasets(self.cursor())

    def dataset(self, name: str) -> Dataset:
        return catalog.get_dataset(self.cursor(), name)

    def dataset_info(self, name: str) -> dict[str, Any]:
        ds = self.dataset(name)
        return catalog.dataset_info(ds, catalog.dataset_stats(self.cursor(), ds))

    def create_dataset(
        self,
        name: str,
        grain: list[str] | tuple[str, ...],
        home_currency: str = "CNY",
        description: str = "",
        disclosure: DisclosurePolicy | None = None,
        *,
        time_grain: str = "month",
        fx_basis: str = "market",
        reporter: str | None = None,
    ) -> Dataset:
        check_name(name)
        ds = Dataset(
            name=name,
            grain=order_grain(set(grain) | {"period", "flow"}),
            home_currency=home_currency.upper(),
            description=description,
            disclosure=disclosure or DisclosurePolicy(),
            time_grain=time_grain,
            fx_basis=fx_basis,
            reporter=reporter,
        )
        with self._writes.write():
            catalog.add_dataset(self.cursor(), ds)
        self._invalidate()
        return ds

    def update_dataset(self, name: str, **changes: Any) -> Dataset:
        self.dataset(name)
        with self._writes.write():
            catalog.update_dataset(self.cursor(), name, **changes)
        self._invalidate()
        return self.dataset(name)

    # --- ingest ------------------------------------------------------------
    def ingest(
        self,
        source: str | os.PathLike,
        dataset: str,
        format: str = "canonical",
        *,
        options: IngestOptions | None = None,
        home_currency: str | None = None,
        description: str = "",
        progress: Any = None,
        **option_values: Any,
    ) -> IngestReport:
        """Ingest a file or folder into ``dataset`` as one atomic batch."""
        from tradestat.ingest.pipeline import run_ingest

        if self.read_only:
            raise IngestError("warehouse is open read-only")
        check_name(dataset)
        opts = options or ingest_options(**option_values)
        with self._writes.write(ingest=True):
            cur = self._ingest_cursor = self._ingest_cursor or self.con.cursor()
            try:
                report = run_ingest(
                    cur, dataset, Path(source), format, opts,
                    home_currency=home_currency, description=description, progress=progress,
                )  # fmt: skip
            except BaseException:  # whatever state it was left in: the next batch's is new
                self._ingest_cursor = None
                cur.close()
                raise
            finally:
                self._invalidate()
        return report

    def import_fx(
        self, path: str | os.PathLike, format: str = "auto", *, basis: str = "market", **kw: Any
    ) -> Any:
        """Import an exchange-rate file as ``basis`` (``market``, ``customs`` ...): see
        ``tradestat.ingest.fx.importer.import_fx``."""
        from tradestat.ingest.fx.importer import import_fx

        with self._writes.write():
            return import_fx(self, path, format, basis=basis, **kw)

    def rejects(self, dataset: str, batch_id: int | None = None, limit: int | None = None) -> Any:
        sql = "SELECT * FROM rejects WHERE dataset = ?"
        params: list[Any] = [dataset]
        if batch_id is not None:
            sql += " AND batch_id = ?"
            params.append(batch_id)
        sql += " ORDER BY batch_id, file, row_number"
        if limit:
            sql += f" LIMIT {int(limit)}"
        return self._arrow(sql, params)

    def batches(self, dataset: str | None = None) -> Any:
        sql = "SELECT * EXCLUDE (details) FROM batches"
        params = []
        if dataset:
            sql += " WHERE dataset = ?"
            params.append(dataset)
        return self._arrow(sql + " ORDER BY batch_id", params)

    def _arrow(self, sql: str, params: list[Any]) -> Any:
        # a cursor of its own: the thread's cursor may hold an unfinished result, which
        # DuckDB would refuse to interleave with a new relation
        with self._new_cursor() as cur:
            return cur.sql(sql, params=params).to_arrow_table()

    def export_parquet(
        self, folder: str | os.PathLike, datasets: list[str] | None = None
    ) -> list[Path]:
        """Write the tables a Spark (or any Parquet) engine needs: one zstd file each."""
        names = [d.name for d in self.datasets()]
        chosen = datasets or names
        unknown = sorted(set(chosen) - set(names))
        if unknown:
            raise IngestError(f"unknown dataset(s) {unknown}")
        return parquet_export.write(self.cursor(), Path(folder), chosen, not datasets)

    # --- queries -----------------------------------------------------------
    @property
    def generation(self) -> int:
        """Bumped whenever data or datasets change: engines drop their caches."""
        return self._generation

    def new_engine(self, plan_cache: int | None = None, shared: Any = None) -> Any:
        """An engine on a cursor of its own (use it from one thread at a time);
        ``shared``: the caches of a pool of engines (tradestat.engine.caches)."""
        import ibis

        from tradestat.engine.runner import Engine

        backend = ibis.duckdb.from_connection(self._new_cursor())
        return Engine(backend, plan_cache=plan_cache, shared=shared)

    @property
    def engine(self) -> Any:
        """This thread's engine, on its own cursor of the warehouse connection."""
        self._writes.refuse_if_closing()  # an engine made before on its own cursor too
        engine = getattr(self._local, "engine", None)
        if engine is None:
            engine = self.new_engine()
            self._local.engine, self._local.generation = engine, self._generation
        elif self._local.generation != self._generation:
            engine.drop_caches()
            self._local.generation = self._generation
        return engine

    def query(
        self, query: TradeQuery | dict | str, *, confidential: bool = True, with_sql: bool = True
    ) -> Any:
        """Run a TradeQuery (object, dict or JSON text); returns a Result.
        ``confidential=False`` applies the dataset's disclosure policy."""
        with self._writes.reading():
            return self.engine.run(_as_query(query), confidential=confidential, with_sql=with_sql)

    def query_batch(self, queries: list[Any], *, confidential: bool = True) -> dict[Any, Any]:
        """Results of those ``queries`` that shared scans answer together, by TradeQuery
        (``Engine.run_shared``); run the others with ``query``."""
        qs = [_as_query(q) for q in queries]
        with self._writes.reading():
            return self.engine.run_shared(qs, confidential=confidential)

    def explain(self, query: TradeQuery | dict | str) -> str:
        with self._writes.reading():
            return self.engine.explain(_as_query(query))

    def _invalidate(self) -> None:
        self._generation += 1


def _as_query(query: TradeQuery | dict | str) -> TradeQuery:
    if isinstance(query, TradeQuery):
        return query
    if isinstance(query, str):
        return TradeQuery.from_json(query)
    return TradeQuery.from_dict(query)
