"""The README's "Units, pandas and spreadsheets" examples run as written, in a fresh
folder with the fixture datasets."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SECTION = (
    (ROOT / "README.md")
    .read_text(encoding="utf-8")
    .split("## Units, pandas and spreadsheets", 1)[1]
    .split("\n## ", 1)[0]
)


def blocks(kind: str) -> list[str]:
    return [part.split("```", 1)[0] for part in SECTION.split(f"```{kind}\n")[1:]]


@pytest.fixture
def folder(tmp_path):
    import tradestat

    (tmp_path / "examples").symlink_to(ROOT / "examples")
    with tradestat.connect(tmp_path / "w.duckdb") as w:
        for name in ("customs", "national"):
            w.ingest(ROOT / "tests" / "fixtures" / "core" / f"{name}.csv", name)
    return tmp_path


def test_the_shell_examples_run_as_written(folder):
    env = {**os.environ, "TRADESTAT_WAREHOUSE": str(folder / "w.duckdb"),
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}  # fmt: skip
    env.pop("COLUMNS", None)
    script = "\n".join(blocks("sh"))
    done = subprocess.run(["bash", "-e", "-c", script], cwd=folder, capture_output=True,
                          text=True, timeout=300, env=env)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "value (CNY trillion)" in done.stdout and "value（亿元）" in done.stdout
    assert (folder / "partners.xlsx").stat().st_size > 0
    assert "accepted 5, rejected 0" in done.stdout  # the drafted mapping ingests the file


def test_the_pandas_example_runs_as_written(folder):
    import matplotlib

    import tradestat

    matplotlib.use("Agg")
    with tradestat.connect(folder / "w.duckdb", read_only=True) as w:
        scope = {"w": w}
        exec(blocks("python")[0], scope)
    assert scope["df"]["value"].dtype == "float64"
    assert scope["df"].attrs["caption"] == "Total trade by month, 2023, CNY, with growth"
