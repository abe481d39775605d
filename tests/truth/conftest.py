"""Fixtures of the truth tests: tradestat on real official tables, checked against the
published figures and against plain pandas on the raw files (never tradestat's output)."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "src" / "tradestat" / "samples"
MAPPINGS = SAMPLES  # the GAC mappings ship in the package, beside the workbook
WORKBOOK = SAMPLES / "gac-monthly-by-location.xlsx"
SHARED = Path(os.environ.get("TRADESTAT_SHARED_DIR", ROOT.parent / "shared" / "data"))
COMTRADE_TOTALS = "comtrade-cipf/China_1.1_trade_balance_2014-2025.xlsx"

# China's annual totals (USD, Comtrade) as an annual dataset through a mapping
ANNUAL_MAPPING = """version: 1
description: China's annual goods trade, USD, as filed with UN Comtrade
columns:
  period: period
period_format: "%Y"
constants:
  currency: USD
wide:
  field: flow
  value: value
  columns:
    X: X
    M: M
"""


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "raw").is_dir():
        pytest.skip("../shared/data is not available (a user's clone has no shared data)")
    return SHARED


@pytest.fixture(scope="session")
def published(shared: Path) -> dict[str, dict[str, str]]:
    with open(shared / "published-figures.csv", encoding="utf-8", newline="") as fh:
        return {r["id"]: r for r in csv.DictReader(fh)}


@pytest.fixture(scope="session")
def gac(tmp_path_factory: pytest.TempPathFactory):
    """The GAC workbook (bundled): national sheet and the by-location sheets."""
    import tradestat

    w = tradestat.connect(tmp_path_factory.mktemp("gac") / "w.duckdb")
    w.ingest(WORKBOOK, "gac_national", "mapped", mapping=MAPPINGS / "gac-monthly-national.yaml")
    w.ingest(WORKBOOK, "gac_regions", "mapped", mapping=MAPPINGS / "gac-monthly-by-location.yaml")
    yield w
    w.close()


@pytest.fixture(scope="session")
def annual(shared: Path, tmp_path_factory: pytest.TempPathFactory):
    import tradestat

    folder = tmp_path_factory.mktemp("annual")
    mapping = folder / "annual.yaml"
    mapping.write_text(ANNUAL_MAPPING, encoding="utf-8")
    w = tradestat.connect(folder / "w.duckdb")
    w.ingest(shared / "raw" / COMTRADE_TOTALS, "cn_annual", "mapped", mapping=mapping)
    yield w
    w.close()


def workbook_sheet(name: str):
    import pandas as pd

    df = pd.read_excel(WORKBOOK, sheet_name=name)
    df["month"] = df["时间"].astype(str).str[:7]
    return df
