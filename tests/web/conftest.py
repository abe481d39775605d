"""Web fixtures: a real DuckDB warehouse file, a key store beside it, keys of each kind,
and the FastAPI app over them, called in-process through Starlette's test client."""

from __future__ import annotations

import csv
import shutil
import warnings
from pathlib import Path

import pytest

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "core"

# partner -> enterprise values: USA has two enterprises, KOR is dominated by one
CELLS = {
    "DEU": [100, 120, 130, 90],
    "FRA": [50, 60, 70],
    "JPN": [300, 310, 290, 280, 305],
    "KOR": [1000, 20, 30, 25],
    "USA": [400, 450],
    "VNM": [10, 12, 14],
}

KEY_SCOPES = {
    "reader": ["read:*"],
    "analyst": ["read:*", "confidential:customs", "confidential:cells"],
    "national_only": ["read:national"],
    "ingester": ["ingest:uploads"],
    "admin": ["admin:*"],
    "revoked": ["read:*"],
}


def write_cells(path: Path) -> Path:
    with open(path, "w", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["period", "flow", "partner", "enterprise_id", "value", "record_id"])
        for partner, values in CELLS.items():
            for i, v in enumerate(values):
                out.writerow(["2023-03", "X", partner, f"{partner}-{i}", v, f"{partner}{i}"])
                out.writerow(["2022-03", "X", partner, f"{partner}-{i}", v - 5, f"{partner}{i}p"])
    return path


@pytest.fixture(scope="session")
def web_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse with customs and cells published and national private (built once)."""
    import tradestat

    folder = tmp_path_factory.mktemp("web-src")
    path = folder / "w.duckdb"
    with tradestat.connect(path) as w:
        w.ingest(FIX / "customs.csv", "customs")
        w.ingest(FIX / "national.csv", "national")
        w.ingest(write_cells(folder / "cells.csv"), "cells")
        w.update_dataset("customs", published=True)
        w.update_dataset("cells", published=True)
    return path


def copy_warehouse(source: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "w.duckdb"
    shutil.copy(source, target)
    return target


def make_keys(warehouse: Path) -> dict[str, str]:
    from tradestat.web.keys import KeyStore, default_keys_path

    store = KeyStore(default_keys_path(warehouse))
    keys = {}
    for name, scopes in KEY_SCOPES.items():
        info, keys[name] = store.create(scopes, name)
        if name == "revoked":
            store.revoke(info.id)
    return keys


def make_client(app):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # starlette suggests httpx2; httpx is what we ship
        from fastapi.testclient import TestClient
    return TestClient(app, raise_server_exceptions=False)


class Api:
    """The test client plus a header per key name."""

    def __init__(self, client, keys: dict[str, str], warehouse: Path) -> None:
        self.client, self.keys, self.warehouse = client, keys, warehouse

    def h(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.keys[who]}"}

    def get(self, url: str, who: str | None = None, **kw):
        return self.client.get(url, headers=self.h(who) if who else None, **kw)

    def post(self, url: str, who: str | None = None, **kw):
        return self.client.post(url, headers=self.h(who) if who else None, **kw)

    def query(self, body, who: str = "reader", **kw):
        return self.post("/api/v1/query", who, json=body, **kw)


def build_api(source: Path, folder: Path, **settings) -> Api:
    from tradestat.web import create_app

    path = copy_warehouse(source, folder)
    keys = make_keys(path)
    client = make_client(create_app(path, **settings))
    client.__enter__()
    return Api(client, keys, path)


@pytest.fixture(scope="module")
def api(web_source: Path, tmp_path_factory: pytest.TempPathFactory):
    """The app over a writable copy of the warehouse (one per test module)."""
    a = build_api(web_source, tmp_path_factory.mktemp("web"), max_upload_bytes=200_000)
    yield a
    a.client.__exit__(None, None, None)


def signed_in(api: Api, who: str = "analyst"):
    """An explorer client signed in with a key of ``api`` (in-process, no Chromium)."""
    c = make_client(api.client.app)
    assert c.post("/login", data={"key": api.keys[who]}).status_code == 200
    return c


@pytest.fixture(scope="module")
def browser(api):
    return signed_in(api)


def error_of(response) -> dict:
    body = response.json()
    assert set(body) == {"error"}, body
    assert body["error"]["status"] == response.status_code
    return body["error"]
