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


def test_a_bulletin_over_several_datasets(api):
    # the national table here is annual (period and flow): it answers the totals (the
    # first dataset that can), without their monthly chart, which the appendix explains;
    # it has no breakdown, so the declarations answer the other statements
    r = api.get(URL, "admin", params=[("dataset", "national"), ("dataset", "customs"),
                                      ("period", "2023"), ("format", "md")])  # fmt: skip
    assert r.status_code == 200, r.text
    assert "*Dataset: `national`, `customs` ·" in r.text
    totals = [ln for ln in r.text.splitlines() if ln.startswith("| ") and "`totals." in ln]
    assert totals and all(ln.endswith("| `national` |") for ln in totals)
    assert "- Left out: totals.chart: dataset 'national' is annual" in r.text
    private = [ln for ln in r.text.splitlines() if ln.startswith("| ") and "`private." in ln]
    assert private and all(ln.endswith("| `customs` |") for ln in private)
    # a statement neither can answer gives each dataset's reason, in the appendix
    note = next(ln for ln in r.text.splitlines() if ln.startswith("- Left out: new_products"))
    assert "national: dataset 'national' has no hs_code" in note and "; customs: " in note
    assert r.text.index("## Appendix") < r.text.index(note)
    # every dataset is checked against the key: one it may not read refuses the bulletin
    r = api.get(URL, "national_only", params=[("dataset", "national"), ("dataset", "customs"),
                                              ("period", "2023")])  # fmt: skip
    assert r.status_code == 403


def test_a_bulletin_reads_each_dataset_with_the_callers_setting(api):
    import tradestat
    from tradestat.web.scopes import AccessDenied
    from tradestat.web.service import DisclosedWarehouse

    with tradestat.connect(api.warehouse) as w:  # as the app opened it
        scoped = DisclosedWarehouse(w, w.new_engine(), {"customs": True, "cells": False})
        q = {"dataset": "cells", "period": "2023-03", "flow": "export", "by": ["partner"]}
        hidden = {r["partner"]: r["value"] for r in scoped.query(q).rows()}
        # asked for exact figures, a dataset the caller may not see exactly stays perturbed
        assert hidden == {r["partner"]: r["value"]
                          for r in w.query(q, confidential=False).rows()}  # fmt: skip
        assert hidden["USA"] is None  # two enterprises: hidden
        exact = scoped.query({**q, "dataset": "customs", "by": []}, confidential=False).rows()
        assert exact == w.query({**q, "dataset": "customs", "by": []}).rows()
        with pytest.raises(AccessDenied, match="does not read dataset 'national'"):
            scoped.query({**q, "dataset": "national", "by": []})
