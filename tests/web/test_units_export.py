"""Units, scales and file downloads in the REST API and the explorer (in-process).
Expected figures come from the fixture CSV with plain pandas."""

from __future__ import annotations

import io
import json
import re
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from tests.core.expected import cny_partner_totals

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "core"
BY_PARTNER = {"dataset": "customs", "period": "2023", "by": ["partner"]}


def test_json_names_the_unit_and_scale_divides(api):
    body = api.query(BY_PARTNER, "analyst").json()
    assert body["unit"] == "CNY" and body["units"] == {"value": "CNY"}
    assert body["scale"] == "exact"
    exact = {r["partner"]: r["value"] for r in body["rows"]}
    for partner, value in cny_partner_totals().items():
        assert exact[partner] == float(value)
    r = api.post("/api/v1/query?scale=万", "analyst", json=BY_PARTNER)
    scaled = {x["partner"]: x["value"] for x in r.json()["rows"]}
    assert r.json()["scale"] == "万"
    for partner, value in cny_partner_totals().items():
        assert scaled[partner] == pytest.approx(float(value) / 1e4)
    assert api.post("/api/v1/query?scale=lots", "analyst", json=BY_PARTNER).status_code == 422


def test_xlsx_by_format_or_accept_and_parquet(api):
    import openpyxl
    import pyarrow.parquet as pq

    by_param = api.post("/api/v1/query?format=xlsx", "analyst", json=BY_PARTNER)
    xlsx_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    headers = {**api.h("analyst"), "Accept": xlsx_type}
    by_accept = api.client.post("/api/v1/query", json=BY_PARTNER, headers=headers)
    for r in (by_param, by_accept):
        assert r.status_code == 200 and r.headers["content-type"].startswith("application/vnd")
        sheet = openpyxl.load_workbook(io.BytesIO(r.content))["result"]
        assert [c.value for c in sheet[1]] == ["partner", "value (CNY)"]
        got = {row[0]: Decimal(str(row[1])) for row in sheet.iter_rows(min_row=2, values_only=True)}
        for partner, value in cny_partner_totals().items():
            assert got[partner] == value
    parquet = api.post("/api/v1/query?format=parquet", "analyst", json=BY_PARTNER)
    table = pq.read_table(io.BytesIO(parquet.content))
    assert table.schema.metadata[b"unit"] == b"CNY"
    values = dict(zip(table.column("partner").to_pylist(), table.column("value").to_pylist(),
                      strict=True))  # fmt: skip
    for partner, value in cny_partner_totals().items():
        assert values[partner] == value


def chart_of(page: str) -> dict:
    return json.loads(re.search(r'id="chart-data">(.*?)</script>', page, re.S).group(1))


def test_explorer_headers_axes_and_caption_carry_units(browser):
    r = browser.get("/explore?dataset=customs&period=2023&flow=export&by=province&lang=en")
    assert r.status_code == 200
    assert "Value (CNY)" in r.text
    assert '<caption id="result-caption">Exports by province, 2023, CNY</caption>' in r.text
    assert chart_of(r.text)["axes"] == {"y": "Value (CNY)"}
    zh = browser.get("/explore?dataset=customs&period=2023&by=month&compare=growth&lang=zh")
    assert "金额（元）" in zh.text and "图表" in zh.text and "自动" in zh.text
    assert "Chart" not in zh.text
    assert chart_of(zh.text)["axes"] == {"y": "金额（元）", "y2": "增长 %"}
    scaled = browser.get("/explore?dataset=customs&period=2023&by=province&scale=万&lang=en")
    assert "Value (CNY ten thousand)" in scaled.text


def test_explorer_draws_no_series_without_figures(browser):
    # 2022's base (2021) has no data: the base series is empty and so not drawn
    r = browser.get("/explore?dataset=customs&period=2022&compare=growth&lang=en")
    labels = [s["label"] for s in chart_of(r.text)["series"]]
    assert labels == ["Value"]


def test_explorer_pivot_puts_periods_in_columns(browser):
    r = browser.get("/explore?dataset=customs&period=2022..2023&by=partner&by=year&pivot=1&lang=en")
    head = re.findall(r"<th[^>]*>([^<]*)</th>", r.text)
    assert head[-2:] == ["2022", "2023"] and head[0].startswith("Partner")
    df = pd.read_csv(FIX / "customs.csv", dtype=str)
    df = df.sort_values("vintage").groupby("record_id").tail(1)
    df = df[df.period.str[:4].isin(["2022", "2023"])]
    years = df.groupby("partner")["period"].agg(lambda p: set(p.str[:4]) == {"2022", "2023"})
    cny = df.groupby("partner")["currency"].agg(lambda c: set(c) == {"CNY"})
    partner = next(p for p in sorted(df.partner.dropna().unique()) if years[p] and cny[p])
    mine = df[df.partner == partner]
    by_year = mine.assign(value=mine.value.map(Decimal)).groupby(mine.period.str[:4])["value"].sum()
    pattern = rf"<tr>\s*<td[^>]*>{partner}[^<]*</td>(.*?)</tr>"
    row = re.search(pattern, r.text, re.S).group(1)
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", row)
    assert cells == [f"{by_year['2022']:,.2f}", f"{by_year['2023']:,.2f}"]


def test_explorer_xlsx_download(browser):
    import openpyxl

    r = browser.get("/explore?dataset=customs&period=2023&by=partner&lang=en")
    url = re.search(r'id="xlsx-link" href="([^"]+)"', r.text).group(1).replace("&amp;", "&")
    book = openpyxl.load_workbook(io.BytesIO(browser.get(url).content))
    assert [c.value for c in book["result"][1]] == ["partner", "value (CNY)"]
    assert browser.get("/explore.pdf?dataset=customs&period=2023").status_code == 400


def test_dataset_page_in_words(browser):
    page = browser.get("/datasets/customs?lang=zh").text
    assert "每行为一个月份 × 流向" in page and "个版本" in page
    assert "vintages)" not in page
