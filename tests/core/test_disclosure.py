"""Disclosure control: small and dominated cells are hidden for non-confidential callers,
every figure they see is perturbed (each enterprise's values moved by its fixed noise
factor), and no hidden cell can be recovered as a total minus the published cells."""

from __future__ import annotations

import csv
from collections import defaultdict
from decimal import Decimal

import pytest

from tests.core.attacks import perturbed, seed_of

# partner -> enterprise values (CNY) in 2023-03; USA has two enterprises, KOR is dominated
CELLS = {
    "DEU": [100, 120, 130, 90],
    "FRA": [50, 60, 70],
    "JPN": [300, 310, 290, 280, 305],
    "KOR": [1000, 20, 30, 25],
    "USA": [400, 450],
    "VNM": [10, 12, 14],
}


def load(wh, tmp_path, name, cells):
    path = tmp_path / f"{name}.csv"
    with open(path, "w", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["period", "flow", "partner", "enterprise_id", "value", "record_id"])
        for p, values in cells.items():
            for i, v in enumerate(values):
                out.writerow(["2023-03", "X", p, f"{p}-{i}", v, f"{p}{i}"])
                out.writerow(["2023-06", "X", p, f"{p}-{i}", v * 2, f"{p}{i}b"])
    wh.ingest(path, name)
    return wh


@pytest.fixture
def disclosure_wh(wh, tmp_path):
    return load(wh, tmp_path, "cells", CELLS)


def by_partner(w, confidential=False, **kw):
    q = {"dataset": "cells", "period": "2023-03", "by": ["partner"], **kw}
    return {r["partner"]: r for r in w.query(q, confidential=confidential).rows()}


def test_primary_suppression(disclosure_wh):
    rows = by_partner(disclosure_wh)
    assert rows["USA"]["value"] is None and "fewer than 3" in rows["USA"]["suppression"]
    # KOR: 1000 of 1075 = 93% >= 85%
    assert rows["KOR"]["value"] is None and "at least 85%" in rows["KOR"]["suppression"]
    # DEU is shown, perturbed: the sum of its four enterprises' values, each moved by
    # its enterprise's factor (computed here from the method's description)
    seed = seed_of(disclosure_wh, "cells")
    deu = perturbed(seed, {f"DEU-{i}": v for i, v in enumerate(CELLS["DEU"])})
    # (with the warehouse's random seed the four moves cancel to the cent about once in
    # a thousand warehouses, 996 of the 32^4 factor choices: then deu is 440.00 itself)
    assert rows["DEU"]["value"] == deu and not rows["DEU"]["suppressed"]
    assert by_partner(disclosure_wh, confidential=True)["USA"]["value"] == Decimal("850.00")
    assert by_partner(disclosure_wh, confidential=True)["DEU"]["value"] == Decimal("440.00")


def contributions(partners) -> dict[str, float]:
    return {f"{p}-{i}": v for p in partners for i, v in enumerate(CELLS[p])}


def test_a_single_hidden_cell_gets_the_smallest_complement(wh, tmp_path):
    cells = {p: v for p, v in CELLS.items() if p != "KOR"}  # only USA fails the rules
    load(wh, tmp_path, "cells", cells)
    rows = {r["partner"]: r for r in wh.query(
        {"dataset": "cells", "period": "2023-03", "by": ["partner"]}, confidential=False
    ).rows()}  # fmt: skip
    assert {p for p, r in rows.items() if r["suppressed"]} == {"USA", "VNM"}
    assert rows["VNM"]["suppression"].startswith("secondary")
    # the pattern is decided on the whole breakdown, whatever subset is asked for
    some = by_partner(wh, where={"partner": ["DEU", "VNM"]})
    assert some["VNM"]["suppressed"] and not some["DEU"]["suppressed"]


def test_hidden_cells_cannot_be_derived_from_the_total(disclosure_wh):
    w = disclosure_wh
    total = w.query({"dataset": "cells", "period": "2023-03"}, confidential=False).scalar()
    rows = by_partner(w)
    hidden = [p for p, r in rows.items() if r["suppressed"]]
    visible = sum(r["value"] for r in rows.values() if not r["suppressed"])
    assert len(hidden) >= 2  # the difference mixes at least two hidden cells
    # total - visible is the perturbed sum of the hidden cells, not the exact one
    seed = seed_of(w, "cells")
    assert total == perturbed(seed, contributions(CELLS))
    cents = Decimal("0.01") * len(rows)  # each figure is rounded to the cent on its own
    assert abs(total - visible - perturbed(seed, contributions(hidden))) <= cents
    assert total - visible != sum(Decimal(sum(CELLS[p])) for p in hidden)


def test_every_slice_of_a_two_way_breakdown_hides_zero_or_two_plus(disclosure_wh):
    q = {"dataset": "cells", "period": "2023-03..2023-06", "by": ["partner", "month"],
         "compare": ["growth"], "base_period": "2022-03..2022-06"}  # fmt: skip
    rows = disclosure_wh.query(q, confidential=False).rows()
    for i, dim in enumerate(("partner", "month")):
        other = ("month", "partner")[i]
        slices = defaultdict(list)
        for r in rows:
            slices[r[other]].append(r["suppressed"])
        for flags in slices.values():
            assert sum(flags) != 1, (dim, flags)


def test_having_and_top_never_reveal_hidden_cells(disclosure_wh):
    rows = disclosure_wh.query(
        {"dataset": "cells", "period": "2023-03", "by": ["partner"], "top": 10,
         "having": "value > 0"}, confidential=False
    ).rows()  # fmt: skip
    assert all(not r["suppressed"] for r in rows)
    values = [r["value"] for r in rows]
    assert values == sorted(values, reverse=True)


def _total(w, **kw):
    q = {"dataset": "cells", "period": "2023-03", **kw}
    return w.query(q, confidential=False).rows()[0]


def test_a_filter_cannot_reveal_a_hidden_cell_by_difference(disclosure_wh):
    w = disclosure_wh
    everything = sum(sum(v) for v in CELLS.values())  # 4066: 21 enterprises, none dominant
    seed = seed_of(w, "cells")
    assert _total(w)["value"] == perturbed(seed, contributions(CELLS))
    # total minus "all but USA" would be USA's two enterprises (850)
    for filters in (
        {"exclude": {"partner": ["USA"]}},
        {"where": {"partner": [p for p in CELLS if p != "USA"]}},
        {"where": {"partner": list(CELLS)}, "exclude": {"partner": ["USA"]}},
    ):
        row = _total(w, **filters)
        assert row["value"] is None and row["suppressed"], filters
        assert "rows the filter leaves out" in row["suppression"]
        assert "fewer than 3" in row["suppression"]
    # KOR is dominated by one enterprise (1000 of 1075): leaving it out is refused too
    assert "at least 85%" in _total(w, exclude={"partner": ["KOR"]})["suppression"]
    # leaving out DEU (four similar enterprises) discloses nothing: shown, perturbed
    row = _total(w, exclude={"partner": ["DEU"]})
    rest = [p for p in CELLS if p != "DEU"]
    assert row["value"] == perturbed(seed, contributions(rest)) and not row["suppressed"]
    # confidential callers are not affected
    q = {"dataset": "cells", "period": "2023-03", "exclude": {"partner": ["USA"]}}
    assert w.query(q).scalar() == Decimal(everything - 850)


def test_a_warehouse_without_record_keys_gets_them_when_opened_for_writing(tmp_path):
    """An older warehouse (no record_key column, no seeds): read-only, protected queries
    are refused, never answered exactly; opened for writing once, every row gets its key."""
    import hashlib

    import tradestat
    from tradestat.errors import DatasetError

    path = tmp_path / "old.duckdb"
    with tradestat.connect(path) as w:
        load(w, tmp_path, "cells", CELLS)
        w.con.execute("ALTER TABLE facts_cells DROP COLUMN record_key")
        w.con.execute("DROP TABLE record_key_seeds")
    q = {"dataset": "cells", "period": "2023-03", "by": ["partner"]}
    with tradestat.connect(path, read_only=True) as w:
        with pytest.raises(DatasetError, match="no record keys"):
            w.query(q, confidential=False)
        assert w.query(q).rows()  # confidential callers are not affected
    with tradestat.connect(path) as w:
        seed = seed_of(w, "cells")
        keys = w.con.execute("SELECT enterprise_id, record_key FROM facts_cells").fetchall()
        for enterprise, key in keys:
            digest = hashlib.md5(f"{seed}|{enterprise}".encode()).hexdigest()
            assert key == int(digest[:8], 16) % 2**31
        rows = {r["partner"]: r for r in w.query(q, confidential=False).rows()}
        assert rows["DEU"]["value"] == perturbed(seed, contributions(["DEU"]))
