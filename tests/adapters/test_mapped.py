"""--format mapped: the GAC monthly workbook through the example mappings, and the
mapping features (translations, multipliers, wide-to-long, cumulative checks)."""

from __future__ import annotations

from decimal import Decimal

import openpyxl
import pytest

from tests.adapters.conftest import MAPPINGS, SAMPLES
from tradestat.errors import IngestError

BOOK = SAMPLES / "gac-monthly-by-location.xlsx"
NATIONAL = MAPPINGS / "gac-monthly-national.yaml"
LOCATION = MAPPINGS / "gac-monthly-by-location.yaml"
WAN = Decimal(10_000)


def sheet(name: str) -> dict[str, dict[str, Decimal]]:
    """{month: {column: value in yuan}} read with openpyxl, without tradestat."""
    ws = openpyxl.load_workbook(BOOK, read_only=True)[name]
    rows = list(ws.iter_rows(values_only=True))
    head = rows[0]
    return {r[0]: {h: Decimal(r[i]) * WAN for i, h in enumerate(head) if i and r[i] is not None
                   and "同比" not in h} for r in rows[1:]}  # fmt: skip


@pytest.fixture(scope="module")
def national(tmp_path_factory):
    import tradestat

    w = tradestat.connect(tmp_path_factory.mktemp("gac") / "w.duckdb")
    w.ingest(BOOK, "gac_national", "mapped", mapping=NATIONAL)
    yield w
    w.close()


def test_published_totals_2024_and_h1_2025(national):
    raw = sheet("全国")
    total_2024 = national.query({"dataset": "gac_national", "period": "2024"}).scalar()
    assert total_2024 == raw["2024-12"]["进出口_年初至今"]  # the cumulative December figure
    assert round(total_2024 / Decimal("1e12"), 2) == Decimal("43.85")  # published: 43.85 trn
    h1 = national.query(
        {"dataset": "gac_national", "period": "2025-H1", "compare": ["growth"]}
    ).rows()[0]
    assert h1["value"] == raw["2025-06"]["进出口_年初至今"]
    assert round(h1["value"] / Decimal("1e12"), 2) == Decimal("21.79")
    assert h1["base_value"] == raw["2024-06"]["进出口_年初至今"]
    assert round(h1["growth_pct"], 1) == 2.9  # published: +2.9 %


def test_swapped_labels_are_fixed(national):
    raw = sheet("全国")
    exports = national.query({"dataset": "gac_national", "period": "2024", "flow": "export"})
    imports = national.query({"dataset": "gac_national", "period": "2024", "flow": "import"})
    assert exports.scalar() == raw["2024-12"]["进口_年初至今"]  # labelled imports, holds exports
    assert imports.scalar() == raw["2024-12"]["出口_年初至今"]
    assert round(exports.scalar() / Decimal("1e12"), 2) == Decimal("25.45")  # published exports


def test_months_are_differenced_from_cumulative_totals(national):
    raw = sheet("全国")
    got = national.query(
        {"dataset": "gac_national", "period": "2024-01..2025-06", "by": "month",
         "flow": "export"}
    ).rows()  # fmt: skip
    months = sorted(raw)
    expected = {}
    for i, m in enumerate(months):
        cum = raw[m]["进口_年初至今"]
        first = m.endswith("-01")
        expected[m] = cum if first else cum - raw[months[i - 1]]["进口_年初至今"]
    assert {str(r["month"])[:7]: r["value"] for r in got} == expected
    # the single-month columns are first releases: they do not add up to the year
    first_releases = sum(raw[m]["进出口_当月"] for m in months if m.startswith("2024"))
    assert round(first_releases / Decimal("1e12"), 2) == Decimal("43.88")


def test_location_sheets_are_a_separate_dataset_of_region_grain(wh):
    report = wh.ingest(BOOK, "gac_places", "mapped", mapping=LOCATION)
    assert wh.dataset("gac_places").grain == ("period", "flow", "region")
    assert report.rows_accepted == 12 * 18 * 2
    got = wh.query(
        {"dataset": "gac_places", "period": "2024", "by": "region", "flow": "export"}
    ).rows()
    values = {r["region"]: r["value"] for r in got}
    assert values["440300"] == sheet("深圳市")["2024-12"]["进口_年初至今"]  # Shenzhen
    assert values["110000"] == sheet("北京市")["2024-12"]["进口_年初至今"]  # Beijing
    wh.ingest(BOOK, "gac_national", "mapped", mapping=NATIONAL)
    with pytest.raises(IngestError, match=r"carries \['region'\].*never mixed"):
        wh.ingest(BOOK, "gac_national", "mapped", mapping=LOCATION)


def _csv(tmp_path, text: str):
    path = tmp_path / "cum.csv"
    path.write_text(text, encoding="utf-8")
    return path


def _mapping(tmp_path, body: str):
    path = tmp_path / "m.yaml"
    path.write_text("version: 1\n" + body, encoding="utf-8")
    return path


CUMULATIVE = """
columns: {period: 月份, partner: 国家}
constants: {currency: CNY, flow: X}
resolve: {partner: name}
multiply: {value: 亿元}
wide: {field: flow, columns: {X: 出口累计, M: 进口累计}}
cumulative: {resets: january}
"""


def test_decreasing_or_gapped_cumulative_months_are_rejected(wh, tmp_path):
    data = _csv(tmp_path, "月份,国家,出口累计,进口累计\n"
                "2024-01,韩国,10,5\n2024-02,韩国,25,9\n2024-03,韩国,24,14\n2024-04,韩国,30,20\n"
                "2024-01,EIRE,1,1\n2024-03,EIRE,3,3\n")  # fmt: skip
    mapping = _mapping(tmp_path, CUMULATIVE.replace("constants: {currency: CNY, flow: X}",
                                                    "constants: {currency: CNY}"))  # fmt: skip
    report = wh.ingest(data, "cum", "mapped", mapping=mapping)
    rejects = {(r["row_number"], r["field"]): r["reason"] for r in wh.rejects("cum").to_pylist()}
    assert set(rejects) == {(4, "value"), (7, "value")}  # Korea X 2024-03, Ireland 2024-03 X/M
    assert "falls from 2500000000 to 2400000000 in 2024-03" in rejects[(4, "value")]
    assert "month before 2024-03" in rejects[(7, "value")]
    assert report.rows_rejected == 1 + 2 and any("suspect" in n for n in report.notes)
    got = wh.query({"dataset": "cum", "period": "2024-01..2024-04", "by": ["partner", "month"],
                    "flow": "export"}).rows()  # fmt: skip
    kor = {str(r["month"])[:7]: r["value"] for r in got if r["partner"] == "KOR"}
    assert kor == {
        "2024-01": Decimal("10e8"),
        "2024-02": Decimal("15e8"),
        "2024-04": Decimal("6e8"),
    }


def test_mapping_contradictions_and_schema_errors(wh, tmp_path):
    data = _csv(tmp_path, "月份,国家,出口累计,进口累计\n2024-01,韩国,10,5\n")
    bad = _mapping(tmp_path, CUMULATIVE)  # flow both constant and wide
    with pytest.raises(IngestError, match="comes from the wide columns"):
        wh.ingest(data, "m", "mapped", mapping=bad)
    bad = _mapping(tmp_path, "columns: {period: 月份}\nmultiply: {value: 千万亿}\n"
                   "wide: {field: flow, columns: {X: 出口累计}}\n")  # fmt: skip
    with pytest.raises(IngestError, match="unknown unit '千万亿'"):
        wh.ingest(data, "m", "mapped", mapping=bad)
    bad = _mapping(tmp_path, "columns: {periode: 月份, value: 出口累计}\n")
    with pytest.raises(IngestError, match="columns: 'periode' is not one of"):
        wh.ingest(data, "m", "mapped", mapping=bad)
    with pytest.raises(IngestError, match="needs --mapping"):
        wh.ingest(data, "m", "mapped")
    with pytest.raises(IngestError, match=r"names sheet.*not an xlsx workbook"):
        wh.ingest(data, "m", "mapped", mapping=LOCATION)
    missing = _mapping(tmp_path, "columns: {period: 月份, value: 金额}\nconstants: {flow: X}\n")
    with pytest.raises(IngestError, match=r"needs column\(s\) \['金额'\]"):
        wh.ingest(data, "m", "mapped", mapping=missing)


def test_translations_are_strict(wh, tmp_path):
    data = _csv(tmp_path, "月份,方向,金额\n2024-01,出口,1.5\n2024-01,进口,2\n2024-01,转口,3\n")
    mapping = _mapping(tmp_path, "columns: {period: 月份, flow: 方向, value: 金额}\n"
                       "translate: {flow: {出口: X, 进口: M}}\nmultiply: {value: 万元}\n"
                       "constants: {currency: CNY}\n")  # fmt: skip
    report = wh.ingest(data, "t", "mapped", mapping=mapping)
    assert (report.rows_accepted, report.rows_rejected) == (2, 1)
    [reject] = wh.rejects("t").to_pylist()
    assert (reject["row_number"], reject["field"]) == (4, "flow") and "转口" in reject["reason"]
    assert wh.query({"dataset": "t", "period": "2024-01", "flow": "balance"}).scalar() == -5000
