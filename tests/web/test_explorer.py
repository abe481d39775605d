"""Explorer pages in-process: builder, table, chart data, CSV, language, errors."""

from __future__ import annotations

import csv
import io
import json
import re

from tests.web.conftest import make_client

GROUPS = (
    "/explore?dataset=customs&period=2023&flow=export&by=partner_group&compare=share&compare=growth"
)


def test_home_and_dataset_pages(browser):
    home = browser.get("/")
    assert home.status_code == 200 and "/datasets/customs" in home.text
    page = browser.get("/datasets/customs")
    assert page.status_code == 200 and "Each row is one month × flow" in page.text
    assert "enterprise" in page.text
    assert "by=partner_group" in page.text  # a quick link for the headline question
    assert "content-security-policy" in page.headers
    assert browser.get("/datasets/national").status_code == 403
    assert browser.get("/datasets/nothing").status_code == 404


def test_explore_shows_table_chart_and_links(api, browser):
    r = browser.get(GROUPS)
    assert r.status_code == 200
    served = api.query(
        {
            "dataset": "customs",
            "period": "2023",
            "flow": "export",
            "by": ["partner_group"],
            "compare": ["share", "growth"],
        },
        "analyst",
    ).json()["rows"]
    chart = json.loads(re.search(r'id="chart-data">(.*?)</script>', r.text, re.S).group(1))
    assert chart["type"] == "bar" and chart["series"][0]["data"] == [x["value"] for x in served]
    assert 'id="result-table"' in r.text and "Growth %" in r.text
    csv_url = re.search(r'id="csv-link" href="([^"]+)"', r.text).group(1).replace("&amp;", "&")
    rows = list(csv.DictReader(io.StringIO(browser.get(csv_url).text)))
    assert [float(x["value"]) for x in rows] == [x["value"] for x in served]


def test_monthly_series_is_a_line_chart_with_growth(browser):
    r = browser.get("/explore?dataset=customs&period=2023&by=month&compare=growth")
    chart = json.loads(re.search(r'id="chart-data">(.*?)</script>', r.text, re.S).group(1))
    assert chart["type"] == "line" and len(chart["labels"]) == 12
    assert chart["series"][-1]["axis"] == "y2"


def test_rankings_number_the_rows(browser):
    r = browser.get("/explore?dataset=customs&period=2023&by=partner&top=3&order_by=-value")
    body = r.text.split('id="result-table"')[1]
    assert body.count("<tr") == 4  # header + 3


def test_codes_are_shown_with_reference_names(browser):
    en = browser.get("/explore?dataset=customs&period=2023&by=city&lang=en").text
    assert "Shenzhen" in en.split('id="result-table"')[1]  # 440300 in the fixture
    zh = browser.get("/explore?dataset=customs&period=2023&by=enterprise_type&lang=zh").text
    assert "民营企业" in zh.split('id="result-table"')[1]  # enterprise_type private
    browser.get("/?lang=en")


def test_chinese_labels_and_switch(browser):
    r = browser.get(GROUPS + "&lang=zh")
    assert "伙伴组别" in r.text and "增长" in r.text and 'lang="zh-CN"' in r.text
    assert browser.cookies.get("tradestat_lang") == "zh"
    assert "English" in r.text
    browser.get("/?lang=en")


def test_errors_name_the_field_in_the_page(browser):
    r = browser.get("/explore?dataset=customs&period=2023-13")
    assert r.status_code == 400 and "<code>period</code>" in r.text
    r = browser.get("/explore?dataset=customs&period=2023&where=partner")
    assert r.status_code == 400 and "<code>where</code>" in r.text
    r = browser.get("/explore?dataset=customs&period=2023&top=many")
    assert r.status_code == 400 and "<code>top</code>" in r.text


def test_filters_in_the_url(browser):
    r = browser.get("/explore?dataset=customs&period=2023&by=partner&where=partner%3DUSA%2CDEU")
    body = r.text.split('id="result-table"')[1]
    assert "USA" in body and "DEU" in body and "JPN" not in body


def test_non_confidential_view_marks_hidden_cells(api):
    c = make_client(api.client.app)
    c.post("/login", data={"key": api.keys["reader"]})
    r = c.get("/explore?dataset=cells&period=2023-03&by=partner")
    assert 'class="suppressed"' in r.text and 'id="disclosure-note"' in r.text


def test_bulletin_page_without_or_with_reports(browser):
    r = browser.get("/bulletin")
    assert r.status_code == 200


def test_static_chart_library_is_bundled(browser):
    r = browser.get("/static/vendor/chart.umd.min.js")
    assert r.status_code == 200 and "Chart.js" in r.text[:200]
    assert browser.get("/static/vendor/chart.js.LICENSE.md").status_code == 200


def test_long_tables_are_cut_in_the_page_not_in_the_csv(browser, monkeypatch):
    from tradestat.web.explorer import view

    monkeypatch.setattr(view, "TABLE_LIMIT", 2)
    r = browser.get("/explore?dataset=customs&period=2023&by=partner")
    body = r.text.split('id="result-table"')[1].split("</table>")[0]
    assert body.count("<tr") == 3 and "CSV download has them all" in r.text
    csv_text = browser.get("/explore.csv?dataset=customs&period=2023&by=partner").text
    assert len(csv_text.strip().splitlines()) > 3
