"""Server memory stays flat: distinct queries leave nothing behind on the connection.

Ibis registers every in-memory table (group membership, calendars) on the DuckDB
connection and never dropped them: each distinct query under disclosure control left
a view behind (1,200 queries: 257 -> 735 MB). The engine now releases them, after a
protected query and when a cached plan is evicted.
"""

from __future__ import annotations

from pathlib import Path

import pytest

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "core"


def temporary_objects(w) -> int:
    con = w.engine.backend.con
    views = con.execute("SELECT count(*) FROM duckdb_views() WHERE temporary").fetchall()[0][0]
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
def test_temporary_views_do_not_grow_over_a_thousand_distinct_queries(tmp_path, monkeypatch):
    import tradestat
    from tradestat.engine import runner

    monkeypatch.setattr(runner, "PLAN_CACHE", 40)  # evictions early (256 in service)
    with tradestat.connect(tmp_path / "w.duckdb") as w:
        w.ingest(FIX / "customs.csv", "customs")
        queries = list(distinct_queries())
        w.query(queries[0], confidential=False)
        baseline = temporary_objects(w)
        for q in queries[:100]:  # under disclosure control: nothing is kept
            w.query(q, confidential=False)
        assert temporary_objects(w) == baseline
        seen = []
        for i in range(900):  # more distinct plain queries than the plan cache keeps
            q = queries[i % len(queries)]
            w.query({**q, "top": 1 + i // len(queries)})
            seen.append(temporary_objects(w))
        # at most the plans in the cache keep theirs (no more than 3 memtables a plan)
        assert max(seen) <= baseline + 40 * 3
        assert max(seen[-300:]) <= max(seen[:600])  # flat once the cache is full
