"""Partner groups with dated membership, checked against independent sources."""

from __future__ import annotations

from datetime import date

import pytest

from tests.reference._raw import read_rows
from tradestat.reference import (
    UnknownCode,
    partner_codes,
    partner_group,
    partner_group_ids,
    partner_group_members_on,
    partner_group_months,
)

CORE = [
    "eu",
    "asean",
    "rcep",
    "rcep_partners",
    "bri",
    "apec",
    "g20",
    "africa",
    "latin_america_caribbean",
    "asia",
    "europe",
]


def test_required_groups_exist_and_every_group_loads():
    ids = partner_group_ids()
    assert set(CORE) <= set(ids)
    for gid in ids:
        g = partner_group(gid)
        assert g.members and g.source and g.name_en
        assert {m.member for m in g.members} <= partner_codes()


def test_rcep_dates():
    on = partner_group_members_on("rcep", date(2022, 6, 1))
    assert "KOR" in on and "IDN" not in on and "PHL" not in on
    assert "KOR" not in partner_group_members_on("rcep", date(2022, 1, 31))
    assert "IDN" in partner_group_members_on("rcep", date(2023, 1, 2))
    assert "IDN" not in partner_group_members_on("rcep", date(2023, 1, 1))
    assert len(partner_group_members_on("rcep", date(2024, 1, 1))) == 15


def test_rcep_partners_is_rcep_without_china():
    for day in (date(2022, 1, 1), date(2022, 6, 1), date(2024, 1, 1)):
        assert partner_group_members_on("rcep_partners", day) == (
            partner_group_members_on("rcep", day) - {"CHN"}
        )


def test_eu_brexit_and_month_rule():
    assert "GBR" in partner_group_members_on("eu", date(2020, 1, 31))
    assert "GBR" not in partner_group_members_on("eu", date(2020, 2, 1))
    assert "GBR" not in partner_group_members_on("eu", date(2020, 3, 1))
    rows = partner_group_months(["eu"], [date(2020, 1, 1), date(2020, 2, 15)])
    gbr = [month for gid, member, month in rows if member == "GBR"]
    assert gbr == [date(2020, 1, 1)]  # in on 2020-01-31, out on 2020-02-29
    # Croatia joined 2013-07-01: in for July 2013, not for June 2013
    hrv = {
        m
        for g, mem, m in partner_group_months(["eu"], [date(2013, 6, 1), date(2013, 7, 1)])
        if mem == "HRV"
    }
    assert hrv == {date(2013, 7, 1)}


@pytest.mark.parametrize(
    ("column", "day"),
    [
        ("EU12", date(1990, 1, 1)),
        ("EU15", date(2000, 1, 1)),
        ("EU25", date(2005, 1, 1)),
        ("EU27_2007", date(2010, 1, 1)),
        ("EU28", date(2015, 1, 1)),
        ("EU27", date(2020, 3, 1)),
    ],
)
def test_eu_compositions_match_country_converter(raw, column, day):
    # country_converter (GPL) is read as an independent test input only, never bundled
    rows = read_rows(raw / "country-converter/country_data.tsv", delimiter="\t")
    expected = {r["ISO3"] for r in rows if r[column] == column}
    assert partner_group_members_on("eu", day) - {"XEC"} == expected


def test_apec_and_g20_match_country_converter(raw):
    rows = read_rows(raw / "country-converter/country_data.tsv", delimiter="\t")
    apec = {r["ISO3"] for r in rows if r["APEC"] == "APEC"}
    assert partner_group_members_on("apec", date(2024, 1, 1)) == apec
    g20_cc = {r["ISO3"] for r in rows if r["G20"] == "G20"}  # includes the EU's members
    eu28 = {r["ISO3"] for r in rows if r["EU28"] == "EU28"}
    ours = partner_group_members_on("g20", date(2024, 1, 1))
    assert len(ours) == 19
    assert ours <= g20_cc and g20_cc - ours <= eu28


def test_asean():
    assert len(partner_group_members_on("asean", date(2024, 1, 1))) == 10
    assert "KHM" not in partner_group_members_on("asean", date(1999, 4, 29))
    assert "KHM" in partner_group_members_on("asean", date(1999, 4, 30))
    assert "TLS" in partner_group_members_on("asean", date(2025, 11, 1))


def test_m49_groups_match_country_codes(raw):
    rows = read_rows(raw / "country-codes/country-codes.csv")
    day = date(2024, 1, 1)
    for gid, col, name in [
        ("africa", "Region Name", "Africa"),
        ("asia", "Region Name", "Asia"),
        ("latin_america_caribbean", "Sub-region Name", "Latin America and the Caribbean"),
        ("south_america", "Intermediate Region Name", "South America"),
    ]:
        expected = {r["ISO3166-1-Alpha-3"] for r in rows if r[col] == name}
        assert partner_group_members_on(gid, day) == expected
    lac = partner_group_members_on("latin_america_caribbean", day)
    assert {"BRA", "MEX"} <= lac and "USA" not in lac


def test_gac_continents_follow_gac_code_digits(raw):
    from tests.reference._raw import read_gac_list
    from tradestat.reference import resolve_partner

    zh = read_gac_list(raw / "gac-codes-chinautils/partners/zh-TradingPartner.csv")
    asia = partner_group_members_on("gac_asia", date(2024, 1, 1))
    assert {resolve_partner(c, "gac") for c in zh if c.startswith("1")} == asia


def test_bri():
    g = partner_group("bri")
    assert len({m.member for m in g.members}) == 151
    assert "ITA" in partner_group_members_on("bri", date(2020, 1, 1))
    assert "ITA" not in partner_group_members_on("bri", date(2024, 6, 1))
    assert "CHN" not in {m.member for m in g.members}
    assert "completeness" in g.note.lower()
    ita = next(m for m in g.members if m.member == "ITA")
    assert ita.valid_to == date(2024, 3, 23) and "renew" in ita.note  # per-member note kept


def test_unknown_group():
    with pytest.raises(UnknownCode, match="nope"):
        partner_group("nope")
