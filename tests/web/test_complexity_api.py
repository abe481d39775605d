"""POST /api/v1/complexity: the same measures as the Python API, with the key's
disclosure control on the input figures and its read scopes."""

from __future__ import annotations

import pytest

from tests.analytics import hand
from tests.web.conftest import error_of, make_client

MEASURES = ("rca", "mcp", "diversity", "ubiquity", "eci", "pci", "density", "coi", "cog")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import tradestat
    from tradestat.web import create_app
    from tradestat.web.keys import KeyStore, default_keys_path

    root = tmp_path_factory.mktemp("cx-web")
    path = root / "w.duckdb"
    with tradestat.connect(path) as w:
        w.ingest(hand.write(root / "ent.csv", enterprises=True, lonely=False), "ent")
        w.ingest(hand.write(root / "private.csv"), "private")
        w.update_dataset("ent", published=True)
        local = w.complexity("ent", "2020", "hs4", currency="USD", proximity=True)
        public = w.complexity("ent", "2020", "hs4", currency="USD", confidential=False)
    store = KeyStore(default_keys_path(path))
    keys = {
        "reader": store.create(["read:ent"], "reader")[1],
        "analyst": store.create(["read:ent", "confidential:ent"], "analyst")[1],
    }
    client = make_client(create_app(path))
    client.__enter__()
    yield client, keys, local, public
    client.__exit__(None, None, None)


def _post(server, who, body, **kw):
    client, keys, _, _ = server
    return client.post("/api/v1/complexity", json=body, headers={
        "Authorization": f"Bearer {keys[who]}"}, **kw)  # fmt: skip


BODY = {"dataset": "ent", "period": "2020", "product_level": "hs4", "currency": "USD"}


def test_confidential_key_gets_the_exact_measures(server):
    _, _, local, _ = server
    r = _post(server, "analyst", {**BODY, "proximity": True})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["unit"] == "USD" and not body["provenance"]["disclosure_control"]
    assert [row["eci"] for row in body["rows"]] == [row["eci"] for row in local.rows()]
    want = hand.expected()
    for row in body["rows"]:
        for m in MEASURES:
            assert row[m] == pytest.approx(want[(row["reporter"], row["product"])][m], abs=1e-12)
    assert len(body["proximity"]) == 9 and {"product", "product_2"} <= set(body["proximity"][0])


def test_reader_gets_measures_of_the_perturbed_figures(server):
    _, _, local, public = server
    r = _post(server, "reader", BODY)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["provenance"]["disclosure_control"] and body["provenance"]["perturbed"]
    assert [row["rca"] for row in body["rows"]] == [row["rca"] for row in public.rows()]
    assert [row["rca"] for row in body["rows"]] != [row["rca"] for row in local.rows()]
    assert "proximity" not in body


def test_csv_and_errors(server):
    r = _post(server, "analyst", BODY, params={"format": "csv"})
    assert r.status_code == 200 and r.text.splitlines()[0].startswith("year,reporter,product")
    assert len(r.text.splitlines()) == 10
    bad = _post(server, "analyst", {**BODY, "product_level": "hs3"})
    assert bad.status_code == 400 and error_of(bad)["field"] == "product_level"
    bad = _post(server, "analyst", {**BODY, "by": ["partner"]})
    assert bad.status_code == 400
    denied = _post(server, "analyst", {**BODY, "dataset": "private"})
    assert denied.status_code == 403
