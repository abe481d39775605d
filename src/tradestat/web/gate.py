"""How many queries run at once, and for how long.

The warehouse gives each thread its own DuckDB cursor and Ibis engine (a DuckDB
connection must not be shared between threads), so request threads can query in
parallel. This gate bounds that parallelism — DuckDB already spreads one query over
all cores, so a handful at once is enough and more only queue inside DuckDB — and
interrupts a query that runs longer than the server allows.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


class PoolBusy(Exception):
    """No query slot came free for the whole wait (HTTP 503)."""


class QueryTimeout(Exception):
    """A query ran longer than the server allows and was interrupted (HTTP 503)."""


class QueryGate:
    def __init__(self, warehouse: Any, size: int = 4, wait_seconds: float = 30.0) -> None:
        self.warehouse = warehouse
        self.size = size
        self.wait_seconds = wait_seconds
        self._slots = threading.BoundedSemaphore(size)

    @contextmanager
    def lease(self, timeout_seconds: float | None = None) -> Iterator[tuple[Any, Any]]:
        """This thread's (engine, cursor) while holding a slot.

        With ``timeout_seconds`` the engine's connection is interrupted when the work
        takes longer; the caller then sees :class:`QueryTimeout`.
        """
        if not self._slots.acquire(timeout=self.wait_seconds):
            raise PoolBusy("the server is busy; try again shortly")
        timer = None
        try:
            engine, cursor = self.warehouse.engine, self.warehouse.cursor()
            if timeout_seconds:
                timer = threading.Timer(timeout_seconds, _interrupt, (engine, cursor))
                timer.daemon = True
                timer.start()
            try:
                yield engine, cursor
            except Exception as exc:
                if timer is not None and timer.finished.is_set() and _interrupted(exc):
                    raise QueryTimeout(
                        f"the query ran longer than {timeout_seconds:g} s and was stopped"
                    ) from None
                raise
        finally:
            if timer is not None:
                timer.cancel()
            self._slots.release()


def _interrupt(engine: Any, cursor: Any) -> None:
    for con in (getattr(engine.backend, "con", None), cursor):
        if con is not None:
            con.interrupt()


def _interrupted(exc: BaseException) -> bool:
    return "interrupt" in type(exc).__name__.lower() or "interrupt" in str(exc).lower()
