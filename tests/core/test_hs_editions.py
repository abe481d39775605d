"""HS editions: rows recorded in HS2017 read in HS2022 (and any edition), checked on real
codes of the UN tables against a conversion written out here in plain pandas.

The fixture (tests/fixtures/core/editions.csv) has HS2017 rows in 2021 and HS2022 rows in
2022. Real codes: 010121 (horses, 1:1), 620111 + 620191 -> 620120 (men's overcoats of
wool, merged in HS2022), 080290 -> 080291 / 080292 / 080299 (other nuts, split in HS2022),
854140 -> 854142 / 854143 (photosensitive semiconductors, split).
"""

from __future__ import annotations

import functools
import math
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

import tradestat
from tradestat.errors import QueryError, TradestatError
from tradestat.query.tradequery import TradeQuery

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "core" / "editions.csv"
REF = Path(tradestat.__file__).parent / "reference" / "data"
EDITIONS = ("HS1992", "HS1996", "HS2002", "HS2007", "HS2012", "HS2017", "HS2022")


@pytest.fixture(scope="module")
def ed_wh(tmp_path_factory):
    w = tradestat.connect(tmp_path_factory.mktemp("editions") / "w.duckdb")
    w.ingest(FIX, "ed")
    yield w
    w.close()


def facts() -> pd.DataFrame:
    df = pd.read_csv(FIX, dtype=str)
    df["value"] = df["value"].map(Decimal)
    df["hs6"] = df["hs_code"].where(df["hs_code"].str.len() >= 6).str[:6]
    df["year"] = df["period"].str[:4].astype(int)
    return df


@functools.cache
def un_table() -> pd.DataFrame:
    return pd.read_csv(REF / "hs_correspondence.csv.gz", dtype=str)


def targets_into_hs2022(source: str) -> dict[str, list[str]]:
    """{code of ``source``: its HS2022 codes}, from the UN HS2022-``source`` table."""
    t = un_table()
    t = t[(t.from_edition == "HS2022") & (t.to_edition == source)]
    return {k: sorted(set(g.from_code)) for k, g in t.groupby("to_code")}


def convert_to_hs2022(df: pd.DataFrame, year: int) -> dict[str, Decimal]:
    """HS2017 rows moved to HS2022: split codes by the 2022 (nearest HS2022 year) shares
    of their targets per flow, equal shares when none has value; cents telescoped as the
    documented rule says (each part rounded at both ends)."""
    targets = targets_into_hs2022("HS2017")
    new = df[(df.hs_edition == "HS2022") & (df.year == 2022)]
    shares = new.groupby(["flow", "hs6"])["value"].sum().to_dict()
    out: dict[str, Decimal] = {}
    for _, r in df[(df.hs_edition == "HS2017") & (df.year == year)].iterrows():
        codes = targets.get(r.hs6) if isinstance(r.hs6, str) else None
        if not codes:
            key = r.hs6 if isinstance(r.hs6, str) else None
            out[key] = out.get(key, Decimal(0)) + r.value
            continue
        vals = [max(float(shares.get((r.flow, c), 0)), 0.0) for c in codes]
        total = sum(vals)
        parts = [
            (c, v / total if total else 1 / len(codes)) for c, v in zip(codes, vals, strict=True)
        ]
        parts = [p for p in parts if p[1] > 0]
        acc = 0.0
        for i, (code, w) in enumerate(parts):
            lo, acc = acc, acc + w
            hi = 1.0 if i == len(parts) - 1 else acc
            part = _cents(float(r.value) * hi) - _cents(float(r.value) * lo)
            out[code] = out.get(code, Decimal(0)) + part
    return out


def _cents(x: float) -> Decimal:
    return Decimal(str(round(x, 2)))


def cells(w, q: dict, dim: str) -> dict:
    return {r[dim]: r["value"] for r in w.query(q).rows()}


def test_relationships_in_the_un_table_are_those_of_the_examples():
    t = un_table()
    pair = t[(t.from_edition == "HS2022") & (t.to_edition == "HS2017")]
    rel = {
        (a, b): r for a, b, r in zip(pair.from_code, pair.to_code, pair.relationship, strict=True)
    }
    assert rel[("010121", "010121")] == "1:1"
    # one HS2022 code for two HS2017 codes: "1:n" seen from HS2022, a merge into HS2022
    assert rel[("620120", "620111")] == rel[("620120", "620191")] == "1:n"
    assert {a for (a, b) in rel if b == "080290"} == {"080291", "080292", "080299"}


def test_hs2017_rows_read_in_hs2022_match_the_pandas_conversion(ed_wh):
    got = cells(ed_wh, {"dataset": "ed", "period": "2021", "by": ["hs6"],
                        "hs_edition": "HS2022"}, "hs6")  # fmt: skip
    df = facts()
    expected = convert_to_hs2022(df, 2021)
    assert got == expected
    assert got["010121"] == Decimal("1000.00")  # 1:1, whole
    assert got["620120"] == Decimal("650.00")  # n:1: 400 + 250
    # 1:n: exports 900 by the 2022 shares 300 / 100 / 600, imports 333.33 in thirds
    assert got["080291"] == Decimal("270.00") + Decimal("111.11")
    assert got["080299"] == Decimal("540.00") + Decimal("111.11")
    assert got[None] == Decimal("50.00")  # a 4-digit code stays as it is
    assert sum(got.values()) == df[df.year == 2021].value.sum()  # totals exactly


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_conversion_preserves_totals_exactly(ed_wh, edition):
    df = facts()
    for dim in ("hs6", "hs2", "end_use", "sitc_division"):
        for year in (2021, 2022):
            for flow, code in (("export", "X"), ("import", "M")):
                q = {"dataset": "ed", "period": str(year), "by": [dim], "hs_edition": edition,
                     "flow": flow}  # fmt: skip
                total = df[(df.year == year) & (df.flow == code)].value.sum()
                assert sum(cells(ed_wh, q, dim).values()) == total, (dim, year, flow)


def test_a_series_across_the_edition_change_is_read_in_the_latest_edition(ed_wh):
    q = {"dataset": "ed", "period": "2022-03..2022-10", "by": ["hs6"], "compare": ["growth"]}
    r = ed_wh.query(q)
    rows = {x["hs6"]: x for x in r.rows()}
    assert rows["620120"]["base_value"] == Decimal("650.00")
    assert rows["620120"]["growth_pct"] == pytest.approx((700 / 650 - 1) * 100)
    prov = r.provenance["hs_edition"]
    assert prov["edition"] == "HS2022" and prov["converted"] == ["HS2017"]
    assert "chosen" in prov and "nearest year" in prov["method"]
    # the share of value split: 080290 (900 + 333.33) and 854140 (1200) of 2021's rows,
    # both periods read together
    df = facts()
    read = df[df.period.between("2021-03", "2022-10")]
    split = Decimal("900.00") + Decimal("333.33") + Decimal("1200.00")
    assert prov["split_share_pct"] == pytest.approx(float(100 * split / read.value.sum()), 1e-4)
    conv = read[read.hs_edition == "HS2017"].value.sum()
    assert prov["converted_share_pct"] == pytest.approx(float(100 * conv / read.value.sum()), 1e-4)
    # as recorded: HS2017 codes in the base period, nothing converted
    rec = {x["hs6"]: x for x in ed_wh.query({**q, "hs_edition": "recorded"}).rows()}
    assert rec["620120"]["base_value"] == 0 and rec["620111"]["base_value"] == 400
    assert "converted" not in ed_wh.query({**q, "hs_edition": "recorded"}).provenance["hs_edition"]


def test_a_total_is_not_converted_and_its_sql_runs_as_shown(ed_wh):
    plain = ed_wh.query({"dataset": "ed", "period": "2021", "hs_edition": "HS2012"})
    assert "converted" not in plain.provenance["hs_edition"]
    q = {"dataset": "ed", "period": "2021", "by": ["hs6"], "hs_edition": "HS2012"}
    sql = ed_wh.explain(q)
    assert "tradestat_rows_" not in sql  # the conversion table is written in as VALUES
    ran = sorted(ed_wh.con.execute(sql).fetchall(), key=str)
    assert ran == sorted((tuple(r.values()) for r in ed_wh.query(q).rows()), key=str)


def test_two_editions_other_than_hs2022_go_through_hs2022(ed_wh):
    got = cells(ed_wh, {"dataset": "ed", "period": "2021", "by": ["hs6"],
                        "hs_edition": "HS2012"}, "hs6")  # fmt: skip
    assert got["010121"] == Decimal("1000.00")
    # 620111 and 620191 -> 620120 (HS2022) -> 620111 and 620191 (HS2012), by no HS2012 data:
    # equal shares of the merged 650
    assert got["620111"] == got["620191"] == Decimal("325.00")
    prov = ed_wh.query({"dataset": "ed", "period": "2021", "by": ["hs6"],
                        "hs_edition": "HS2012"}).provenance["hs_edition"]  # fmt: skip
    assert "through HS2022" in prov["method"]


def test_product_groups_apply_to_data_in_other_editions(wh, tmp_path):
    # garments are defined for HS2017 and HS2022: HS2012 rows are read in HS2022
    path = tmp_path / "old.csv"
    path.write_text(
        "period,flow,hs_code,hs_edition,value\n2016-01,X,620111,HS2012,100.00\n"
        "2016-01,X,010121,HS2012,30.00\n2023-01,X,620120,HS2022,50.00\n",
        encoding="utf-8",
    )
    wh.ingest(path, "old")
    q = {"dataset": "old", "period": "2016-01", "where": {"product_group": ["garments"]}}
    r = wh.query(q)
    assert r.rows()[0]["value"] == Decimal("100.00")
    assert r.provenance["hs_edition"]["edition"] == "HS2022"
    with pytest.raises(QueryError, match="defined for HS2017, HS2022"):
        wh.query({**q, "hs_edition": "HS1996"})


def test_row_counts_are_not_split(ed_wh):
    with pytest.raises(TradestatError, match="counts rows"):
        ed_wh.query({"dataset": "ed", "period": "2021", "by": ["hs6"], "measure": "records",
                     "hs_edition": "HS2022"})  # fmt: skip
    with pytest.raises(QueryError, match="counts rows"):
        ed_wh.query({"dataset": "ed", "period": "2021", "by": ["end_use"], "measure": "records"})
    n = ed_wh.query({"dataset": "ed", "period": "2021", "by": ["hs6"], "measure": "enterprises",
                     "hs_edition": "HS2022"}).rows()  # fmt: skip
    assert {r["hs6"]: r["value"] for r in n}["080291"] == 2  # E4 (exports) and E5 (imports)


def test_unknown_edition_is_refused_with_the_field():
    with pytest.raises(QueryError, match="hs_edition"):
        TradeQuery.from_dict({"dataset": "d", "period": "2023", "hs_edition": "HS2020"})


def test_shared_scans_leave_converted_and_classified_queries_to_their_own_plans(ed_wh):
    base = {"dataset": "ed", "period": "2022-03..2022-10", "compare": ["growth"]}
    converted = {**base, "where": {"hs6": ["620120"]}}
    classified = {**base, "where": {"end_use": ["capital"]}}
    plain = [{**base, "flow": "export"}, {**base, "flow": "import"}]
    engine = ed_wh.new_engine()
    queries = [TradeQuery.from_dict(q) for q in (converted, classified, *plain)]
    shared = engine.run_shared(queries)
    assert set(shared) == set(queries[2:])
    assert ed_wh.query(converted).rows()[0]["base_value"] == Decimal("650.00")


def test_price_and_volume_indices_across_the_edition_change(tmp_path):
    """Exports 2021-03..10 (HS2017) against 2022-03..10 (HS2022), by hand: converted to
    HS2022, every product is matched — 620111 + 620191 (650 for 65 pieces) merge into
    620120 (700 for 70), 080290 (900 for 90 kg) splits by 2022's shares 3:1:6 into
    080291/2/9 at the same unit value 10 — and only 8703 changes price (50 -> 60).
    Laspeyres = sum p1 q0 / sum p0 q0 = 3310 / 3300, Paasche = 3660 / 3650. Read as
    recorded, the recoded products leave and enter: 1760 / 1750 on the three kept."""
    with tradestat.connect(tmp_path / "w.duckdb") as w:
        w.ingest(FIX, "ed")
        q = {"dataset": "ed", "period": "2022-03..2022-10", "flow": "export",
             "compare": ["price_index", "volume_index"]}  # fmt: skip
        got = {m: w.query({**q, "index_method": m}) for m in ("laspeyres", "paasche", "fisher")}
        recorded = w.query({**q, "index_method": "laspeyres", "hs_edition": "recorded"})
    lasp, paas = 3310 / 3300, 3660 / 3650
    assert got["laspeyres"].rows()[0]["price_index"] == pytest.approx(100 * lasp)
    assert got["paasche"].rows()[0]["price_index"] == pytest.approx(100 * paas)
    fisher = got["fisher"].rows()[0]
    assert fisher["price_index"] == pytest.approx(100 * math.sqrt(lasp * paas))
    assert fisher["price_index"] * fisher["volume_index"] / 100 == pytest.approx(100 * 3660 / 3300)
    info = got["fisher"].provenance["indices"]
    assert info["coverage"]["matched_pct"] == 100.0
    assert info["hs_edition"]["edition"] == "HS2022"
    assert info["hs_edition"]["converted"] == ["HS2017"]
    assert recorded.rows()[0]["price_index"] == pytest.approx(100 * 1760 / 1750)
    assert recorded.provenance["indices"]["coverage"]["leaving"]["products"] == 3
