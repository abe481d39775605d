"""The README's "Units, pandas and spreadsheets" examples run as written, in a fresh
folder with the fixture datasets."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from tests.inprocess import run_cli

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


def commands(script: str) -> list[list[str]]:
    """The ``tradestat`` command lines of a shell block, as the shell splits them
    (continued lines joined, comments dropped)."""
    lines = [shlex.split(line, comments=True) for line in script.replace("\\\n", " ").splitlines()]
    found = [words for words in lines if words]
    assert all(words[0] == "tradestat" for words in found), found  # nothing else to run
    return [words[1:] for words in found]


def test_the_shell_examples_run_as_written(folder):
    env = {"TRADESTAT_WAREHOUSE": str(folder / "w.duckdb")}
    outputs = []
    for args in commands("\n".join(blocks("sh"))):  # in-process, one after the other
        done = run_cli(*args, env=env, cwd=folder)
        assert done.returncode == 0, done.stderr
        outputs.append(done.stdout)
    stdout = "".join(outputs)
    assert "value (CNY trillion)" in stdout and "value（亿元）" in stdout
    assert (folder / "partners.xlsx").stat().st_size > 0
    assert "accepted 5, rejected 0" in stdout  # the drafted mapping ingests the file


def test_the_pandas_example_runs_as_written(folder):
    import matplotlib

    import tradestat

    matplotlib.use("Agg")
    with tradestat.connect(folder / "w.duckdb", read_only=True) as w:
        scope = {"w": w}
        exec(blocks("python")[0], scope)
    assert scope["df"]["value"].dtype == "float64"
    assert scope["df"].attrs["caption"] == "Total trade by month, 2023, CNY, with growth"
