"""hs_edition, end_use and SITC through POST /api/v1/query and the explorer: the engine's
figures, disclosure control for keys without the confidential scope."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.web.conftest import build_api, error_of, signed_in

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "core"
Q = {"dataset": "ed", "period": "2021", "by": ["end_use"], "hs_edition": "HS2022"}


@pytest.fixture(scope="module")
def ed_api(tmp_path_factory):
    import tradestat

    src = tmp_path_factory.mktemp("ed-src") / "w.duckdb"
    with tradestat.connect(src) as w:
        w.ingest(FIX / "editions.csv", "ed")
        w.update_dataset("ed", published=True)
    a = build_api(src, tmp_path_factory.mktemp("ed-web"))
    a.source = src  # the server holds its copy open: figures are checked on the source
    yield a
    a.client.__exit__(None, None, None)


def engine_rows(api, q, confidential=True):
    import tradestat

    with tradestat.connect(api.source, read_only=True) as w:
        return w.query(q, confidential=confidential)


def test_rest_gives_the_engine_figures_and_basis(ed_api):
    r = ed_api.query(Q, who="admin")
    assert r.status_code == 200, r.text
    body = r.json()
    expected = engine_rows(ed_api, Q)
    assert body["rows"] == expected.json_rows() and body["rows"]
    assert body["provenance"]["hs_edition"]["converted"] == ["HS2017"]


def test_rest_reader_sees_perturbed_or_hidden_cells(ed_api):
    body = ed_api.query(Q, who="reader").json()
    protected = engine_rows(ed_api, Q, confidential=False)
    assert body["rows"] == protected.json_rows()
    assert body["provenance"]["perturbed"] and any(r["suppressed"] for r in body["rows"])


def test_rest_names_a_bad_class(ed_api):
    r = ed_api.query({**Q, "where": {"end_use": ["luxury"]}}, who="admin")
    assert r.status_code == 400 and error_of(r)["field"] == "where.end_use"


def test_vocabulary_lists_the_new_keys(ed_api):
    v = ed_api.get("/api/v1/reference/vocabulary", who="reader").json()
    names = {d["name"] for d in v["dimensions"]}
    assert {"end_use", "sitc_section", "sitc_division"} <= names
    assert "HS1992" in v["hs_edition"] and "recorded" in v["hs_edition"]


def test_explorer_lists_the_dimensions_and_passes_the_edition(ed_api):
    browser = signed_in(ed_api, "admin")
    page = browser.get("/explore?dataset=ed&period=2021&by=sitc_section&hs_edition=HS2022&lang=en")
    assert page.status_code == 200
    assert 'value="end_use"' in page.text and 'value="sitc_division"' in page.text
    assert '<option value="HS2022" selected' in page.text
    assert 'id="hs-note"' in page.text and "HS2017" in page.text.split('id="hs-note"')[1][:300]
    table = page.text.split('id="result-table"')[1]
    assert "Machinery and transport equipment" in table  # SITC section 7, by name
