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

    def get(self, key: tuple) -> tuple[int, Any]:
        """(generation, result or None); pass the generation back to ``put``."""
        with self._lock:
            generation = self.generation
            found = self._items.get((generation, *key))
            if found is not None:
                self._items.move_to_end((generation, *key))
                self.hits += 1
            else:
                self.misses += 1
            return generation, found

    def put(self, generation: int, key: tuple, result: Any) -> None:
        """Keep ``result`` unless a write happened since ``get`` (it may be stale).
        Two requests racing on one key may both compute it: same answer, no harm."""
        if self.size <= 0:
            return
        with self._lock:
            if generation == self.generation:
                self._items[(generation, *key)] = result
                while len(self._items) > self.size:
                    self._items.popitem(last=False)
