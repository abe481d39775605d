"""`tradestat query` with hs_edition, end_use and SITC: the Python API's figures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.core.test_cli import cli

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "core"
QUERIES = {
    "converted": {"dataset": "ed", "period": "2021", "by": ["hs6"], "hs_edition": "hs2022"},
    "end use": {"dataset": "ed", "period": "2022-03..2022-10", "by": ["end_use"],
                "compare": ["growth"]},
    "sitc": {"dataset": "ed", "period": "2022", "by": ["sitc_division"], "hs_edition": "HS2007",
             "where": {"end_use": ["capital"]}},
}  # fmt: skip


@pytest.fixture(scope="module")
def wh_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli-ed") / "w.duckdb"
    cli("ingest", str(FIX / "editions.csv"), "--dataset", "ed", wh=path)
    return path


@pytest.mark.parametrize("name", list(QUERIES))
def test_cli_answers_as_the_python_api(wh_path, name):
    import tradestat

    out = json.loads(cli("query", json.dumps(QUERIES[name]), "--output", "json", wh=wh_path).stdout)
    with tradestat.connect(wh_path, read_only=True) as w:
        expected = w.query(QUERIES[name])
    assert out["rows"] == expected.json_rows() and out["rows"]
    assert out["provenance"]["hs_edition"] == expected.provenance["hs_edition"]


def test_cli_names_a_bad_edition(wh_path):
    q = {"dataset": "ed", "period": "2021", "hs_edition": "HS2020"}
    done = cli("query", json.dumps(q), wh=wh_path, check=False)
    assert done.returncode == 2 and "hs_edition" in done.stderr
