"""The generator: determinism per seed, exact row counts, chunking and bounded memory."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from tests.inprocess import run_cli
from tradestat.synth import generate
from tradestat.synth.calibrate import yearly_targets
from tradestat.synth.generator import plan

TODAY = date(2026, 1, 31)


def _digest(folder: Path) -> str:
    h = hashlib.sha256()
    for f in sorted(folder.glob("*.parquet")):
        h.update(f.name.encode())
        h.update(pq.read_table(f).to_pandas().to_csv(index=False).encode())
    return h.hexdigest()


def test_same_seed_same_rows_other_seed_other_rows(tmp_path):
    kw = {"chunk_rows": 7_000, "today": TODAY}
    generate(30_000, "2022..2023", 5, tmp_path / "a", **kw)
    generate(30_000, "2022..2023", 5, tmp_path / "b", **kw)
    generate(30_000, "2022..2023", 6, tmp_path / "c", **kw)
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b")
    assert _digest(tmp_path / "a") != _digest(tmp_path / "c")


@pytest.mark.parametrize("rows, chunk", [(1, 10), (12_345, 1_000), (50_001, 50_000)])
def test_row_count_is_exact_and_row_groups_respect_the_chunk_size(tmp_path, rows, chunk):
    result = generate(rows, "2023..2024", 1, tmp_path, chunk_rows=chunk, today=TODAY)
    files = [pq.ParquetFile(tmp_path / f) for f in result.files]
    assert sum(f.metadata.num_rows for f in files) == rows == result.rows
    assert sum(result.rows_by_year.values()) == rows
    sizes = [f.metadata.row_group(i).num_rows for f in files for i in range(f.num_row_groups)]
    assert max(sizes) <= chunk


def test_plan_is_seasonal_and_follows_the_years_trade():
    targets = yearly_targets(range(2019, 2025))
    specs = plan(1_000_000, range(2019, 2025), 10**6, targets, TODAY)
    by_month = {(s.year, s.month): s.rows for s in specs}
    assert by_month[(2023, 2)] < by_month[(2023, 12)]  # Spring Festival low, December high
    per_year = {y: sum(n for (yy, _), n in by_month.items() if yy == y) for y in range(2019, 2025)}
    assert per_year[2019] < per_year[2022]
    # revisions only for years followed by a generated year (2024 is not revised)
    assert all(s.revisions > 0 for s in specs if s.year < 2024)
    assert all(s.revisions == 0 for s in specs if s.year == 2024)


def test_months_not_yet_released_are_not_generated():
    targets = yearly_targets(range(2025, 2027))
    specs = plan(10_000, range(2025, 2027), 10**6, targets, date(2026, 3, 25))
    assert max((s.year, s.month) for s in specs) == (2026, 2)  # released on 20 March
    assert all(s.vintage <= date(2026, 3, 25) for s in specs)


# VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent (pytest) through exec
_MEMORY_PROBE = """
import sys
from datetime import date
from tradestat.synth import generate
generate(int(sys.argv[1]), "2023..2024", 2, sys.argv[2], chunk_rows=20_000,
         enterprises=5_000, today=date(2026, 1, 31))
print([l.split()[1] for l in open("/proc/self/status") if l.startswith("VmHWM:")][0])
"""


def test_memory_is_bounded_by_the_chunk_not_the_row_count(tmp_path):
    def peak_kb(rows: int) -> int:
        # a process of its own: its peak memory is what is measured
        out = subprocess.run(
            [sys.executable, "-c", _MEMORY_PROBE, str(rows), str(tmp_path / str(rows))],
            capture_output=True, text=True, check=True, timeout=120,
        )  # fmt: skip
        return int(out.stdout.split()[-1])

    small, large = peak_kb(200_000), peak_kb(2_000_000)
    # ten times the rows in chunks of 20 000: held in memory, 2 M rows would take
    # ~230 MB as Arrow arrays; the peak may only move by allocator noise
    assert large - small < 50_000, (small, large)


def test_output_is_labelled_synthetic(tmp_path):
    result = generate(2_000, "2023", 3, tmp_path, today=TODAY)
    doc = json.loads((tmp_path / "dataset.json").read_text())
    assert doc["synthetic"] is True and "SYNTHETIC" in doc["description"]
    assert doc["description"] == result.description
    assert doc["rows"] == 2_000 and doc["files"] == result.files
    assert "--description" in doc["ingest"]


def test_rerun_replaces_the_previous_files(tmp_path):
    generate(5_000, "2022..2023", 1, tmp_path, today=TODAY)
    result = generate(3_000, "2023", 1, tmp_path, today=TODAY)
    assert sorted(p.name for p in tmp_path.glob("*.parquet")) == sorted(result.files)


def test_cli_writes_files_and_prints_the_ingest_command(tmp_path):
    out = run_cli("synth", "--rows", "5k", "--years", "2023", "--seed", "4",
                  "--to", tmp_path / "s")  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert "SYNTHETIC" in out.stdout and "tradestat ingest" in out.stdout
    assert sum(pq.ParquetFile(f).metadata.num_rows for f in (tmp_path / "s").glob("*.parquet"))
    bad = run_cli("synth", "--rows", "lots", "--to", tmp_path)
    assert bad.returncode != 0


def test_a_tiny_calibrated_run_leaves_uncovered_flows_alone(tmp_path):
    # three rows cannot cover every year and flow: the ones without rows have no target
    result = generate(3, "2023..2024", 1, tmp_path, calibrate=True, today=TODAY)
    assert result.rows == 3 and result.calibrated
