"""Price and volume indices and unit values on generated declarations, against a second
implementation in plain pandas written from the formulas (docs/reference.md)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

import tradestat

QUERY = {"dataset": "gen", "period": "2023", "flow": "export", "by": ["enterprise_type"]}


@pytest.fixture(scope="module")
def gen(tmp_path_factory):
    from tradestat.synth import generate

    folder = tmp_path_factory.mktemp("gen")
    generate(40_000, "2022..2023", 5, folder, chunk_rows=20_000, today=date(2026, 1, 31))
    w = tradestat.connect(tmp_path_factory.mktemp("gen-wh") / "w.duckdb")
    w.ingest(folder, "gen")
    facts = w.con.execute(
        "SELECT period, flow, hs_code, enterprise_type, value_cny, quantity, unit "
        "FROM facts_gen WHERE is_latest"
    ).df()
    yield w, facts
    w.close()


def _products(facts, by):
    """Per cell and product (flow, HS code, unit): value and quantity of each year."""
    f = facts[(facts.flow == "X") & facts.quantity.notna() & (facts.quantity != 0)]
    f = f[f.unit.notna()].copy()
    f["year"] = f.period.astype("datetime64[ns]").dt.year
    f["v"] = f.value_cny.astype(float)
    sums = f.groupby([*by, "flow", "hs_code", "unit", "year"])[["v", "quantity"]].sum()
    wide = sums.unstack("year")
    wide.columns = [f"{a}{b}" for a, b in wide.columns]
    return wide.reset_index()


def _pandas_indices(facts, by):
    w = _products(facts, by)
    m = w[(w.v2022 > 0) & (w.quantity2022 > 0) & (w.v2023 > 0) & (w.quantity2023 > 0)].copy()
    m["p0"], m["p1"] = m.v2022 / m.quantity2022, m.v2023 / m.quantity2023
    m["p1q0"], m["p0q1"] = m.p1 * m.quantity2022, m.p0 * m.quantity2023
    g = m.groupby(by)[["v2022", "v2023", "p1q0", "p0q1"]].sum()
    out = {}
    for cell, s in g.iterrows():
        lp, pp = s.p1q0 / s.v2022, s.v2023 / s.p0q1
        lq, pq = s.p0q1 / s.v2022, s.v2023 / s.p1q0
        out[cell] = {"fisher": (np.sqrt(lp * pp), np.sqrt(lq * pq)), "laspeyres": (lp, lq),
                     "paasche": (pp, pq), "value": s.v2023 / s.v2022}  # fmt: skip
    return out


@pytest.mark.parametrize("method", ["fisher", "laspeyres", "paasche"])
def test_indices_match_pandas(gen, method):
    w, facts = gen
    expected = _pandas_indices(facts, ["enterprise_type"])
    q = {**QUERY, "compare": ["price_index", "volume_index", "value_index"],
         "index_method": method}  # fmt: skip
    rows = w.query(q).rows()
    assert len(rows) >= 3
    for r in rows:
        e = expected[r["enterprise_type"]]
        assert r["price_index"] == pytest.approx(100 * e[method][0], rel=1e-9)
        assert r["volume_index"] == pytest.approx(100 * e[method][1], rel=1e-9)
        assert r["value_index"] == pytest.approx(100 * e["value"], rel=1e-9)
        if method == "fisher":
            assert r["price_index"] * r["volume_index"] / 100 == pytest.approx(
                r["value_index"], rel=1e-14
            )


def test_coverage_matches_pandas(gen):
    w, facts = gen
    res = w.query({"dataset": "gen", "period": "2023", "flow": "export",
                   "compare": ["price_index"]})  # fmt: skip
    x = facts[facts.flow == "X"].copy()
    x["year"] = x.period.astype("datetime64[ns]").dt.year
    total = x.value_cny.astype(float).sum()
    p = _products(facts, [])
    matched = p[(p.v2022 > 0) & (p.quantity2022 > 0) & (p.v2023 > 0) & (p.quantity2023 > 0)]
    share = (matched.v2022.sum() + matched.v2023.sum()) * 100 / total
    assert res.provenance["indices"]["coverage"]["matched_pct"] == pytest.approx(share, abs=1e-4)


def test_unit_values_match_pandas(gen):
    w, facts = gen
    q = {"dataset": "gen", "period": "2023", "flow": "export", "measure": "unit_value",
         "by": ["hs_code"], "compare": ["growth"]}  # fmt: skip
    rows = w.query(q).rows()
    p = _products(facts, [])
    single = p.groupby("hs_code").unit.nunique() == 1  # one unit per code in generated data
    checked = 0
    for r in rows:
        code = r["hs_code"]
        if not single.get(code, False):
            continue
        s = p[p.hs_code == code].iloc[0]
        if s.v2023 > 0 and s.quantity2023 > 0:
            assert r["value"] == pytest.approx(s.v2023 / s.quantity2023, rel=1e-9)
            assert r["unit"] == s.unit
            checked += 1
    assert checked > 50
