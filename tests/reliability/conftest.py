from __future__ import annotations

from pathlib import Path

import pytest


def write_big_csv(path: Path, rows: int, seed: int = 7) -> None:
    """A canonical CSV of ``rows`` rows (period, flow, partner, value, record_id)."""
    import duckdb

    duckdb.sql(
        f"""COPY (SELECT
              '20' || (21 + i % 3)::VARCHAR || '-' || lpad((1 + i % 12)::VARCHAR, 2, '0') AS period,
              CASE WHEN i % 2 = 0 THEN 'X' ELSE 'M' END AS flow,
              (['USA', 'DEU', 'JPN', 'KOR', 'HKG'])[1 + (i * {seed}) % 5] AS partner,
              ((i * 7919) % 100000 / 100.0)::DECIMAL(18,2) AS value,
              'r' || i::VARCHAR AS record_id
            FROM range({rows}) t(i)) TO '{path}' (HEADER)"""
    )


@pytest.fixture(scope="session")
def big_csv(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("big") / "big.csv"
    write_big_csv(path, 4_000_000)
    return path
