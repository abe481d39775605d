"""POST /api/v1/markets and the explorer's /markets page: the same rows as the Python
API, the key's read scopes and its disclosure control."""

from __future__ import annotations

import pytest

from tests.analytics import markets_data as data
from tests.web.conftest import error_of, make_client

BODY = {"dataset": "ent", "product": "854140", "period": "2023", "years": 2}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import tradestat
    from tradestat.web import create_app
    from tradestat.web.keys import KeyStore, default_keys_path

    root = tmp_path_factory.mktemp("markets-web")
    path = root / "w.duckdb"
    usd = {"currency": "USD", "home_currency": "USD"}
    with tradestat.connect(path) as w:
        w.ingest(data.write_panel(root / "ent.csv", seed=3, enterprises=True), "ent", **usd)
        w.ingest(data.write_hand(root / "hand.csv"), "hand", **usd)
        w.update_dataset("ent", published=True)
        exact = w.export_markets(**BODY)
        public = w.export_markets(**BODY, confidential=False)
    store = KeyStore(default_keys_path(path))
    keys = {
        "reader": store.create(["read:ent"], "reader")[1],
        "analyst": store.create(["read:ent", "confidential:ent"], "analyst")[1],
    }
    client = make_client(create_app(path))
    client.__enter__()
    yield client, keys, exact, public
    client.__exit__(None, None, None)


def _post(server, who, body, **kw):
    client, keys, _, _ = server
    return client.post("/api/v1/markets", json=body,
                       headers={"Authorization": f"Bearer {keys[who]}"}, **kw)  # fmt: skip


def test_each_key_sees_its_own_figures(server):
    _, _, exact, public = server
    for who, want in (("analyst", exact), ("reader", public)):
        r = _post(server, who, BODY)
        assert r.status_code == 200, r.text
        assert r.json()["rows"] == want.json_rows(), who
    assert exact.json_rows() != public.json_rows()
    assert _post(server, "reader", BODY).json()["provenance"]["markets"]["exporter"] == "CHN"


def test_scopes_and_bad_bodies(server):
    assert _post(server, "reader", {**BODY, "dataset": "hand"}).status_code == 403
    bad = _post(server, "reader", {**BODY, "years": 0})
    assert bad.status_code == 400 and error_of(bad)["field"] == "years"
    assert error_of(_post(server, "reader", {"dataset": "ent"}))["field"] == "product"
    csv = _post(server, "reader", BODY, params={"format": "csv"})
    assert csv.status_code == 200 and csv.text.startswith("market,import_value")


def test_explorer_page(server):
    client, keys, _, public = server
    c = make_client(client.app)
    assert c.post("/login", data={"key": keys["reader"]}).status_code == 200
    empty = c.get("/markets")
    assert empty.status_code == 200 and 'id="markets-form"' in empty.text
    page = c.get("/markets", params={**{k: str(v) for k, v in BODY.items()}})
    assert page.status_code == 200 and 'id="markets-table"' in page.text
    first = public.rows()[0]
    assert f"{first['import_value']:,.2f}" in page.text
    assert "Untapped" in page.text and "ease of trade" in page.text
    zh = c.get("/markets", params={**{k: str(v) for k, v in BODY.items()}, "lang": "zh"})
    assert "未开发潜力" in zh.text
    bad = c.get("/markets", params={**{k: str(v) for k, v in BODY.items()}, "years": "x"})
    assert bad.status_code == 400 and "years" in bad.text


@pytest.mark.browser
def test_markets_page_in_chromium(tmp_path):
    """The form filled and sent in a real browser against `tradestat serve`."""
    import tradestat
    from tests.web.test_browser import CHROMIUM_ARGS, chromium_path, running_server
    from tradestat.web.keys import KeyStore, default_keys_path

    executable = chromium_path()
    sync_api = pytest.importorskip("playwright.sync_api")
    path = tmp_path / "w.duckdb"
    with tradestat.connect(path) as w:
        w.ingest(data.write_hand(tmp_path / "hand.csv"), "world", currency="USD",
                 home_currency="USD")  # fmt: skip
    key = KeyStore(default_keys_path(path)).create(["read:*", "confidential:*"], "t")[1]
    with running_server(path) as base, sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        page = b.new_page()
        page.goto(f"{base}/login")
        page.fill("#key", key)
        page.click("#login-button")
        page.click("nav a[href='/markets']")
        page.select_option("#m-dataset", "world")
        page.fill("#m-product", "854140")
        page.fill("#m-period", "2023")
        page.click("#m-run")
        page.wait_for_selector("#markets-table")
        rows = page.eval_on_selector_all(
            "#markets-table tbody tr",
            "rows => rows.map(r => Array.from(r.cells).map(c => c.textContent.trim()))",
        )
        b.close()
    assert [r[1].split()[0] for r in rows] == ["JPN", "USA", "DEU"]
    assert rows[0][-1] == "57.14" and rows[1][2] == "1,000.00"
