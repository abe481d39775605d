"""Data for the export-market finder tests: a hand-worked table of markets' imports,
a generated many-reporter panel, and a plain-pandas version of every column.

Hand table (USD, HS 854140 unless noted; market = reporter, origin = partner):

    2023        from CHN  from KOR  total      2018    from CHN  from KOR  total
    USA            300       700    1000       USA        200       300     500
    DEU            100       100     200       DEU          0       100     100
    JPN              0       200     200       JPN          0        50      50
    CHN (own)        -       999       -   (the exporter's own market: left out)
    + HS 610910: USA from CHN 500, DEU from KOR 500 (2023), for the RCA.

World imports of 854140 = 1400, from CHN 400: average share 2/7 = 28.571 %.
RCA = (400 / 900) / (1400 / 2400) = 16/21. Growth a year over 5 years: USA and DEU
2^(1/5) - 1 = 14.870 %, JPN 4^(1/5) - 1 = 31.951 %. Potential = 2/7 x imports:
USA 285.71, DEU 57.14, JPN 57.14; untapped: JPN 57.14, DEU and USA 0.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

HAND = {("2023", "USA", "CHN"): 300, ("2023", "USA", "KOR"): 700, ("2023", "DEU", "CHN"): 100,
        ("2023", "DEU", "KOR"): 100, ("2023", "JPN", "KOR"): 200, ("2023", "CHN", "KOR"): 999,
        ("2018", "USA", "CHN"): 200, ("2018", "USA", "KOR"): 300, ("2018", "DEU", "KOR"): 100,
        ("2018", "JPN", "KOR"): 50}  # fmt: skip
OTHER = {("2023", "USA", "CHN"): 500, ("2023", "DEU", "KOR"): 500}
HEADER = ["period", "flow", "reporter", "partner", "hs_code", "value"]


def write_hand(path: Path) -> Path:
    rows = [[y, "M", m, o, "85414000", f"{v}.00"] for (y, m, o), v in HAND.items()]
    rows += [[y, "M", m, o, "61091000", f"{v}.00"] for (y, m, o), v in OTHER.items()]
    return _write(path, HEADER, rows)


def write_panel(path: Path, seed: int = 7, enterprises: bool = False) -> Path:
    """8 economies trading 4 HS6 codes with each other over 2019..2023, both as
    imports (reported by the importer) and exports (reported by the exporter)."""
    rng = random.Random(seed)
    economies = ["CHN", "USA", "DEU", "JPN", "VNM", "KOR", "BRA", "ZAF"]
    codes = ["85414000", "61091000", "87038000", "85076000"]
    rows = []
    for year in range(2019, 2024):
        for a in economies:
            for b in economies:
                for code in codes:
                    if a == b or rng.random() < 0.25:
                        continue
                    for flow, reporter, partner in (("X", a, b), ("M", b, a)):
                        value = f"{rng.randint(1, 500_000) / 100:.2f}"
                        extra = [f"E{rng.randint(1, 40)}"] if enterprises else []
                        rows.append([str(year), flow, reporter, partner, code, value, *extra])
    return _write(path, HEADER + (["enterprise_id"] if enterprises else []), rows)


def _write(path: Path, header: list[str], rows: list[list]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(header)
        out.writerows(rows)
    return path


def pandas_markets(path: Path, hs6: str, exporter: str, year: int, years: int, demand: str):
    """Every column of the finder, by plain pandas over the CSV file."""
    import pandas as pd

    df = pd.read_csv(path, dtype={"hs_code": str, "period": int})
    flow, market, origin = {"imports": ("M", "reporter", "partner"),
                            "exports": ("X", "partner", "reporter")}[demand]  # fmt: skip
    df = df[(df.flow == flow) & (df[market] != exporter)]
    goods = df[df.hs_code.str[:6] == hs6]

    def by_market(frame, when):
        return frame[frame.period == when].groupby(market)["value"].sum()

    now, base = by_market(goods, year), by_market(goods, year - years)
    mine = goods[goods[origin] == exporter]
    sold, sold_base = by_market(mine, year), by_market(mine, year - years)
    this = df[df.period == year]
    avg = sold.sum() / now.sum()
    rca = (sold.sum() / this[this[origin] == exporter].value.sum()) / (now.sum() / this.value.sum())
    out = pd.DataFrame({"import_value": now, "import_value_base": base})
    out = out[out.import_value.notna()]
    out["exporter_value"] = sold.reindex(out.index).fillna(0)
    out["import_growth_pct"] = ((out.import_value / out.import_value_base) ** (1 / years) - 1) * 100
    out["exporter_share_pct"] = out.exporter_value / out.import_value * 100
    base_share = sold_base.reindex(out.index).fillna(0) / out.import_value_base * 100
    out["share_change_pp"] = out.exporter_share_pct - base_share
    out["potential_value"] = out.import_value * avg
    out["untapped_value"] = (out.potential_value - out.exporter_value).clip(lower=0)
    return out, avg * 100, rca
