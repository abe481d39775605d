"""RCA and economic complexity against a case worked by hand, the Stata ecomplexity
package's own output, and an independent pandas implementation, on real warehouses."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from tests.analytics import hand
from tests.inprocess import run_cli
from tradestat.errors import GrainError, QueryError

MEASURES = ("rca", "mcp", "diversity", "ubiquity", "eci", "pci", "density", "coi", "cog")


@pytest.fixture(scope="module")
def hand_wh(tmp_path_factory):
    import tradestat

    root = tmp_path_factory.mktemp("hand")
    w = tradestat.connect(root / "w.duckdb")
    w.ingest(hand.write(root / "hand.csv"), "hand")
    w.ingest(hand.write(root / "ent.csv", enterprises=True), "ent")
    w.ingest(hand.write(root / "ent4.csv", enterprises=True, lonely=False), "ent4")
    yield w
    w.close()


def test_hand_worked_case(hand_wh):
    got = hand_wh.complexity("hand", "2020", "hs4", currency="USD")
    assert got.columns == ["year", "reporter", "product", "value", *MEASURES]
    rows = {(r["reporter"], r["product"]): r for r in got.rows()}
    want = hand.expected()
    assert set(rows) == set(want)
    for key, w in want.items():
        r = rows[key]
        assert r["year"] == "2020" and r["value"] == Decimal(w["value"])
        for m in MEASURES:
            assert r[m] == pytest.approx(w[m], abs=1e-12), (key, m)
    assert got.unit == "USD" and got.provenance["complexity"]["rca_threshold"] == 1.0
    assert got.provenance["query"]["by"] == ["year", "reporter", "hs4"]


def test_proximity_matrix(hand_wh):
    got = hand_wh.complexity("hand", "2020", "hs4", proximity=True, currency="USD")
    phi = {(r["product"], r["product_2"]): r["proximity"] for r in got.proximity.rows()}
    p1, p2, p3 = hand.PRODUCTS
    assert phi == {(p1, p1): 0, (p2, p2): 0, (p3, p3): 0, (p1, p2): 0.5, (p2, p1): 0.5,
                   (p1, p3): 0, (p3, p1): 0, (p2, p3): 0.5, (p3, p2): 0.5}  # fmt: skip


def test_threshold(hand_wh):
    got = hand_wh.complexity("hand", "2020", "hs4", rca_threshold=1.2, currency="USD").rows()
    # 12/11 = 1.09 is no longer an advantage; 9/7 = 1.29 still is
    assert {(r["reporter"], r["product"]) for r in got if r["mcp"]} == {
        ("AAA", "0101"),
        ("AAA", "0201"),
        ("BBB", "0201"),
        ("CCC", "0301"),
    }
    assert all(r["mcp"] == (r["rca"] > 1.2) for r in got)


def test_refusals(hand_wh, wh, tmp_path):
    with pytest.raises(QueryError, match="product_level"):
        hand_wh.complexity("hand", "2020", "hs3")
    with pytest.raises(QueryError, match="by"):
        hand_wh.complexity("hand", "2020", "hs4", by=["partner"])
    wh.ingest(Path(__file__).parents[1] / "fixtures" / "core" / "national.csv", "national")
    with pytest.raises(GrainError, match="reporter"):
        wh.complexity("national", "2023", "hs4")


def _public_cells(w, dataset):
    q = {"dataset": dataset, "period": "2020", "flow": "export",
         "by": ["year", "reporter", "hs4"], "currency": "USD"}  # fmt: skip
    return w.query(q, confidential=False).rows()


def test_disclosure_perturbs_the_input(hand_wh):
    """Without the confidential scope the measures are computed from the figures the
    caller could query: perturbed values."""
    exact = hand_wh.complexity("ent4", "2020", "hs4", currency="USD")
    assert [r["rca"] for r in exact.rows()] == pytest.approx(
        [hand.RCA[c][j] for c in hand.REPORTERS for j in range(3)], abs=1e-12
    )
    public = hand_wh.complexity("ent4", "2020", "hs4", currency="USD", confidential=False)
    cells = _public_cells(hand_wh, "ent4")
    assert not any(r["suppressed"] for r in cells)
    x = {(r["reporter"], r["hs4"]): float(r["value"]) for r in cells}
    total = sum(x.values())
    by_c = {c: sum(v for (cc, _), v in x.items() if cc == c) for c in hand.REPORTERS}
    by_p = {p: sum(v for (_, pp), v in x.items() if pp == p) for p in hand.PRODUCTS}
    rows = public.rows()
    assert [r["value"] for r in rows] == [r["value"] for r in cells]
    assert [r["value"] for r in rows] != [r["value"] for r in exact.rows()]
    for r in rows:
        c, p = r["reporter"], r["product"]
        assert r["rca"] == pytest.approx((x[(c, p)] / by_c[c]) / (by_p[p] / total), abs=1e-12)
    assert public.provenance["perturbed"]


def test_hidden_cells_count_as_no_exports(hand_wh):
    """A hidden cell is no exports; a reporter or product left with none drops out."""
    public = hand_wh.complexity("ent", "2020", "hs4", currency="USD", confidential=False)
    cells = _public_cells(hand_wh, "ent")
    hidden = {(r["reporter"], r["hs4"]) for r in cells if r["suppressed"]}
    assert ("AAA", "0101") in hidden  # fewer than 3 enterprises; the rest protect it
    x = {(r["reporter"], r["hs4"]): float(r["value"] or 0) for r in cells}
    kept_c = [c for c in hand.REPORTERS if sum(v for (cc, _), v in x.items() if cc == c) > 0]
    kept_p = [p for p in hand.PRODUCTS
              if sum(v for (cc, pp), v in x.items() if pp == p and cc in kept_c) > 0]  # fmt: skip
    rows = {(r["reporter"], r["product"]): r for r in public.rows()}
    assert set(rows) == {(c, p) for c in kept_c for p in kept_p}
    total = sum(x[(c, p)] for c in kept_c for p in kept_p)
    for (c, p), r in rows.items():
        xc = sum(x[(c, q)] for q in kept_p)
        xp = sum(x[(d, p)] for d in kept_c)
        assert r["rca"] == pytest.approx((x[(c, p)] / xc) / (xp / total), abs=1e-12)
        assert r["value"] is None if (c, p) in hidden else r["value"] is not None
    warnings = public.provenance["warnings"]
    assert any(f"{len(hidden)} input cell(s) hidden" in w for w in warnings)


def test_reporter_without_exports_is_left_out(tmp_path):
    """As in Stata: a reporter whose exports add up to zero is left out of the year
    (its RCA is undefined), and the rest are measured as if it were not there."""
    import tradestat

    path = hand.write(tmp_path / "h.csv")
    with path.open("a", encoding="utf-8") as f:
        f.write("2020,X,DDD,0101,,0.00,USD\n")
    with tradestat.connect(tmp_path / "w.duckdb") as w:
        w.ingest(path, "h0")
        got = w.complexity("h0", "2020", "hs4", currency="USD")
    assert {r["reporter"] for r in got.rows()} == set(hand.REPORTERS)
    want = hand.expected()
    for r in got.rows():
        assert r["eci"] == pytest.approx(want[(r["reporter"], r["product"])]["eci"], abs=1e-12)
    assert any("not positive: DDD" in w for w in got.provenance["warnings"])


def test_cli(tmp_path):
    import tradestat

    path = tmp_path / "cli.duckdb"
    with tradestat.connect(path) as w:
        w.ingest(hand.write(tmp_path / "hand.csv"), "hand")
    done = run_cli("complexity", "hand", "--period", "2020", "--product-level", "hs4",
                   "--rca-threshold", "1", "--currency", "usd", "--output", "json",
                   "--warehouse", path)  # fmt: skip
    assert done.returncode == 0, done.stderr
    rows = {(r["reporter"], r["product"]): r for r in json.loads(done.stdout)["rows"]}
    for key, w in hand.expected().items():
        for m in MEASURES:
            assert rows[key][m] == pytest.approx(w[m], abs=1e-12)
    csv_out = run_cli("complexity", "hand", "--period", "2020", "--output", "csv",
                      "--proximity", "--warehouse", path).stdout.splitlines()  # fmt: skip
    assert csv_out[0] == "year,product,product_2,proximity" and len(csv_out) == 1 + 9


# --- the py-ecomplexity sample: 10 economies x 30 HS92 headings, 1995-96 ---------------

MAPPING = """version: 1
columns: {period: year, reporter: origin, hs_code: hs92, value: export_val}
constants: {flow: X, currency: USD, hs_edition: HS1992}
"""
# Rows of the Stata package's own output on this sample (``stata_ground_truth.csv`` of
# cid-harvard/py-ecomplexity, commit 554cc5dc, MIT licence): year, origin, hs92, rca, M,
# density, eci, pci, diversity, ubiquity, coi, cog. Stata held export_val as a float,
# so its RCA differs from the exact one in the 7th digit.
STATA = [
    ("1995", "AUT", "1704", .5708342888507129, 0, .4624999999999999, 1.073207217992253,
     -1.470491886427003, 14, 6, -.9940121728867501, -.6248181469470029),
    ("1995", "BLX", "3917", .7493018493465641, 0, .442838370565046, -.3159764634559932,
     2.794806326517154, 16, 4, 1.073851078082253, .5761814670034898),
    ("1995", "CHE", "3922", 3.144188179903519, 1, .6421319796954312, 1.06773721349865,
     1.056227717927282, 16, 5, -1.489194423334662, 0),
    ("1995", "DEU", "8431", 1.251240761240518, 1, .5841121495327103, 1.200861157616729,
     2.140168306589086, 15, 5, -1.382249032555092, 0),
    ("1995", "DNK", "1704", 1.782909953293546, 1, .4124999999999999, -.9777046345252988,
     -1.470491886427003, 11, 6, 1.155769407885882, 0),
    ("1996", "SVN", "8431", .9317863284377825, 0, .3738441215323646, -.3350744051517764,
     3.036259496720703, 14, 4, .6747623149349733, .6108448157490568),
    ("1996", "SVN", "9403", 1.608575770599348, 1, .6257928118393233, -.3350744051517764,
     -2.840722696605477, 14, 4, .6747623149349733, 0),
]  # fmt: skip


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    from tests.conftest import SHARED

    source = SHARED / "raw" / "py-ecomplexity" / "trade_data_sample.csv"
    if not source.exists():
        pytest.skip("../shared/data/raw/py-ecomplexity is not available")
    import tradestat

    root = tmp_path_factory.mktemp("eco")
    (root / "eco.yaml").write_text(MAPPING, encoding="utf-8")
    w = tradestat.connect(root / "w.duckdb")
    report = w.ingest(source, "eco", "mapped", mapping=root / "eco.yaml", home_currency="USD")
    assert report.rows_accepted == 600 and report.rows_rejected == 0
    yield w, source
    w.close()


def test_sample_matches_stata(sample):
    w, _ = sample
    got = w.complexity("eco", "1995..1996", "hs4")
    rows = {(r["year"], r["reporter"], r["product"]): r for r in got.rows()}
    assert len(rows) == 600
    names = ("rca", "mcp", "density", "eci", "pci", "diversity", "ubiquity", "coi", "cog")
    for year, c, p, *values in STATA:
        for name, v in zip(names, values, strict=True):
            assert rows[(year, c, p)][name] == pytest.approx(v, rel=1e-6, abs=1e-9), (c, p, name)


def test_sample_matches_pandas(sample):
    import pandas as pd

    w, source = sample
    raw = pd.read_csv(source, dtype={"hs92": str})
    raw["origin"] = raw["origin"].str.upper()  # reporters are upper-cased on ingest
    want = pd.concat([_pandas_complexity(g) for _, g in raw.groupby("year")])
    got = w.complexity("eco", "1995..1996", "hs4").to_pandas()
    got["year"] = got["year"].astype(int)
    merged = want.merge(
        got,
        left_on=["year", "origin", "hs92"],
        right_on=["year", "reporter", "product"],
        suffixes=("_want", ""),
    )
    assert len(merged) == len(want) == len(got) == 600
    assert (merged["value"] - merged["export_val"]).abs().max() < 1e-6
    for m in MEASURES:
        diff = (merged[m] - merged[f"{m}_want"]).abs().max()
        assert diff < 1e-9, (m, diff)
    assert merged["mcp"].sum() > 100 and merged["eci"].std() > 0.5  # not degenerate


def _pandas_complexity(g):
    """The measures by another route: ECI from the country-space matrix's eigenvector,
    PCI derived from it (kp = U^-1 M' kc / lambda), sums written out per cell."""
    import numpy as np
    import pandas as pd

    x = g.pivot_table(index="origin", columns="hs92", values="export_val", aggfunc="sum",
                      fill_value=0.0)  # fmt: skip
    share_c = x.div(x.sum(axis=1), axis=0)
    share_w = x.sum(axis=0) / x.values.sum()
    rca = share_c.div(share_w, axis=1)
    m = (rca > 1).astype(float)
    div, ubi = m.sum(axis=1), m.sum(axis=0)
    mcc = m.div(div, axis=0).values @ m.div(ubi, axis=1).values.T
    vals, vecs = np.linalg.eig(mcc)
    k = np.argsort(-vals.real)[1]
    lam, kc = vals[k].real, vecs[:, k].real
    if np.corrcoef(kc, div.values)[0, 1] < 0:
        kc = -kc
    kp = (m.values.T @ kc) / ubi.values / lam
    n_p = x.shape[1]
    long_eci = pd.Series(np.repeat(kc, n_p))
    mean, sd = long_eci.mean(), long_eci.std()  # pandas: sample sd
    co = m.values.T @ m.values
    phi = co / np.maximum.outer(ubi.values, ubi.values)
    np.fill_diagonal(phi, 0)
    mm = m.values
    n_c = mm.shape[0]
    dens = np.array([[sum(mm[c, q] * phi[q, p] for q in range(n_p)) / phi[:, p].sum()
                      for p in range(n_p)] for c in range(n_c)])  # fmt: skip
    coi = np.array([sum(dens[c, p] * (1 - mm[c, p]) * kp[p] for p in range(n_p))
                    for c in range(n_c)])  # fmt: skip
    long_coi = pd.Series(np.repeat(coi, n_p))
    cog = np.array([[(1 - mm[c, p]) * sum((1 - mm[c, q]) * phi[q, p] * kp[q] / phi[q].sum()
                                          for q in range(n_p)) for p in range(n_p)]
                    for c in range(n_c)])  # fmt: skip
    out = []
    for i, c in enumerate(x.index):
        for j, p in enumerate(x.columns):
            out.append({
                "year": int(g["year"].iloc[0]), "origin": c, "hs92": p,
                "export_val": x.iloc[i, j], "rca": rca.iloc[i, j], "mcp": mm[i, j],
                "diversity": div.iloc[i], "ubiquity": ubi.iloc[j],
                "eci": (kc[i] - mean) / sd, "pci": (kp[j] - mean) / sd, "density": dens[i, j],
                "coi": (coi[i] - long_coi.mean()) / long_coi.std(), "cog": cog[i, j] / sd,
            })  # fmt: skip
    return pd.DataFrame(out)
