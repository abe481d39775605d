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


def test_a_scan_spark_cannot_run_falls_back(engines, monkeypatch):
    """A scan that fails leaves every query to ``query``: no answers, no error. (Only the
    scan's run fails, so the test needs no query run before it: under pytest-xdist it
    may be the first of its module on a worker.)"""
    from py4j.protocol import Py4JError

    from tradestat.engine import inline

    _, sw = engines
    qs = [
        {"dataset": "customs", "period": "2023"},
        {"dataset": "customs", "period": "2023", "flow": "export"},
    ]

    def refused(*args, **kwargs):
        raise Py4JError("the scan's statement is refused")  # as a session gone away

    before = sw.engine.scan_stats["fallbacks"]
    with monkeypatch.context() as m:
        m.setattr(inline, "to_arrow", refused)
        assert sw.query_batch(qs) == {}
    assert sw.engine.scan_stats["fallbacks"] == before + 1
    assert sw.query(qs[0]).scalar() is not None  # each alone still runs


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
