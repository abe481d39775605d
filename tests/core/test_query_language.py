"""TradeQuery's JSON form and its validation: every error names the bad key."""

from __future__ import annotations

import pytest

from tradestat.errors import QueryError
from tradestat.query.periods import Span
from tradestat.query.tradequery import TradeQuery

BASE = {"dataset": "customs", "period": "2023"}


@pytest.mark.parametrize(
    "change,field",
    [
        ({"measure": "weight"}, "measure"),
        ({"flow": "both"}, "flow"),
        ({"period": "2023-13"}, "period"),
        ({"base_period": "last year"}, "base_period"),
        ({"by": ["country"]}, "by"),
        ({"where": {"partner": []}}, "where.partner"),
        ({"where": {"month": ["2023-01"]}}, "where.month"),
        ({"compare": ["yoy"]}, "compare"),
        ({"top": 0}, "top"),
        ({"having": "growth_pct >> 3"}, "having"),
        ({"having": "share_pct > 3"}, "having"),  # share not asked for
        ({"order_by": ["-growth_pct"]}, "order_by"),
        ({"basis": "final"}, "basis"),
        ({"basis": {"as_of": "June"}}, "basis.as_of"),
        ({"returns": "none"}, "returns"),
        ({"flow": "balance", "measure": "enterprises"}, "flow"),
        ({"currency": "USD", "measure": "records"}, "currency"),
        ({"colour": "red"}, "colour"),
        ({"by": ["month"], "base_period": "2022-Q1", "compare": ["growth"]}, "base_period"),
    ],
)
def test_invalid_queries_name_the_field(change, field):
    with pytest.raises(QueryError) as info:
        TradeQuery.from_dict({**BASE, **change})
    assert info.value.field == field


def test_json_round_trip_and_defaults():
    q = TradeQuery.from_dict(
        {**BASE, "by": "partner", "where": {"partner": ["usa"]}, "compare": ["growth"],
         "basis": {"as_of": "2024-06-30"}, "top": 5}
    )  # fmt: skip
    assert q.by == ("partner",) and q.filters()["partner"] == ("USA",)
    assert TradeQuery.from_json(q.to_json()) == q
    assert q.to_dict()["basis"] == {"as_of": "2024-06-30"}
    assert "returns" not in q.to_dict()  # defaults are omitted
    assert q.result_columns() == ["partner", "value", "base_value", "growth_pct"]


@pytest.mark.parametrize(
    "text,label",
    [
        ("2023", "2023-01..2023-12"),
        ("2023-Q4", "2023-10..2023-12"),
        ("2023-H1", "2023-01..2023-06"),
        ("2023-06", "2023-06..2023-06"),
        ("2023-01..2023-06", "2023-01..2023-06"),
        ("2022..2023", "2022-01..2023-12"),
    ],
)
def test_period_forms(text, label):
    assert Span.parse(text).label == label


def test_frozen():
    q = TradeQuery.from_dict(BASE)
    with pytest.raises(AttributeError):
        q.period = "2022"  # type: ignore[misc]


def test_dataset_errors(customs_wh):
    from tradestat.errors import DatasetError, GrainError

    with pytest.raises(DatasetError, match="unknown dataset 'nope'"):
        customs_wh.query({"dataset": "nope", "period": "2023"})
    # outside the grain: a GrainError (a QueryError), so bulletins can leave it out
    with pytest.raises(GrainError, match="dataset 'national' has no partner"):
        customs_wh.query({"dataset": "national", "period": "2023", "by": ["partner_group"]})
    with pytest.raises(GrainError, match="enterprise_id"):
        customs_wh.query({"dataset": "national", "period": "2023", "measure": "enterprises"})
    with pytest.raises(QueryError, match="currency") as bad_currency:
        customs_wh.query({"dataset": "customs", "period": "2023", "currency": "EUR"})
    assert not isinstance(bad_currency.value, GrainError)


def test_provenance_lists_vintages_and_missing_months(customs_wh):
    r = customs_wh.query({"dataset": "national", "period": "2023", "compare": ["growth"]})
    cov = r.provenance["coverage"]
    assert cov["base"]["vintages"] == {"2024-01-12": 2}
    assert cov["current"]["months_missing"] == []  # one annual row covers the twelve months
    assert r.provenance["time_grain"] == "year" and cov["comparable"] is True
    assert "SELECT" in r.provenance["sql"]
    assert r.provenance["query"] == {"dataset": "national", "period": "2023", "compare": ["growth"]}
    late = customs_wh.query({"dataset": "customs", "period": "2023-07..2024-06"})
    assert late.provenance["coverage"]["current"]["months_missing"] == [
        f"2024-{m:02d}" for m in range(1, 7)
    ]
    assert late.provenance["warnings"] == [
        "current period 2023-07..2024-06 lacks data for 6 month(s): 2024-01, 2024-02, 2024-03, "
        "2024-04, 2024-05, 2024-06"
    ]
