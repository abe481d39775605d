"""Product-group breakdowns from the shared scan (tradestat.engine.scan_breakdowns): each
is the breakdown run alone (the same Arrow table, types, units and provenance), and its
figures are those of the facts summed by hand over each group's HS codes."""

from __future__ import annotations

import pytest

from tests.core.test_shared_scans import assert_same, warehouse  # noqa: F401 (fixture)

GROUPS = ["electromechanical", "high_tech", "ships", "new_three", "toys"]  # toys: no rows
BREAKDOWNS = [
    {"period": "2023", "flow": "export", "by": ["product_group"],
     "where": {"product_group": GROUPS}, "compare": ["growth"]},
    {"period": "2023", "by": ["product_group"], "measure": "records",
     "where": {"product_group": ["labour_intensive", "toys", "ships"]}, "compare": ["growth"]},
    {"period": "2023", "by": ["product_group"], "currency": "USD", "top": 2,
     "where": {"product_group": GROUPS}, "order_by": ["-growth_pct"], "compare": ["growth"]},
    {"period": "2023", "by": ["product_group"], "base_period": "2022-H1",
     "where": {"product_group": ["new_three", "household_appliances"]}},
    {"period": "2023", "by": ["product_group"], "flow": "import",
     "where": {"product_group": GROUPS, "partner": ["USA", "DEU"]}, "compare": ["growth"]},
    {"period": "2024", "by": ["product_group"], "flow": "export",  # rows in the base only
     "where": {"product_group": ["new_three", "ships"]}, "compare": ["growth"]},
    {"period": "2023", "by": ["product_group"], "where": {"product_group": ["ships"]},
     "having": "value > 0"},
]  # fmt: skip


def _queries(items: list[dict]) -> list:
    from tradestat.query.tradequery import TradeQuery

    return [TradeQuery.from_dict({"dataset": "customs", **q}) for q in items]


def test_each_breakdown_is_the_breakdown_alone(warehouse):  # noqa: F811
    qs = _queries(BREAKDOWNS)
    before = warehouse.engine.scan_stats["fallbacks"]
    shared = warehouse.query_batch(qs)
    assert set(shared) == set(qs)  # its parts are not answers: not asked for
    assert warehouse.engine.scan_stats["fallbacks"] == before
    for q, result in shared.items():
        assert_same(result, warehouse.query(q, with_sql=False))
    assert [r["product_group"] for r in shared[qs[2]].rows()] == [
        r["product_group"] for r in warehouse.query(qs[2], with_sql=False).rows()
    ] and len(shared[qs[2]].rows()) == 2  # ordered and cut as its own plan does


def test_breakdown_figures_by_hand(warehouse):  # noqa: F811
    """Exports by product group in 2023 and 2022: each group's HS codes (the reference
    membership of the codes stored) summed in plain SQL; a group without rows is no row."""
    from tradestat import reference

    q = _queries(BREAKDOWNS[:1])[0]
    rows = {r["product_group"]: r for r in warehouse.query_batch([q])[q].rows()}
    codes = warehouse.con.execute("SELECT DISTINCT hs_code, hs_edition FROM facts_customs")
    members: dict[str, set] = {}
    for gid, code, edition in reference.product_groups_for_codes(codes.fetchall()):
        members.setdefault(gid, set()).add((code, edition))
    sums = warehouse.con.execute(
        """SELECT year(period), hs_code, hs_edition, sum(value_cny) FROM facts_customs
        WHERE is_latest AND flow = 'X' AND year(period) IN (2022, 2023) GROUP BY ALL"""
    ).fetchall()
    traded = {g for g in GROUPS for _, c, e, _ in sums if (c, e) in members.get(g, ())}
    assert set(rows) == traded and len(rows) >= 3 and "toys" not in rows
    for g, row in rows.items():
        v23, v22 = (sum(s for y, c, e, s in sums if y == year and (c, e) in members[g])
                    for year in (2023, 2022))  # fmt: skip
        assert (row["value"], row["base_value"]) == (v23, v22) and v23 > 0
        assert row["growth_pct"] == pytest.approx(float((v23 - v22) * 100 / v22))


def test_what_does_not_split_runs_alone(warehouse):  # noqa: F811
    """A share (its total drops only the breakdown's filters), no list of groups, an
    ``exclude`` of groups, a second breakdown dimension or a distinct count: alone."""
    qs = _queries([
        {"period": "2023", "by": ["product_group"], "where": {"product_group": GROUPS},
         "compare": ["share"]},
        {"period": "2023", "by": ["product_group"]},
        {"period": "2023", "by": ["product_group"], "where": {"product_group": GROUPS},
         "exclude": {"product_group": ["ships"]}},
        {"period": "2023", "by": ["product_group", "flow"], "where": {"product_group": GROUPS}},
        {"period": "2023", "by": ["product_group"], "measure": "enterprises",
         "where": {"product_group": GROUPS}},
        {"period": "2023", "by": ["product_group"], "flow": "balance",
         "where": {"product_group": ["ships"]}},  # rows of both flows: no one count
    ])  # fmt: skip
    assert warehouse.query_batch(qs) == {}


def test_a_part_asked_for_too(warehouse):  # noqa: F811
    """A breakdown's group query asked for beside it is answered once, as alone."""
    ships = {"period": "2023", "flow": "export", "where": {"product_group": ["ships"]},
             "compare": ["growth"]}  # fmt: skip
    breakdown, part = _queries([BREAKDOWNS[0], ships])
    shared = warehouse.query_batch([breakdown, part, breakdown])
    assert set(shared) == {breakdown, part}
    for q in (breakdown, part):
        assert_same(shared[q], warehouse.query(q, with_sql=False))
