"""Reporters, complexity, mirror and the market finder on Spark local[2]: the same
figures as on DuckDB."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.analytics import hand, markets_data
from tests.spark.runtime import require_spark

pytestmark = [pytest.mark.spark, pytest.mark.slow]
FIX = Path(__file__).resolve().parents[1] / "fixtures" / "core"


@pytest.fixture(scope="module")
def engines(tmp_path_factory):
    require_spark()
    import tradestat
    from tradestat.spark import connect_spark

    root = tmp_path_factory.mktemp("reporters")
    w = tradestat.connect(root / "w.duckdb")
    w.ingest(hand.write(root / "hand.csv"), "hand")
    w.ingest(hand.write(root / "ent.csv", enterprises=True, lonely=False), "ent")
    w.ingest(FIX / "customs.csv", "customs", reporter="CHN")
    w.ingest(FIX / "national.csv", "national")
    w.update_dataset("national", reporter="CHN")  # rows stored without a reporter
    (root / "theirs.csv").write_text(
        "period,flow,reporter,partner,value\n2020,M,AAA,CHN,5.00\n2020,M,BBB,CHN,7.50\n"
        "2020,X,AAA,CHN,3.00\n2020,M,AAA,KOR,9.00\n", encoding="utf-8")  # fmt: skip
    (root / "own.csv").write_text(
        "period,flow,partner,value\n2020,X,AAA,4.00\n2020,X,BBB,8.00\n2020,M,AAA,2.50\n",
        encoding="utf-8")  # fmt: skip
    w.ingest(root / "own.csv", "own", reporter="CHN", currency="USD")
    w.ingest(root / "theirs.csv", "theirs", currency="USD")
    w.ingest(markets_data.write_panel(root / "panel.csv", seed=3, enterprises=True), "panel",
             currency="USD", home_currency="USD")  # fmt: skip
    w.export_parquet(root / "export")
    sw = connect_spark(root / "export", master="local[2]")
    yield w, sw
    sw.close()
    w.close()


QUERIES = {
    "by reporter": {"dataset": "hand", "period": "2020", "by": ["reporter"], "currency": "USD"},
    "reporter filter": {"dataset": "hand", "period": "2020", "by": ["hs4"], "currency": "USD",
                        "where": {"reporter": ["aaa", "CCC"]}},
    "default reporter": {"dataset": "customs", "period": "2023", "by": ["reporter", "flow"],
                         "compare": ["growth"]},
    "default set later": {"dataset": "national", "period": "2023", "by": ["reporter"],
                          "compare": ["growth"]},
}  # fmt: skip


@pytest.mark.parametrize("name", list(QUERIES))
def test_reporter_queries(engines, name):
    w, sw = engines
    expected = w.query(QUERIES[name]).rows()
    assert expected and sw.query(QUERIES[name]).rows() == expected


def test_default_reporter_on_spark(engines):
    _, sw = engines
    rows = sw.query(QUERIES["default set later"]).rows()
    assert [r["reporter"] for r in rows] == ["CHN"]


def test_disclosure_by_reporter_on_spark(engines):
    w, sw = engines
    q = {"dataset": "ent", "period": "2020", "by": ["reporter", "hs4"], "currency": "USD"}
    mine = w.query(q, confidential=False)
    assert sw.query(q, confidential=False).rows() == mine.rows()
    assert mine.provenance["perturbed"]


@pytest.mark.parametrize("confidential", [True, False])
def test_complexity_on_spark(engines, confidential):
    w, sw = engines
    mine = w.complexity("ent", "2020", "hs4", currency="USD", confidential=confidential)
    got = sw.complexity("ent", "2020", "hs4", currency="USD", confidential=confidential)
    assert got.rows() == mine.rows() and len(mine) == 9
    assert got.provenance["engine"] == "spark" and mine.provenance["engine"] == "duckdb"


@pytest.mark.parametrize("flow", ["export", "import"])
def test_mirror_on_spark(engines, flow):
    w, sw = engines
    kw = {"flow": flow, "cif_fob_margin": 0.1, "currency": "USD"}
    mine = w.mirror("own", "theirs", "2020", "CHN", **kw)
    assert mine.rows() and sw.mirror("own", "theirs", "2020", "CHN", **kw).rows() == mine.rows()


@pytest.mark.parametrize("demand", ["imports", "exports"])
@pytest.mark.parametrize("confidential", [True, False])
def test_export_markets_on_spark(engines, demand, confidential):
    w, sw = engines
    kw = {"years": 2, "demand": demand, "confidential": confidential}
    mine = w.export_markets("panel", "854140", "CHN", "2023", **kw)
    got = sw.export_markets("panel", "854140", "CHN", "2023", **kw)
    assert len(mine) >= 5 and got.rows() == mine.rows()
    assert got.provenance["markets"] == mine.provenance["markets"]
