"""Bulletins through the API and the explorer, with the caller's disclosure setting."""

from __future__ import annotations

import pytest

from tests.web.conftest import error_of, make_client

URL = "/api/v1/reports/customs"
PARAMS = {"dataset": "customs", "period": "2023"}


def test_lists_the_built_in_bulletins(api):
    assert api.get("/api/v1/reports", "reader").json()["reports"] == ["customs", "platform"]


def test_confidential_bulletin_as_markdown_and_html(api):
    md = api.get(URL, "analyst", params={**PARAMS, "format": "md"})
    assert md.status_code == 200 and md.headers["content-type"].startswith("text/markdown")
    assert "2023" in md.text and "CNY" in md.text
    c = make_client(api.client.app)
    c.post("/login", data={"key": api.keys["analyst"]})
    page = c.get("/bulletin", params={"spec": "customs", **PARAMS, "lang": "zh"})
    assert page.status_code == 200 and "/bulletin/view?" in page.text
    html = c.get("/bulletin/view", params={"spec": "customs", **PARAMS, "lang": "zh"})
    assert html.status_code == 200 and "<html" in html.text and "2023年" in html.text


def test_bulletin_for_a_reader_obeys_disclosure_control(api):
    full = api.get(URL, "analyst", params={**PARAMS, "format": "md"}).text
    r = api.get(URL, "reader", params={**PARAMS, "format": "md"})
    assert r.status_code == 200
    assert "CNY 1,850" in full and "CNY 1,850" not in r.text  # US trade: two enterprises
    assert "suppressed" in r.text  # the statement is left out, with the reason


@pytest.mark.parametrize(
    ("params", "status", "field"),
    [
        ({**PARAMS, "period": "2023-14"}, 400, "period"),
        ({**PARAMS, "base_period": "soon"}, 400, "base_period"),
        ({**PARAMS, "lang": "fr"}, 422, "lang"),
        ({**PARAMS, "format": "pdf"}, 422, "format"),
        ({"period": "2023"}, 422, "dataset"),
        ({**PARAMS, "dataset": "nothing"}, 404, "dataset"),
    ],
)
def test_bad_bulletin_requests(api, params, status, field):
    r = api.get(URL, "analyst", params=params)
    assert r.status_code == status, r.text
    assert error_of(r)["field"] == field


def test_only_built_in_specs_and_scopes(api):
    r = api.get("/api/v1/reports/..%2Fspecs%2Fcustoms", "analyst", params=PARAMS)
    assert r.status_code == 404
    r = api.get("/api/v1/reports/other", "analyst", params=PARAMS)
    assert r.status_code == 404 and error_of(r)["field"] == "spec"
    assert api.get(URL, "national_only", params=PARAMS).status_code == 403
    assert api.get(URL, params=PARAMS).status_code == 401
