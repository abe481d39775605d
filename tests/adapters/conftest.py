"""Fixtures of the input-format tests: fixture folders, the raw data folder, helpers."""

from __future__ import annotations

import csv
import os
from decimal import Decimal
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIX = ROOT / "tests" / "fixtures"
SAMPLES = ROOT / "src" / "tradestat" / "samples"
MAPPINGS = SAMPLES  # the GAC mappings ship in the package, beside the workbook
RAW = Path(os.environ.get("TRADESTAT_RAW_DIR", ROOT.parent / "shared" / "data" / "raw"))


@pytest.fixture
def raw() -> Path:
    if not (RAW / "SOURCES.md").exists():
        pytest.skip("raw source files (../shared/data/raw) not available in this checkout")
    return RAW


def money(text: str) -> Decimal:
    """'5,848,714' -> Decimal('5848714'), computed here without tradestat."""
    return Decimal(text.replace(",", ""))


def read_csv(path: Path, encoding: str = "utf-8") -> list[dict[str, str]]:
    with open(path, encoding=encoding, newline="") as fh:
        return list(csv.DictReader(fh))


def rejects_by_row(wh, dataset: str) -> dict[int, dict]:
    return {r["row_number"]: r for r in wh.rejects(dataset).to_pylist()}
