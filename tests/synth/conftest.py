"""A small calibrated synthetic dataset, generated and ingested once per test session."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

ROWS = 200_000
SEED = 11
TODAY = date(2026, 1, 31)  # fixed, so the months generated do not depend on the test day


@pytest.fixture(scope="session")
def synth_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tradestat.synth import generate

    folder = tmp_path_factory.mktemp("synth")
    generate(ROWS, "2019..2024", SEED, folder, calibrate=True, chunk_rows=50_000, today=TODAY)
    return folder


@pytest.fixture(scope="session")
def synth_wh(synth_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    import tradestat

    w = tradestat.connect(tmp_path_factory.mktemp("synth-wh") / "w.duckdb")
    report = w.ingest(synth_dir, "synthetic")
    w.synth_report = report  # the tests check the ingest report too
    yield w
    w.close()
