"""Shared test fixtures: real DuckDB warehouses in temporary folders."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
SHARED = ROOT.parent / "shared" / "data"


@pytest.fixture
def shared_data() -> Path:
    """The team's raw data folder; tests using it skip cleanly in a user's clone."""
    if not (SHARED / "raw").is_dir():
        pytest.skip("../shared/data is not available (a user's clone has no shared data)")
    return SHARED


@pytest.fixture
def wh(tmp_path: Path):
    import tradestat

    w = tradestat.connect(tmp_path / "w.duckdb")
    yield w
    w.close()


@pytest.fixture(scope="module")
def customs_wh(tmp_path_factory: pytest.TempPathFactory):
    """Warehouse with the hand-written customs and national fixtures ingested."""
    import tradestat

    path = tmp_path_factory.mktemp("customs") / "w.duckdb"
    w = tradestat.connect(path)
    w.ingest(FIXTURES / "core" / "customs.csv", "customs")
    w.ingest(FIXTURES / "core" / "national.csv", "national")
    yield w
    w.close()
