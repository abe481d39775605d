"""Bounded caches an engine keeps, and caches the engines of one server pool share.

What an engine caches about queries — plans (compiled SQL), shape templates, a whole
breakdown's perturbed cells — is text and rows, not connection state: the temporary
tables a plan names are made on whichever connection runs it (tradestat.engine.inline).
So the engines a server lends out (tradestat.web.gate) share one set: a shape
compiled through Ibis on one engine is bound on all of them, where each engine used to
compile it again (with four engines, four times the 40-150 ms a shape costs, for each
of the four kinds of plan a protected query needs), and the memory they hold is one
cache's, bounded once, not one per engine.

Entries are dropped oldest first. A value computed before a ``clear`` (a write moved
the warehouse on meanwhile) is not kept: ``put`` takes the epoch read before the
computation began.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any


class BoundedCache:
    """A thread-safe mapping of at most ``size`` entries."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.epoch = 0  # moved on by every clear
        self._items: OrderedDict[Any, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Any, default: Any = None) -> Any:
        with self._lock:
            return self._items.get(key, default)

    def put(self, key: Any, value: Any, epoch: int | None = None) -> list[Any]:
        """Keep ``value`` (unless the cache was cleared since ``epoch``); returns the
        values dropped to stay within the size."""
        dropped = []
        with self._lock:
            if epoch is not None and epoch != self.epoch:
                return dropped
            self._items[key] = value
            while len(self._items) > max(self.size, 1):
                dropped.append(self._items.popitem(last=False)[1])
        return dropped

    def clear(self) -> None:
        with self._lock:
            self.epoch += 1
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: Any) -> bool:
        return key in self._items

    def __getitem__(self, key: Any) -> Any:
        with self._lock:
            return self._items[key]

    def __setitem__(self, key: Any, value: Any) -> None:
        self.put(key, value)

    def values(self) -> list[Any]:
        with self._lock:
            return list(self._items.values())


class SharedCaches:
    """The query caches of the engines of one pool, kept for one warehouse
    generation: ``sync`` drops them all when the warehouse has changed since."""

    def __init__(
        self, plans: int, shapes: int, protected: int, resolved: int = 64, patterns: int = 256
    ) -> None:
        self.plans = BoundedCache(plans)
        self.shapes = BoundedCache(shapes)
        self.protected = BoundedCache(protected)
        # the hidden cells of universe breakdowns and which cells of a query split them
        # (tradestat.engine.patterns): small, and shared by every query of one universe,
        # so kept apart from the cells distinct queries would push out
        self.patterns = BoundedCache(patterns)
        # resolutions (~85 KB each) name an engine's own tables: kept per engine, this many
        self.resolved_per_engine = resolved
        self.generation: int | None = None
        self._lock = threading.Lock()

    def sync(self, generation: int) -> None:
        with self._lock:
            if generation != self.generation:
                for cache in (self.plans, self.shapes, self.protected, self.patterns):
                    cache.clear()
                self.generation = generation
