"""HS nomenclature, correspondence and China's 8-digit codes against the raw files."""

from __future__ import annotations

import csv
import io
from collections import Counter

import pytest

from tests.reference._raw import read_rows
from tradestat.reference import (
    UnknownCode,
    china_codes,
    hs_codes,
    hs_conversion,
    hs_correspondence,
    hs_editions,
    hs_label,
    hs_section,
)

ROMAN = "I II III IV V VI VII VIII IX X XI XII XIII XIV XV XVI XVII XVIII XIX XX XXI".split()  # noqa: SIM905
FOLDERS = {"HS2022": "hs-datasets", "HS2017": "hs-datasets/hs2017-edition"}


def _raw_hs(raw, edition):
    return [
        r
        for r in read_rows(raw / FOLDERS[edition] / "harmonized-system.csv")
        if r["hscode"] not in ("TOTAL", "")
    ]


@pytest.mark.parametrize("edition", ["HS2017", "HS2022"])
def test_code_counts_equal_the_source(raw, edition):
    rows = _raw_hs(raw, edition)
    for level in (2, 4, 6):
        expected = {r["hscode"] for r in rows if r["level"] == str(level) and r["section"] in ROMAN}
        assert hs_codes(edition, level) == expected
    assert hs_editions() == ("HS2017", "HS2022")


def test_known_counts():
    # HS2017 has 5,387 subheadings (WCO); the HS2022 source file lists 5,612 besides 999999
    assert len(hs_codes("HS2017", 6)) == 5387
    assert len(hs_codes("HS2022", 6)) == 5612
    assert "999999" not in hs_codes("HS2022", 6)


@pytest.mark.parametrize("edition", ["HS2017", "HS2022"])
def test_labels_and_sections_equal_the_source(raw, edition):
    for r in _raw_hs(raw, edition):
        assert hs_label(r["hscode"], edition) == " ".join(r["description"].split())
        if r["section"] in ROMAN:
            assert hs_section(r["hscode"], edition) == ROMAN.index(r["section"]) + 1


def test_label_rules():
    assert hs_section("87038000") == 17
    assert hs_label("8703", lang="zh") is None  # no Chinese HS descriptions at 2/4/6 digits
    assert hs_label("12345") is None
    with pytest.raises(UnknownCode):
        hs_codes("HS1996", 6)
    with pytest.raises(UnknownCode):
        hs_codes("HS2022", 8)


def _xlsx_rows(raw, sheet, skip):
    import openpyxl

    path = raw / "hs-concordance/HS2022toHS2017ConversionAndCorrelationTables.xlsx"
    wb = openpyxl.load_workbook(path, read_only=True)
    return [r for r in list(wb[sheet].iter_rows(values_only=True))[skip:] if r[0] is not None]


def test_correspondence_equals_the_unsd_table(raw):
    rows = _xlsx_rows(raw, "HS2022-HS2017 Correlations", 2)
    ours = hs_correspondence("HS2022", "HS2017")
    assert sorted(ours) == sorted((str(a), str(b), str(c).strip()) for a, b, c in rows)
    assert Counter(r[2] for r in ours) == Counter(str(r[2]).strip() for r in rows)
    back = hs_correspondence("HS2017", "HS2022")
    flip = {"1:n": "n:1", "n:1": "1:n", "1:1": "1:1", "n:n": "n:n"}
    assert sorted(back) == sorted((b, a, flip[r]) for a, b, r in ours)
    assert {a for a, _, _ in ours} <= hs_codes("HS2022", 6) | {"999999"}
    assert {b for _, b, _ in ours} <= hs_codes("HS2017", 6) | {"999999"}


def test_conversion_equals_the_unsd_table(raw):
    rows = _xlsx_rows(raw, "HS2022-HS2017 Conversions", 1)
    assert hs_conversion("HS2022", "HS2017") == {str(a): str(b) for a, b in rows}
    with pytest.raises(UnknownCode):
        hs_conversion("HS2017", "HS2022")
    assert len(hs_correspondence("HS2012", "HS2017")) > 5000


def _gac_codes(raw, lang, year):
    path = raw / f"gac-codes-chinautils/commodities/{lang}-hs8-{year}.csv"
    return list(csv.reader(io.StringIO(path.read_bytes().decode("gb18030"))))[1:]


@pytest.mark.parametrize("year", range(2015, 2024))
def test_china_codes_equal_the_gac_lists(raw, year):
    zh = {r[0]: r for r in _gac_codes(raw, "zh", year)}
    table = china_codes(year)
    assert table.num_rows == len(zh)
    got = {r["code8"]: r for r in table.to_pylist()}
    assert set(got) == set(zh)
    for code, r in zh.items():
        assert got[code]["description_zh"] == " ".join(r[1].split())
        assert (got[code]["unit1_code"], got[code]["unit1_zh"]) == (r[3], r[4])
        no_unit2 = r[5] in ("?", "\x00")  # GAC writes "?" (2015-2016: a NUL byte) for none
        assert got[code]["unit2_code"] == (None if no_unit2 else r[5])
    assert all(r["description_en"] and r["unit1_en"] for r in got.values())


def test_china_code_facts(raw):
    zh2017 = {r[0]: r[1] for r in _gac_codes(raw, "zh", 2017)}
    assert hs_label("85414020", "HS2017", "zh") == zh2017["85414020"] == "太阳能电池"
    assert hs_label("85414020", "HS2022") is None  # split into 854142 / 854143 in HS2022
    row = next(r for r in china_codes(2022).to_pylist() if r["code8"] == "01012100")
    assert (row["unit1_zh"], row["unit1_en"]) == ("千克", "Kilogram")
    with pytest.raises(UnknownCode):
        china_codes(2014)


def test_china_codes_follow_the_stated_editions():
    from tradestat.reference.china_codes import china_edition

    for year in (2017, 2021, 2022, 2023):
        edition = china_edition(year)
        codes = china_codes(year).column("code8").to_pylist()
        share = sum(c[:6] in hs_codes(edition, 6) for c in codes) / len(codes)
        assert share > 0.99, (year, edition, share)
    assert china_edition(2016) == "HS2012"
