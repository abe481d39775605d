"""No input yields a 500: fuzzed queries, size limits, and the catch-all for real faults."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.web.conftest import error_of, signed_in

KEYS = [
    "dataset",
    "period",
    "base_period",
    "measure",
    "currency",
    "flow",
    "by",
    "where",
    "exclude",
    "compare",
    "order_by",
    "top",
    "having",
    "basis",
    "returns",
    "composition",
    "index_method",
]
SAMPLE = {
    "dataset": ["customs", "cells", "national", "", "x" * 70, "Customs"],
    "period": ["2023", "2023-Q4", "2023-01..2023-06", "2023-13", "1800", "2023..2022", "Q"],
    "by": ["partner", "month", "partner_group", "hs2", "region", "zone", "category"],
    "compare": [
        "growth",
        "share",
        "share_pp",
        "contribution",
        "price_index",
        "volume_index",
        "value_index",
        "effects",
    ],
    "measure": ["value", "quantity", "orders", "records", "enterprises", "partners", "unit_value"],
    "index_method": ["fisher", "laspeyres", "paasche", "walsh"],
    "flow": ["export", "import", "total", "balance"],
    "having": ["value > 0", "growth_pct >= 100", "share_pct<", "x == 1"],
}
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12),
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


def value_for(key: str):
    known = SAMPLE.get(key)
    choices = [json_values]
    if known:
        choices += [st.sampled_from(known), st.lists(st.sampled_from(known), max_size=3)]
    if key in ("where", "exclude"):
        choices.append(
            st.dictionaries(
                st.sampled_from(SAMPLE["by"] + ["year", "flow"]),
                st.lists(st.text(max_size=4), max_size=2),
                max_size=2,
            )
        )
    return st.one_of(*choices)


queries = st.fixed_dictionaries(
    {
        "dataset": st.sampled_from(SAMPLE["dataset"][:3]),
        "period": st.sampled_from(SAMPLE["period"]),
    },
    optional={k: value_for(k) for k in KEYS if k not in ("dataset", "period")}
    | {"bogus": json_values},
)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(body=st.one_of(queries, json_values))
def test_fuzzed_queries_never_500(api, body):
    r = api.query(body, "analyst")
    assert r.status_code in (200, 400, 403, 404, 422), (body, r.status_code, r.text)
    if r.status_code != 200:
        assert error_of(r)["message"]


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(params=st.dictionaries(st.sampled_from([*KEYS, "chart", "lang"]), st.text(max_size=20)))
def test_fuzzed_explorer_urls_never_500(explorer_client, params):
    r = explorer_client.get("/explore", params=params)
    assert r.status_code in (200, 400, 403, 404), (params, r.status_code)


@pytest.fixture(scope="module")
def explorer_client(api):
    return signed_in(api)


def test_json_body_size_limit(api):
    big = {"dataset": "customs", "period": "2023", "having": "x" * (2 << 20)}
    r = api.query(big, "reader")
    assert r.status_code == 413 and error_of(r)["field"] == "body"


def test_streamed_body_without_length_is_cut_at_the_limit(api):
    def chunks():
        for _ in range(40):
            yield b"x" * 65536

    r = api.client.post("/api/v1/query", content=chunks(), headers=api.h("reader"))
    assert r.status_code == 413


def test_unexpected_fault_is_a_logged_json_500(api, caplog):
    app = api.client.app

    @app.get("/api/v1/_boom", include_in_schema=False)
    def boom() -> None:
        raise RuntimeError("secret internals")

    r = api.get("/api/v1/_boom")
    err = error_of(r)
    assert r.status_code == 500 and "internal error (id " in err["message"]
    assert "secret internals" not in r.text
    assert any("secret internals" in (rec.exc_text or "") for rec in caplog.records)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/nothing",
        "/api/v1/datasets/UPPER",
        "/api/v1/datasets/a/b/c",
        "/api/v1/reference/hs/abc",
        "/api/v1/datasets/customs/batches/0/rejects",
        "/api/v1/datasets/customs/batches/x/rejects",
        "/api/v1/reports/x",
    ],
)
def test_bad_paths_are_json_4xx(api, url):
    r = api.get(url, "admin")
    assert 400 <= r.status_code < 500
    assert error_of(r)["message"]


def test_openapi_documents_the_query_and_security(api):
    doc = api.get("/api/v1/openapi.json").json()
    body = doc["paths"]["/api/v1/query"]["post"]["requestBody"]["content"]["application/json"]
    assert "partner_group" in body["schema"]["properties"]["by"]["items"]["enum"]
    assert "HTTPBearer" in doc["components"]["securitySchemes"]
    assert api.get("/api/docs").status_code == 200
    assert not any(p.startswith("/explore") for p in doc["paths"])


@pytest.mark.parametrize(
    "raw",
    [
        b'{"dataset": "customs", "period": "2023", "top": NaN}',
        b'{"dataset": "customs", "period": Infinity}',
        b'{"dataset": "customs", "period": "2023", "base_period": -Infinity}',
        b'{"dataset": "customs", "period": "2023", "top": 1e400}',
        b'{"dataset": "customs", "period": "2023", "top": 99999999999999999999999}',
        '{"dataset": "customs", "period": "2023", "where": {"partner": ["\u0000"]}}'.encode(),
    ],
)
def test_odd_json_numbers_and_text(api, raw):
    r = api.client.post(
        "/api/v1/query",
        content=raw,
        headers={**api.h("analyst"), "Content-Type": "application/json"},
    )
    assert r.status_code < 500, r.text
