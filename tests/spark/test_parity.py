"""The same TradeQuery objects on DuckDB and on Spark local[2] give identical figures."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.core import attacks
from tests.core.test_cli import QUESTIONS
from tests.core.test_p_percent import GROWTH_BY_PARTNER, P_PERCENT, sql_sensitive, write_cells
from tests.spark.runtime import require_spark

pytestmark = [pytest.mark.spark, pytest.mark.slow]
FIX = Path(__file__).resolve().parents[1] / "fixtures" / "core"

EXTRA = {
    "comparable basis": {"dataset": "national", "period": "2023", "compare": ["growth"]},
    "first published": {"dataset": "national", "period": "2023", "compare": ["growth"],
                        "basis": "first_published"},
    "as of": {"dataset": "national", "period": "2023", "compare": ["growth"],
              "basis": {"as_of": "2023-06-30"}},
    "balance usd": {"dataset": "customs", "period": "2023", "flow": "balance",
                    "currency": "USD", "compare": ["growth"]},
    "monthly": {"dataset": "customs", "period": "2023-01..2023-06", "by": ["month"],
                "compare": ["growth", "share"]},
    "partner groups": {"dataset": "customs", "period": "2023", "by": ["partner_group"],
                       "where": {"partner_group": ["eu", "rcep", "asean"]},
                       "compare": ["growth", "share", "share_pp", "contribution"]},
    "product groups": {"dataset": "customs", "period": "2023", "by": ["product_group"],
                       "compare": ["growth"], "order_by": ["-value"]},
    "historical composition": {"dataset": "customs", "period": "2023", "composition":
                               "historical", "where": {"partner_group": ["rcep"]},
                               "compare": ["growth"]},
    "returns only": {"dataset": "customs", "period": "2023", "returns": "only"},
    "exclude": {"dataset": "customs", "period": "2023", "exclude": {"partner": ["USA"]},
                "by": ["province"]},
    "distinct partners": {"dataset": "customs", "period": "2023", "measure": "partners",
                          "by": ["flow"], "compare": ["growth"]},
    "fx basis at query time": {"dataset": "customs", "period": "2023", "currency": "USD",
                               "fx_basis": "customs", "compare": ["growth"], "by": ["flow"]},
    "annual by year": {"dataset": "national", "period": "2022..2023", "by": ["year", "flow"]},
    "coverage partial": {"dataset": "customs", "period": "2023", "base_period": "2022-H1",
                         "compare": ["growth"], "coverage": "partial"},
    "not comparable": {"dataset": "customs", "period": "2023", "base_period": "2022-H1",
                       "compare": ["growth"]},
    "unit values": {"dataset": "customs", "period": "2023", "flow": "export",
                    "measure": "unit_value", "by": ["hs_code"], "compare": ["growth"]},
    "price and volume indices": {"dataset": "customs", "period": "2023", "flow": "export",
                                 "compare": ["price_index", "volume_index", "value_index"],
                                 "index_method": "laspeyres"},
    "effects usd": {"dataset": "customs", "period": "2023", "flow": "export",
                    "currency": "USD", "compare": ["effects"]},
    "chained monthly": {"dataset": "customs", "period": "2023-01..2023-06", "flow": "export",
                        "by": ["month"], "compare": ["price_index", "volume_index"]},
}  # fmt: skip


@pytest.fixture(scope="module")
def engines(tmp_path_factory):
    require_spark()
    import tradestat
    from tradestat.spark import connect_spark

    root = tmp_path_factory.mktemp("parity")
    w = tradestat.connect(root / "w.duckdb")
    w.ingest(FIX / "customs.csv", "customs")
    w.ingest(FIX / "customs-revision.csv", "customs")
    w.ingest(FIX / "national.csv", "national")
    rates = root / "customs-rates.csv"  # a customs basis: 7.0 + 0.01 a month
    months = [f"{y}-{m:02d}" for y in (2022, 2023) for m in range(1, 13)]
    rates.write_text("period,cny_per_usd\n" + "".join(
        f"{m},{7 + 0.01 * i:.2f}\n" for i, m in enumerate(months)), encoding="utf-8")  # fmt: skip
    w.import_fx(rates, basis="customs")
    w.ingest(write_cells(root / "cells.csv"), "cells")  # under the p % rule
    w.update_dataset("cells", **P_PERCENT)
    attacks.load(w, root, "5eed0001")  # cells hidden by dominance and by the threshold
    w.export_parquet(root / "export")
    sw = connect_spark(root / "export", master="local[2]")
    yield w, sw
    sw.close()
    w.close()


QUERIES = {**{k: {"dataset": "customs", **v} for k, v in QUESTIONS.items()}, **EXTRA}


@pytest.mark.parametrize("name", list(QUERIES))
def test_identical_figures(engines, name):
    w, sw = engines
    expected = w.query(QUERIES[name]).rows()
    got = sw.query(QUERIES[name])
    assert got.rows() == expected
    assert expected  # a parity test on empty results proves nothing
    mine = w.query(QUERIES[name]).provenance
    for key in ("time_grain", "money", "warnings"):
        assert got.provenance[key] == mine[key]
    assert got.provenance["coverage"]["current"] == mine["coverage"]["current"]


def test_disclosure_on_spark(engines):
    w, sw = engines
    q = {"dataset": "customs", "period": "2023", "by": ["partner"], "compare": ["growth"]}
    assert sw.query(q, confidential=False).rows() == w.query(q, confidential=False).rows()


def test_list_and_span_rules_on_spark(engines):
    """Filter lists splitting the hidden cells and spans holding a hidden month (on
    either side) come back hidden with the same reasons on Spark; lists and spans that
    split nothing are shown, perturbed the same."""
    w, sw = engines
    march = {"dataset": attacks.DS, "period": "2023-03", "flow": "export"}
    queries = [
        {**march, "where": {"partner": partners}}
        for partners in (["KOR", "USA"], ["VNM", "USA"], ["KOR", "VNM", "USA"], ["USA"])
    ] + [
        {**march, "exclude": {"partner": ["USA"]}},
        {**march, "period": "2023-01..2023-07", "by": ["partner"]},
    ]
    base = {"base_period": "2022-01..2022-07", "by": ["partner"], "compare": ["growth"]}
    queries.append({**march, "period": "2023-07", **base})
    reasons = set()
    for q in queries:
        mine = w.query(q, confidential=False)
        assert sw.query(q, confidential=False).rows() == mine.rows(), q
        reasons |= {r["suppression"] for r in mine.rows() if r["suppressed"]}
    assert {r.split(":")[0] for r in reasons} >= {"list", "span"}
    assert "span: the period holds a hidden month (base period)" in reasons


def test_indices_disclosure_on_spark(engines):
    """Read keys: the same hidden cells and perturbed indices and effects on Spark."""
    w, sw = engines
    for q in (QUERIES["effects usd"], QUERIES["unit values"], QUERIES["chained monthly"],
              {**QUERIES["price and volume indices"], "by": ["enterprise_type"]}):  # fmt: skip
        mine = w.query(q, confidential=False)
        assert sw.query(q, confidential=False).rows() == mine.rows()
        assert mine.provenance["perturbed"]


def test_p_percent_rule_on_spark(engines, tmp_path):
    """The p % rule hides the same cells on Spark, computed with a window over Spark's
    per-enterprise sums, as the rule written in plain SQL over the source file."""
    w, sw = engines
    assert sw.engine.catalog.dataset("cells").disclosure.dominance_rule == "p_percent"
    mine = w.query(GROWTH_BY_PARTNER, confidential=False)
    got = sw.query(GROWTH_BY_PARTNER, confidential=False)
    assert got.rows() == mine.rows()
    assert got.provenance["disclosure"] == mine.provenance["disclosure"]
    primary = {r["partner"] for r in got.rows() if (r["suppression"] or "").startswith("primary")}
    assert primary == sql_sensitive(write_cells(tmp_path / "cells.csv"), "p_percent", 10)
    assert any("p% rule" in (r["suppression"] or "") for r in got.rows())


def test_cli_export_then_query_on_spark(tmp_path):
    """The README's "Scaling out" commands: export, then query the export on Spark."""
    import json
    import subprocess
    import sys

    require_spark()
    import tradestat

    path = tmp_path / "w.duckdb"
    with tradestat.connect(path) as w:
        w.ingest(FIX / "national.csv", "national")

    def cli(*args: str) -> str:
        # a process each: the CLI starts and stops a Spark session, apart from this module's
        done = subprocess.run([sys.executable, "-m", "tradestat.cli", *args],
                              capture_output=True, text=True, timeout=600)  # fmt: skip
        assert done.returncode == 0, done.stderr
        return done.stdout

    cli("export", "--to", str(tmp_path / "export"), "--warehouse", str(path))
    q = json.dumps({"dataset": "national", "period": "2023", "compare": ["growth"]})
    spark = json.loads(cli("query", q, "--engine", "spark", "--parquet", str(tmp_path / "export"),
                           "--output", "json"))  # fmt: skip
    duck = json.loads(cli("query", q, "--warehouse", str(path), "--output", "json"))
    assert spark["rows"] == duck["rows"]
    # 2023 on the revised 2022 (41.68 trn): +0.19 %, as the README says
    assert round(spark["rows"][0]["growth_pct"], 2) == 0.19


def test_spark_reads_the_catalog_as_duckdb_does(engines):
    """The protocol's read methods on Spark: the export's datasets and their info
    (rows, periods, vintages from vintage_summary) equal the DuckDB file's."""
    from tradestat.api.protocol import TradeWarehouse

    w, sw = engines
    assert isinstance(sw, TradeWarehouse)
    assert sw.datasets() == w.datasets() and len(sw.datasets()) == 4
    for ds in w.datasets():
        assert sw.dataset(ds.name) == w.dataset(ds.name)
        assert sw.dataset_info(ds.name) == w.dataset_info(ds.name)
    assert sw.dataset_info("customs")["rows"] > 0
    assert "SELECT" in sw.explain({"dataset": "national", "period": "2023"})


def test_query_on_spark_exports_queries_and_removes_its_export(engines):
    """The library's export-then-query sequence (what `tradestat query --engine spark`
    calls): the same rows as DuckDB, and the temporary export gone afterwards."""
    from pathlib import Path

    from tradestat.spark import query_on_spark, spark_over

    w, sw = engines
    q = {"dataset": "customs", "period": "2023", "by": ["partner"], "compare": ["growth"]}
    got = query_on_spark(q, warehouse=w, session=sw.session)
    assert got.rows() == w.query(q).rows() and got.rows()
    with spark_over(w, ["national"], session=sw.session) as one:
        root = Path(one.root)
        assert sorted(p.name for p in root.iterdir()) == [
            "dataset_codes.parquet", "dataset_currencies.parquet", "dataset_editions.parquet",
            "dataset_places.parquet", "datasets.parquet", "facts_national.parquet",
            "fx_rates_basis.parquet", "fx_rates_user.parquet", "ts_meta.parquet",
            "vintage_summary.parquet",
        ]  # fmt: skip
        assert [d.name for d in one.datasets()] == ["national"]
        hidden = one.query({"dataset": "national", "period": "2023"}, confidential=False)
        assert hidden.rows() == w.query({"dataset": "national", "period": "2023"},
                                        confidential=False).rows()  # fmt: skip
    assert not root.exists()
    assert not sw.session.sparkContext._jsc.sc().isStopped()  # a given session stays up


@pytest.mark.parametrize("kind", ["codes", "places", "editions", "currencies"])
def test_spark_plans_from_the_exported_distinct_values(engines, kind, tmp_path):
    """Spark reads the distinct values ingest keeps (exported beside the facts), the
    same as DuckDB's; an export without them (an older one) gives the same from its
    facts."""
    import shutil

    from tradestat.spark import connect_spark
    from tradestat.store import distinct_values

    w, sw = engines
    for name in ("customs", "national"):
        ds = w.engine.catalog.dataset(name)
        duck = w.engine.catalog.distinct(ds, kind)
        spark = sw.engine.catalog.distinct(sw.engine.catalog.dataset(name), kind)
        meta = sw.engine.catalog.memo(("ts_meta",), lambda: pytest.fail("ts_meta not read"))
        assert distinct_values.ready(meta, name)  # so read from the exported table
        assert sorted(spark, key=_row_key) == sorted(duck, key=_row_key)
    older = tmp_path / "older"
    shutil.copytree(sw.root, older)
    for kept in distinct_values.KINDS.values():
        (older / f"{kept.table}.parquet").unlink()
    (older / "ts_meta.parquet").unlink()
    old = connect_spark(older, session=sw.session)
    try:
        ds = old.engine.catalog.dataset("customs")
        got = old.engine.catalog.distinct(ds, kind)
    finally:
        old.close()
    want = w.engine.catalog.distinct(w.engine.catalog.dataset("customs"), kind)
    assert sorted(got, key=_row_key) == sorted(want, key=_row_key) and got


def _row_key(row: dict) -> tuple:
    return tuple(str(v) for v in row.values())
