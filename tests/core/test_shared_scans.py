"""Shared scans (tradestat.engine.scans) give every query the answer it gets alone.

Queries without a breakdown of one dataset and basis are answered by one SQL
statement; each answer must be the query's own: the same Arrow table (values, types,
units) and the same provenance (coverage, warnings, money), time aside.
"""

from __future__ import annotations

from pathlib import Path

import pytest

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "core"

# queries without a breakdown: flows, currencies and bases, filters of every kind
PLAIN = [
    {"period": "2023", "compare": ["growth"]},
    {"period": "2023", "flow": "export", "compare": ["growth", "share", "contribution"]},
    {"period": "2023", "flow": "import", "compare": ["growth"]},
    {"period": "2023", "flow": "balance"},
    {"period": "2023", "flow": "balance", "currency": "USD", "compare": ["growth"]},
    {"period": "2023", "currency": "USD", "fx_basis": "customs", "compare": ["growth"]},
    {"period": "2023", "where": {"trade_mode_group": ["cbec"]}, "compare": ["growth"]},
    {"period": "2023", "where": {"enterprise_type": ["private"]},
     "compare": ["growth", "share", "share_pp", "contribution"]},
    {"period": "2023", "where": {"partner_group": ["eu", "rcep"]}, "compare": ["growth", "share"]},
    {"period": "2023", "where": {"partner_group": ["rcep"]}, "base_period": "2022-H1",
     "compare": ["growth"]},  # not comparable: growth hidden
    {"period": "2023", "where": {"partner_group": ["rcep"]}, "base_period": "2022-H1",
     "compare": ["growth"], "coverage": "partial"},
    {"period": "2023", "where": {"partner_group": ["eu"]}},  # one side: its own flag
    {"period": "2023", "composition": "historical", "where": {"partner_group": ["rcep"]},
     "compare": ["growth"]},
    {"period": "2023", "where": {"product_group": ["electromechanical"]},
     "compare": ["growth", "share_pp"]},
    {"period": "2023", "exclude": {"product_group": ["electromechanical"]}, "compare": ["share"]},
    {"period": "2023", "exclude": {"partner": ["USA"]}, "compare": ["growth"]},
    {"period": "2023", "where": {"partner": ["USA", "DEU"]}, "flow": "export"},
    {"period": "2023-Q4", "base_period": "2023-Q3", "compare": ["growth"]},
    {"period": "2023-Q4", "base_period": "2023-Q1", "flow": "export", "compare": ["growth"]},
    {"period": "2023-Q4", "where": {"partner": ["USA"]}, "compare": ["growth"]},
    {"period": "2023", "returns": "only"},
    {"period": "2023", "returns": "gross", "compare": ["growth"]},
    {"period": "2023", "measure": "records", "compare": ["growth", "share"]},
    {"period": "2023", "measure": "records", "where": {"partner": ["ZZZ"]}},  # no rows: 0
    {"period": "2023", "where": {"partner": ["ZZZ"]}, "compare": ["growth", "share"]},
    {"period": "2021", "compare": ["growth"]},  # no data on either side
    {"period": "2021", "flow": "balance", "compare": ["growth"]},
    {"period": "2023", "basis": "first_published", "compare": ["growth"]},
    {"period": "2023", "basis": "first_published", "flow": "export"},
    {"period": "2023", "basis": {"as_of": "2023-06-30"}, "compare": ["growth"]},
    {"period": "2023", "basis": {"as_of": "2023-06-30"}, "flow": "export"},
]  # fmt: skip


# distinct counts: one statement of their own over the rows (engine.distinct_scans)
DISTINCT = [
    {"period": "2023", "measure": "enterprises", "compare": ["growth"]},
    {"period": "2023", "measure": "enterprises", "where": {"enterprise_type": ["private"]},
     "compare": ["growth", "share", "share_pp"]},
    {"period": "2023", "measure": "enterprises", "flow": "export",
     "where": {"partner_group": ["eu", "rcep"]}, "compare": ["growth"]},
    {"period": "2023", "measure": "enterprises", "exclude": {"partner": ["USA"]}},
    {"period": "2023", "measure": "enterprises", "returns": "only"},
    {"period": "2023", "measure": "enterprises", "where": {"partner": ["ZZZ"]},
     "compare": ["growth"]},  # no rows: 0
    {"period": "2023-Q4", "base_period": "2023-Q1", "measure": "partners",
     "compare": ["growth"]},
    {"period": "2023", "measure": "partners", "flow": "import",
     "where": {"product_group": ["electromechanical"]}, "compare": ["growth", "share"]},
]  # fmt: skip


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    import tradestat

    root = tmp_path_factory.mktemp("scans")
    w = tradestat.connect(root / "w.duckdb")
    w.ingest(FIX / "customs.csv", "customs")
    w.ingest(FIX / "customs-revision.csv", "customs")
    w.ingest(FIX / "national.csv", "national")
    rates = root / "customs-rates.csv"  # a customs basis: 7.0 + 0.01 a month
    months = [f"{y}-{m:02d}" for y in (2022, 2023) for m in range(1, 13)]
    rates.write_text("period,cny_per_usd\n" + "".join(
        f"{m},{7 + 0.01 * i:.2f}\n" for i, m in enumerate(months)), encoding="utf-8")  # fmt: skip
    w.import_fx(rates, basis="customs")
    yield w
    w.close()


def queries():
    from tradestat.query.tradequery import TradeQuery

    customs = [TradeQuery.from_dict({"dataset": "customs", **q}) for q in PLAIN]
    national = [TradeQuery.from_dict({"dataset": "national", **q}) for q in PLAIN[:5]]
    return customs + national


def assert_same(shared, alone) -> None:
    assert shared.table.equals(alone.table, check_metadata=True), (shared.table, alone.table)
    mine, theirs = dict(shared.provenance), dict(alone.provenance)
    mine.pop("seconds"), theirs.pop("seconds")
    assert mine == theirs


def test_each_answer_is_the_query_alone(warehouse):
    qs = queries()
    engine = warehouse.engine
    shared = warehouse.query_batch(qs)
    assert set(shared) == set(qs)
    assert engine.scan_stats["fallbacks"] == 0
    for q, result in shared.items():
        assert_same(result, warehouse.query(q, with_sql=False))
    before = engine.statements
    again = warehouse.query_batch(qs)  # planned before: the same answers
    # one statement per dataset, basis and years: latest in 2022-2023 (2023 alone too)
    # and in 2020-2021, first published, as of; national
    assert engine.statements - before == 5
    for q, result in again.items():
        assert_same(result, shared[q])


def test_distinct_counts_share_a_statement_and_are_the_query_alone(warehouse):
    from tradestat.query.tradequery import TradeQuery

    qs = [TradeQuery.from_dict({"dataset": "customs", **q}) for q in DISTINCT]
    engine = warehouse.engine
    fallbacks, before = engine.scan_stats["fallbacks"], engine.scan_stats["scans"]
    shared = warehouse.query_batch(qs)
    assert set(shared) == set(qs) and engine.scan_stats["fallbacks"] == fallbacks
    assert engine.scan_stats["scans"] - before == 2  # enterprises and partners, 2022-2023
    for q, result in shared.items():
        assert_same(result, warehouse.query(q, with_sql=False))
    # by hand: distinct enterprises in 2023, and the private ones, in plain SQL
    sql = """SELECT count(DISTINCT enterprise_id),
                    count(DISTINCT enterprise_id) FILTER (WHERE enterprise_type = 'private')
             FROM facts_customs WHERE is_latest AND year(period) = 2023"""
    everyone, private = warehouse.con.execute(sql).fetchone()
    assert shared[qs[0]].rows()[0]["value"] == everyone > private > 0
    assert shared[qs[1]].rows()[0]["value"] == private


def test_a_figure_by_hand(warehouse):
    """Exports to the US in 2023, their growth and share of all exports, in plain SQL."""
    from tradestat.query.tradequery import TradeQuery

    us = {"dataset": "customs", "period": "2023", "flow": "export", "where": {"partner": ["USA"]},
          "compare": ["growth", "share"]}  # fmt: skip
    total = {"dataset": "customs", "period": "2023"}
    row = warehouse.query_batch([us, total])[TradeQuery.from_dict(us)].rows()[0]
    sql = """SELECT sum(value_cny) FILTER (WHERE partner = 'USA'), sum(value_cny)
             FROM facts_customs WHERE is_latest AND flow = 'X' AND year(period) = {y}"""
    us23, x23 = warehouse.con.execute(sql.format(y=2023)).fetchone()
    us22, _ = warehouse.con.execute(sql.format(y=2022)).fetchone()
    assert row["value"] == us23 and row["base_value"] == us22
    assert row["growth_pct"] == pytest.approx(float((us23 - us22) * 100 / us22))
    assert row["share_pct"] == pytest.approx(float(us23 * 100 / x23))
    assert 0 < row["share_pct"] < 100


def test_what_runs_alone(warehouse):
    """Breakdowns, quantities, a distinct count alone, ``having``, unknown groups, a query
    alone in its scan and disclosure-controlled queries are left to ``query``."""
    qs = [
        {"dataset": "customs", "period": "2023", "by": ["flow"]},
        {"dataset": "customs", "period": "2023", "measure": "quantity"},
        {"dataset": "customs", "period": "2023", "measure": "enterprises"},
        {"dataset": "customs", "period": "2023", "having": "value > 0"},
        {"dataset": "customs", "period": "2023", "where": {"partner_group": ["nope"]}},
        {"dataset": "customs", "period": "2023", "where": {"zone": ["X"]}},  # alone in its scan
    ]
    assert warehouse.query_batch(qs) == {}
    plain = [
        {"dataset": "customs", "period": "2023"},
        {"dataset": "customs", "period": "2023", "flow": "export"},
    ]
    assert warehouse.query_batch(plain, confidential=False) == {}  # protected cells
    assert len(warehouse.query_batch(plain)) == 2
