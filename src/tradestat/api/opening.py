"""Opening a warehouse file, with DuckDB's refusals said in a user's words."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from tradestat.errors import WarehouseLocked


def open_file(path: Path, read_only: bool) -> Any:
    """A DuckDB connection to ``path``; another process holding it, or this process
    holding it in the other mode, is a ``WarehouseLocked`` that says what to do."""
    import duckdb

    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        if "lock" not in str(exc).lower():
            raise
        pid = re.search(r"PID (\d+)", str(exc))
        who = f"process {pid.group(1)}" if pid else "another process"
        raise WarehouseLocked(
            f"warehouse {path} is in use by {who} (an ingest, a notebook or a query); "
            "try again when it is done, or run `tradestat serve` on the warehouse: "
            "while it serves, every CLI call and notebook goes through it, "
            "ingests included"
        ) from None
    except duckdb.ConnectionException as exc:
        if "different configuration" not in str(exc):
            raise
        other = "read-write" if read_only else "read-only"
        raise WarehouseLocked(
            f"warehouse {path} is already open {other} in this process: use that "
            "warehouse object, or close it first"
        ) from None
