"""Partners: codes, names and resolution, checked against the raw source files."""

from __future__ import annotations

import pytest

from tests.reference._raw import read_gac_list, read_rows
from tradestat.reference import (
    UnknownCode,
    partner_codes,
    partner_name,
    resolve_partner,
    resolve_partners,
)


def test_gac_codes_named_in_the_brief(raw):
    zh = read_gac_list(raw / "gac-codes-chinautils/partners/zh-TradingPartner.csv")
    # the raw GAC list names them; the ISO codes are the known ISO codes of those places
    assert (zh["110"], resolve_partner("110", "gac")) == ("中国香港", "HKG")
    assert (zh["502"], resolve_partner("502", "gac")) == ("美国", "USA")
    assert (zh["142"], resolve_partner("142", "gac")) == ("中国", "CHN")
    assert (zh["133"], resolve_partner("133", "gac")) == ("韩国", "KOR")


def test_every_gac_code_resolves_and_its_name_agrees(raw):
    zh = read_gac_list(raw / "gac-codes-chinautils/partners/zh-TradingPartner.csv")
    en = read_gac_list(raw / "gac-codes-chinautils/partners/en-TradingPartner.csv")
    assert len(zh) == 243  # SOURCES.md: 243 rows
    by_code = resolve_partners(zh, "gac")
    assert None not in by_code.values()
    shared = {}
    for code, target in by_code.items():
        shared.setdefault(target, []).append(code)
    for code, target in by_code.items():
        if len(shared[target]) == 1:  # names of parts (e.g. Society Islands) are not partners
            assert resolve_partner(zh[code], "name") == target, (code, zh[code])
            if en[code].strip("\x00 "):  # GAC 349 has no English name (a NUL byte)
                assert resolve_partner(en[code], "name") == target, (code, en[code])


def test_comtrade_codes(raw):
    rows = read_rows(raw / "baci-codes/country_codes_V202301.csv")
    names = {r["country_code"]: r["country_name_abbreviation"] for r in rows}
    assert (names["842"], resolve_partner("842", "un")) == ("USA", "USA")
    assert (names["699"], resolve_partner("699", "un")) == ("India", "IND")
    # Comtrade reports Taiwan as "Other Asia, nes" (490)
    assert (names["490"], resolve_partner("490", "un")) == ("Other Asia, nes", "TWN")
    for r in rows:
        if len(r["iso_3digit_alpha"]) == 3 and r["country_code"] not in ("490", "697", "849"):
            assert resolve_partner(r["country_code"], "un") == r["iso_3digit_alpha"]


def test_every_iso_country_resolves_by_its_codes(raw):
    rows = read_rows(raw / "country-codes/country-codes.csv")
    assert len(rows) == 249
    for r in rows:
        iso3 = r["ISO3166-1-Alpha-3"]
        assert iso3 in partner_codes()
        assert resolve_partner(r["ISO3166-1-Alpha-2"], "iso2") == iso3
        assert resolve_partner(r["ISO3166-1-numeric"], "isonum") == iso3


def test_gac_query_export_names_match_their_codes(raw):
    path = raw / "gac-codes-chinautils/query-samples/english-full.csv"
    import csv
    import io

    text = path.read_bytes().decode("gb18030")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows
    for r in rows:
        by_name = resolve_partner(r["Trading partner"])
        assert by_name == resolve_partner(r["Trading partner code"], "gac"), r["Trading partner"]


def test_online_retail_countries_all_resolve(raw):
    import csv

    countries: set[str] = set()
    for path in sorted((raw / "online-retail/by-day").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            countries |= {row["Country"] for row in csv.DictReader(fh)}
    assert len(countries) == 38  # SOURCES.md: customers in 38 countries
    resolved = resolve_partners(countries)
    assert [c for c, code in resolved.items() if code is None] == []
    # hand-checked meanings of the messy ones
    assert resolved["EIRE"] == "IRL"
    assert resolved["RSA"] == "ZAF"
    assert resolved["USA"] == "USA"
    assert resolved["Unspecified"] == "XUN"
    assert resolved["European Community"] == "XEC"
    assert resolved["Channel Islands"] == "XCH"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("EIRE", "IRL"),
        ("RSA", "ZAF"),
        ("USA", "USA"),
        ("Hong Kong，China", "HKG"),  # full-width comma, as GAC exports it
        ("Republic of Korea", "KOR"),
        ("Korea, Rep.", "KOR"),
        ("Rep. of Korea", "KOR"),
        ("Other Asia, nes", "TWN"),
        ("中国香港", "HKG"),
        ("美国", "USA"),
        ("  united kingdom ", "GBR"),
        ("Côte d'Ivoire", "CIV"),
        ("gbr", "GBR"),
        ("de", "DEU"),
    ],
)
def test_tolerant_names(text, expected):
    assert resolve_partner(text) == expected


def test_unknown_and_ambiguous_inputs_are_reported_not_guessed():
    with pytest.raises(UnknownCode, match="Narnia"):
        resolve_partner("Narnia")
    with pytest.raises(UnknownCode):
        resolve_partner("Korea")  # North or South: not guessed
    with pytest.raises(UnknownCode, match="disagree"):
        resolve_partner("344")  # GAC 344 is Russia, Comtrade 344 is Hong Kong
    assert resolve_partner("344", "gac") == "RUS"
    assert resolve_partner("344", "un") == "HKG"
    with pytest.raises(UnknownCode, match="scheme"):
        resolve_partner("USA", "iso9")
    assert resolve_partners(["USA", "Narnia", "USA"]) == {"USA": "USA", "Narnia": None}


def test_names(raw):
    zh = read_gac_list(raw / "gac-codes-chinautils/partners/zh-TradingPartner.csv")
    assert partner_name("HKG", "zh") == zh["110"]
    assert partner_name("USA") == "United States"
    assert partner_name("XUN", "zh") == zh["701"]
    with pytest.raises(UnknownCode):
        partner_name("USA", "fr")
    with pytest.raises(UnknownCode):
        partner_name("QQQ")


def test_special_codes_are_user_assigned_and_documented():
    from tradestat.reference.partners import partner

    specials = [c for c in partner_codes() if partner(c).kind == "special"]
    assert specials and all(c.startswith("X") for c in specials)
    assert all(partner(c).note for c in specials)
