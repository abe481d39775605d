"""Mirror statistics: a hand-worked pair of datasets, China-reported vs partner-reported
Comtrade figures (comtrade-cipf), disclosure control on each side, CLI and REST."""

from __future__ import annotations

import csv
import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from tests.inprocess import run_cli
from tradestat.errors import GrainError, QueryError


def _csv(path: Path, header: list[str], rows: list[list]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(header)
        out.writerows(rows)
    return path


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    """CHN's own figures (a default reporter) and three partners' reports."""
    import tradestat

    root = tmp_path_factory.mktemp("mirror")
    own = _csv(root / "own.csv", ["period", "flow", "partner", "enterprise_id", "value"], [
        ["2023", "X", "USA", "a", "60.00"], ["2023", "X", "USA", "b", "40.00"],
        ["2023", "X", "DEU", "c", "50.00"], ["2023", "X", "FRA", "d", "10.00"],
        ["2023", "M", "USA", "e", "80.00"],
    ])  # fmt: skip
    theirs = _csv(root / "theirs.csv", ["period", "flow", "reporter", "partner", "value"], [
        ["2023", "M", "USA", "CHN", "120.00"], ["2023", "M", "DEU", "CHN", "45.00"],
        ["2023", "M", "JPN", "CHN", "30.00"], ["2023", "M", "USA", "KOR", "999.00"],
        ["2023", "X", "USA", "CHN", "70.00"], ["2023", "M", "CHN", "USA", "555.00"],
    ])  # fmt: skip
    w = tradestat.connect(root / "w.duckdb")
    w.ingest(own, "own", reporter="CHN", currency="USD", home_currency="USD")
    w.ingest(theirs, "theirs", currency="USD", home_currency="USD")
    yield w, root
    w.close()


def test_hand_worked_exports(pair):
    w, _ = pair
    got = w.mirror("own", "theirs", "2023", "CHN", "export", cif_fob_margin=0.2)
    rows = {r["partner"]: r for r in got.rows()}
    assert set(rows) == {"USA", "DEU", "FRA", "JPN"}  # KOR's and CHN's own rows do not count
    usa, deu = rows["USA"], rows["DEU"]
    assert (usa["reported"], usa["mirror"], usa["gap"]) == (100, 120, 20)
    assert usa["ratio"] == pytest.approx(1.2)
    assert (deu["reported"], deu["mirror"], deu["gap"]) == (50, 45, -5)
    # CIF imports of 120 at a 20 % margin are 100 FOB: no gap left
    assert (usa["mirror_adjusted"], usa["gap_adjusted"]) == (Decimal("100.00"), 0)
    assert (deu["mirror_adjusted"], deu["gap_adjusted"]) == (Decimal("37.50"), Decimal("-12.50"))
    assert rows["FRA"]["mirror"] is None and rows["FRA"]["gap"] is None
    assert rows["JPN"]["reported"] is None and rows["JPN"]["mirror"] == 30
    both = w.mirror("own", "theirs", "2023", both=True)
    assert [r["partner"] for r in both.rows()] == ["DEU", "USA"]
    assert got.unit == "USD" and got.provenance["mirror"]["cif_fob_margin"] == 0.2


def test_hand_worked_imports(pair):
    w, _ = pair
    got = w.mirror("own", "theirs", "2023", flow="import", cif_fob_margin=0.1).rows()
    # CHN's CIF imports of 80 from the USA; the USA's FOB exports of 70 are 77 CIF
    want = {"partner": "USA", "reported": 80, "mirror": 70, "gap": -10,
            "ratio": pytest.approx(0.875), "mirror_adjusted": Decimal("77.00"),
            "gap_adjusted": Decimal("-3.00"), "ratio_adjusted": pytest.approx(0.9625)}  # fmt: skip
    assert got == [want]


def test_refusals(pair):
    w, _ = pair
    with pytest.raises(QueryError, match="flow"):
        w.mirror("own", "theirs", "2023", flow="total")
    with pytest.raises(QueryError, match="cif_fob_margin"):
        w.mirror("own", "theirs", "2023", cif_fob_margin=1.5)
    with pytest.raises(QueryError, match="by"):
        w.mirror("own", "theirs", "2023", by=["province"])
    _, root = pair
    if "plain" not in {d.name for d in w.datasets()}:
        w.ingest(root / "own.csv", "plain", currency="USD")  # no reporter at all
    with pytest.raises(GrainError, match="reporter"):
        w.mirror("plain", "theirs", "2023")


def test_disclosure_on_each_side(pair):
    """Without the confidential scope a cell of fewer than 3 enterprises is hidden on
    the reporter's side: no gap can be taken from it."""
    w, _ = pair
    got = {r["partner"]: r for r in w.mirror("own", "theirs", "2023", confidential=False).rows()}
    assert all(got[p]["reported"] is None and got[p]["gap"] is None for p in ("USA", "DEU"))
    assert got["JPN"]["mirror"] == 30  # the partners' dataset has no enterprises


def test_cli(pair, tmp_path):
    import tradestat

    _, root = pair
    path = tmp_path / "cli.duckdb"
    with tradestat.connect(path) as w:
        w.ingest(root / "own.csv", "own", reporter="CHN", currency="USD", home_currency="USD")
        w.ingest(root / "theirs.csv", "theirs", currency="USD", home_currency="USD")
    done = run_cli("mirror", "own", "theirs", "--period", "2023", "--cif-fob-margin", "0.2",
                   "--both", "--output", "json", "--warehouse", path)  # fmt: skip
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)["rows"]
    assert [(r["partner"], r["gap"], r["gap_adjusted"]) for r in rows] == [
        ("DEU", -5.0, -12.5), ("USA", 20.0, 0.0)]  # fmt: skip


def test_rest(pair, tmp_path):
    import tradestat
    from tests.web.conftest import make_client
    from tradestat.web import create_app
    from tradestat.web.keys import KeyStore, default_keys_path

    _, root = pair
    path = tmp_path / "web.duckdb"
    with tradestat.connect(path) as w:
        w.ingest(root / "own.csv", "own", reporter="CHN", currency="USD", home_currency="USD")
        w.ingest(root / "theirs.csv", "theirs", currency="USD", home_currency="USD")
        w.update_dataset("own", published=True)
        w.update_dataset("theirs", published=True)
    store = KeyStore(default_keys_path(path))
    full = store.create(["read:*", "confidential:own"], "analyst")[1]
    one = store.create(["read:own"], "own only")[1]
    client = make_client(create_app(path))
    body = {"reported": "own", "partner_reported": "theirs", "period": "2023", "both": True}
    with client:
        r = client.post("/api/v1/mirror", json=body, headers={"Authorization": f"Bearer {full}"})
        assert r.status_code == 200, r.text
        assert [(x["partner"], x["gap"]) for x in r.json()["rows"]] == [("DEU", -5), ("USA", 20)]
        r = client.post("/api/v1/mirror", json=body, headers={"Authorization": f"Bearer {one}"})
        assert r.status_code == 403  # no read scope on the partners' dataset


# --- China-reported vs partner-reported Comtrade figures (comtrade-cipf) ---------------

REVERSE = """version: 1
columns: {period: refYear, flow: flowCode, reporter: reporterDesc, partner: partnerDesc,
          value: partner_sum}
constants: {currency: USD}
resolve: {reporter: name, partner: name}
"""
PLP = """version: 1
columns: {period: refYear, partner: partnerDesc}
constants: {currency: USD}
resolve: {partner: name}
wide: {field: flow, columns: {X: "Exportações", M: "Importações"}}
"""
LUSOPHONE = {"Angola": "AGO", "Brazil": "BRA", "Cabo Verde": "CPV", "Guinea-Bissau": "GNB",
             "Mozambique": "MOZ", "Portugal": "PRT", "Sao Tome and Principe": "STP",
             "Timor-Leste": "TLS", "Equatorial Guinea": "GNQ"}  # fmt: skip


@pytest.fixture(scope="module")
def cipf(tmp_path_factory):
    from tests.conftest import SHARED

    raw = SHARED / "raw" / "comtrade-cipf"
    if not raw.is_dir():
        pytest.skip("../shared/data/raw/comtrade-cipf is not available")
    import tradestat

    root = tmp_path_factory.mktemp("cipf")
    (root / "reverse.yaml").write_text(REVERSE, encoding="utf-8")
    (root / "plp.yaml").write_text(PLP, encoding="utf-8")
    w = tradestat.connect(root / "w.duckdb")
    for name, file in (("partners_m", "China_2.1.1_top_export_partners_reverse.xlsx"),
                       ("partners_x", "China_3.1.1_top_import_partners.xlsx")):  # fmt: skip
        report = w.ingest(raw / file, name, "mapped", mapping=root / "reverse.yaml",
                          home_currency="USD")  # fmt: skip
        assert report.rows_rejected == 0 and report.rows_accepted > 1700
    report = w.ingest(raw / "cn_plp_trocas_2003-2024.xlsx", "cn_plp", "mapped",
                      mapping=root / "plp.yaml", home_currency="USD", reporter="CHN")  # fmt: skip
    assert report.reject_reasons == {"value: missing": report.rows_rejected}  # blank cells
    yield w, raw
    w.close()


def _cents(v: float) -> Decimal:
    return Decimal(repr(float(v))).quantize(Decimal("0.01"), ROUND_HALF_UP)


@pytest.mark.parametrize("flow", ["export", "import"])
def test_china_vs_partners_on_comtrade(cipf, flow):
    """China's exports to (imports from) the Portuguese-speaking countries as China
    reported them, against those countries' imports from (exports to) China."""
    import pandas as pd

    w, raw = cipf
    own = pd.read_excel(raw / "cn_plp_trocas_2003-2024.xlsx")
    column = "Exportações" if flow == "export" else "Importações"
    file = ("China_2.1.1_top_export_partners_reverse.xlsx" if flow == "export"
            else "China_3.1.1_top_import_partners.xlsx")  # fmt: skip
    theirs = pd.read_excel(raw / file)
    theirs = theirs[theirs.partnerDesc == "China"]
    want = {}
    for _, r in own[own.refYear.between(2014, 2024) & own[column].notna()].iterrows():
        hit = theirs[(theirs.refYear == r.refYear) & (theirs.reporterDesc == r.partnerDesc)]
        if len(hit):
            want[(str(r.refYear), LUSOPHONE[r.partnerDesc])] = (
                _cents(r[column]),
                _cents(hit.partner_sum.iloc[0]),
            )
    got = w.mirror("cn_plp", f"partners_{'m' if flow == 'export' else 'x'}", "2014..2024",
                   flow=flow, by=["year"], partners=sorted(set(LUSOPHONE.values())),
                   both=True).rows()  # fmt: skip
    assert len(want) > 60
    assert {(r["year"], r["partner"]): (r["reported"], r["mirror"]) for r in got} == want
    for r in got:
        assert r["gap"] == r["mirror"] - r["reported"]
        assert r["ratio"] == pytest.approx(float(r["mirror"]) / float(r["reported"]))
    brazil = {r["year"]: r for r in got if r["partner"] == "BRA"}
    if flow == "export":  # 2023: 59.11 bn reported by China, 55.98 bn by Brazil
        assert round(float(brazil["2023"]["reported"]) / 1e9, 2) == 59.11
        assert round(float(brazil["2023"]["mirror"]) / 1e9, 2) == 55.98
