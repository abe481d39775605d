"""``tradestat.connect``: the warehouse file itself, or the server that owns it."""

from __future__ import annotations

import os
import time
from typing import Any

from tradestat.errors import WarehouseLocked

# how long an open waits for another process's short hold on the file (a CLI query,
# or an ingest without a server) before saying who holds it; $TRADESTAT_LOCK_WAIT
LOCK_WAIT_SECONDS = 10.0


def connect(path: Any = None, *, read_only: bool = False) -> Any:
    from tradestat.api.warehouse import Warehouse, resolve_path
    from tradestat.store import owner

    p = resolve_path(path)
    wait = float(os.environ.get("TRADESTAT_LOCK_WAIT", LOCK_WAIT_SECONDS))
    deadline = time.monotonic() + wait
    delay = 0.02
    while True:
        found = owner.find(p)
        if found is not None:  # imported only then: its HTTP modules cost ~15 ms a CLI call
            from tradestat.api.remote import RemoteWarehouse

            return RemoteWarehouse(found, p, read_only)
        try:
            return Warehouse.open(p, read_only=read_only)
        except WarehouseLocked:
            if time.monotonic() + delay > deadline:
                raise
        time.sleep(delay)
        delay = min(delay * 2, 0.5)
