"""Access control: 401 without a valid key, 403 outside its scopes, private datasets."""

from __future__ import annotations

import pytest

from tests.web.conftest import error_of

Q = {"dataset": "customs", "period": "2023", "flow": "export"}
ROUTES = [
    ("get", "/api/v1/datasets", None),
    ("get", "/api/v1/datasets/customs", None),
    ("post", "/api/v1/query", Q),
    ("get", "/api/v1/reference/partners", None),
    ("get", "/api/v1/reports", None),
    ("get", "/api/v1/formats", None),
    ("get", "/api/v1/datasets/customs/batches/1/rejects", None),
]


@pytest.mark.parametrize(("method", "url", "body"), ROUTES)
@pytest.mark.parametrize(
    "header",
    [None, "Bearer nope", "Bearer tsk_000000000000_secret", "Basic dXNlcjpwYXNz", "Bearer "],
)
def test_no_valid_key_is_401(api, method, url, body, header):
    headers = {"Authorization": header} if header is not None else {}
    r = getattr(api.client, method)(url, headers=headers, **({"json": body} if body else {}))
    assert r.status_code == 401
    assert r.headers["www-authenticate"] == "Bearer"
    assert "key" in error_of(r)["message"]


def test_revoked_key_is_401(api):
    r = api.query(Q, "revoked")
    assert r.status_code == 401 and "revoked" in error_of(r)["message"]


def test_a_tampered_secret_is_401(api):
    key = api.keys["reader"]
    r = api.client.get("/api/v1/datasets", headers={"Authorization": f"Bearer {key[:-2]}xx"})
    assert r.status_code == 401


def test_health_needs_no_key(api):
    assert api.get("/api/v1/health").json()["status"] == "ok"


def test_outside_scope_is_403_before_404(api):
    r = api.query(Q, "national_only")
    assert r.status_code == 403 and "no read scope" in error_of(r)["message"]
    # an unknown dataset outside the key's scopes is 403 too: no probing for names
    assert api.query({**Q, "dataset": "secret"}, "national_only").status_code == 403
    assert api.query({**Q, "dataset": "secret"}, "reader").status_code == 404


def test_private_dataset_needs_confidential_or_admin(api):
    q = {"dataset": "national", "period": "2023"}
    r = api.query(q, "reader")
    assert r.status_code == 403 and "not published" in error_of(r)["message"]
    assert api.query(q, "national_only").status_code == 403  # read scope, but private
    assert api.query(q, "admin").status_code == 200
    names = {d["name"] for d in api.get("/api/v1/datasets", "reader").json()["datasets"]}
    assert names == {"customs", "cells"}
    names = {d["name"] for d in api.get("/api/v1/datasets", "admin").json()["datasets"]}
    assert names == {"customs", "cells", "national"}


def test_ingest_scope_does_not_grant_reading(api):
    assert api.query(Q, "ingester").status_code == 403
    assert api.get("/api/v1/datasets/customs", "ingester").status_code == 403


def test_admin_publishes_and_unpublishes(api):
    url = "/api/v1/datasets/national"
    assert (
        api.client.patch(url, json={"published": True}, headers=api.h("reader")).status_code == 403
    )
    r = api.client.patch(url, json={"published": True}, headers=api.h("admin"))
    assert r.status_code == 200 and r.json()["published"] is True
    assert api.query({"dataset": "national", "period": "2023"}, "national_only").status_code == 200
    r = api.client.patch(url, json={"published": False}, headers=api.h("admin"))
    assert r.json()["published"] is False
    assert api.query({"dataset": "national", "period": "2023"}, "national_only").status_code == 403


@pytest.mark.parametrize("body", [None, {}, {"published": "yes"}, {"published": True, "x": 1}, []])
def test_publish_body_is_checked(api, body):
    r = api.client.patch("/api/v1/datasets/national", json=body, headers=api.h("admin"))
    assert r.status_code == 400 and error_of(r)["field"] == "published"


def test_publish_unknown_dataset_is_404(api):
    r = api.client.patch(
        "/api/v1/datasets/nothing", json={"published": True}, headers=api.h("admin")
    )
    assert r.status_code == 404


def test_dataset_info_reports_disclosure_for_the_caller(api):
    reader = api.get("/api/v1/datasets/customs", "reader").json()
    analyst = api.get("/api/v1/datasets/customs", "analyst").json()
    assert reader["disclosure"]["applied_for_you"] is True
    assert analyst["disclosure"]["applied_for_you"] is False
    assert reader["rows"] == 27 and reader["first_period"] == "2022-01"
    assert "enterprise_id" in reader["grain"] and reader["access"] == ["read"]


def test_explorer_login_session_and_revocation(api, tmp_path):
    from tests.web.conftest import make_client
    from tradestat.web.keys import KeyStore, default_keys_path

    c = make_client(api.client.app)
    r = c.get("/explore", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login?next=")
    r = c.post("/login", data={"key": "wrong", "next": "/"}, follow_redirects=False)
    assert r.status_code == 401
    store = KeyStore(default_keys_path(api.warehouse))
    info, key = store.create(["read:*"], "session")
    r = c.post("/login", data={"key": key, "next": "//evil.example/"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/"  # no open redirect
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie and "samesite=lax" in cookie.lower() and key not in cookie
    assert c.get("/", follow_redirects=False).status_code == 200
    store.revoke(info.id)
    assert c.get("/", follow_redirects=False).status_code == 303  # revocation ends the session
    r = c.post("/logout", follow_redirects=False)
    assert r.status_code == 303
