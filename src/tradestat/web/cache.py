"""Results already computed, served again until the warehouse changes.

Building a query's SQL in Ibis costs tens of milliseconds of Python per request,
which holds the interpreter lock, so a dashboard asking the same questions over
and over would be bound by compilation, not by DuckDB. A result depends only on the
query, on whether disclosure control applies and on the warehouse's contents; the
server is the warehouse's only writer while it runs (DuckDB allows one), so every
write goes through it and moves the generation on, which retires older entries.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any


class ResultCache:
    def __init__(self, size: int = 256) -> None:
        self.size = size
        self.generation = 0
        self.hits = self.misses = 0
        self._items: OrderedDict[tuple, Any] = OrderedDict()
        self._lock = threading.Lock()

    def invalidate(self) -> None:
        with self._lock:
            self.generation += 1
            self._items.clear()

    def get_or_run(self, key: tuple, run: Callable[[], Any]) -> tuple[Any, bool]:
        """(result, was cached). Two requests racing on one key may both run it; the
        answer is the same, so that costs time, never correctness."""
        if self.size <= 0:
            return run(), False
        with self._lock:
            full = (self.generation, *key)
            if full in self._items:
                self._items.move_to_end(full)
                self.hits += 1
                return self._items[full], True
            self.misses += 1
        result = run()
        with self._lock:
            if full[0] == self.generation:  # not if a write happened meanwhile
                self._items[full] = result
                while len(self._items) > self.size:
                    self._items.popitem(last=False)
        return result, False
