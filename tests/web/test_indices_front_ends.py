"""Unit values, indices and effects through the CLI, the REST API and the explorer:
each front end shows the engine's figures (computed once, in the engine)."""

from __future__ import annotations

import json

from tests.core.test_cli import cli

INDICES = {"dataset": "customs", "period": "2023", "flow": "export",
           "compare": ["price_index", "volume_index", "value_index", "effects"]}  # fmt: skip
UNIT_VALUES = {"dataset": "customs", "period": "2023", "flow": "export",
               "measure": "unit_value", "by": ["hs_code"], "compare": ["growth"]}  # fmt: skip


def _python(path, query, confidential=True):
    import tradestat

    with tradestat.connect(path, read_only=True) as w:
        return w.query(query, confidential=confidential).json_rows()


def test_cli_query(web_source, tmp_path):
    import shutil

    path = tmp_path / "w.duckdb"
    shutil.copy(web_source, path)
    for query in (INDICES, UNIT_VALUES, {**INDICES, "index_method": "paasche"}):
        out = cli("query", json.dumps(query), "--output", "json", wh=path)
        body = json.loads(out.stdout)
        assert body["rows"] == _python(path, query) and body["rows"]
        assert "coverage" in body["provenance"]["indices"] or query is UNIT_VALUES
    (r,) = json.loads(cli("query", json.dumps(INDICES), "--output", "json", wh=path).stdout)["rows"]
    assert abs(r["price_index"] * r["volume_index"] / 100 - r["value_index"]) < 1e-12 * 300
    again = cli("query", json.dumps(INDICES), "--output", "json", wh=path)  # a kept plan?
    assert json.loads(again.stdout)["rows"] == [r]


def test_rest_query(api, web_source):
    for who, confidential in (("analyst", True), ("reader", False)):
        for query in (INDICES, UNIT_VALUES):
            got = api.query(query, who)
            assert got.status_code == 200, got.text
            body = got.json()
            assert body["rows"] == _python(web_source, query, confidential)
            assert body["provenance"]["indices"]["level"] == "flow x hs_code x unit"
    refused = api.query({**INDICES, "index_method": "walsh"}, "analyst")
    assert refused.status_code == 400 and "index_method" in refused.text


def test_explorer_lists_and_runs_indices(browser, api):
    page = browser.get("/explore?dataset=customs&period=2023&flow=export"
                       "&compare=price_index&compare=volume_index&compare=effects"
                       "&index_method=laspeyres")  # fmt: skip
    assert page.status_code == 200
    for c in ("price_index", "volume_index", "value_index", "effects"):
        assert f'id="f-compare-{c}"' in page.text
    assert '<option value="laspeyres" selected>' in page.text
    assert "Price index" in page.text and "Volume (pp)" in page.text
    served = api.query({"dataset": "customs", "period": "2023", "flow": "export",
                        "compare": ["price_index", "volume_index", "effects"],
                        "index_method": "laspeyres"}, "analyst").json()["rows"]  # fmt: skip
    table = page.text.split('id="result-table"')[1]
    shown = f"{served[0]['price_index']:,.2f}"
    assert shown in table
    uv = browser.get("/explore?dataset=customs&period=2023&flow=export&measure=unit_value"
                     "&by=hs_code&compare=growth")  # fmt: skip
    assert uv.status_code == 200 and "Unit value" in uv.text
