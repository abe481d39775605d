"""The p % rule through the REST API: the dataset info names the rule, and a `read:*`
key gets the cells the rule (written in plain SQL) finds sensitive hidden."""

from __future__ import annotations

import pytest

from tests.core.test_p_percent import GROWTH_BY_PARTNER, P_PERCENT, sql_sensitive, write_cells
from tests.web.conftest import build_api


@pytest.fixture(scope="module")
def p_api(tmp_path_factory):
    import tradestat

    folder = tmp_path_factory.mktemp("p-src")
    source = write_cells(folder / "cells.csv")
    with tradestat.connect(folder / "w.duckdb") as w:
        w.ingest(source, "cells")
        w.update_dataset("cells", published=True, **P_PERCENT)
    a = build_api(folder / "w.duckdb", tmp_path_factory.mktemp("p-web"), cache_size=0)
    yield a, source
    a.client.__exit__(None, None, None)


def test_dataset_info_names_the_rule(p_api):
    api, _ = p_api
    info = api.get("/api/v1/datasets/cells", "reader").json()["disclosure"]
    assert info["dominance_rule"] == "p_percent" and info["p_pct"] == 10
    assert info["noise_min_pct"] == 25 and info["applied_for_you"] is True


def test_a_reader_gets_the_p_percent_cells_hidden(p_api):
    api, source = p_api
    r = api.query(GROWTH_BY_PARTNER, "reader")
    assert r.status_code == 200, r.text
    body = r.json()
    hidden = {x["partner"] for x in body["rows"] if (x["suppression"] or "").startswith("primary")}
    assert hidden == sql_sensitive(source, "p_percent", 10)
    assert all(x["value"] is None for x in body["rows"] if x["partner"] in hidden)
    assert body["provenance"]["disclosure"]["dominance_rule"] == "p_percent"
    # an analyst with the confidential scope sees every cell exactly
    exact = api.query(GROWTH_BY_PARTNER, "admin").json()["rows"]
    assert all(x["value"] is not None for x in exact)
    assert float({x["partner"]: x["value"] for x in exact}["AUS"]) == 500 + 400 + 30 + 15
