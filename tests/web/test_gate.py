"""The query gate: bounded concurrency, per-thread engines, timeouts that interrupt."""

from __future__ import annotations

import threading

import pytest

from tradestat.web.gate import PoolBusy, QueryGate, QueryTimeout


def test_a_long_query_is_interrupted(wh):
    gate = QueryGate(wh, size=1)
    slow = "SELECT count(*) FROM range(100000000000) t(i) WHERE i % 7 = 3"
    with pytest.raises(QueryTimeout, match=r"longer than 0\.2 s"), gate.lease(0.2) as (e, _):
        e.backend.con.execute(slow)
    with gate.lease(5) as (_, cur):  # the slot is free again and the cursor usable
        assert cur.execute("SELECT 42").fetchone() == (42,)


def test_no_free_slot_is_busy(wh):
    gate = QueryGate(wh, size=1, wait_seconds=0.1)
    holding, release = threading.Event(), threading.Event()

    def hold() -> None:
        with gate.lease():
            holding.set()
            release.wait(5)

    t = threading.Thread(target=hold)
    t.start()
    holding.wait(5)
    with pytest.raises(PoolBusy), gate.lease():
        pass
    release.set()
    t.join()


def test_threads_get_their_own_engine(wh):
    gate = QueryGate(wh, size=4)
    seen = []
    together = threading.Barrier(3)  # all alive at once, so no id is reused

    def use() -> None:
        with gate.lease() as (engine, cur):
            seen.append((id(engine), id(cur)))
            together.wait(5)

    threads = [threading.Thread(target=use) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({s[0] for s in seen}) == 3 and len({s[1] for s in seen}) == 3
