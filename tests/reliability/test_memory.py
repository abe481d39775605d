"""Server memory stays flat: distinct queries leave nothing behind on the connection.

Ibis registers every in-memory table (group membership, calendars) on the DuckDB
connection and never dropped them: each distinct query under disclosure control left
a view behind (1,200 queries: 257 -> 735 MB). The engine now writes small ones into
the SQL and keeps large ones as temporary tables named by their content, at most
``inline.KEPT_TABLES`` of them, dropped least recently used first.
"""

from __future__ import annotations

from pathlib import Path

import pytest

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "core"


def temporary_objects(w) -> int:
    con = w.engine.backend.con
    views = con.execute(
        "SELECT count(*) FROM duckdb_views() WHERE temporary AND NOT internal"
    ).fetchall()[0][0]
    tables = con.execute("SELECT count(*) FROM duckdb_tables() WHERE temporary").fetchall()[0][0]
    return views + tables


def distinct_queries():
    """Distinct queries that each build memtables (groups, a calendar): periods and
    bases, breakdowns, group filters."""
    months = [f"2023-{m:02d}" for m in range(1, 13)]
    shapes = (["partner_group"], ["month"], ["product_group", "month"], ["trade_mode_group"])
    for start in months:
        for end in months:
            if end < start:
                continue
            for by in shapes:
                yield {"dataset": "customs", "period": f"{start}..{end}", "by": by}


@pytest.mark.slow
def test_temporary_objects_stay_bounded_over_a_thousand_distinct_queries(tmp_path, monkeypatch):
    import tradestat
    from tradestat.engine import inline, runner

    monkeypatch.setattr(runner, "PLAN_CACHE", 40)  # evictions early (256 in service)
    monkeypatch.setattr(inline, "KEPT_TABLES", 8)
    monkeypatch.setattr(inline, "INLINE_ROWS", 20)  # most memberships become tables
    with tradestat.connect(tmp_path / "w.duckdb") as w:
        w.ingest(FIX / "customs.csv", "customs")
        queries = list(distinct_queries())
        seen = []
        for q in queries[:100]:  # under disclosure control
            w.query(q, confidential=False)
            seen.append(temporary_objects(w))
        for i in range(900):  # more distinct plain queries than the plan cache keeps
            q = queries[i % len(queries)]
            w.query({**q, "top": 1 + i // len(queries)})
            seen.append(temporary_objects(w))
        assert max(seen) <= 8 and max(seen) > 0  # tables were made, never more than 8
        assert not w.engine.backend._memtables  # nothing registered by Ibis
        # a cached plan whose table was dropped meanwhile makes it again: same answer
        first = w.query(queries[0])
        for q in queries[1:40]:
            w.query(q)
        assert w.query(queries[0]).table.equals(first.table)


def pooled_temporary_objects(engine) -> int:
    con = engine.backend.con  # a pooled engine's own cursor: its temp tables are its own
    views = con.execute(
        "SELECT count(*) FROM duckdb_views() WHERE temporary AND NOT internal"
    ).fetchall()[0][0]
    tables = con.execute("SELECT count(*) FROM duckdb_tables() WHERE temporary").fetchall()[0][0]
    return views + tables


@pytest.mark.slow
def test_the_servers_engines_keep_bounded_state_over_a_thousand_distinct_queries(
    tmp_path, monkeypatch
):
    """The server's path (tradestat.web.service over the gate's pool of engines and the
    caches they share), with requests from six threads at once, half of them under
    disclosure control: every count the server keeps — temporary tables per pooled
    connection, engines, shared plans, shapes and perturbed breakdowns, resolutions per
    engine — stays within its bound over 1,000 distinct queries, and stops growing once
    the bounds are reached; the answers equal those of an engine of its own."""
    from concurrent.futures import ThreadPoolExecutor

    import tradestat
    from tradestat.engine import inline
    from tradestat.web import gate
    from tradestat.web.keys import KeyStore, default_keys_path
    from tradestat.web.service import Service, Settings

    monkeypatch.setattr(inline, "KEPT_TABLES", 8)
    monkeypatch.setattr(inline, "INLINE_ROWS", 20)
    path = tmp_path / "w.duckdb"
    with tradestat.connect(path) as w:
        w.ingest(FIX / "customs.csv", "customs")
        w.update_dataset("customs", published=True)
    store = KeyStore(default_keys_path(path))
    exact, perturbed = store.create(["confidential:*"])[1], store.create(["read:*"])[1]
    svc = Service(Settings(warehouse_path=path, read_only=True, cache_size=0, query_slots=3))
    base = list(distinct_queries())
    requests = [({**q, "top": 1 + i // len(base)}, exact if i % 2 else perturbed)
                for i, q in enumerate(base * 4)][:1000]  # fmt: skip
    assert len({(str(q), k) for q, k in requests}) == 1000

    def ask(request):
        body, key = request
        return svc.query(svc.authenticate(key), body)

    counts = []
    with ThreadPoolExecutor(6) as pool:
        for start in range(0, len(requests), 200):
            list(pool.map(ask, requests[start : start + 200]))
            engines = [e for e, _ in svc.gate._idle]
            caches = svc.gate.caches
            assert len(engines) <= 3
            assert max(pooled_temporary_objects(e) for e in engines) <= 8
            assert all(not e.backend._memtables for e in engines)  # Ibis registered nothing
            assert len(caches.plans) <= gate.SERVER_PLANS
            assert len(caches.shapes) <= gate.SERVER_SHAPES
            assert len(caches.protected) <= gate.SERVER_PROTECTED
            assert len(caches.patterns) <= caches.patterns.size
            assert max(len(e.catalog.resolved) for e in engines) <= gate.SERVER_RESOLVED
            kept = [pooled_temporary_objects(e) + len(e.catalog.resolved) for e in engines]
            counts.append(sum(kept) + len(caches.plans) + len(caches.protected)
                          + len(caches.patterns))  # fmt: skip
    assert counts[-1] == counts[-2] > 0  # full, and no longer growing
    own = svc.warehouse  # an engine outside the pool, caches of its own
    for body, key in requests[::97]:
        assert ask((body, key)).table.equals(own.query(body, confidential=key == exact).table)
    svc.close()
