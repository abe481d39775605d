"""The four cases of real official tables through the REST API and the explorer: the
right figure, or a clear refusal, with the coverage and place notes shown."""

from __future__ import annotations

import pytest

from tests.truth.conftest import ANNUAL_MAPPING, COMTRADE_TOTALS, MAPPINGS, WORKBOOK
from tests.web.conftest import build_api, error_of, signed_in


@pytest.fixture(scope="module")
def api(shared, tmp_path_factory):
    import tradestat

    folder = tmp_path_factory.mktemp("truth-web")
    (folder / "annual.yaml").write_text(ANNUAL_MAPPING, encoding="utf-8")
    source = folder / "src.duckdb"
    with tradestat.connect(source) as w:
        w.ingest(WORKBOOK, "gac_national", "mapped",
                 mapping=MAPPINGS / "gac-monthly-national.yaml")  # fmt: skip
        w.ingest(WORKBOOK, "gac_regions", "mapped",
                 mapping=MAPPINGS / "gac-monthly-by-location.yaml")  # fmt: skip
        w.ingest(shared / "raw" / COMTRADE_TOTALS, "cn_annual", "mapped",
                 mapping=folder / "annual.yaml")  # fmt: skip
        for name in ("gac_national", "gac_regions", "cn_annual"):
            w.update_dataset(name, published=True)
        rates = folder / "customs-rates.csv"  # a user's table of customs rates (made up)
        months = [f"{y}-{m:02d}" for y in (2024, 2025) for m in range(1, 13)]
        rates.write_text("period,cny_per_usd\n" + "".join(f"{m},7.2\n" for m in months), "utf-8")
        w.import_fx(rates, basis="customs")
    a = build_api(source, folder / "served")
    yield a
    a.client.__exit__(None, None, None)


@pytest.fixture(scope="module")
def browser(api):
    return signed_in(api, "reader")


def test_rest_annual_rows(api):
    body = api.query({"dataset": "cn_annual", "period": "2020"}).json()
    assert round(body["rows"][0]["value"] / 1e12, 2) == 32.16
    assert body["provenance"]["time_grain"] == "year"
    refused = api.query({"dataset": "cn_annual", "period": "2020-Q1"})
    assert refused.status_code == 400  # a query error, as for any key the dataset cannot answer
    assert "is annual: ask for '2020', not '2020-Q1'" in error_of(refused)["message"]


def test_rest_coverage(api):
    body = api.query({"dataset": "gac_national", "period": "2025", "compare": ["growth"]}).json()
    assert body["rows"][0]["growth_pct"] is None
    assert any("compare 2025-01..2025-06 with 2024-01..2024-06" in w
               for w in body["provenance"]["warnings"])  # fmt: skip


def test_rest_places(api):
    q = {"dataset": "gac_regions", "period": "2024", "flow": "export", "by": ["province"]}
    rows = {r["province"]: r["value"] for r in api.query(q).json()["rows"]}
    assert round(rows["330000"] / 1e12, 2) == 3.91


def test_explorer_shows_the_coverage_note_and_partial_places(browser):
    page = browser.get("/explore?dataset=gac_national&period=2025&compare=growth")
    assert page.status_code == 200
    assert "compare 2025-01..2025-06 with 2024-01..2024-06" in page.text
    page = browser.get("/explore?dataset=gac_regions&period=2024&flow=export&by=province")
    assert "440000 Guangdong is partial" in page.text
    page = browser.get("/explore?dataset=cn_annual&period=2020-Q1")
    assert "is annual: ask for &#39;2020&#39;, not &#39;2020-Q1&#39;" in page.text or (
        "is annual: ask for '2020', not '2020-Q1'" in page.text
    )
    partial = browser.get(
        "/explore?dataset=gac_national&period=2025&compare=growth&coverage=partial"
    )
    assert "computed anyway" in partial.text


def test_rest_and_explorer_exchange_rate_basis(api, browser):
    q = {"dataset": "gac_national", "period": "2024", "currency": "USD"}
    market = api.query(q).json()
    customs = api.query({**q, "fx_basis": "customs"}).json()
    cny = api.query({"dataset": "gac_national", "period": "2024"}).json()["rows"][0]["value"]
    assert customs["provenance"]["money"]["fx_basis"] == "customs"
    assert market["provenance"]["money"]["fx_basis"] == "market"
    assert customs["rows"][0]["value"] == pytest.approx(cny / 7.2, rel=1e-9)
    assert customs["rows"][0]["value"] != market["rows"][0]["value"]
    page = browser.get("/explore?dataset=gac_national&period=2024&currency=USD&fx_basis=customs")
    assert "USD, customs" in page.text
    assert "each record at its month&#39;s average rate" in page.text or (
        "each record at its month's average rate" in page.text
    )
