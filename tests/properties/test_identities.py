"""Identities that hold for any records (README "Semantics"):

- shares of a partition sum to 100 (within each month with a month breakdown), and
  share changes sum to 0;
- contributions of a partition sum to the total's growth; the cells' values and base
  values sum to the total's;
- balance = exports − imports; total = exports + imports;
- net = gross + returns only (returns are records flagged ``is_return`` with a value
  ≤ 0), for value, quantity and record counts;
- ``where`` a value plus ``exclude`` that value is the whole.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.properties.conftest import PARTNERS, close, examples, record_sets

PERIODS = ["2023", "2023-H1", "2023-Q1", "2023-06..2023-12"]
# dimensions whose cells partition the records (each record in exactly one cell)
PARTITIONS = ["partner", "flow", "hs2", "hs6", "enterprise_type", "trade_mode"]


def nonzero(x: Any) -> bool:
    return x is not None and x != 0


@pytest.mark.slow
@examples(30)
@given(
    rows=record_sets(min_records=1),
    period=st.sampled_from(PERIODS),
    dim=st.sampled_from(PARTITIONS),
    measure=st.sampled_from(["value", "value", "quantity", "records"]),
)
def test_shares_and_contributions_of_a_partition(load, rows, period, dim, measure):
    data = load(rows)
    base = {"period": period, "measure": measure}
    (total,) = data.query(**base, compare=["growth"]).rows()
    cells = data.query(
        **base, by=[dim], compare=["growth", "share", "share_pp", "contribution"]
    ).rows()

    values = [c["value"] for c in cells if c["value"] is not None]
    if total["value"] is not None:
        assert sum(values, type(total["value"])(0)) == total["value"]
    base_values = [c["base_value"] for c in cells if c["base_value"] is not None]
    if total["base_value"] is not None:
        assert sum(base_values, type(total["base_value"])(0)) == total["base_value"]

    size = sum(abs(float(v)) for v in values) / max(abs(float(total["value"] or 1)), 1e-9)
    if nonzero(total["value"]):
        shares = [c["share_pct"] for c in cells]
        assert close(sum(shares), 100.0, scale=100 * size), shares
    compared = total["growth_pct"] is not None or not nonzero(total["base_value"])
    if not compared:  # the sides do not cover the same months: nothing compares them
        assert all(c["share_pp"] is None and c["contribution_pp"] is None for c in cells)
        assert all(c["growth_pct"] is None for c in cells)
        return
    if nonzero(total["value"]) and nonzero(total["base_value"]):
        pp = [c["share_pp"] for c in cells]
        assert close(sum(pp), 0.0, scale=100 * size), pp
    if nonzero(total["base_value"]) and total["value"] is not None:
        contributions = [c["contribution_pp"] for c in cells]
        assert close(sum(contributions), total["growth_pct"], scale=100 * size), contributions


@examples(25)
@given(rows=record_sets(min_records=1), period=st.sampled_from(["2023", "2023-H1"]))
def test_shares_within_each_month_sum_to_100(load, rows, period):
    data = load(rows)
    # a comparison reads the base period too, so a month with base rows only is a cell
    # (value 0, or null when the current period has no data at all)
    query = {"period": period, "compare": ["share"]}
    cells = data.query(**query, by=["month", "partner"]).rows()
    months = {r["month"]: r["value"] for r in data.query(**query, by=["month"]).rows()}
    by_month: dict[str, list[dict]] = defaultdict(list)
    for c in cells:
        by_month[c["month"]].append(c)
    assert set(by_month) == set(months)
    for month, rows_of_month in by_month.items():
        values = [r["value"] for r in rows_of_month if r["value"] is not None]
        if months[month] is None:
            assert values == []
        else:
            assert sum(values) == months[month]
        if nonzero(months[month]):
            shares = [r["share_pct"] for r in rows_of_month]
            size = sum(abs(float(v)) for v in values) / abs(float(months[month]))
            assert close(sum(shares), 100.0, scale=100 * size), (month, shares)
        else:  # a share of nothing is unknown, never a division error
            assert all(r["share_pct"] is None for r in rows_of_month)


@pytest.mark.slow
@examples(30)
@given(
    rows=record_sets(min_records=1),
    period=st.sampled_from(PERIODS),
    measure=st.sampled_from(["value", "quantity"]),
    by=st.sampled_from([[], ["partner"], ["month"]]),
)
def test_balance_total_and_returns_identities(load, rows, period, measure, by):
    data = load(rows)

    def figures(**kw: Any) -> dict:
        """{cell: (value, base_value)} of one query with growth."""
        result = data.query(period=period, measure=measure, by=by, compare=["growth"], **kw)
        return {tuple(r[d] for d in by): (r["value"], r["base_value"]) for r in result.rows()}

    def combine(a: dict, b: dict, sign: int) -> dict:
        """Cell-wise a + sign × b; a cell missing on one side counts as 0 there."""
        out = {}
        for key in a.keys() | b.keys():
            pairs = zip(a.get(key, (None, None)), b.get(key, (None, None)), strict=True)
            out[key] = tuple(_add(x, y, sign) for x, y in pairs)
        return out

    exports, imports = figures(flow="export"), figures(flow="import")
    assert figures(flow="balance") == combine(exports, imports, -1)
    assert figures(flow="total") == combine(exports, imports, +1)
    gross, only = figures(returns="gross"), figures(returns="only")
    assert figures(returns="net") == combine(gross, only, +1)


def _add(x: Any, y: Any, sign: int) -> Any:
    if x is None and y is None:
        return None
    zero = type(x if x is not None else y)(0)
    return (x if x is not None else zero) + sign * (y if y is not None else zero)


@examples(25)
@given(
    rows=record_sets(min_records=1),
    partner=st.sampled_from(PARTNERS),
    measure=st.sampled_from(["value", "records"]),
)
def test_where_plus_exclude_is_the_whole(load, rows, partner, measure):
    data = load(rows)

    def one(**kw: Any) -> Any:
        return data.query(period="2023", measure=measure, **kw).scalar()

    whole, kept, dropped = (
        one(),
        one(where={"partner": [partner]}),
        one(exclude={"partner": [partner]}),
    )
    if whole is None:  # no data in the period at all
        assert kept is None and dropped is None
    else:
        assert kept + dropped == whole
    # the record counts of the three returns settings add up too
    gross = data.query(period="2023", measure="records", returns="gross").scalar()
    only = data.query(period="2023", measure="records", returns="only").scalar()
    assert gross + only == data.query(period="2023", measure="records").scalar()
    assert only == sum(
        1 for r in _latest_versions(rows) if r["is_return"] and r["period"].startswith("2023")
    )


def _latest_versions(rows: list[dict]) -> list[dict]:
    best: dict[str, dict] = {}
    for r in rows:
        if r["record_id"] not in best or r["vintage"] > best[r["record_id"]]["vintage"]:
            best[r["record_id"]] = r
    return list(best.values())


def test_decimal_zero_sums_keep_their_type():
    # the helper adds exact decimals as decimals (a float would hide a rounding error)
    assert _add(Decimal("1.10"), None, -1) == Decimal("1.10")
    assert isinstance(_add(None, Decimal("2.00"), -1), Decimal)
