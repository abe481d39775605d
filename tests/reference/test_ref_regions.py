"""China regions against the NBS division files and GAC's place-of-registration list."""

from __future__ import annotations

import csv
import io

import pytest

from tests.reference._raw import read_gac_list, read_rows
from tradestat.reference import (
    UnknownCode,
    city_of,
    normalize_region,
    province_of,
    region_codes,
    region_level,
    region_name,
    resolve_region,
)


def test_brief_facts():
    # 44 is Guangdong's GB/T 2260 code; 4403 Shenzhen; 440306 Bao'an district of Shenzhen
    assert normalize_region("44") == "440000"
    assert region_name("440000") == "Guangdong"
    assert normalize_region("4403") == "440300"
    assert normalize_region("440300") == "440300"
    assert province_of("440300") == "440000"
    assert city_of("440306") == "440300"
    assert city_of("440000") is None
    assert city_of("440300") == "440300"
    for code in ("810000", "820000", "710000"):
        assert region_level(code) == "province"


def test_unknown_codes():
    assert normalize_region("99") is None
    assert normalize_region("4") is None
    assert normalize_region("abc") is None
    with pytest.raises(UnknownCode):
        province_of("990000")


def test_provinces_equal_the_source(raw):
    rows = read_rows(raw / "cn-admin-divisions/provinces.csv")
    assert len(rows) == 31
    for r in rows:
        assert region_name(r["code"], "zh") == r["name"]
    assert sum(region_level(c) == "province" for c in region_codes()) == 34  # + HK, MO, TW


def test_gac_registration_codes(raw):
    gac = read_gac_list(raw / "gac-codes-chinautils/provinces/china_customs_provinces.csv")
    assert len(gac) == 31
    for code, name in gac.items():
        assert region_name(normalize_region(code), "zh") == name
        assert resolve_region(name) == f"{code}0000"


def test_cities_and_counties_roll_up_as_in_the_source(raw):
    cities = read_rows(raw / "cn-admin-divisions/cities.csv")
    assert sum(region_level(c) == "city" for c in region_codes()) == len(cities) == 342
    areas = read_rows(raw / "cn-admin-divisions/areas.csv")
    for a in areas:
        assert province_of(a["code"]) == a["provinceCode"] + "0000"
        expected = a["cityCode"] + "00"
        if a["cityCode"] == "5002":  # Chongqing's counties roll up to the municipality
            expected = "500100"
        assert city_of(a["code"]) == expected, a


def test_municipality_districts_roll_up_to_the_city_level_code():
    assert city_of("110105") == "110100"  # 朝阳区, Beijing
    assert region_name("110100", "zh") == "北京市"
    assert city_of("500229") == "500100"  # 城口县, Chongqing
    assert city_of("419001") == "419000"  # 济源市: directly under Henan
    assert province_of("419001") == "410000"


def test_gac_english_and_chinese_exports_resolve(raw):
    folder = raw / "gac-codes-chinautils/query-samples"
    text = (folder / "english-full.csv").read_bytes().decode("gb18030")
    rows = list(csv.DictReader(io.StringIO(text)))
    for r in rows:
        code = r["Locations of importers and exporters code"]
        assert resolve_region(r["Locations of importers and exporters"]) == f"{code}0000"
    zh_rows = list(csv.reader(io.StringIO((folder / "chinese-full.csv").read_text("utf-8"))))
    head = zh_rows[0]
    i, j = head.index("注册地编码"), head.index("注册地名称")
    for r in zh_rows[1:]:
        assert resolve_region(r[j]) == normalize_region(r[i])


def test_names():
    assert region_name("440300") == "Shenzhen"
    assert region_name("440300", "zh") == "深圳市"
    assert resolve_region("Shenzhen") == resolve_region("深圳") == "440300"
    assert resolve_region("Shanghai") == "310000"
    with pytest.raises(UnknownCode, match="ambiguous"):
        resolve_region("Suzhou")  # 苏州 (Jiangsu) and 宿州 (Anhui)
