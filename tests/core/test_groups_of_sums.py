"""Group breakdowns summed before the membership join (tradestat.engine.plan
``_groups_of_sums``) give exactly the tables of joining every fact row: the same Arrow
table (values, types, order) for product, partner and trade-mode groups, sums and row
counts, flows, currencies, bases, shares and filters."""

from __future__ import annotations

from pathlib import Path

import pytest

from tradestat.engine import plan

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "report"
GROUPS = {
    "product_group": ["electromechanical", "high_tech", "labour_intensive"],
    "partner_group": ["eu", "rcep", "bri"],
    "trade_mode_group": ["cbec", "processing"],
}
CASES = [
    {"by": ["product_group"], "flow": "export", "compare": ["growth", "share"]},
    {"by": ["product_group"], "where": {"product_group": GROUPS["product_group"]},
     "compare": ["growth", "contribution"]},
    {"by": ["partner_group"], "where": {"partner_group": GROUPS["partner_group"]},
     "compare": ["growth", "share", "share_pp"]},
    {"by": ["partner_group"], "composition": "historical",
     "where": {"partner_group": ["eu"]}, "compare": ["growth"]},
    {"by": ["partner_group", "flow"], "where": {"partner_group": ["rcep"]},
     "currency": "USD", "compare": ["growth"]},
    {"by": ["trade_mode_group"], "measure": "records", "compare": ["growth"]},
    {"by": ["product_group", "enterprise_type"], "flow": "balance",
     "where": {"product_group": ["electromechanical"]}},
    {"by": ["product_group"], "exclude": {"partner_group": ["eu"]}, "top": 2,
     "order_by": ["-value"]},
    {"by": ["partner_group"], "where": {"partner_group": ["eu"], "enterprise_type": ["private"]},
     "base_period": "2022-H2", "compare": ["growth"], "coverage": "partial"},
]  # fmt: skip


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    import tradestat

    w = tradestat.connect(tmp_path_factory.mktemp("groups") / "w.duckdb")
    assert w.ingest(FIX / "declarations.csv", "customs").rows_rejected == 0
    yield w
    w.close()


@pytest.mark.parametrize("case", CASES, ids=range(len(CASES)))
def test_sums_first_is_the_row_join(warehouse, case, monkeypatch):
    from tradestat.query.tradequery import TradeQuery

    q = TradeQuery.from_dict({"dataset": "customs", "period": "2023", **case})
    used: list[bool] = []
    original = plan._sums_before_groups
    monkeypatch.setattr(plan, "_sums_before_groups", lambda p: used.append(original(p)) or used[-1])
    first = warehouse.query(q, with_sql=False).table
    assert used == [True]  # the sums-first plan answered it
    warehouse.engine.drop_caches()
    monkeypatch.setattr(plan, "_sums_before_groups", lambda p: used.append(False) or False)
    joined = warehouse.query(q, with_sql=False).table
    assert used == [True, False]  # planned again, joining every row
    assert first.num_rows > 0
    assert first.equals(joined, check_metadata=True), (first, joined)
