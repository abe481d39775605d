"""Shared scans on Spark: the same answers as each query alone on DuckDB, or none (each
query then runs alone) when Spark cannot run the scan."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.core.test_shared_scans import DISTINCT, PLAIN
from tests.spark.runtime import require_spark

pytestmark = [pytest.mark.spark, pytest.mark.slow]
FIX = Path(__file__).resolve().parents[1] / "fixtures" / "core"


@pytest.fixture(scope="module")
def engines(tmp_path_factory):
    require_spark()
    import tradestat
    from tradestat.spark import connect_spark

    root = tmp_path_factory.mktemp("scans-spark")
    w = tradestat.connect(root / "w.duckdb")
    w.ingest(FIX / "customs.csv", "customs")
    w.ingest(FIX / "customs-revision.csv", "customs")
    w.export_parquet(root / "export")
    sw = connect_spark(root / "export", master="local[2]")
    yield w, sw
    sw.close()
    w.close()


def test_shared_scans_on_spark(engines):
    from tradestat.query.tradequery import TradeQuery

    w, sw = engines
    qs = [TradeQuery.from_dict({"dataset": "customs", **q}) for q in PLAIN
          if "fx_basis" not in q]  # fmt: skip
    got = sw.query_batch(qs)
    assert sw.engine.scan_stats["fallbacks"] == 0 and len(got) >= len(qs) - 2
    for q, result in got.items():
        mine = w.query(q, with_sql=False)
        assert result.rows() == mine.rows(), q
        theirs = dict(result.provenance)
        for key in ("seconds", "engine"):
            theirs.pop(key)
        assert theirs == {k: v for k, v in mine.provenance.items() if k in theirs}, q
        assert result.provenance == sw.query(q, with_sql=False).provenance | {
            "seconds": result.provenance["seconds"]
        }, q


def test_distinct_counts_share_a_scan_on_spark(engines):
    from tradestat.query.tradequery import TradeQuery

    w, sw = engines
    qs = [TradeQuery.from_dict({"dataset": "customs", **q}) for q in DISTINCT]
    before = dict(sw.engine.scan_stats)
    got = sw.query_batch(qs)
    assert sw.engine.scan_stats["fallbacks"] == before["fallbacks"]
    assert set(got) == set(qs) and sw.engine.scan_stats["scans"] == before["scans"] + 2
    for q, result in got.items():
        assert result.rows() == w.query(q, with_sql=False).rows(), q


def test_a_scan_spark_cannot_run_falls_back(engines):
    """A scan that fails leaves every query to ``query``: no answers, no error."""
    _, sw = engines
    qs = [
        {"dataset": "customs", "period": "2023"},
        {"dataset": "customs", "period": "2023", "flow": "export"},
    ]
    backend = sw.engine.backend
    sw.engine.backend = None  # no session to run on
    try:
        assert sw.query_batch(qs) == {}
    finally:
        sw.engine.backend = backend
    assert sw.engine.scan_stats["fallbacks"] >= 1


def test_product_group_breakdowns_share_the_scan_on_spark(engines):
    """A product-group breakdown split into its groups' queries (engine.scan_breakdowns):
    on Spark the same rows as the breakdown alone on DuckDB."""
    from tests.core.test_scan_breakdowns import BREAKDOWNS
    from tradestat.query.tradequery import TradeQuery

    w, sw = engines
    qs = [TradeQuery.from_dict({"dataset": "customs", **q}) for q in BREAKDOWNS]
    before = sw.engine.scan_stats["fallbacks"]
    got = sw.query_batch(qs)
    assert set(got) == set(qs) and sw.engine.scan_stats["fallbacks"] == before
    for q, result in got.items():
        assert result.rows() == w.query(q, with_sql=False).rows(), q
