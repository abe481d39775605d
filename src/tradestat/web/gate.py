"""How many queries run at once, on which engines, and for how long.

The gate keeps a pool of at most ``size`` engines, each on its own DuckDB cursor (a
cursor must not be used by two threads at once), and lends one to a request for the
length of its work. This bounds parallelism — DuckDB already spreads one query over
all cores, so a handful at once is enough and more only queue inside DuckDB — and
memory: engines per request thread (the server's thread pool has 40) each kept their
own catalog and plan cache, and a server grew from 101 to 589 MB over 600 distinct
queries. The pooled engines share one set of query caches (plans, shape templates,
perturbed cells: tradestat.engine.caches), so a shape is compiled once per server, not
once per engine. It also interrupts a query that runs longer than the server allows.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from tradestat.engine.caches import SharedCaches

if TYPE_CHECKING:
    from tradestat.api.warehouse import Warehouse

# what the pooled engines keep, together (tradestat.engine.caches): plans ~0.3-0.5 MB
# each, shape templates smaller, a breakdown's perturbed cells a few hundred rows
SERVER_PLANS = 128
SERVER_SHAPES = 256
SERVER_PROTECTED = 64
SERVER_RESOLVED = 64  # per engine: resolutions name the engine's own tables


class PoolBusy(Exception):
    """No query slot came free for the whole wait (HTTP 503)."""


class QueryTimeout(Exception):
    """A query ran longer than the server allows and was interrupted (HTTP 503)."""


class QueryGate:
    def __init__(self, warehouse: Warehouse, size: int = 4, wait_seconds: float = 30.0) -> None:
        self.warehouse = warehouse
        self.size = size
        self.wait_seconds = wait_seconds
        self._slots = threading.BoundedSemaphore(size)
        self._idle: list[Any] = []  # (engine, generation) not lent out
        self._lock = threading.Lock()
        self._catalog: tuple[Any, int] | None = None  # for scope checks, see catalog()
        self._catalog_lock = threading.Lock()
        self.caches = SharedCaches(SERVER_PLANS, SERVER_SHAPES, SERVER_PROTECTED, SERVER_RESOLVED)

    @contextmanager
    def catalog(self) -> Iterator[Any]:
        """An engine for catalog look-ups only (scope checks before a cached answer):
        one, lent under a lock and without a query slot, so a request checking its
        scopes never queues behind running queries (their catalog is cached: the
        look-up takes microseconds)."""
        with self._catalog_lock:
            generation = self.warehouse.generation
            if self._catalog is None:
                self._catalog = (self.warehouse.new_engine(), generation)
            engine = _fresh(*self._catalog, generation)
            self._catalog = (engine, generation)
            yield engine

    @contextmanager
    def lease(self, timeout_seconds: float | None = None) -> Iterator[tuple[Any, Any]]:
        """This thread's (engine, cursor) while holding a slot.

        With ``timeout_seconds`` the engine's connection is interrupted when the work
        takes longer; the caller then sees :class:`QueryTimeout`.
        """
        if not self._slots.acquire(timeout=self.wait_seconds):
            raise PoolBusy("the server is busy; try again shortly")
        timer = None
        engine = None
        try:
            engine, synced = self._take()
            cursor = engine.backend.con
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
            if engine is not None:  # with the generation its caches were read at
                with self._lock:
                    self._idle.append((engine, synced))
            self._slots.release()

    def _take(self) -> tuple[Any, int]:
        """An idle engine (its caches dropped if the warehouse changed since they were
        read), or a new one while fewer than ``size`` exist; with the generation its
        caches are now of (read before anything else, so a change made meanwhile
        makes the next lease drop them again)."""
        generation = self.warehouse.generation
        self.caches.sync(generation)
        with self._lock:
            found = self._idle.pop() if self._idle else None
        if found is None:
            return self.warehouse.new_engine(shared=self.caches), generation
        return _fresh(*found, generation), generation


def _fresh(engine: Any, synced: int, generation: int) -> Any:
    """The engine, its caches dropped if they were read at another generation."""
    if synced != generation:
        engine.drop_caches()
    return engine


def _interrupt(engine: Any, cursor: Any) -> None:
    for con in (getattr(engine.backend, "con", None), cursor):
        if con is not None:
            con.interrupt()


def _interrupted(exc: BaseException) -> bool:
    return "interrupt" in type(exc).__name__.lower() or "interrupt" in str(exc).lower()
