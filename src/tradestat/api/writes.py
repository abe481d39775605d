"""What closing a warehouse waits for: the writes running in other threads.

An ingest, an exchange-rate import and a change of the dataset catalog each run as a
write. ``close`` waits until none is running, so a server shutting down (or a notebook's
``with`` block ending) never closes the file under a batch; a write that starts once
closing has begun is told the warehouse is closed. Ingests are also exclusive: one at
a time per process (DuckDB would let a second one conflict with the first at commit).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from tradestat.errors import IngestError, TradestatError, WarehouseLocked


class Writes:
    def __init__(self, path: object) -> None:
        self.path = path
        self._changed = threading.Condition()
        self._running: dict[int, int] = {}  # thread id -> writes it is inside
        self._ingest = threading.Lock()
        self.closing = False
        self.closed = False

    @contextmanager
    def write(self, *, ingest: bool = False) -> Iterator[None]:
        me = threading.get_ident()
        with self._changed:
            if self.closing or self.closed:
                raise IngestError(f"warehouse {self.path} is closed")
            if ingest and not self._ingest.acquire(blocking=False):
                raise WarehouseLocked(
                    "another ingest is running in this process; try again after it"
                )
            self._running[me] = self._running.get(me, 0) + 1
        try:
            yield
        finally:
            with self._changed:
                self._running[me] -= 1
                if not self._running[me]:
                    del self._running[me]
                if ingest:
                    self._ingest.release()
                self._changed.notify_all()

    def refuse_if_closing(self) -> None:
        """For new work that is not a write (a query): refused once closing has begun,
        so that close is not kept waiting by a stream of them. A running write's own
        statements go on: close waits for it to end."""
        if self.closed or (self.closing and threading.get_ident() not in self._running):
            raise TradestatError(f"warehouse {self.path} is closed")

    @contextmanager
    def reading(self) -> Iterator[None]:
        """A query through the warehouse (its engine refuses new ones once closing has
        begun): one that got past that check as close finished fails on the closed
        connection, and says so in the same words rather than DuckDB's."""
        import duckdb

        try:
            yield
        except duckdb.Error as exc:
            if self.closing or self.closed:
                raise TradestatError(f"warehouse {self.path} is closed") from exc
            raise

    def close(self, close_files: Callable[[], None]) -> None:
        """Wait for the running writes, then ``close_files()`` (once, whichever thread
        asks first; a second caller waits for it). If that fails, nothing counts as
        closed and it can be tried again."""
        with self._changed:
            if threading.get_ident() in self._running:
                raise TradestatError(
                    f"close() of warehouse {self.path} was called inside one of its own "
                    "writes (an ingest's progress callback, a signal handler): it would wait "
                    "for itself; close after the write returns"
                )
            if self.closing:  # another thread is closing it
                self._changed.wait_for(lambda: self.closed or not self.closing)
            if self.closed:
                return
            self.closing = True
            try:
                self._changed.wait_for(lambda: not self._running)
            except BaseException:  # interrupted while waiting (Ctrl-C): still open
                self.closing = False
                self._changed.notify_all()
                raise
        try:
            close_files()  # without the lock: a write asked for meanwhile is refused at once
        except BaseException:
            with self._changed:
                self.closing = False
                self._changed.notify_all()
            raise
        with self._changed:
            self.closed, self.closing = True, False
            self._changed.notify_all()
