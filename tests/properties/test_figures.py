"""Engine figures on random record sets equal a plain pandas computation of the same
records: totals (value, quantity, records, distinct enterprises and partners), by
partner, by month, and growth against the default or an explicit base period, on the
comparable (latest) and the first-published basis."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.properties.conftest import (
    close,
    examples,
    first_published,
    frame,
    in_months,
    latest,
    money_sum,
    months_of,
    pct,
    record_sets,
    shift_year,
)

PERIODS = ["2023", "2023-H1", "2023-Q1", "2023-06..2023-12", "2023-07", "2022"]
FLOWS = {"total": ["X", "M"], "export": ["X"], "import": ["M"]}


AS_OF = "2024-04-01"  # after the first revision (2024-03-15), before the second


def basis_rows(rows: list[dict], basis: Any) -> pd.DataFrame:
    df = frame(rows)
    if basis == "first_published":
        df = first_published(df)
    elif basis == "latest":
        df = latest(df)
    else:  # as_of: the latest version known on that date
        df = latest(df[df["vintage"] <= basis["as_of"]])
    return df


def comparable(rows: list[dict], period: str, basis: Any, base_months: list[str] | None = None):
    """Records are a census: the sides compare when every month of both has records (of
    the basis) and they span as many months; else growth is not computed (null)."""
    present = set(basis_rows(rows, basis)["period"])
    cur_months = months_of(period)
    base_months = base_months or shift_year(cur_months, -1)
    return (
        len(cur_months) == len(base_months)
        and set(cur_months) <= present
        and set(base_months) <= present
    )


def sides(rows: list[dict], period: str, basis: Any, base_months: list[str] | None = None):
    df = basis_rows(rows, basis)
    cur_months = months_of(period)
    base_months = base_months or shift_year(cur_months, -1)
    return in_months(df, cur_months), in_months(df, base_months)


def money_or_none(df: pd.DataFrame, has_data: bool) -> Decimal | None:
    """A sum over a side with no data at all is unknown (null), else exact (0 if empty)."""
    return money_sum(df) if has_data else None


def check_growth_row(row: dict[str, Any], value: Any, base: Any, compares: bool = True) -> None:
    assert (row["value"], row["base_value"]) == (value, base), row
    known = value is not None and base is not None and compares
    expected = pct(value - base, base) if known else None
    assert close(row["growth_pct"], expected), (row, expected)


@pytest.mark.slow
@examples(30)
@given(
    rows=record_sets(),
    period=st.sampled_from(PERIODS),
    basis=st.sampled_from(["latest", "first_published", {"as_of": AS_OF}]),
)
def test_totals_and_breakdowns_match_pandas(load, rows, period, basis):
    data = load(rows)
    cur, base = sides(rows, period, basis)
    cur_has, base_has = not cur.empty, not base.empty
    compares = comparable(rows, period, basis)

    def q(**kw: Any) -> Any:
        return data.query(period=period, basis=basis, **kw)

    # value with growth, for each flow
    for flow, codes in FLOWS.items():
        c, b = cur[cur["flow"].isin(codes)], base[base["flow"].isin(codes)]
        (row,) = q(flow=flow, compare=["growth"]).rows()
        check_growth_row(row, money_or_none(c, cur_has), money_or_none(b, base_has), compares)

    # quantity (nulls ignored), records, distinct enterprises and partners
    quantity = float(sum(x for x in cur["quantity"] if x is not None)) if cur_has else None
    assert q(measure="quantity").scalar() == quantity
    assert q(measure="records").scalar() == len(cur)
    assert q(measure="enterprises").scalar() == cur["enterprise_id"].dropna().nunique()
    assert q(measure="partners").scalar() == cur["partner"].dropna().nunique()
    exports = cur[cur["flow"] == "X"]
    assert q(measure="partners", flow="export").scalar() == exports["partner"].dropna().nunique()

    # by partner: one cell per partner with rows in the period (unknown partner included)
    expected = {
        p: money_sum(cur[cur["partner"].map(lambda x, p=p: x == p)]) for p in set(cur["partner"])
    }
    got = {r["partner"]: r["value"] for r in q(by=["partner"]).rows()}
    assert got == expected

    # top 3 partners: the unknown partner ("not stated") after every real one, whatever
    # its value; then largest value first, ties by partner
    ranked = sorted(expected.items(), key=lambda kv: (kv[0] is None, -kv[1], kv[0] or ""))
    got = [(r["partner"], r["value"]) for r in q(by=["partner"], top=3).rows()]
    assert got == ranked[:3]

    # by month with growth: base months are labelled with the month they compare with
    labels = set(cur["period"]) | set(shift_year(list(base["period"]), 1))
    got = {r["month"]: r for r in q(by=["month"], compare=["growth"]).rows()}
    assert set(got) == labels
    for label in labels:
        c = cur[cur["period"] == label]
        b = base[base["period"] == shift_year([label], -1)[0]]
        check_growth_row(
            got[label], money_or_none(c, cur_has), money_or_none(b, base_has), compares
        )


@examples(25)
@given(
    rows=record_sets(),
    period=st.sampled_from(["2023-H1", "2023-Q1", "2023-07"]),
    base_period=st.sampled_from(["2022-H2", "2022-Q4", "2022", "2023-02"]),
)
def test_growth_against_an_explicit_base_period(load, rows, period, base_period):
    data = load(rows)
    cur, base = sides(rows, period, "latest", months_of(base_period))
    compares = comparable(rows, period, "latest", months_of(base_period))
    query = {"period": period, "base_period": base_period, "compare": ["growth"]}
    (row,) = data.query(**query).rows()
    check_growth_row(
        row, money_or_none(cur, not cur.empty), money_or_none(base, not base.empty), compares
    )
    # the same, in enterprises: a distinct count on each side
    (row,) = data.query(**query, measure="enterprises").rows()
    assert row["value"] == cur["enterprise_id"].dropna().nunique()
    assert row["base_value"] == base["enterprise_id"].dropna().nunique()
