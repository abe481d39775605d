"""Every HS edition's UN correlation table, HS -> BEC and HS -> SITC against the raw files,
and the conversion paths built on them."""

from __future__ import annotations

import csv
from collections import Counter

import pytest

from tradestat.reference import (
    ALL_EDITIONS,
    END_USES,
    bec_end_use,
    hs_classes,
    hs_correspondence,
    hs_path,
    hs_targets,
    sitc_sections,
)

EARLIER = ("HS2017", "HS2012", "HS2007", "HS2002", "HS1996", "HS1992")


def _sheet(raw, file, sheet, skip):
    import openpyxl

    wb = openpyxl.load_workbook(raw / "hs-concordance" / file, read_only=True)
    return [r for r in list(wb[sheet].iter_rows(values_only=True))[skip:] if r[0] is not None]


@pytest.mark.parametrize("edition", EARLIER)
def test_each_correlation_table_is_packaged_as_published(raw, edition):
    rows = _sheet(raw, f"HS2022to{edition}ConversionAndCorrelationTables.xlsx",
                  f"HS2022-{edition} Correlations", 2)  # fmt: skip
    ours = hs_correspondence("HS2022", edition)
    theirs = [(str(a), str(b), str(c).strip()) for a, b, c in (r[:3] for r in rows)]
    assert sorted(ours) == sorted(theirs)
    assert set(Counter(r[2] for r in ours)) == {"1:1", "n:1", "1:n", "n:n"}


def test_targets_follow_the_table_and_go_through_hs2022():
    pairs = hs_correspondence("HS2022", "HS2012")
    up = hs_targets("HS2012", "HS2022")
    for a, b, _ in pairs[:500]:
        assert a in up[b]
    assert hs_path("HS2017", "HS2012") == ("HS2017", "HS2022", "HS2012")
    via = hs_targets("HS2017", "HS2012")
    down = hs_targets("HS2022", "HS2012")
    for code, hubs in list(hs_targets("HS2017", "HS2022").items())[:500]:
        assert set(via[code]) == {t for h in hubs for t in down.get(h, ())}
    assert set(ALL_EDITIONS) == {"HS2022", *EARLIER}


@pytest.mark.parametrize("edition", ["HS2022", "HS2017"])
def test_bec_tables_are_packaged_as_published(raw, edition):
    path = raw / "hs-concordance" / f"{edition} to BEC Conversion and Correlation Tables.csv"
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = [r for r in list(csv.reader(fh))[1:] if r[0].strip()]
    ours = hs_classes("BEC4", edition)
    assert sum(len(v) for v in ours.values()) == len(rows)
    for code, bec, _ in rows:
        assert bec.strip() in ours[code]


def test_every_bec_category_has_an_end_use(raw):
    import openpyxl

    wb = openpyxl.load_workbook(raw / "hs-concordance" / "BEC4_DESC.xlsx", read_only=True)
    leaves = {str(r[1]) for r in list(wb.worksheets[0].iter_rows(values_only=True))[1:] if r[5]}
    uses = bec_end_use()
    assert leaves <= set(uses) and set(uses.values()) <= set(END_USES)
    assert uses["41"] == "capital" and uses["22"] == "intermediate" and uses["61"] == "consumption"
    assert uses["51"] == uses["321"] == uses["7"] == "other"  # BEC leaves these unclassified


def test_sitc_table_and_sections(raw):
    rows = _sheet(raw, "HS2022toSITC4ConversionAndCorrelationTables.xlsx",
                  "Correlation HS22-SITC4", 2)  # fmt: skip
    ours = hs_classes("SITC4", "HS2022")
    assert sum(len(v) for v in ours.values()) == len(rows)
    assert {s[0] for v in ours.values() for s in v} == set(sitc_sections())
