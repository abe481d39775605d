"""Product groups: packaged definitions, membership rules and validation of user files."""

from __future__ import annotations

import pytest

from tests.reference._raw import read_rows
from tradestat import reference
from tradestat.reference import (
    ReferenceError,
    UnknownCode,
    china_codes,
    hs_codes,
    product_group,
    product_group_ids,
    product_groups_for_codes,
)

REQUIRED = [
    "electromechanical",
    "high_tech",
    "labour_intensive",
    "new_three",
    "ships",
    "household_appliances",
]
CATEGORIES = [
    "textiles",
    "garments",
    "footwear",
    "luggage",
    "furniture",
    "toys",
    "plastic_products",
]
ROMAN = "I II III IV V VI VII VIII IX X XI XII XIII XIV XV XVI XVII XVIII XIX XX XXI".split()  # noqa: SIM905


def test_required_groups_and_sections_exist():
    ids = product_group_ids()
    assert set(REQUIRED) <= set(ids)
    assert {f"hs_section_{n:02d}" for n in range(1, 22)} <= set(ids)
    for gid in ids:
        g = product_group(gid)
        assert {"HS2017", "HS2022"} <= {e.edition for e in g.editions}, gid
        assert g.source and isinstance(g.official, bool)
    assert product_group("hs_section_16").official is True
    assert product_group("electromechanical").official is False


@pytest.mark.parametrize(
    ("edition", "folder"), [("HS2022", "hs-datasets"), ("HS2017", "hs-datasets/hs2017-edition")]
)
def test_section_groups_reproduce_the_source_sections(raw, edition, folder):
    rows = [
        r
        for r in read_rows(raw / folder / "harmonized-system.csv")
        if r["level"] == "6" and r["section"] in ROMAN
    ]
    got = product_groups_for_codes((r["hscode"], edition) for r in rows)
    sections = {}
    for gid, code, _ in got:
        if gid.startswith("hs_section_"):
            sections.setdefault(code, []).append(int(gid[-2:]))
    for r in rows:
        assert sections[r["hscode"]] == [ROMAN.index(r["section"]) + 1], r["hscode"]


def test_labour_intensive_is_the_union_of_its_seven_categories():
    for edition, codes in [
        ("HS2022", hs_codes("HS2022", 6) | set(china_codes(2023).column("code8").to_pylist())),
        ("HS2017", hs_codes("HS2017", 6) | set(china_codes(2020).column("code8").to_pylist())),
    ]:
        li = product_group("labour_intensive")
        cats = [product_group(c) for c in CATEGORIES]
        for code in codes:
            assert li.contains(code, edition) == any(c.contains(code, edition) for c in cats)


def test_eight_digit_prefixes_exist_in_china_codes():
    from tradestat.reference.china_codes import YEARS, china_edition

    for gid in product_group_ids():
        for spec in product_group(gid).editions:
            for p in (x for x in spec.include + spec.exclude if len(x) == 8):
                years = [y for y in YEARS if china_edition(y) == spec.edition]
                assert any(p in set(china_codes(y).column("code8").to_pylist()) for y in years)


def test_new_three_membership():
    g = product_group("new_three")
    assert g.contains("870380", "HS2022") and g.contains("87038000", "HS2022")
    assert g.contains("854143")  # None -> latest edition (HS2022)
    assert g.contains("85414020", "HS2017")
    assert not g.contains("854140", "HS2017")  # all photosensitive devices, LEDs included
    assert not g.contains("85414010", "HS2017")  # LEDs
    assert not g.contains("8703", "HS2022")  # shorter than the prefix: not entirely inside
    assert not g.contains("870380", "HS2012")  # no HS2012 definition


def test_exclusion_rule():
    g = product_group("household_appliances")
    assert g.contains("841510") and not g.contains("841520")
    assert not g.contains("8415")  # partly excluded, so not entirely inside
    assert product_group("electromechanical").contains("84")


def test_for_codes_output_on_every_china_code():
    got = product_groups_for_codes([("870380", "HS2022"), ("870380", None), ("0101", "HS2017")])
    assert ("new_three", "870380", "HS2022") in got
    assert ("new_three", "870380", None) in got
    assert ("hs_section_01", "0101", "HS2017") in got
    assert ("electromechanical", "870380", "HS2022") in got
    codes = [(c, "HS2022") for c in china_codes(2023).column("code8").to_pylist()]
    codes += [(c, "HS2017") for c in china_codes(2020).column("code8").to_pylist()]
    codes += [(c[:6], None) for c, _ in codes]
    reference.clear_caches()
    # ~26k codes (about 0.2 s on a quiet machine: timing belongs in benchmarks/, not here)
    rows = product_groups_for_codes(codes)
    assert len(rows) > len(codes) // 2


HEAD = """\
id: {id}
name_en: Test
name_zh: 测试
kind: custom
official: false
source: unit test
editions:
"""


@pytest.fixture
def user_dir(tmp_path, monkeypatch):
    (tmp_path / "product_groups").mkdir()
    monkeypatch.setenv("TRADESTAT_REFERENCE_PATH", str(tmp_path))
    reference.clear_caches()
    return tmp_path / "product_groups"


def _write(folder, gid, body, head=HEAD):
    (folder / f"{gid}.yaml").write_text(head.format(id=gid) + body, encoding="utf-8")


def test_user_group(user_dir):
    _write(user_dir, "my_chips", '  HS2022:\n    include: ["8542"]\n    exclude: ["854239"]\n')
    assert product_group("my_chips").contains("854231")
    assert not product_group("my_chips").contains("854239")
    assert ("my_chips", "854231", None) in product_groups_for_codes([("854231", None)])


@pytest.mark.parametrize(
    ("body", "match"),
    [
        ('  HS2022:\n    include: ["8888"]\n', "known-code"),
        ('  HS2022:\n    include: ["8803"]\n', "known-code"),  # deleted in HS2022
        ('  HS2022:\n    include: ["99999999"]\n', "known-code"),
        ('  HS2022:\n    include: ["84"]\n    exclude: ["8501"]\n', "exclude-within-include"),
        ('  HS2022:\n    include: ["841"]\n', "does not match"),
        ("  HS2022:\n    include: []\n", "should be non-empty"),
        ('  2022:\n    include: ["84"]\n', "does not match"),
    ],
)
def test_bad_product_group_files(user_dir, body, match):
    _write(user_dir, "bad", body)
    with pytest.raises(ReferenceError, match=match) as info:
        product_group_ids()
    assert "bad.yaml" in str(info.value)


def test_missing_official_flag(user_dir):
    _write(
        user_dir,
        "no_flag",
        '  HS2022:\n    include: ["84"]\n',
        head=HEAD.replace("official: false\n", ""),
    )
    with pytest.raises(ReferenceError, match="'official' is a required property"):
        product_group_ids()


def test_unknown_group():
    with pytest.raises(UnknownCode):
        product_group("nope")
