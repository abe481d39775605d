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
