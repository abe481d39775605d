"""Trade modes, enterprise types."""

from __future__ import annotations

import csv
import io

import pytest

from tests.reference._raw import read_gac_list
from tradestat.reference import (
    UnknownCode,
    enterprise_type_ids,
    resolve_enterprise_type,
    stat_code_of,
    stat_trade_mode_codes,
    trade_mode,
    trade_mode_codes,
    trade_mode_groups,
    trade_mode_name,
)


def test_statistical_modes_equal_the_gac_list(raw):
    zh = read_gac_list(raw / "gac-codes-chinautils/regimes/zh-CustomsRegime.csv")
    en = read_gac_list(raw / "gac-codes-chinautils/regimes/en-CustomsRegime.csv")
    assert len(zh) == 20
    assert stat_trade_mode_codes() == set(zh)
    for code in zh:
        assert trade_mode_name(code, "zh") == zh[code]
        assert trade_mode_name(code, "en") == en[code]


def test_query_sample_modes(raw):
    path = raw / "gac-codes-chinautils/query-samples/chinese-full.csv"
    rows = list(csv.reader(io.StringIO(path.read_text("utf-8"))))
    i, j = rows[0].index("贸易方式编码"), rows[0].index("贸易方式名称")
    assert rows[1:]
    for r in rows[1:]:
        assert trade_mode_name(r[i], "zh") == r[j]


def test_required_modes_and_groups():
    for code in (
        "0110",
        "0214",
        "0615",
        "0654",
        "0715",
        "1233",
        "1234",
        "5034",
        "4561",
        "9610",
        "1210",
        "1239",
        "9710",
        "9810",
        "1039",
    ):
        assert code in trade_mode_codes()
        assert trade_mode_name(code) and trade_mode_name(code, "zh")
    groups = trade_mode_groups()
    assert groups["cbec"] == {"9610", "1210", "1239", "9710", "9810"}
    assert groups["cbec_b2b_export"] == {"9710", "9810"}
    assert groups["general"] == {"0110"}
    assert {"0214", "0615", "0715"} <= groups["processing"]
    assert {"1233", "1234", "5034"} <= groups["bonded"]
    for codes in groups.values():
        assert codes <= trade_mode_codes()
    assert {"0110", "9610", "9710", "9810", "1210"} <= groups["stat_10"]


def test_four_to_two_digit_rule():
    # GAC convention: the last two digits of a supervision mode are its statistical code
    assert stat_code_of("0110") == "10"
    assert stat_code_of("0715") == "15"
    assert stat_code_of("1239") == "39"
    assert stat_code_of("4561") is None  # returned goods: "61" is no statistical code
    for code in trade_mode_codes():
        stat = stat_code_of(code)
        assert (stat == code[2:]) if stat else code[2:] not in stat_trade_mode_codes()
    assert trade_mode("9710").introduced == "2020-07-01"
    with pytest.raises(UnknownCode):
        trade_mode_name("1234567")


def test_enterprise_types():
    assert enterprise_type_ids() == ("state_owned", "foreign_invested", "private", "other")
    cases = {
        "国有企业": "state_owned",
        "外商投资企业": "foreign_invested",
        "中外合资企业": "foreign_invested",
        "民营企业": "private",
        "私营企业": "private",
        "其他": "other",
        "Private enterprises": "private",
        "State-owned Enterprises ": "state_owned",
        "foreign_invested": "foreign_invested",
    }
    for text, expected in cases.items():
        assert resolve_enterprise_type(text) == expected
    with pytest.raises(UnknownCode):
        resolve_enterprise_type("国营农场")
