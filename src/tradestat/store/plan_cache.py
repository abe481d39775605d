"""Answers' plans kept next to the warehouse, so a repeated CLI query needs no Ibis.

A new ``tradestat query`` process spends most of its time importing Ibis and planning
the query (about 2.5 s of 3 s at 1 M rows); DuckDB answers in a tenth of that. After a
query, its SQL (every in-memory table written in, so it runs as-is on the file), the
result's Arrow schema and its provenance are written to ``<warehouse>.plans/``. The
next process asking the same query opens the file, finds the entry and runs the SQL
on DuckDB alone.

An entry is found by a key of: the warehouse's fingerprint (its datasets, batches,
vintages, exchange rates, metadata, tables and columns: any ingest, publish, dataset
change or rate import gives another one), the code's version (tradestat's version and
its files), the caller's role, and the query. Only the exact figures of a caller that
opened the file are kept (role ``file``: whoever can read the file can compute them);
answers under disclosure control are never written, so nothing here could give a
reader more than the file gives. Entries are read only from a folder and files that
belong to the user running the query and that nobody else can write: an entry's SQL
runs in the reader's process, so another user's entry is never trusted.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import time
from pathlib import Path
from typing import Any

SUFFIX = ".plans"
ROLE = "file"  # the caller opened the warehouse file itself: exact figures
MAX_ENTRIES = 512  # entries kept; the oldest are removed beyond this
FORMAT = 1

_FINGERPRINT_SQL = """
SELECT md5(coalesce(string_agg(x, chr(10) ORDER BY x), '')) FROM (
  SELECT 'd' || CAST(d AS VARCHAR) AS x FROM datasets d
  UNION ALL SELECT 'b' || CAST(b AS VARCHAR) FROM batches b
  UNION ALL SELECT 'v' || CAST(v AS VARCHAR) FROM vintage_summary v
  UNION ALL SELECT 'f' || CAST(f AS VARCHAR) FROM fx_rates_user f
  UNION ALL SELECT 'g' || CAST(g AS VARCHAR) FROM fx_rates_basis g
  UNION ALL SELECT 'm' || CAST(m AS VARCHAR) FROM ts_meta m
  UNION ALL SELECT 't' || table_name || ':' || estimated_size FROM duckdb_tables()
            WHERE NOT internal
  UNION ALL SELECT 'c' || table_name || '.' || column_name || ':' || data_type
            FROM duckdb_columns() WHERE NOT internal
)
"""


def folder_of(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.name + SUFFIX)


def fingerprint(con: Any) -> str:
    """Changes whenever the data or metadata a query reads can have changed."""
    with con.cursor() as cur:
        return cur.execute(_FINGERPRINT_SQL).fetchone()[0]


def _code_version() -> str:
    import tradestat

    root = Path(tradestat.__file__).parent
    h = hashlib.blake2b(tradestat.__version__.encode(), digest_size=12)
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            st = os.stat(os.path.join(folder, name))
            h.update(f"{folder}/{name}:{st.st_size}:{st.st_mtime_ns}".encode())
    return h.hexdigest()


def _key(con: Any, query: Any, role: str) -> str:
    text = json.dumps([FORMAT, fingerprint(con), _code_version(), role, query.to_dict()],
                      sort_keys=True, default=str)  # fmt: skip
    return hashlib.sha256(text.encode()).hexdigest()


def _trusted(path: Path) -> bool:
    """Owned by this user and writable by nobody else."""
    try:
        st = path.stat()
    except OSError:
        return False
    return st.st_uid == os.getuid() and not st.st_mode & 0o022


def lookup(warehouse: Any, query: Any, role: str = ROLE) -> Any:
    """The query's Result from a kept plan, or None. ``warehouse`` is an open local
    ``Warehouse``; the plan's SQL runs on its connection."""
    import pyarrow as pa

    from tradestat.engine.inline import typed
    from tradestat.engine.result import Result

    folder = folder_of(warehouse.path)
    if not _trusted(folder):
        return None
    started = time.perf_counter()
    entry = folder / f"{_key(warehouse.con, query, role)}.json"
    if not _trusted(entry):
        return None
    try:
        doc = json.loads(entry.read_text())
        schema = pa.ipc.read_schema(pa.py_buffer(base64.b64decode(doc["schema"])))
    except (OSError, ValueError, KeyError, pa.ArrowInvalid):
        return None
    with warehouse.con.cursor() as cur:
        table = typed(cur.sql(doc["sql"]).to_arrow_table(), schema)
    prov = doc["provenance"]
    prov["seconds"] = round(time.perf_counter() - started, 4)  # in its place: key order kept
    with contextlib.suppress(OSError):
        os.utime(entry)  # recently used: pruned last
    return Result(table, prov)  # Result writes the units in as the engine's result has them


def store(warehouse: Any, query: Any, result: Any, role: str = ROLE) -> None:
    """Keep the plan of an exact answer (never a perturbed one). Best effort: a folder
    that cannot be written (another user's, read-only media) keeps nothing."""
    prov = result.provenance
    if prov.get("perturbed") or "disclosure" in prov or not prov.get("sql"):
        return
    folder = folder_of(warehouse.path)
    with contextlib.suppress(OSError):
        folder.mkdir(mode=0o700, exist_ok=True)
        if not _trusted(folder):
            return
        entry = folder / f"{_key(warehouse.con, query, role)}.json"
        schema = base64.b64encode(result.table.schema.serialize().to_pybytes()).decode()
        doc = {"sql": prov["sql"], "schema": schema, "provenance": prov}
        tmp = entry.with_suffix(f".{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            json.dump(doc, fh, default=str)
        os.replace(tmp, entry)
        _prune(folder)


def _prune(folder: Path) -> None:
    entries = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime)
    for old in entries[:-MAX_ENTRIES]:
        old.unlink(missing_ok=True)
