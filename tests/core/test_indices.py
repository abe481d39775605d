"""Unit values, price and volume indices and growth decomposed, on a fixture small
enough to compute by hand: the formulas are written out here, not taken from the
engine."""

from __future__ import annotations

import math

import pytest

import tradestat

HEADER = (
    "record_id,period,flow,hs_code,hs_edition,partner,region,enterprise_type,"
    "enterprise_id,trade_mode,zone,value,currency,quantity,unit,is_return,vintage\n"
)
# 2022 (base) and 2023 (current) exports. Products A, B, C in both years; D (unit) and F
# (kg, under HS 87 with B in units) enter in 2023; N states no quantity. N's 2022 row is
# revised from 100 to 80.
ROWS = [
    ("a0", "2022-03", "85076000", "E1", "1000.00", "100", "kg"),
    ("b0", "2022-03", "87038000", "E2", "2000.00", "10", "unit"),
    ("c0", "2022-03", "61091000", "E3", "500.00", "250", "piece"),
    ("n0", "2022-03", "85414200", "E4", "100.00", "", ""),
    ("a1", "2023-03", "85076000", "E1", "1320.00", "120", "kg"),
    ("b1", "2023-03", "87038000", "E2", "1900.00", "10", "unit"),
    ("c1", "2023-03", "61091000", "E3", "450.00", "300", "piece"),
    ("d1", "2023-03", "84181020", "E4", "300.00", "3", "unit"),
    ("f1", "2023-03", "87032300", "E5", "200.00", "50", "kg"),
    ("n1", "2023-03", "85414200", "E4", "130.00", "", ""),
]
REVISION = [("n0", "2022-03", "85414200", "E4", "80.00", "", "")]


def _csv(path, rows, vintage):
    lines = [
        f"{rid},{period},X,{hs},HS2022,USA,440300,private,{ent},0110,,{value},CNY,"
        f"{q},{unit},false,{vintage}\n"
        for rid, period, hs, ent, value, q, unit in rows
    ]
    path.write_text(HEADER + "".join(lines), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def w(tmp_path_factory):
    root = tmp_path_factory.mktemp("indices")
    wh = tradestat.connect(root / "w.duckdb")
    wh.ingest(_csv(root / "first.csv", ROWS, "2024-01-12"), "hand")
    wh.ingest(_csv(root / "revision.csv", REVISION, "2024-06-30"), "hand")
    yield wh
    wh.close()


EXPORTS = {"dataset": "hand", "period": "2023-03", "flow": "export"}  # on 2022-03
# by hand: p0 = 10, 200, 2 and p1 = 11, 190, 1.5 for A, B, C; q0 = 100, 10, 250, q1 = 120, 10, 300
SUM_P0Q0 = 1000 + 2000 + 500
SUM_P1Q1 = 1320 + 1900 + 450
SUM_P1Q0 = 11 * 100 + 190 * 10 + 1.5 * 250
SUM_P0Q1 = 10 * 120 + 200 * 10 + 2 * 300
LASPEYRES_P, PAASCHE_P = SUM_P1Q0 / SUM_P0Q0, SUM_P1Q1 / SUM_P0Q1
LASPEYRES_Q, PAASCHE_Q = SUM_P0Q1 / SUM_P0Q0, SUM_P1Q1 / SUM_P1Q0
FISHER_P = math.sqrt(LASPEYRES_P * PAASCHE_P)
FISHER_Q = math.sqrt(LASPEYRES_Q * PAASCHE_Q)
VALUE = SUM_P1Q1 / SUM_P0Q0
BASE_TOTAL, CUR_TOTAL = 3500 + 80, 3670 + 300 + 200 + 130  # latest basis: N revised to 80


@pytest.mark.parametrize(
    "method, price, volume",
    [("fisher", FISHER_P, FISHER_Q), ("laspeyres", LASPEYRES_P, LASPEYRES_Q),
     ("paasche", PAASCHE_P, PAASCHE_Q)],
)  # fmt: skip
def test_indices_by_hand(w, method, price, volume):
    q = {**EXPORTS, "compare": ["price_index", "volume_index", "value_index"],
         "index_method": method}  # fmt: skip
    (row,) = w.query(q).rows()
    assert row["price_index"] == pytest.approx(100 * price, rel=1e-12)
    assert row["volume_index"] == pytest.approx(100 * volume, rel=1e-12)
    assert row["value_index"] == pytest.approx(100 * VALUE, rel=1e-12)
    assert row["value"] == CUR_TOTAL and row["base_value"] == BASE_TOTAL


def test_fisher_identity_exact(w):
    (row,) = w.query({**EXPORTS, "compare": ["price_index", "volume_index", "value_index"]}).rows()
    # value index = price index x volume index (index points: / 100), to the last bit
    assert row["price_index"] * row["volume_index"] / 100 == pytest.approx(
        row["value_index"], rel=1e-15, abs=0
    )


def test_coverage_and_rule_in_provenance(w):
    res = w.query({**EXPORTS, "compare": ["price_index"]})
    cov = res.provenance["indices"]["coverage"]
    assert cov["matched_pct"] == round((3500 + 3670) * 100 / (BASE_TOTAL + CUR_TOTAL), 4)
    assert cov["base_pct"] == round(3500 * 100 / BASE_TOTAL, 4)
    assert cov["current_pct"] == round(3670 * 100 / CUR_TOTAL, 4)
    assert cov["entering"] == {"products": 2, "value_pct": round(500 * 100 / CUR_TOTAL, 4)}
    assert cov["leaving"]["products"] == 0
    assert cov["without_quantity_pct"] == round(210 * 100 / (BASE_TOTAL + CUR_TOTAL), 4)
    assert "entering or leaving" in res.provenance["indices"]["rule"]
    assert res.provenance["indices"]["basis"] == "latest"
    assert not any("indices" in x for x in res.provenance["warnings"])  # 91 % covered
    uv = w.query({**EXPORTS, "measure": "unit_value", "by": ["hs2"]})
    assert f"{130 * 100 / CUR_TOTAL:.1f}% of the value states no quantity" in (  # 2023 only
        " ".join(uv.provenance["warnings"])
    )


def test_effects_add_up(w):
    (row,) = w.query({**EXPORTS, "compare": ["effects"]}).rows()
    growth = (CUR_TOTAL - BASE_TOTAL) * 100 / BASE_TOTAL
    assert row["growth_pct"] == pytest.approx(growth, rel=1e-12)
    assert row["price_pp"] == pytest.approx((FISHER_P - 1) * (1 + FISHER_Q) / 2 * 100)
    assert row["volume_pp"] == pytest.approx((FISHER_Q - 1) * (1 + FISHER_P) / 2 * 100)
    assert row["price_pp"] + row["volume_pp"] == pytest.approx((VALUE - 1) * 100, rel=1e-12)
    total = row["price_pp"] + row["volume_pp"] + row["residual_pp"]
    assert total == pytest.approx(growth, rel=1e-12)
    assert row["fx_pp"] == 0.0  # a CNY figure has no exchange-rate effect
    first = (CUR_TOTAL - (BASE_TOTAL + 20)) * 100 / (BASE_TOTAL + 20)  # N first published 100
    assert row["revision_pp"] == pytest.approx(growth - first, rel=1e-12)


def test_fx_effect_of_usd_figure(w):
    (row,) = w.query({**EXPORTS, "currency": "USD", "compare": ["effects"]}).rows()
    usd = w.query({**EXPORTS, "currency": "USD", "compare": ["growth"]}).rows()[0]
    cny = w.query({**EXPORTS, "compare": ["growth"]}).rows()[0]
    assert row["fx_pp"] == pytest.approx(usd["growth_pct"] - cny["growth_pct"], rel=1e-12)
    assert row["fx_pp"] != 0


def test_unit_values_by_hand(w):
    q = {**EXPORTS, "measure": "unit_value", "by": ["hs_code"], "compare": ["growth"]}
    res = w.query(q)
    got = {r["hs_code"]: r for r in res.rows()}
    assert (got["85076000"]["unit"], got["85076000"]["value"]) == ("kg", 1320 / 120)
    assert got["85076000"]["base_value"] == 10.0
    assert got["85076000"]["growth_pct"] == pytest.approx(10.0)
    assert got["61091000"]["growth_pct"] == pytest.approx((1.5 - 2) * 100 / 2)
    assert got["84181020"]["base_value"] is None and got["84181020"]["value"] == 100.0
    assert got["85414200"]["value"] is None  # no quantity stated
    assert res.provenance["unit"] == "CNY/unit"


def test_unit_values_mixed_units(w):
    q = {**EXPORTS, "measure": "unit_value", "by": ["hs2"], "compare": ["growth"]}
    res = w.query(q)
    got = {r["hs2"]: r for r in res.rows()}
    assert got["87"]["value"] is None  # B in units, F in kg
    assert got["87"]["base_value"] == 200.0
    assert got["87"]["growth_pct"] is None
    assert res.provenance["indices"]["unit_values"]["cells_with_mixed_units"] == 1


def test_chained_monthly(tmp_path):
    """By month: each month on the previous one, the month before the period = 100."""
    rows = []
    prices = {"2022-12": (10, 5), "2023-01": (11, 5), "2023-02": (11, 4)}
    quantities = {"2022-12": (10, 20), "2023-01": (12, 20), "2023-02": (12, 30)}
    for month in prices:
        for i, hs in enumerate(("85076000", "61091000")):
            p, qty = prices[month][i], quantities[month][i]
            rows.append((f"{hs}{month}", month, hs, f"E{i}", f"{p * qty:.2f}", str(qty), "kg"))
    with tradestat.connect(tmp_path / "w.duckdb") as wh:
        wh.ingest(_csv(tmp_path / "m.csv", rows, "2024-01-12"), "m")
        q = {"dataset": "m", "period": "2023-01..2023-02", "flow": "export", "by": ["month"],
             "compare": ["price_index", "volume_index"]}  # fmt: skip
        res = wh.query(q)
        got = {r["month"]: r for r in res.rows()}

    def fisher(m0, m1):
        (a0, b0), (a1, b1) = prices[m0], prices[m1]
        (x0, y0), (x1, y1) = quantities[m0], quantities[m1]
        lp = (a1 * x0 + b1 * y0) / (a0 * x0 + b0 * y0)
        pp = (a1 * x1 + b1 * y1) / (a0 * x1 + b0 * y1)
        lq = (a0 * x1 + b0 * y1) / (a0 * x0 + b0 * y0)
        pq = (a1 * x1 + b1 * y1) / (a1 * x0 + b1 * y0)
        return math.sqrt(lp * pp), math.sqrt(lq * pq)

    p1, q1 = fisher("2022-12", "2023-01")
    p2, q2 = fisher("2023-01", "2023-02")
    assert got["2023-01"]["price_index"] == pytest.approx(100 * p1, rel=1e-12)
    assert got["2023-02"]["price_index"] == pytest.approx(100 * p1 * p2, rel=1e-12)
    assert got["2023-02"]["volume_index"] == pytest.approx(100 * q1 * q2, rel=1e-12)
    assert res.provenance["indices"]["chain"]["reference"] == "2022-12 = 100"


def test_refusals(w):
    from tradestat.errors import QueryError

    with pytest.raises(QueryError, match="index_method"):
        w.query({**EXPORTS, "compare": ["price_index"], "index_method": "tornqvist"})
    with pytest.raises(QueryError, match="per HS code"):
        w.query({**EXPORTS, "measure": "unit_value"})
    with pytest.raises(QueryError, match="do not add up"):
        w.query({**EXPORTS, "measure": "unit_value", "by": ["hs4"], "compare": ["share"]})
    with pytest.raises(QueryError, match="measure 'value'"):
        w.query({**EXPORTS, "measure": "quantity", "compare": ["price_index"]})


def test_read_keys_hide_cells_and_perturb(w):
    """Without the confidential scope: a cell the value query hides (here every product
    is one enterprise's) has no unit value, index or effect; the total's indices come
    from perturbed values and quantities."""
    by_code = {**EXPORTS, "by": ["hs_code"], "compare": ["price_index", "effects"]}
    hidden = w.query(by_code, confidential=False)
    rows = hidden.rows()
    assert rows and all(r["suppressed"] for r in rows)
    # nor does the coverage stated count a hidden cell's products
    cov = hidden.provenance["indices"]["coverage"]
    assert cov["matched_pct"] is None and cov["entering"]["products"] == 0
    assert any("no indices" in x for x in hidden.provenance["warnings"])
    for col in ("value", "price_index", "volume_pp", "price_pp", "fx_pp", "revision_pp"):
        assert all(r[col] is None for r in rows)
    uv = {**EXPORTS, "measure": "unit_value", "by": ["hs_code"]}
    assert all(r["value"] is None for r in w.query(uv, confidential=False).rows())

    q = {**EXPORTS, "compare": ["price_index", "value_index", "effects"]}
    (exact,) = w.query(q).rows()
    res = w.query(q, confidential=False)
    (row,) = res.rows()
    assert res.provenance["perturbed"] and not row["suppressed"]
    # the same perturbed cell as the plain value query
    (plain,) = w.query({**EXPORTS, "compare": ["growth"]}, confidential=False).rows()
    assert (row["value"], row["growth_pct"]) == (plain["value"], plain["growth_pct"])
    # each product is one enterprise's, moved by one factor: its price relative is kept
    # and the index is a perturbed weighting of the exact relatives 1.1, 0.95 and 0.75;
    # only if the three enterprises' keys pick one p-table row (1 in 1,024 seeds) is the
    # weighting the exact one
    from tradestat.engine.noise import PTABLE_ROWS, ptable_row

    keys = w.con.execute("SELECT DISTINCT enterprise_id, record_key FROM facts_hand "
                         "WHERE enterprise_id IN ('E1', 'E2', 'E3')").fetchall()  # fmt: skip
    one_factor = len({ptable_row(k, PTABLE_ROWS) for _, k in keys}) == 1
    assert (row["price_index"] == exact["price_index"]) is one_factor
    assert 75 < row["price_index"] < 110
    assert (row["value_index"] == exact["value_index"]) is one_factor
    total = row["price_pp"] + row["volume_pp"] + row["residual_pp"]
    assert total == pytest.approx(row["growth_pct"], rel=1e-12)


def test_read_keys_hidden_month_breaks_the_chain(tmp_path):
    """By month for a read key: a month the value query hides (one enterprise in 2023-02,
    and the one secondary suppression picks to protect it) has no index, and the months
    after it are not chained through it."""
    rows = []
    months = (("2022-12", 3), ("2023-01", 3), ("2023-02", 1), ("2023-03", 3), ("2023-04", 3))
    for n, (month, firms) in enumerate(months):
        for i in range(firms):
            for hs, p in (("85076000", 20 + i - n), ("61091000", 9 - n)):
                rows.append((f"{hs}{month}{i}", month, hs, f"E{i}", f"{p * 10:.2f}", "10", "kg"))
    with tradestat.connect(tmp_path / "w.duckdb") as wh:
        wh.ingest(_csv(tmp_path / "m.csv", rows, "2024-01-12"), "m")
        q = {"dataset": "m", "period": "2023-01..2023-04", "flow": "export", "by": ["month"],
             "compare": ["price_index"]}  # fmt: skip
        exact = wh.query(q).rows()
        got = wh.query(q, confidential=False).rows()
        reference = {"dataset": "m", "period": "2022-12", "flow": "export", "by": ["month"]}
        broken = wh.query(reference, confidential=False).rows()[0]["suppressed"]
    assert all(r["price_index"] is not None for r in exact)
    assert any(r["suppressed"] for r in got) and got[0]["price_index"] is not None
    for r in got:  # an index only while no month so far (the reference too) is hidden
        broken = broken or r["suppressed"]
        assert (r["price_index"] is None) == broken, r


def test_index_method_is_part_of_the_query_shape(w):
    """Plans are cached by shape: queries differing only in index_method never share one,
    and repeated shapes (bound from a template) give the formulas' figures."""
    from tradestat.engine import shapes
    from tradestat.query.tradequery import TradeQuery

    keys = set()
    for method in ("fisher", "laspeyres", "paasche"):
        q = TradeQuery.from_dict({**EXPORTS, "compare": ["price_index"], "index_method": method})
        keys.add(shapes.shape_key("result", w.engine.resolved(q), True))
    assert len(keys) == 3
    # every row is USA's: queries of one shape, the last bound from its template
    hits = w.engine.shape_stats["hits"]
    for partners in (["USA", "DEU"], ["USA", "KOR"], ["USA", "GBR"]):
        q = {**EXPORTS, "where": {"partner": partners}, "compare": ["price_index"],
             "index_method": "paasche"}  # fmt: skip
        assert w.query(q).rows()[0]["price_index"] == pytest.approx(100 * PAASCHE_P, rel=1e-12)
    assert w.engine.shape_stats["hits"] > hits


def test_read_keys_complement_of_a_filter_is_protected(tmp_path):
    """Indices of "everything but partner DEU" beside those of everything would tell
    DEU's one enterprise: the cell is hidden, as its value is (the complement rule)."""
    rows = []
    for year, price in (("2022-06", 10), ("2023-06", 12)):
        for i in range(4):
            rows.append((f"u{i}{year}", year, "85076000", f"E{i}", f"{price * 10:.2f}", "10", "kg"))
        rows.append((f"d{year}", year, "85076000", "E9", f"{price * 30:.2f}", "25", "kg"))
    path = _csv(tmp_path / "c.csv", rows, "2024-01-12")
    text = path.read_text(encoding="utf-8")  # E9 trades with DEU, the others with USA
    path.write_text(text.replace("USA,440300,private,E9", "DEU,440300,private,E9"), "utf-8")
    with tradestat.connect(tmp_path / "w.duckdb") as wh:
        wh.ingest(path, "c")
        q = {"dataset": "c", "period": "2023-06", "flow": "export",
             "compare": ["price_index", "effects"]}  # fmt: skip
        (whole,) = wh.query(q, confidential=False).rows()
        (rest,) = wh.query({**q, "exclude": {"partner": ["DEU"]}}, confidential=False).rows()
    assert not whole["suppressed"] and whole["price_index"] is not None
    assert rest["suppressed"] and rest["price_index"] is None and rest["price_pp"] is None
    assert "complement" in rest["suppression"]


def test_shared_scans_leave_indices_to_their_own_run(w):
    """A bulletin's queries without a breakdown share one scan; those with unit values,
    indices or effects are answered from their detail instead."""
    from tradestat.query.tradequery import TradeQuery

    qs = [TradeQuery.from_dict({**EXPORTS, "compare": c})
          for c in (["growth"], ["growth", "price_index"], ["effects"])]  # fmt: skip
    qs.append(TradeQuery.from_dict({**EXPORTS, "flow": "import", "compare": ["growth"]}))
    shared = w.engine.run_shared(qs)
    assert qs[1] not in shared and qs[2] not in shared
    assert qs[0] in shared and qs[3] in shared  # the others still share theirs
    assert w.query(qs[1]).rows()[0]["price_index"] == pytest.approx(100 * FISHER_P, rel=1e-12)
