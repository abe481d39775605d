"""POST /query: the CLI's figures, disclosure control for non-confidential keys, and
errors that name the bad field."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import pytest

from tests.core.attacks import perturbed
from tests.inprocess import run_cli
from tests.web.conftest import CELLS, build_api, error_of

GROUPS = {
    "dataset": "customs",
    "period": "2023",
    "flow": "export",
    "by": ["partner_group"],
    "compare": ["share", "growth"],
}


@pytest.fixture(scope="module")
def ro_api(web_source, tmp_path_factory):
    """A read-only server: the CLI can open the same file read-only beside it."""
    a = build_api(web_source, tmp_path_factory.mktemp("ro"), read_only=True)
    yield a
    a.client.__exit__(None, None, None)


def cli_json(query: dict, warehouse) -> dict:
    out = run_cli("query", json.dumps(query), "--output", "json", "--warehouse", warehouse,
                  check=True)  # fmt: skip
    return json.loads(out.stdout)


@pytest.mark.parametrize(
    "query",
    [
        GROUPS,
        {"dataset": "customs", "period": "2023", "currency": "USD", "compare": ["growth"]},
        {"dataset": "customs", "period": "2023", "by": ["month"], "compare": ["growth"]},
        {"dataset": "customs", "period": "2023", "by": ["partner"], "top": 3},
    ],
)
def test_same_figures_as_the_cli(ro_api, query):
    served = ro_api.query(query, "analyst")
    assert served.status_code == 200, served.text
    body = served.json()
    expected = cli_json(query, ro_api.warehouse)
    assert body["rows"] == expected["rows"]
    assert body["provenance"]["query"] == expected["provenance"]["query"]
    assert body["provenance"]["coverage"] == expected["provenance"]["coverage"]
    assert body["provenance"]["disclosure_control"] is False


def test_read_only_server_refuses_writes(ro_api):
    r = ro_api.client.patch(
        "/api/v1/datasets/customs", json={"published": False}, headers=ro_api.h("admin")
    )
    assert r.status_code == 409 and "read-only" in error_of(r)["message"]


def by_partner(api, who):
    r = api.query({"dataset": "cells", "period": "2023-03", "by": ["partner"]}, who)
    assert r.status_code == 200, r.text
    return {row["partner"]: row for row in r.json()["rows"]}, r.json()["provenance"]


def test_disclosure_control_for_keys_without_confidential(api):
    rows, prov = by_partner(api, "reader")
    assert rows["USA"]["value"] is None and rows["USA"]["suppressed"] is True
    assert "fewer than 3" in rows["USA"]["suppression"]
    assert rows["KOR"]["value"] is None and "85%" in rows["KOR"]["suppression"]
    deu = perturbed(seed_in(api.warehouse), contributions(["DEU"]))  # not the exact 440
    assert rows["DEU"]["value"] == float(deu) != 440.0 and rows["DEU"]["suppressed"] is False
    assert prov["disclosure_control"] is True and prov["disclosure"]["suppressed_cells"] >= 2
    assert prov["perturbed"] is True and prov["disclosure"]["noise_min_pct"] == 15
    full, prov = by_partner(api, "analyst")
    assert full["USA"]["value"] == 850.0 and "suppressed" not in full["USA"]
    assert full["DEU"]["value"] == 440.0
    assert prov["disclosure_control"] is False and not prov.get("perturbed")


def seed_in(warehouse) -> str:
    """The dataset's record-key seed, read from a copy (the server holds its file)."""
    import shutil
    import tempfile

    import duckdb

    with tempfile.TemporaryDirectory() as d:
        shutil.copy(warehouse, f"{d}/w.duckdb")
        with duckdb.connect(f"{d}/w.duckdb", read_only=True) as con:
            return con.execute(
                "SELECT seed FROM record_key_seeds WHERE dataset = 'cells'"
            ).fetchall()[0][0]


def contributions(partners) -> dict[str, float]:
    return {f"{p}-{i}": v for p in partners for i, v in enumerate(CELLS[p])}


def test_hidden_cells_cannot_be_derived_from_the_served_total(api):
    total = api.query({"dataset": "cells", "period": "2023-03"}, "reader").json()["rows"][0]
    rows, _ = by_partner(api, "reader")
    hidden = [p for p, r in rows.items() if r["suppressed"]]
    visible = sum(Decimal(str(r["value"])) for r in rows.values() if not r["suppressed"])
    assert len(hidden) >= 2  # total - visible mixes at least two hidden cells
    # the difference is the hidden cells' perturbed sum, never their exact one
    exact = sum(Decimal(sum(CELLS[p])) for p in hidden)
    estimate = Decimal(str(total["value"])) - visible
    assert estimate != exact
    assert abs(estimate - perturbed(seed_in(api.warehouse), contributions(hidden))) <= Decimal(
        "0.01"
    ) * (len(rows) + 1)
    for p in hidden:  # and no growth, share or base value leaks either
        assert rows[p]["value"] is None
        for other in ("base_value", "growth_pct", "share_pct"):
            assert rows[p].get(other) is None


def test_filters_top_and_csv_never_reveal_hidden_cells(api):
    q = {
        "dataset": "cells",
        "period": "2023-03",
        "by": ["partner"],
        "where": {"partner": ["USA"]},
        "compare": ["growth", "share"],
    }
    row = api.query(q, "reader").json()["rows"][0]
    assert row["suppressed"] and row["value"] is None and row["growth_pct"] is None
    r = api.post("/api/v1/query?format=csv", "reader", json={**q, "where": {}})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    table = {row["partner"]: row for row in csv.DictReader(io.StringIO(r.text))}
    assert table["USA"]["value"] == "" and table["USA"]["suppressed"] == "True"


def test_csv_matches_json(api):
    j = api.query(GROUPS, "analyst").json()["rows"]
    r = api.post("/api/v1/query?format=csv", "analyst", json=GROUPS)
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert [x["partner_group"] for x in rows] == [x["partner_group"] for x in j]
    assert [float(x["value"]) for x in rows] == [x["value"] for x in j]


BAD = [
    ({"period": "2023"}, "dataset"),
    ({"dataset": "customs"}, "period"),
    ({"dataset": "customs", "period": "2023-13"}, "period"),
    ({"dataset": "customs", "period": "2023", "flow": "out"}, "flow"),
    ({"dataset": "customs", "period": "2023", "by": ["planet"]}, "by"),
    ({"dataset": "customs", "period": "2023", "where": {"partner": []}}, "where.partner"),
    ({"dataset": "customs", "period": "2023", "top": 0}, "top"),
    ({"dataset": "customs", "period": "2023", "top": "5"}, "top"),
    ({"dataset": "customs", "period": "2023", "having": "value >"}, "having"),
    ({"dataset": "customs", "period": "2023", "sql": "SELECT 1"}, "sql"),
    ({"dataset": "customs", "period": "2023", "currency": "EUR"}, "currency"),
    ({"dataset": "national", "period": "2023", "by": ["partner"]}, None),  # 403 first
    ({"dataset": "customs; DROP TABLE datasets", "period": "2023"}, "dataset"),
    (
        {"dataset": "customs", "period": "2023", "where": {"partner_group": ["atlantis"]}},
        "where.partner_group",
    ),
    ([1, 2], "query"),
    ("customs", "query"),
]


@pytest.mark.parametrize(("body", "field"), BAD)
def test_bad_queries_are_4xx_naming_the_field(api, body, field):
    r = api.query(body, "reader")
    assert 400 <= r.status_code < 500, r.text
    err = error_of(r)
    assert err["field"] == field, err
    if field:
        assert err["message"]


def test_body_that_is_not_json(api):
    r = api.client.post(
        "/api/v1/query",
        content=b"{oops",
        headers={**api.h("reader"), "Content-Type": "application/json"},
    )
    assert r.status_code == 400 and error_of(r)["field"] == "body"
    r = api.client.post("/api/v1/query", content=b"", headers=api.h("reader"))
    assert r.status_code == 400 and error_of(r)["field"] == "query"


def test_bad_format_parameter(api):
    r = api.post("/api/v1/query?format=xml", "reader", json=GROUPS)
    assert r.status_code == 422 and error_of(r)["field"] == "format"


def test_repeat_queries_are_cached_per_disclosure_setting(api):
    q = {"dataset": "cells", "period": "2023-03", "by": ["partner"], "compare": ["growth"]}
    first = api.query(q, "analyst").json()
    again = api.query(q, "analyst").json()
    assert again["provenance"]["cached"] is True and again["rows"] == first["rows"]
    # a reader never gets the confidential entry: the disclosure setting is in the key
    reader = api.query(q, "reader").json()
    assert reader["provenance"]["cached"] is False
    assert {r["partner"]: r["value"] for r in reader["rows"]}["USA"] is None
    # a write retires every entry
    r = api.client.patch("/api/v1/datasets/cells", json={"published": True}, headers=api.h("admin"))
    assert r.status_code == 200
    assert api.query(q, "analyst").json()["provenance"]["cached"] is False


def test_sql_in_provenance_on_request(api):
    q = {"dataset": "customs", "period": "2023", "flow": "export"}
    assert "sql" not in api.query(q, "analyst").json()["provenance"]
    prov = api.post("/api/v1/query?sql=true", "analyst", json=q).json()["provenance"]
    assert prov["sql"].lstrip().upper().startswith(("SELECT", "WITH"))


def test_labels_parameter_adds_names_from_the_group_files(api):
    from pathlib import Path

    import yaml

    import tradestat.reference

    folder = Path(tradestat.reference.__file__).parent / "data" / "partner_groups"
    rows = api.post("/api/v1/query?labels=zh", "analyst", json=GROUPS).json()["rows"]
    assert rows and all(list(r)[:2] == ["partner_group", "partner_group_name"] for r in rows)
    for r in rows:
        spec = yaml.safe_load((folder / f"{r['partner_group']}.yaml").read_text(encoding="utf-8"))
        assert r["partner_group_name"] == spec["name_zh"]
    plain = api.query(GROUPS, "analyst").json()["rows"]
    assert [r["value"] for r in rows] == [r["value"] for r in plain]
    bad = api.post("/api/v1/query?labels=fr", "analyst", json=GROUPS)
    assert bad.status_code == 422 and error_of(bad)["field"] == "labels"
