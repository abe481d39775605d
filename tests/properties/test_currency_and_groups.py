"""Figures in the other currency and by partner group on random record sets, against a
plain computation: each record converted at its month's reference rate and rounded to
cents; each month's group members looked up in the reference on the month's last day
(``composition: current`` gives a base month the members of the current month it is
compared with, ``historical`` its own)."""

from __future__ import annotations

import calendar
import math
from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from tests.properties.conftest import (
    examples,
    frame,
    in_months,
    latest,
    money_sum,
    months_of,
    record_sets,
    shift_year,
)
from tradestat import reference as ref

GROUPS = ["rcep", "eu", "asean"]


def _month_end(month: str) -> date:
    y, m = map(int, month.split("-"))
    return date(y, m, calendar.monthrange(y, m)[1])


def _usd(value: Decimal, month: str) -> Decimal:
    """CNY → USD at the month's rate, rounded half away from zero to cents."""
    x = float(value) / ref.fx_rate("CNY", date.fromisoformat(month + "-01")) * 100
    return Decimal(math.copysign(math.floor(abs(x) + 0.5), x)).scaleb(-2)


@examples(25)
@given(rows=record_sets(min_records=1), period=st.sampled_from(["2023", "2022-H2", "2023-Q2"]))
def test_usd_totals_are_the_sum_of_converted_records(load, rows, period):
    data = load(rows)
    df = in_months(latest(frame(rows)), months_of(period))
    expected = sum(
        (_usd(v, m) for v, m in zip(df["value"], df["period"], strict=True)), Decimal("0.00")
    )
    got = data.query(period=period, currency="USD").scalar()
    assert got == (expected if len(df) else None)  # a period without data is unknown


@examples(25)
@given(
    rows=record_sets(min_records=1),
    period=st.sampled_from(["2023", "2023-H1", "2023-01"]),
    composition=st.sampled_from(["current", "historical"]),
)
def test_partner_groups_follow_dated_membership(load, rows, period, composition):
    data = load(rows)
    df = latest(frame(rows))
    cur_months = months_of(period)
    base_months = shift_year(cur_months, -1)

    def group_rows(group: str, months: list[str], member_months: list[str]) -> list:
        cells = []
        for month, member_month in zip(months, member_months, strict=True):
            members = ref.partner_group_members_on(group, _month_end(member_month))
            cells.append(df[(df["period"] == month) & df["partner"].isin(members)])
        return cells

    result = data.query(
        period=period, by=["partner_group"], where={"partner_group": GROUPS},
        compare=["growth"], composition=composition,
    )  # fmt: skip
    got = {r["partner_group"]: (r["value"], r["base_value"]) for r in result.rows()}
    has_cur = bool(len(in_months(df, cur_months)))
    has_base = bool(len(in_months(df, base_months)))
    membership = cur_months if composition == "current" else base_months
    for group in GROUPS:
        cur = group_rows(group, cur_months, cur_months)
        base = group_rows(group, base_months, membership)
        if not any(len(c) for c in cur + base):  # no member traded in either period
            assert group not in got, (group, got)
            continue
        value = sum((money_sum(c) for c in cur), Decimal("0.00"))
        base_value = sum((money_sum(c) for c in base), Decimal("0.00"))
        # a side whose period has no data at all is unknown, else its sum (0 without members)
        want = (value if has_cur else None, base_value if has_base else None)
        assert got[group] == want, (group, got, composition)
