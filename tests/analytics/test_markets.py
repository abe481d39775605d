"""Export-market finder: a hand-worked table, a plain-pandas version on a generated
panel (both demand views), disclosure control, errors, the CLI and REST."""

from __future__ import annotations

import json
import math
from decimal import Decimal

import pytest

from tests.analytics import markets_data as data
from tradestat.errors import QueryError


@pytest.fixture(scope="module")
def w(tmp_path_factory):
    import tradestat

    root = tmp_path_factory.mktemp("markets")
    wh = tradestat.connect(root / "w.duckdb")
    usd = {"currency": "USD", "home_currency": "USD"}
    wh.ingest(data.write_hand(root / "hand.csv"), "hand", **usd)
    wh.ingest(data.write_panel(root / "panel.csv"), "panel", **usd)
    wh.ingest(data.write_panel(root / "ent.csv", seed=3, enterprises=True), "ent", **usd)
    wh.root = root
    yield wh
    wh.close()


def test_hand_worked_markets(w):
    got = w.export_markets("hand", "854140", "CHN", "2023", years=5)
    rows = {r["market"]: r for r in got.rows()}
    assert [r["market"] for r in got.rows()] == ["JPN", "USA", "DEU"]  # untapped, then imports
    assert set(rows) == {"USA", "DEU", "JPN"}  # the exporter's own market is left out
    usa, deu, jpn = rows["USA"], rows["DEU"], rows["JPN"]
    assert (usa["import_value"], usa["import_value_base"]) == (1000, 500)
    assert usa["exporter_value"] == 300
    assert usa["import_growth_pct"] == pytest.approx((2**0.2 - 1) * 100)
    assert jpn["import_growth_pct"] == pytest.approx((4**0.2 - 1) * 100)
    assert usa["exporter_share_pct"] == pytest.approx(30.0)
    assert usa["share_change_pp"] == pytest.approx(30 - 40)
    assert deu["share_change_pp"] == pytest.approx(50 - 0)
    assert jpn["exporter_value"] == 0 and jpn["exporter_share_pct"] == 0
    for r in rows.values():
        assert r["exporter_rca"] == pytest.approx(16 / 21)
    assert usa["potential_value"] == Decimal("285.71")
    assert (jpn["potential_value"], jpn["untapped_value"]) == (Decimal("57.14"),) * 2
    assert usa["untapped_value"] == 0 and deu["untapped_value"] == 0
    m = got.provenance["markets"]
    assert m["average_share_pct"] == pytest.approx(200 / 7)
    assert m["base_period"] == "2018" and m["demand"] == "imports"
    assert set(m["columns"]) == set(got.columns) and "not ease of trade" in m["covered"]
    assert got.unit == "USD" and "854140" in got.caption()


def test_top_and_order(w):
    got = w.export_markets("hand", "854140", "CHN", "2023", top=2, order_by="import_value")
    assert [r["market"] for r in got.rows()] == ["USA", "DEU"]  # DEU and JPN tie; DEU first


@pytest.mark.parametrize("demand", ["imports", "exports"])
@pytest.mark.parametrize("hs6", ["854140", "870380"])
def test_against_pandas(w, demand, hs6):
    got = w.export_markets("panel", hs6, "CHN", "2023", years=3, demand=demand)
    expected, avg, rca = data.pandas_markets(w.root / "panel.csv", hs6, "CHN", 2023, 3, demand)
    rows = {r["market"]: r for r in got.rows()}
    assert set(rows) == set(expected.index) and len(rows) >= 5
    assert got.provenance["markets"]["average_share_pct"] == pytest.approx(avg)
    for market, e in expected.iterrows():
        r = rows[market]
        assert r["exporter_rca"] == pytest.approx(rca)
        for col in ("import_value", "exporter_value"):
            assert float(r[col]) == pytest.approx(e[col], abs=0.005), (market, col)
        for col in ("import_growth_pct", "exporter_share_pct", "share_change_pp"):
            want = e[col]
            assert (r[col] is None) if math.isnan(want) else r[col] == pytest.approx(want)
        assert float(r["potential_value"]) == pytest.approx(e["potential_value"], abs=0.006)
        assert float(r["untapped_value"]) == pytest.approx(e["untapped_value"], abs=0.006)
    untapped = [r["untapped_value"] for r in got.rows()]
    assert untapped == sorted(untapped, reverse=True)


def test_disclosure_control_applies(w):
    """A read key's answers are the engine's protected ones: a cell it cannot see
    leaves the figures that need it empty, and is said to."""
    exact = w.export_markets("ent", "854140", "CHN", "2023", years=2)
    public = w.export_markets("ent", "854140", "CHN", "2023", years=2, confidential=False)
    assert public.provenance["perturbed"]
    engine = w.query({"dataset": "ent", "period": "2023", "flow": "import", "by": ["reporter"],
                      "where": {"hs6": ["854140"], "partner": ["CHN"]},
                      "exclude": {"reporter": ["CHN"]}}, confidential=False)  # fmt: skip
    seen = {r["reporter"]: r for r in engine.rows()}
    rows = {r["market"]: r for r in public.rows()}
    for market, r in rows.items():
        cell = seen.get(market)
        if cell is not None and cell.get("suppressed"):
            assert r["exporter_value"] is None and r["untapped_value"] is None
        elif cell is not None:
            assert r["exporter_value"] == cell["value"]  # the same perturbed value
    assert any(public.rows()[i] != exact.rows()[i] for i in range(len(exact)))


def test_bad_input_names_the_field(w):
    cases = [({"product": ""}, "product"), ({"years": 0}, "years"), ({"demand": "x"}, "demand"),
             ({"order_by": "value"}, "order_by"), ({"top": 0}, "top"),
             ({"period": "20x3"}, "period"), ({"returns": "gross"}, "returns")]  # fmt: skip
    for change, field in cases:
        kw = {"dataset": "hand", "product": "854140", "period": "2023", **change}
        with pytest.raises(QueryError) as e:
            w.export_markets(**kw)
        assert e.value.field == field, change


@pytest.fixture(scope="module")
def hand_file(tmp_path_factory):
    """A closed warehouse file holding the hand table, for the CLI."""
    import tradestat

    root = tmp_path_factory.mktemp("markets-cli")
    with tradestat.connect(root / "w.duckdb") as wh:
        wh.ingest(data.write_hand(root / "hand.csv"), "hand", currency="USD", home_currency="USD")
    return str(root / "w.duckdb")


def test_cli(hand_file):
    from typer.testing import CliRunner

    from tradestat.cli.main import build

    runner, app = CliRunner(), build()
    args = ["markets", "hand", "854140", "--period", "2023", "-w", hand_file]
    out = runner.invoke(app, [*args, "--output", "json"])
    assert out.exit_code == 0, out.output
    rows = json.loads(out.stdout)["rows"]
    assert [r["market"] for r in rows] == ["JPN", "USA", "DEU"]
    assert rows[0]["untapped_value"] == pytest.approx(57.14)
    table = runner.invoke(app, [*args, "--top", "1"])
    assert table.exit_code == 0 and "JPN" in table.stdout and "DEU" not in table.stdout
    bad = runner.invoke(app, [*args, "--years", "0"])
    assert bad.exit_code != 0 and "years" in bad.output
