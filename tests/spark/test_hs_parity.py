"""HS edition conversion, end use and SITC on Spark local[2]: the same figures as on DuckDB."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.spark.runtime import require_spark

pytestmark = [pytest.mark.spark, pytest.mark.slow]
FIX = Path(__file__).resolve().parents[1] / "fixtures" / "core"


@pytest.fixture(scope="module")
def engines(tmp_path_factory):
    require_spark()
    import tradestat
    from tradestat.spark import connect_spark

    root = tmp_path_factory.mktemp("editions")
    w = tradestat.connect(root / "w.duckdb")
    w.ingest(FIX / "editions.csv", "ed")
    w.update_dataset("ed", published=True)
    w.export_parquet(root / "export")
    sw = connect_spark(root / "export", master="local[2]")
    yield w, sw
    sw.close()
    w.close()


QUERIES = {
    "hs2017 in hs2022": {"dataset": "ed", "period": "2021", "by": ["hs6"], "hs_edition": "HS2022"},
    "hs2022 in hs2012": {"dataset": "ed", "period": "2022", "by": ["hs4", "flow"],
                         "hs_edition": "HS2012"},
    "comparable basis": {"dataset": "ed", "period": "2022-03..2022-10", "by": ["hs6"],
                         "compare": ["growth", "share"]},
    "end use": {"dataset": "ed", "period": "2022-03..2022-10", "by": ["end_use"],
                "compare": ["growth"]},
    "sitc converted": {"dataset": "ed", "period": "2021", "by": ["sitc_section"],
                       "hs_edition": "HS1996", "currency": "USD"},
    "filters": {"dataset": "ed", "period": "2022", "by": ["sitc_division"],
                "where": {"end_use": ["capital", "intermediate"]}, "exclude": {"hs2": ["85"]}},
}  # fmt: skip


@pytest.mark.parametrize("name", list(QUERIES))
def test_edition_queries(engines, name):
    w, sw = engines
    mine, theirs = w.query(QUERIES[name]), sw.query(QUERIES[name])
    assert mine.rows() and theirs.rows() == mine.rows()
    assert theirs.provenance["hs_edition"] == mine.provenance["hs_edition"]


def test_end_use_with_disclosure_on_spark(engines):
    w, sw = engines
    q = {"dataset": "ed", "period": "2022", "by": ["end_use"]}
    mine = w.query(q, confidential=False)
    assert sw.query(q, confidential=False).rows() == mine.rows()
    assert mine.provenance["perturbed"]


def test_indices_across_the_edition_change_on_spark(engines):
    w, sw = engines
    q = {"dataset": "ed", "period": "2022-03..2022-10", "flow": "export",
         "compare": ["price_index", "volume_index"]}  # fmt: skip
    mine, theirs = w.query(q), sw.query(q)
    assert mine.rows()[0]["price_index"] is not None
    assert theirs.rows() == mine.rows()
    assert theirs.provenance["indices"]["hs_edition"] == mine.provenance["indices"]["hs_edition"]
    assert theirs.provenance["indices"]["coverage"] == mine.provenance["indices"]["coverage"]
