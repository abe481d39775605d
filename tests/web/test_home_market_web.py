"""The reporter's own market noted through the REST API and in the explorer (en, zh)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.web.conftest import build_api, signed_in

PLATFORM = Path(__file__).resolve().parents[1] / "fixtures" / "report" / "platform.csv"
BY_PARTNER = {"dataset": "shop", "period": "2011", "flow": "export", "by": ["partner"]}


@pytest.fixture(scope="module")
def shop_api(tmp_path_factory):
    import tradestat

    source = tmp_path_factory.mktemp("shop-src") / "w.duckdb"
    with tradestat.connect(source) as w:
        w.ingest(PLATFORM, "shop", home_currency="GBP", reporter="GBR")
        w.update_dataset("shop", published=True)
    a = build_api(source, tmp_path_factory.mktemp("shop-web"))
    yield a
    a.client.__exit__(None, None, None)


def test_the_rest_api_returns_the_note(shop_api):
    body = shop_api.query(BY_PARTNER).json()
    assert "GBR" in [row["partner"] for row in body["rows"]]
    assert body["provenance"]["notes"][0].startswith("partner GBR is the reporter itself")
    cross = shop_api.query({**BY_PARTNER, "exclude": {"partner": ["GBR"]}}).json()
    assert "notes" not in cross["provenance"]


@pytest.mark.parametrize(
    "lang, said",
    [
        ("en", "partner GBR is the reporter itself"),
        ("zh", "贸易伙伴 GBR 即申报方本身"),
    ],
)
def test_the_explorer_shows_it(shop_api, lang, said):
    page = signed_in(shop_api).get(
        "/explore",
        params={
            "dataset": "shop",
            "period": "2011",
            "flow": "export",
            "by": "partner",
            "lang": lang,
        },
    )
    assert page.status_code == 200
    notes = page.text.split('id="notes"', 1)[1].split("</ul>", 1)[0]
    assert said in notes
