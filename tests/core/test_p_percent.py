"""The p % dominance rule: a cell is sensitive when the rest after its two largest
enterprises is less than p_pct % of the largest. Its cell classification is checked
against the same rule written in plain SQL over the CSV file, without tradestat."""

from __future__ import annotations

import csv

import pytest

from tradestat.errors import DatasetError
from tradestat.model.dataset import DisclosurePolicy

# partner -> enterprise values (CNY), in 2023-03 and in the base month 2022-03
CURRENT = {
    "AUS": [500, 400, 30, 15],  # rest 45 < 10 % of 500: p % hides it; 53 % is no dominance
    "BRA": [900, 50, 60, 70, 80],  # rest 180 >= 90: shown by both rules (78 %)
    "CAN": [1000, 20, 30, 25],  # rest 45 < 100, and 93 % dominance: hidden by both
    "DEU": [300, 310, 290, 280, 305],  # shown by both
    "ESP": [100, 100, 5, 4],  # rest 9 < 10: p % hides it
    "FRA": [100, 100, 6, 5],  # rest 11 >= 10: shown now; its base month is sensitive
    "GBR": [400, 450],  # fewer than 3 enterprises: hidden by both
    "HKG": [870, *[10] * 13],  # 87 % dominance hides it; rest 120 >= 87: p % shows it
    "IND": [-600, 500, -50, 40],  # returns (negative) count by size: rest 90 >= 60, shown by p %
}
BASE = {**CURRENT, "FRA": [100, 100, 3, 3]}
P_PERCENT = {"dominance_rule": "p_percent", "p_pct": 10.0, "noise_min_pct": 25.0,
             "noise_max_pct": 30.0}  # fmt: skip


def write_cells(path):
    with open(path, "w", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["period", "flow", "partner", "enterprise_id", "value", "is_return",
                      "record_id"])  # fmt: skip
        for period, cells in (("2023-03", CURRENT), ("2022-03", BASE)):
            for p, values in cells.items():
                for i, v in enumerate(values):
                    out.writerow([period, "X", p, f"{p}-{i}", v, str(v < 0).lower(),
                                  f"{period}{p}{i}"])  # fmt: skip
    return path


@pytest.fixture
def p_wh(wh, tmp_path):
    path = write_cells(tmp_path / "cells.csv")
    wh.ingest(path, "cells")
    return wh, path


def sql_sensitive(path, rule: str, p_pct: float = 10, dominance_pct: float = 85) -> set[str]:
    """Cells failing the threshold or the dominance rule on either period, in plain SQL."""
    import duckdb

    test = (
        "(t - x1 - x2) * 100 < ? * x1" if rule == "p_percent" else "x1 * 100 >= ? * t"
    )  # fmt: skip
    limit = p_pct if rule == "p_percent" else dominance_pct
    rows = (
        duckdb.connect()
        .execute(
            f"""WITH per AS (
              SELECT period, partner, enterprise_id, abs(sum(value)) AS v
              FROM read_csv_auto(?, header = true) GROUP BY ALL),
            ranked AS (
              SELECT *, row_number() OVER (PARTITION BY period, partner ORDER BY v DESC) AS r
              FROM per),
            cells AS (
              SELECT period, partner, count(*) FILTER (WHERE v > 0) AS n, sum(v) AS t,
                     max(v) FILTER (WHERE r = 1) AS x1,
                     coalesce(max(v) FILTER (WHERE r = 2), 0) AS x2
              FROM ranked GROUP BY ALL)
            SELECT DISTINCT partner FROM cells WHERE n < 3 OR {test}""",
            [str(path), limit],
        )
        .fetchall()
    )
    return {r[0] for r in rows}


GROWTH_BY_PARTNER = {"dataset": "cells", "period": "2023-03", "base_period": "2022-03",
                     "by": ["partner"], "compare": ["growth"]}  # fmt: skip


def primary_hidden(w) -> dict[str, str]:
    rows = w.query(GROWTH_BY_PARTNER, confidential=False).rows()
    return {r["partner"]: r["suppression"] for r in rows if (r["suppression"] or "").startswith(
        "primary")}  # fmt: skip


def test_the_n_k_rule_stays_the_default(p_wh):
    w, path = p_wh
    assert w.dataset("cells").disclosure.dominance_rule == "nk"
    expected = sql_sensitive(path, "nk")
    assert expected == {"CAN", "GBR", "HKG"}  # the fixture is what its comments say
    assert set(primary_hidden(w)) == expected


def test_p_percent_cells_match_a_hand_computation(p_wh):
    w, path = p_wh
    ds = w.update_dataset("cells", **P_PERCENT)
    assert ds.disclosure.dominance_rule == "p_percent" and ds.disclosure.p_pct == 10
    expected = sql_sensitive(path, "p_percent", 10)
    assert expected == {"AUS", "CAN", "ESP", "FRA", "GBR"}
    hidden = primary_hidden(w)
    assert set(hidden) == expected
    assert "p% rule" in hidden["AUS"] and "(base period)" in hidden["FRA"]
    assert "fewer than 3" in hidden["GBR"]
    # a larger p hides more: at 20 %, HKG too; BRA (rest 180, exactly 20 % of 900) is
    # not less than the limit, so still shown
    w.update_dataset("cells", p_pct=20.0, noise_min_pct=40.0, noise_max_pct=45.0)
    expected = sql_sensitive(path, "p_percent", 20)
    assert "HKG" in expected and "BRA" not in expected
    assert set(primary_hidden(w)) == expected


def test_complement_bounds_err_towards_hiding():
    """The rows a filter leaves out come as disjoint pieces in which one enterprise may
    appear more than once: their combined stats must never show a larger remainder after
    the two largest, nor a smaller largest, than the true union has."""
    import random

    import pyarrow as pa

    from tradestat.engine.disclosure import combine_pieces

    rng = random.Random(7)
    for _ in range(300):
        pieces = [{f"e{rng.randrange(6)}": rng.randint(1, 100) for _ in range(rng.randint(1, 5))}
                  for _ in range(rng.randint(1, 4))]  # fmt: skip
        union: dict[str, int] = {}
        for piece in pieces:
            for e, v in piece.items():
                union[e] = union.get(e, 0) + v
        tables = []
        for piece in pieces:
            top = [*sorted(piece.values(), reverse=True), 0]
            stats = {"n": len(piece), "max": top[0], "second": top[1], "sum": sum(piece.values())}
            both = {f"{k}_{side}": v for k, v in stats.items() for side in ("cur", "base")}
            tables.append(pa.Table.from_pylist([{"partner": "AUS", **both}]))
        got = combine_pieces(tables, ("partner",))[("AUS",)]
        x = [*sorted(union.values(), reverse=True), 0]
        assert got["sum_cur"] == sum(x) and got["max_cur"] >= x[0]
        assert got["n_cur"] <= len(union)
        assert got["sum_cur"] - got["max_cur"] - got["second_cur"] <= sum(x) - x[0] - x[1]


def test_provenance_and_the_catalog_keep_the_rule(p_wh, tmp_path):
    import tradestat

    w, _ = p_wh
    w.update_dataset("cells", **P_PERCENT)
    prov = w.query({"dataset": "cells", "period": "2023-03"}, confidential=False).provenance
    assert prov["disclosure"]["dominance_rule"] == "p_percent"
    assert prov["disclosure"]["p_pct"] == 10 and prov["disclosure"]["noise_min_pct"] == 25
    w.close()
    with tradestat.connect(tmp_path / "w.duckdb", read_only=True) as again:
        assert again.dataset("cells").disclosure == DisclosurePolicy(**P_PERCENT)


def test_an_older_warehouse_gets_the_columns_with_the_n_k_default(tmp_path):
    import tradestat

    with tradestat.connect(tmp_path / "w.duckdb") as w:
        w.create_dataset("old", ["partner", "enterprise_id"])
        for column in ("dominance_rule", "p_pct"):
            w.con.execute(f"ALTER TABLE datasets DROP COLUMN {column}")
    with tradestat.connect(tmp_path / "w.duckdb", read_only=True) as w:  # not upgraded
        assert w.dataset("old").disclosure.dominance_rule == "nk"
    with tradestat.connect(tmp_path / "w.duckdb") as w:
        assert w.dataset("old").disclosure == DisclosurePolicy()
        w.update_dataset("old", **P_PERCENT)
        assert w.dataset("old").disclosure.p_pct == 10


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"dominance_rule": "pq"}, "dominance_rule must be one of nk, p_percent, not 'pq'"),
        ({"dominance_rule": "p_percent", "p_pct": 0.0}, "0 < p_pct < 100"),
        ({"dominance_rule": "p_percent", "p_pct": 100.0}, "0 < p_pct < 100"),
        ({"p_pct": "ten"}, "p_pct must be a number, not 'ten'"),
        ({"dominance_rule": "p_percent"}, "cannot keep a cell hidden by the 10 % rule"),
    ],
)
def test_bad_policies_are_refused_and_change_nothing(p_wh, changes, message):
    w, _ = p_wh
    with pytest.raises(DatasetError, match=message.replace("(", r"\(").replace(")", r"\)")):
        w.update_dataset("cells", **changes)
    assert w.dataset("cells").disclosure == DisclosurePolicy()
    with pytest.raises(DatasetError, match="p_pct"):
        bad = {"dominance_rule": "p_percent", "p_pct": -1.0}
        w.create_dataset("other", ["partner", "enterprise_id"], disclosure=DisclosurePolicy(**bad))


def test_the_cli_shows_and_sets_the_policy(tmp_path):
    from tests.core.test_cli import cli

    path = tmp_path / "w.duckdb"
    cli("dataset", "create", "pp", "--grain", "partner,enterprise_id", wh=path)
    assert "dominance_rule nk" in cli("dataset", "disclosure", "pp", wh=path).stdout
    bad = cli("dataset", "disclosure", "pp", "--dominance-rule", "p_percent", wh=path, check=False)
    assert bad.returncode != 0 and "cannot keep a cell hidden by the 10 % rule" in bad.stderr
    args = ["--p-pct", "10", "--noise-min-pct", "25", "--noise-max-pct", "30"]
    cli("dataset", "disclosure", "pp", "--dominance-rule", "p_percent", *args, wh=path)
    import tradestat

    with tradestat.connect(path, read_only=True) as w:
        assert w.dataset("pp").disclosure == DisclosurePolicy(**P_PERCENT)


@pytest.mark.parametrize("seed", ["5eed0001", "5eed0002", "5eed0003", "5eed0004", "5eed0005",
                                  "5eed0006"])  # fmt: skip
def test_the_second_largest_cannot_estimate_the_largest_within_the_interval(tmp_path, seed):
    """AUS (500, 400, 30, 15) is hidden by the p % rule. Its second largest enterprise
    cannot difference [AUS, DEU] - [DEU] (the list rule refuses the pair), so it takes
    the one list holding AUS a reader gets -- all the hidden cells together -- and,
    granted the other hidden cells' perturbed values and its own, takes the rest as the
    largest's value: off by at least 25 % - 130 % x 10 % = 12 % of it."""
    import tradestat
    from tests.core.attacks import perturbed

    with tradestat.connect(tmp_path / "w.duckdb") as w:
        w.create_dataset("cells", ["partner", "enterprise_id"],
                         disclosure=DisclosurePolicy(**P_PERCENT))  # fmt: skip
        w.con.execute("UPDATE record_key_seeds SET seed = ? WHERE dataset = 'cells'", [seed])
        w.ingest(write_cells(tmp_path / "cells.csv"), "cells")

        def answer(partners):
            q = {"dataset": "cells", "period": "2023-03", "where": {"partner": partners}}
            return w.query(q, confidential=False).rows()[0]

        pair = answer(["AUS", "DEU"])
        assert pair["suppressed"] and pair["suppression"].startswith("list: the filter on partner")
        others = ("CAN", "ESP", "GBR")  # the other cells the p % rule hides in March
        bounds = {"lo": 25.0, "hi": 30.0}
        known = {f"{p}-{i}": v for p in others for i, v in enumerate(CURRENT[p])}
        cell = float(answer(["AUS", *others])["value"]) - float(perturbed(seed, known, **bounds))
        own = float(perturbed(seed, {"AUS-1": 400}, **bounds))
        estimate = cell - own
        rest = {"AUS-0": 500, "AUS-2": 30, "AUS-3": 15}
        assert estimate == pytest.approx(float(perturbed(seed, rest, **bounds)), abs=0.05)
        assert abs(estimate - 500) > 0.10 * 500, (seed, estimate)
