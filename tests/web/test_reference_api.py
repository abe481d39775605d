"""Reference look-ups through the API."""

from __future__ import annotations

import pytest

from tests.web.conftest import error_of


def test_vocabulary(api):
    v = api.get("/api/v1/reference/vocabulary", "reader").json()
    assert "partner_group" in {d["name"] for d in v["dimensions"]}
    assert v["compare"] == ["growth", "share", "share_pp", "contribution", "price_index",
                            "volume_index", "value_index", "effects"]  # fmt: skip
    assert v["index_method"] == ["fisher", "laspeyres", "paasche"]
    assert "unit_value" in v["measures"]


def test_partners_by_code_name_and_search(api):
    assert api.get("/api/v1/reference/partners/DE", "reader").json()["code"] == "DEU"
    assert api.get("/api/v1/reference/partners/Germany", "reader").json()["name_zh"] == "德国"
    found = api.get("/api/v1/reference/partners", "reader", params={"q": "korea"}).json()
    assert "KOR" in {p["code"] for p in found["partners"]}
    everyone = api.get("/api/v1/reference/partners", "reader").json()["partners"]
    assert len(everyone) > 200
    r = api.get("/api/v1/reference/partners/Atlantis", "reader")
    assert r.status_code == 404 and "Atlantis" in error_of(r)["message"]


def test_partner_groups_with_dated_membership(api):
    ids = {
        g["id"]
        for g in api.get("/api/v1/reference/partner-groups", "reader").json()["partner_groups"]
    }
    assert {"eu", "asean", "rcep"} <= ids
    before = api.get("/api/v1/reference/partner-groups/eu", "reader", params={"on": "2019-06-01"})
    after = api.get("/api/v1/reference/partner-groups/eu", "reader", params={"on": "2021-06-01"})
    assert "GBR" in before.json()["members"] and "GBR" not in after.json()["members"]
    assert api.get("/api/v1/reference/partner-groups/nope", "reader").status_code == 404
    r = api.get("/api/v1/reference/partner-groups/eu", "reader", params={"on": "someday"})
    assert r.status_code == 422 and error_of(r)["field"] == "on"


def test_product_groups_and_hs(api):
    groups = api.get("/api/v1/reference/product-groups", "reader").json()["product_groups"]
    assert "new_three" in {g["id"] for g in groups}
    hs = api.get("/api/v1/reference/hs/8507", "reader").json()
    assert hs["label"] and hs["section"] == 16
    assert api.get("/api/v1/reference/hs/7701", "reader").status_code == 404
    sections = api.get("/api/v1/reference/hs-sections", "reader").json()["sections"]
    assert len(sections) == 21 and sections[0]["name_zh"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/reference/hs/85?lang=fr",
        "/api/v1/reference/hs/85?edition=HS1700",
        "/api/v1/reference/hs-sections?edition=HS1700",
        "/api/v1/reference/hs/8x",
    ],
)
def test_reference_bad_inputs_are_4xx(api, url):
    r = api.get(url, "reader")
    assert 400 <= r.status_code < 500 and error_of(r)["message"]


def test_reference_needs_a_key(api):
    assert api.get("/api/v1/reference/partner-groups").status_code == 401
