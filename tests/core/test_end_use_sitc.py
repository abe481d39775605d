"""End use (BEC Rev.4) and SITC Rev.4 against plain pandas joins of the fixture with the UN
tables, and under disclosure control."""

from __future__ import annotations

import csv
import functools
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

import tradestat
from tests.core.attacks import perturbed, seed_of
from tests.core.test_hs_editions import FIX, REF, convert_to_hs2022, facts


@pytest.fixture(scope="module")
def ed_wh(tmp_path_factory):
    w = tradestat.connect(tmp_path_factory.mktemp("classes") / "w.duckdb")
    w.ingest(FIX, "ed")
    yield w
    w.close()


@functools.cache
def class_shares(dim: str, edition: str) -> dict[str, list[tuple[str | None, float]]]:
    """{6-digit code: [(class, share)]}: each UN row (BEC category, SITC code) an equal
    share of the code, BEC categories mapped to end uses by bec4.csv."""
    t = pd.read_csv(REF / "hs_classes.csv.gz", dtype=str)
    kind = "BEC4" if dim == "end_use" else "SITC4"
    t = t[(t.classification == kind) & (t.hs_edition == edition)]
    if dim == "end_use":
        uses = pd.read_csv(REF / "bec4.csv", dtype=str).set_index("code")["end_use"]
        t = t.assign(cls=t.class_code.map(uses).fillna("other"))
    else:
        t = t.assign(cls=t.class_code.str[: 1 if dim == "sitc_section" else 2])
    out = {}
    for code, g in t.groupby("hs_code"):
        counts = g.cls.value_counts()
        out[code] = sorted((c, n / len(g)) for c, n in counts.items())
    return out


def expected(values: dict[str | None, Decimal], dim: str, edition: str) -> dict:
    """Value per class of {6-digit code: value}; unlisted codes: other (BEC) or None."""
    shares = class_shares(dim, edition)
    out: dict = {}
    for code, v in values.items():
        default = [("other" if dim == "end_use" else None, 1.0)]
        parts = shares.get(code, default) if code else [(None, 1.0)]
        acc = 0.0
        for i, (cls, w) in enumerate(parts):
            lo, acc = acc, acc + w
            hi = 1.0 if i == len(parts) - 1 else acc
            part = Decimal(str(round(float(v) * hi, 2))) - Decimal(str(round(float(v) * lo, 2)))
            out[cls] = out.get(cls, Decimal(0)) + part
    return out


def rows_of(df, year, flow):
    return df[(df.year == year) & (df.flow == flow)]


@pytest.mark.parametrize("dim", ["end_use", "sitc_section", "sitc_division"])
def test_classes_of_hs2022_rows_match_pandas(ed_wh, dim):
    df = facts()
    for flow, code in (("export", "X"), ("import", "M")):
        rows = rows_of(df, 2022, code)
        want: dict = {}
        for row in rows.itertuples():  # each row split on its own, as the engine does
            code = row.hs6 if isinstance(row.hs6, str) else None
            for cls, x in expected({code: row.value}, dim, "HS2022").items():
                want[cls] = want.get(cls, Decimal(0)) + x
        q = {"dataset": "ed", "period": "2022", "by": [dim], "flow": flow}
        got = {r[dim]: r["value"] for r in ed_wh.query(q).rows()}
        assert got == want


def test_end_use_of_hs2017_rows_uses_the_hs2017_table(ed_wh):
    df = facts()
    rows = rows_of(df, 2021, "X")
    want: dict = {}
    for row in rows.itertuples():
        code = row.hs6 if isinstance(row.hs6, str) else None
        for cls, x in expected({code: row.value}, "end_use", "HS2017").items():
            want[cls] = want.get(cls, Decimal(0)) + x
    q = {"dataset": "ed", "period": "2021", "by": ["end_use"], "flow": "export"}
    r = ed_wh.query(q)
    assert {x["end_use"]: x["value"] for x in r.rows()} == want
    assert r.provenance["hs_edition"]["edition"] == "HS2017"  # only HS2017 is recorded
    # 841810 (fridge-freezers) is consumption (BEC 61) in the HS2017 table, half capital
    # (41) and half consumption in the HS2022 one
    assert class_shares("end_use", "HS2017")["841810"] == [("consumption", 1.0)]
    assert class_shares("end_use", "HS2022")["841810"] == [("capital", 0.5), ("consumption", 0.5)]


def test_end_use_of_converted_rows_is_the_conversion_then_the_join(ed_wh):
    df = facts()
    converted = {}
    for flow in ("X", "M"):
        for code, v in convert_to_hs2022(df[df.flow == flow], 2021).items():
            for cls, x in expected({code: v}, "end_use", "HS2022").items():
                converted[cls] = converted.get(cls, Decimal(0)) + x
    q = {"dataset": "ed", "period": "2021", "by": ["end_use"], "hs_edition": "HS2022"}
    assert {r["end_use"]: r["value"] for r in ed_wh.query(q).rows()} == converted


def test_filters_on_end_use_take_the_parts(ed_wh):
    q = {"dataset": "ed", "period": "2022", "by": ["end_use"]}
    cells = {r["end_use"]: r["value"] for r in ed_wh.query(q).rows()}
    only = ed_wh.query({**q, "by": [], "where": {"end_use": ["capital"]}}).scalar()
    assert only == cells["capital"]
    rest = ed_wh.query({**q, "by": [], "exclude": {"end_use": ["capital"]}}).scalar()
    assert rest == sum(v for k, v in cells.items() if k != "capital")
    both = ed_wh.query({**q, "where": {"end_use": ["capital", "consumption"]}}).rows()
    assert {r["end_use"] for r in both} == {"capital", "consumption"}


def test_labels_in_english_and_chinese(ed_wh):
    q = {"dataset": "ed", "period": "2022", "by": ["sitc_section"], "flow": "export"}
    names = ed_wh.query(q).with_labels("zh").rows()
    assert {r["sitc_section"]: r["sitc_section_name"] for r in names}["7"] == "机械及运输设备"
    eu = ed_wh.query({**q, "by": ["end_use"]}).with_labels("en").rows()
    assert {r["end_use"]: r["end_use_name"] for r in eu}["capital"] == "Capital goods"


# enterprise -> (HS2022 code, value) in 2023-03: 841810 is half capital, half consumption
DECLARED = {
    "A": ("841810", 200), "B": ("841810", 400), "C": ("610910", 90), "D": ("610910", 110),
    "E": ("610910", 70), "F": ("850760", 300), "G": ("850760", 320), "H": ("850760", 310),
}  # fmt: skip


def test_end_use_under_disclosure_control(wh, tmp_path):
    path = tmp_path / "ent.csv"
    with open(path, "w", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["period", "flow", "hs_code", "hs_edition", "enterprise_id", "value"])
        for ent, (code, v) in DECLARED.items():
            out.writerow(["2023-03", "X", code, "HS2022", ent, v])
    wh.ingest(path, "ent")
    q = {"dataset": "ent", "period": "2023-03", "by": ["end_use"]}
    rows = {r["end_use"]: r for r in wh.query(q, confidential=False).rows()}
    # capital: A and B only (halves of 841810): fewer than 3 enterprises, hidden
    assert rows["capital"]["value"] is None and rows["capital"]["suppressed"]
    # consumption (the other halves of A and B, C, D and E) is the smallest other cell:
    # hidden too, or the total would give capital away
    assert rows["consumption"]["suppressed"]
    assert rows["consumption"]["suppression"].startswith("secondary")
    parts = {"F": 300, "G": 320, "H": 310}  # batteries 850760, BEC 53
    assert rows["intermediate"]["value"] == perturbed(seed_of(wh, "ent"), parts)
    exact = {r["end_use"]: r["value"] for r in wh.query(q).rows()}
    assert exact["consumption"] == Decimal("570.00")
    assert exact["intermediate"] == Decimal("930.00") != rows["intermediate"]["value"]
    assert Path(path).exists()
