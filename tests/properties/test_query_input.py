"""Random TradeQuery JSON, valid and invalid: parsing and running either answers or
refuses with the project's own error (QueryError, or DatasetError for a dataset that
does not exist) and a message; never another exception. The same bodies through the
REST API are answered 200 or a 4xx with a JSON error body, never a 500.

Valid queries are built from the vocabulary and the customs fixture's grain, so they
must run: the result has exactly the documented columns and at most ``top`` rows.
Invalid ones are valid queries with one part broken (a wrong type, an unknown key,
dimension, measure, currency or flow, a bad period, a huge ``top``, empty lists,
nested garbage), or arbitrary JSON.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.properties.conftest import examples
from tradestat.engine import groups
from tradestat.errors import DatasetError, QueryError
from tradestat.query.dimensions import DIMENSIONS, TIME_DIMENSIONS
from tradestat.query.tradequery import (
    ADDITIVE,
    COMPARES,
    HS_DIMENSIONS,
    INDEX_COMPARES,
    MAX_TOP,
    MEASURES,
    RESULT_NUMBERS,
    TradeQuery,
)

# the customs fixture (tests/fixtures/core/customs.csv) lacks these grain fields (and
# has no default reporter: tests/core/test_reporter.py covers reporters)
MISSING_GRAIN = {"stat_trade_mode", "category", "reporter"}
DIMS = [d for d in DIMENSIONS if d not in MISSING_GRAIN]
FILTER_DIMS = [d for d in DIMS if d not in TIME_DIMENSIONS and d != "flow"]
CLASSES = {"end_use", "sitc_section", "sitc_division"}
SAMPLE_VALUES = {
    "partner": ["USA", "deu", "KOR", "ZZZ", "idn"],
    "hs2": ["85", "61", "99"],
    "hs4": ["8507", "6109"],
    "hs6": ["850760", "000000"],
    "hs_code": ["85076000", "84181020"],
    "region": ["440300", "31", "3301", "999999"],
    "province": ["440000", "310000", "44"],
    "city": ["440300", "4403"],
    "enterprise_type": ["private", "State_Owned", "other"],
    "trade_mode": ["0110", "9610", "1210"],
    "zone": ["FTZSH", "none"],
    "end_use": ["capital", "Consumption", "other"],
    "sitc_section": ["7", "8"],
    "sitc_division": ["77", "84", "00"],
}
PERIODS = ["2023", "2022", "2023-Q4", "2023-H1", "2023-06", "2023-01..2023-06", "2022..2023"]

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=False),
    st.text(max_size=10),
)
garbage = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner),
    max_leaves=8,
)


def filter_values(dim: str) -> st.SearchStrategy[list[str]]:
    if DIMENSIONS[dim].kind == "group":
        return st.lists(st.sampled_from(groups.known_ids(dim)), min_size=1, max_size=3)
    return st.lists(st.sampled_from(SAMPLE_VALUES[dim]), min_size=1, max_size=3)


@st.composite
def valid_queries(draw: Any) -> dict[str, Any]:
    """A query the customs dataset can answer, with any mix of the optional keys."""
    q: dict[str, Any] = {"dataset": "customs", "period": draw(st.sampled_from(PERIODS))}
    measure = draw(st.sampled_from(MEASURES))
    if measure != "value" or draw(st.booleans()):
        q["measure"] = measure
    if measure == "value" and draw(st.booleans()):
        q["currency"] = draw(st.sampled_from(["CNY", "USD", "usd"]))
    flows = ["export", "import", "total"] + (["balance"] if measure in ADDITIVE else [])
    if draw(st.booleans()):
        q["flow"] = draw(st.sampled_from(flows))
    # row counts are not shared out among the classes of a split code (refused)
    dims = DIMS if measure not in ("records", "orders") else [d for d in DIMS if d not in CLASSES]
    filter_dims = [d for d in FILTER_DIMS if d in dims]
    by = draw(st.lists(st.sampled_from(dims), unique=True, max_size=2))
    if measure == "unit_value":  # per HS code and unit, of exports or imports
        q["flow"] = draw(st.sampled_from(["export", "import"]))
        if not set(by) & set(HS_DIMENSIONS):
            by = [*by[:1], draw(st.sampled_from(HS_DIMENSIONS))]
    if by or draw(st.booleans()):
        q["by"] = by
    for key in ("where", "exclude"):
        if draw(st.integers(0, 3)) == 0:
            picked = draw(st.lists(st.sampled_from(filter_dims), unique=True, min_size=1,
                                   max_size=2))  # fmt: skip
            q[key] = {d: draw(filter_values(d)) for d in picked}
    compare = draw(st.lists(st.sampled_from(COMPARES), unique=True, max_size=3))
    if measure != "value" or q.get("flow") == "balance":  # indices weigh exports or imports
        compare = [c for c in compare if c not in INDEX_COMPARES]
    if measure == "unit_value":  # unit values do not add up: no shares
        compare = [c for c in compare if c == "growth"]
    if compare:
        q["compare"] = compare
    if not set(by) & set(TIME_DIMENSIONS) and draw(st.integers(0, 3)) == 0:
        q["base_period"] = draw(st.sampled_from(PERIODS))
    columns = TradeQuery.from_dict(q).result_columns()
    numbers = [c for c in columns if c in RESULT_NUMBERS]
    if draw(st.booleans()):
        order = draw(st.lists(st.sampled_from(columns), unique=True, max_size=2))
        q["order_by"] = [draw(st.sampled_from(["", "-"])) + c for c in order]
    if draw(st.booleans()):
        q["top"] = draw(st.one_of(st.integers(1, 5), st.integers(1, MAX_TOP)))
    if draw(st.integers(0, 2)) == 0:
        conditions = [
            f"{draw(st.sampled_from(numbers))} {draw(st.sampled_from(['>', '>=', '<', '!=']))} "
            f"{draw(st.sampled_from(['0', '-5', '100', '1e3', '0.5']))}"
            for _ in range(draw(st.integers(1, 2)))
        ]
        q["having"] = " and ".join(conditions)
    basis = draw(st.sampled_from(["latest", "first_published", {"as_of": "2024-06-30"}, None]))
    if basis is not None:
        q["basis"] = basis
    if draw(st.booleans()):
        q["returns"] = draw(st.sampled_from(["net", "gross", "only"]))
    if draw(st.booleans()):
        q["composition"] = draw(st.sampled_from(["current", "historical"]))
    # product groups are defined for HS2017 and HS2022 (another edition naming one is refused)
    if measure not in ("records", "orders") and draw(st.integers(0, 3)) == 0:
        q["hs_edition"] = draw(st.sampled_from(["HS2017", "hs2017", "HS2022", "recorded"]))
    return q


BROKEN_VALUES = {
    "dataset": st.one_of(st.sampled_from(["", "nope", "Customs", "x" * 80, "a b", None]), garbage),
    "period": st.one_of(
        st.sampled_from(
            ["2023-13", "2023-00", "2023-Q5", "2024..2023", "1800", "23", "2023-1", "", " ", None]
        ),
        garbage,
    ),
    "base_period": st.sampled_from(["2022-13", "0000", "2022-H3", "2022..2021"]),
    "measure": st.sampled_from(["values", "VALUE", "sum", "", "enterprise"]),
    "currency": st.sampled_from(["EUR", "XXX", "US", "dollars", ""]),
    "flow": st.sampled_from(["exports", "X", "both", "", "Balance"]),
    "by": st.one_of(
        st.sampled_from([["colour"], ["partner", "partner"], "stat_trade_mode", ["category"]]),
        st.lists(garbage, min_size=1, max_size=2),
    ),
    "where": st.one_of(
        st.sampled_from(
            [{}, {"partner": []}, {"colour": ["red"]}, {"month": ["2023-01"]}, {"flow": ["X"]}]
        ),
        st.sampled_from([{"partner_group": ["atlantis"]}, {"category": ["x"]}]),
        st.dictionaries(st.sampled_from(FILTER_DIMS), garbage, min_size=1, max_size=2),
    ),
    "compare": st.sampled_from([["growth_pct"], ["share", "speed"], [], "ratio"]),
    "order_by": st.sampled_from([["--value"], ["-"], ["colour"], ["-growth_pct"], ""]),
    "top": st.one_of(
        st.sampled_from([0, -1, True, "5", 1.5]),
        st.integers(MAX_TOP + 1, 2**70),
    ),
    "having": st.sampled_from(["value >", "x == 1", "growth_pct >= 100", "value > 1 or value < 0"]),
    "basis": st.sampled_from(
        ["as_of", "naive", {"as_of": "2023-02-30"}, {"as_of": None}, {"as_of": "x", "y": 1}, {}]
    ),
    "returns": st.sampled_from(["all", "NET", ""]),
    "composition": st.sampled_from(["now", ""]),
}


@st.composite
def broken_queries(draw: Any) -> dict[str, Any]:
    """A valid query with one to three parts broken, removed or added."""
    q = draw(valid_queries())
    for _ in range(draw(st.integers(1, 3))):
        how = draw(st.sampled_from(["value", "value", "garbage", "unknown_key", "drop"]))
        key = draw(st.sampled_from(sorted(BROKEN_VALUES)))
        if how == "value":
            q[key] = draw(BROKEN_VALUES[key])
        elif how == "garbage":
            q[key] = draw(garbage)
        elif how == "unknown_key":
            q[draw(st.sampled_from(["sql", "limit", "as_of", "Dataset", "", "by "]))] = draw(
                garbage
            )
        else:
            q.pop(draw(st.sampled_from(sorted(q))), None)
    return q


any_body = st.one_of(broken_queries(), valid_queries(), garbage)


def run_or_refuse(wh: Any, body: Any) -> Any:
    """Parse and run ``body``: a Result, or None after a proper refusal."""
    try:
        q = TradeQuery.from_dict(body)
        return wh.query(q)
    except (QueryError, DatasetError) as exc:
        assert str(exc).strip(), repr(exc)
        if isinstance(exc, QueryError):
            assert exc.field and exc.message, repr(exc)
        return None


@examples(40)
@given(body=valid_queries())
def test_valid_queries_run_with_the_documented_columns(customs_wh, body):
    q = TradeQuery.from_dict(body)
    assert TradeQuery.from_json(q.to_json()) == q  # the JSON form round-trips
    result = customs_wh.query(q)
    assert result.columns == q.result_columns()
    if q.top is not None:
        assert len(result) <= q.top


@examples(80)
@given(body=any_body)
def test_any_query_runs_or_is_refused_with_a_query_error(customs_wh, body):
    run_or_refuse(customs_wh, body)


@examples(40)
@given(text=st.one_of(st.text(max_size=40), any_body.map(json.dumps)))
def test_any_json_text_parses_or_is_refused_with_a_query_error(text):
    try:
        TradeQuery.from_json(text)
    except QueryError as exc:
        assert exc.field and exc.message


# --- the REST API ------------------------------------------------------------------
@pytest.fixture(scope="module")
def api(tmp_path_factory):
    """The app over a warehouse with the customs fixture, published."""
    import tradestat
    from tests.web.conftest import FIX, build_api

    path = tmp_path_factory.mktemp("prop-web-src") / "w.duckdb"
    with tradestat.connect(path) as w:
        w.ingest(FIX / "customs.csv", "customs")
        w.update_dataset("customs", published=True)
    a = build_api(path, tmp_path_factory.mktemp("prop-web"))
    yield a
    a.client.__exit__(None, None, None)


@examples(60)
@given(body=any_body, key=st.sampled_from(["analyst", "reader"]))
def test_rest_api_answers_200_or_a_json_4xx(api, body, key):
    # sent as text: json.dumps writes inf as the non-JSON token Infinity, which the server
    # must refuse like any other malformed body (httpx's json= would fail before sending)
    content = json.dumps(body).encode()
    headers = {**api.h(key), "Content-Type": "application/json"}
    r = api.client.post("/api/v1/query", content=content, headers=headers)
    assert r.status_code != 500 and r.status_code < 500, (body, r.text)
    if r.status_code == 200:
        assert "rows" in r.json()
        return
    error = r.json()["error"]
    assert 400 <= r.status_code < 500 and error["status"] == r.status_code
    assert error["message"], r.text


@examples(25)
@given(body=valid_queries())
def test_rest_api_answers_valid_queries(api, body):
    r = api.query(body, "analyst")
    if body.get("top", 0) > 100_000:  # the server's own row limit (max_result_rows)
        assert r.status_code == 400 and r.json()["error"]["field"] == "top"
    else:
        assert r.status_code == 200, (body, r.text)
        columns = TradeQuery.from_dict(body).result_columns()
        assert all(list(row) == columns for row in r.json()["rows"])


# --- regressions found by the properties above ----------------------------------------
def test_top_is_capped_with_a_query_error(customs_wh):
    # an unbounded top reached DuckDB's LIMIT and failed there (ConversionException)
    with pytest.raises(QueryError, match="top: must be at most 1,000,000"):
        customs_wh.query({"dataset": "customs", "period": "2023", "top": 2**70})
    r = customs_wh.query(
        {"dataset": "customs", "period": "2023", "by": ["partner"], "top": MAX_TOP}
    )
    assert len(r) > 0


def test_order_by_with_two_dashes_is_a_query_error():
    # "--value" passed validation (lstrip of every "-") and failed in the engine
    with pytest.raises(QueryError, match="order_by"):
        TradeQuery.from_dict({"dataset": "customs", "period": "2023", "order_by": ["--value"]})


def test_default_base_before_1900_is_no_data_not_a_crash(customs_wh):
    # a base period one year before 1900 failed in the provenance's warnings (ValueError)
    r = customs_wh.query({"dataset": "customs", "period": "1900", "compare": ["growth"]})
    assert r.rows() == [{"value": None, "base_value": None, "growth_pct": None}]
    assert "base period 1899 has no data" in r.provenance["warnings"]


def test_deeply_nested_json_is_a_query_error():
    with pytest.raises(QueryError, match="nested too deeply"):
        TradeQuery.from_json("[" * 100_000)


def test_unknown_keys_of_mixed_types_are_a_query_error():
    # sorting the unknown keys of a Python dict such as {1: .., None: ..} raised TypeError
    body = {"dataset": "customs", "period": "2023", 1: "a", None: "b"}
    with pytest.raises(QueryError, match="unknown key"):
        TradeQuery.from_dict(body)


def test_an_empty_key_is_named_in_the_error():
    # an empty key gave the message ": unknown key (...)", naming nothing
    with pytest.raises(QueryError) as info:
        TradeQuery.from_dict({"dataset": "customs", "period": "2023", "": 1})
    assert info.value.field == "query" and "unknown key ''" in str(info.value)


def test_a_null_period_is_a_query_error(customs_wh):
    # {"period": null} passed validation (null meant "no base period") and failed in
    # the engine with a ValueError: a 500 through the REST API
    with pytest.raises(QueryError, match="period: period must be a non-empty string"):
        customs_wh.query({"dataset": "customs", "period": None})
