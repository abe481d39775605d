"""--format gac: the four real query-platform exports (tests/fixtures/gac)."""

from __future__ import annotations

import shutil
from collections import defaultdict
from decimal import Decimal

import pytest

from tests.adapters.conftest import FIX, money, read_csv
from tradestat.errors import IngestError

GAC = FIX / "gac"
# partner names as the exports print them -> ISO alpha-3, written down by hand
BY_NAME = {
    "Hong Kong，China": "HKG", "Macao,China": "MAC", "Republic of Korea": "KOR",
    "Taiwan，China": "TWN", "Chile": "CHL", "中国香港": "HKG", "中国澳门": "MAC", "韩国": "KOR",
}  # fmt: skip


def _sums(rows, key, value):
    out = defaultdict(Decimal)
    for r in rows:
        out[key(r)] += money(r[value])
    return dict(out)


def test_english_export_gb18030_usd_partner_codes(wh):
    report = wh.ingest(GAC / "english-full.csv", "gac_en", "gac", flow="X")
    rows = read_csv(GAC / "english-full.csv", encoding="gb18030")
    assert report.encodings == {"english-full.csv": "gb18030"}
    assert (report.rows_read, report.rows_accepted) == (len(rows), len(rows)) == (5, 5)
    assert report.currencies == ["USD"] and report.flows == ["X"]
    assert report.periods == ["2026-01", "2026-01"]
    assert any("values in USD" in n and "encoding gb18030" in n for n in report.notes)
    expected = _sums(rows, lambda r: BY_NAME[r["Trading partner"]], "US dollar")
    got = wh.query({"dataset": "gac_en", "period": "2026-01", "by": "partner", "currency": "USD"})
    assert {r["partner"]: r["value"] for r in got.rows()} == expected
    assert expected["TWN"] == Decimal("234351")  # the full-width comma decoded right


def test_usd_values_converted_to_cny_at_the_month_rate(wh):
    from datetime import date

    from tradestat import reference

    wh.ingest(GAC / "english-full.csv", "gac_en", "gac", flow="X")
    rate = Decimal(str(reference.fx_rate("CNY", date(2026, 1, 1))))
    rows = read_csv(GAC / "english-full.csv", encoding="gb18030")
    expected = sum(round(money(r["US dollar"]) * rate, 2) for r in rows)
    total = wh.query({"dataset": "gac_en", "period": "2026-01", "currency": "CNY"}).scalar()
    assert abs(total - expected) <= Decimal("0.05")  # per-row rounding only


def test_permutated_columns_give_the_same_figures(wh):
    wh.ingest(GAC / "english-full.csv", "a", "gac", flow="M")
    wh.ingest(GAC / "english-full-permutated.csv", "b", "gac", flow="M")
    q = {"period": "2026-01", "by": ["partner", "hs_code", "region", "stat_trade_mode"]}
    a = wh.query({"dataset": "a", **q}).rows()
    b = wh.query({"dataset": "b", **q}).rows()
    assert a == b and len(a) == 5
    regions = {r["region"] for r in a}
    assert regions == {"440000", "310000", "610000", "370000"}  # 44, 31, 61, 37 padded
    assert {r["stat_trade_mode"] for r in a} == {"10", "15"}


def test_chinese_export_cny_needs_period_and_flow(wh):
    path = GAC / "chinese-full.csv"
    with pytest.raises(IngestError, match=r"needs --flow.*--flow X"):
        wh.ingest(path, "gac_zh", "gac", period="2025-12")
    with pytest.raises(IngestError, match=r"needs --period.*Date of data"):
        wh.ingest(path, "gac_zh", "gac", flow="X")
    report = wh.ingest(path, "gac_zh", "gac", flow="X", period="2025-12")
    rows = read_csv(path)
    assert report.encodings == {"chinese-full.csv": "utf-8"}
    assert report.currencies == ["CNY"] and report.rows_accepted == len(rows) == 5
    assert "商品名称" in report.ignored_columns["chinese-full.csv"]
    expected = _sums(
        rows, lambda r: (BY_NAME[r["贸易伙伴名称"]], r["注册地编码"] + "0000"), "人民币"
    )
    got = wh.query({"dataset": "gac_zh", "period": "2025-12", "by": ["partner", "region"]})
    assert {(r["partner"], r["region"]): r["value"] for r in got.rows()} == expected
    facts = wh.cursor().execute("SELECT DISTINCT unit, hs_edition FROM facts_gac_zh").fetchall()
    assert facts == [("kg", "HS2022")]  # 千克 -> kg; HS edition of 2025


def test_period_option_refused_when_the_file_has_a_date_column(wh):
    with pytest.raises(IngestError, match=r"own date column .Date of data.*drop --period"):
        wh.ingest(GAC / "english-full.csv", "x", "gac", flow="X", period="2026-01")


def test_degenerate_export_partial_columns(wh):
    path = GAC / "english-degenerate.csv"
    report = wh.ingest(path, "gac_deg", "gac", flow="X", period="2026-01")
    assert wh.dataset("gac_deg").grain == ("period", "flow", "hs_code")
    rows = read_csv(path)
    got = wh.query({"dataset": "gac_deg", "period": "2026-01", "by": "hs_code", "currency": "USD"})
    assert {r["hs_code"]: r["value"] for r in got.rows()} == _sums(
        rows, lambda r: r["Commodity code"], "US dollar"
    )
    assert report.rows_accepted == 3
    quantities = wh.query(
        {"dataset": "gac_deg", "period": "2026-01", "measure": "quantity", "by": "hs_code"}
    ).rows()
    assert {r["hs_code"]: r["value"] for r in quantities} == {
        r["Commodity code"]: float(r["Quantity"]) for r in rows
    }


def test_bad_rows_land_in_rejects_with_file_row_field(wh, tmp_path):
    path = tmp_path / "bad-gac.csv"
    text = (GAC / "chinese-full.csv").read_text(encoding="utf-8").splitlines()
    text[2] = text[2].replace('"121"', '"000"')  # no such GAC partner code
    text[3] = text[3].replace('"92,251"', '"9x,251"')  # not a number
    text[4] = text[4].replace('"31"', '"99"')  # no such province
    path.write_text("\n".join(text) + "\n", encoding="gb18030")
    report = wh.ingest(path, "bad", "gac", flow="M", period="2025-12")
    assert report.encodings == {"bad-gac.csv": "gb18030"}
    assert (report.rows_read, report.rows_accepted, report.rows_rejected) == (5, 2, 3)
    rejects = {r["row_number"]: r for r in wh.rejects("bad").to_pylist()}
    assert {n: r["field"] for n, r in rejects.items()} == {3: "partner", 4: "value", 5: "region"}
    assert all(r["file"] == "bad-gac.csv" for r in rejects.values())
    assert "000" in rejects[3]["reason"] and "中国澳门" in rejects[3]["raw"]


def test_not_a_gac_export_is_refused(wh, tmp_path):
    shutil.copy(FIX / "core" / "customs.csv", tmp_path / "x.csv")
    with pytest.raises(IngestError, match="no value column"):
        wh.ingest(tmp_path / "x.csv", "x", "gac", flow="X", period="2025-01")


def test_flow_column_and_total_row(wh, tmp_path):
    lines = (GAC / "chinese-full.csv").read_text(encoding="utf-8").splitlines()
    flows = ["进出口", "出口", "出口", "进口", "进口", "出口"]
    rows = [f'"{f}",{line}' for f, line in zip(flows, lines, strict=True)]
    rows.append('"出口","合计","","","","","","","","","","","","6,000,000",')
    path = tmp_path / "with-flow.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(IngestError, match="own flow column '进出口'"):
        wh.ingest(path, "f", "gac", flow="X", period="2025-12")
    report = wh.ingest(path, "f", "gac", period="2025-12")
    assert (report.rows_read, report.rows_accepted, report.flows) == (6, 5, ["M", "X"])
    [total] = wh.rejects("f").to_pylist()
    assert total["row_number"] == 7 and "total row" in total["reason"]
    source = read_csv(GAC / "chinese-full.csv")
    exports = sum(money(r["人民币"]) for r, f in zip(source, flows[1:], strict=True) if f == "出口")
    q = {"dataset": "f", "period": "2025-12", "flow": "export"}
    assert wh.query(q).scalar() == exports
