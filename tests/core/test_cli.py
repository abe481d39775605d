"""The CLI end to end in a subprocess, on a real warehouse file: the nine kinds of
question in DESIGN.md, each answered by `tradestat query` with the same figures as
the Python API."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.inprocess import run_cli

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "core"


def cli(
    *args: str, wh: Path, check: bool = True, columns: int | None = None
) -> subprocess.CompletedProcess:
    """``tradestat ARGS --warehouse WH`` in this process (tests/inprocess.py): as a
    user piping output, unless a test plays a terminal ``columns`` wide."""
    return run_cli(*args, "--warehouse", str(wh), columns=columns, check=check)


def cli_process(*args: str, wh: Path) -> subprocess.CompletedProcess:
    """The same in a new process: the entry point as a shell runs it."""
    cmd = [sys.executable, "-m", "tradestat.cli", *args, "--warehouse", str(wh)]
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, env=env)


@pytest.fixture(scope="module")
def wh_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "cli.duckdb"
    out = cli("ingest", str(FIX / "customs.csv"), "--dataset", "customs", "--output", "json",
              wh=path)  # fmt: skip
    report = json.loads(out.stdout)
    assert report["rows_read"] == report["rows_accepted"] + report["rows_rejected"] == 27
    assert isinstance(report["batch_id"], int)
    return path


def _readme_questions() -> dict[str, dict]:
    """The README's table of the nine questions, as it is printed: each runs as-is."""
    text = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    table = text.split("## The nine questions", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| (\d) \| (.+?) \| `(\{.+\})` \|$", table, re.MULTILINE)
    return {f"{n} {words}": json.loads(q) for n, words, q in rows}


QUESTIONS = _readme_questions()


def test_the_readme_lists_nine_questions():
    assert [name.split()[0] for name in QUESTIONS] == [str(n) for n in range(1, 10)]


@pytest.mark.parametrize("name", list(QUESTIONS))
def test_the_nine_questions_match_the_python_api(wh_path, name):
    import tradestat

    query = QUESTIONS[name]
    out = cli("query", json.dumps(query), "--output", "json", wh=wh_path)
    rows = json.loads(out.stdout)["rows"]
    with tradestat.connect(wh_path, read_only=True) as w:
        expected = w.query(query).json_rows()
    assert rows == expected and rows
    if "growth" in query.get("compare", []):  # on the tour's data, as the README says
        assert all(r["growth_pct"] is not None for r in rows), rows


def test_csv_output_header_is_the_result_columns(wh_path, tmp_path):
    qfile = tmp_path / "q.json"
    qfile.write_text(json.dumps({"dataset": "customs", "period": "2023", "by": ["flow"],
                                 "compare": ["growth", "share"]}))  # fmt: skip
    out = cli("query", str(qfile), "--output", "csv", wh=wh_path)
    rows = list(csv.reader(io.StringIO(out.stdout)))
    assert rows[0] == ["flow", "value", "base_value", "growth_pct", "share_pct"]
    assert [r[0] for r in rows[1:]] == ["M", "X"]


def test_table_output_explain_datasets_rejects(wh_path):
    q = json.dumps({"dataset": "customs", "period": "2023", "by": ["flow"]})
    assert "value" in cli("query", q, wh=wh_path).stdout
    assert "SELECT" in cli("explain", q, wh=wh_path).stdout
    assert "customs" in cli("datasets", wh=wh_path).stdout
    assert cli("rejects", "customs", "--output", "json", wh=wh_path).stdout.strip() == "[]"


def test_errors_are_one_clear_line_and_exit_code_2(wh_path):
    out = cli("query", '{"dataset": "customs", "period": "2023", "by": ["colour"]}',
              wh=wh_path, check=False)  # fmt: skip
    assert out.returncode == 2
    assert "by: unknown dimension 'colour'" in out.stderr
    assert "Traceback" not in out.stderr
    out = cli("ingest", "no-such-file.csv", "--dataset", "x", wh=wh_path, check=False)
    assert out.returncode == 2 and "no such file" in out.stderr
    out = cli("query", "no-such-query.json", wh=wh_path, check=False)
    assert out.returncode == 2 and "no such query file: no-such-query.json" in out.stderr
    out = cli("query", "customs 2023", wh=wh_path, check=False)  # neither JSON nor a file
    assert out.returncode == 2 and "must be JSON or a .json file" in out.stderr


def test_the_entry_point_in_a_new_process_prints_what_the_in_process_runs_print(wh_path):
    """The few true subprocess runs: the plain query path, a command Typer parses, and
    an error, each byte for byte what the in-process runner captured (CSV: the JSON
    form's provenance has the run's seconds)."""
    q = json.dumps({"dataset": "customs", "period": "2023", "by": ["flow"]})
    for args in (("query", q, "--output", "csv"), ("datasets", "--output", "json"),
                 ("query", q, "--output", "csv", "--scale", "million")):  # fmt: skip
        new, here = cli_process(*args, wh=wh_path), cli(*args, wh=wh_path)
        assert new.returncode == here.returncode == 0, new.stderr
        assert new.stdout == here.stdout and new.stdout
    bad = ("query", '{"dataset": "customs", "period": "2023", "by": ["colour"]}')
    new, here = cli_process(*bad, wh=wh_path), cli(*bad, wh=wh_path, check=False)
    assert new.returncode == here.returncode == 2
    assert new.stderr == here.stderr and "unknown dimension 'colour'" in new.stderr


def test_an_ingest_of_one_month_names_it_once(tmp_path):
    lines = (FIX / "customs.csv").read_text(encoding="utf-8").splitlines()
    one = tmp_path / "one-month.csv"
    one.write_text("\n".join([lines[0], lines[1]]) + "\n", encoding="utf-8")
    month = lines[1].split(",")[1]
    out = cli("ingest", str(one), "--dataset", "one", wh=tmp_path / "w.duckdb")
    assert month in out.stdout and f"{month} .. {month}" not in out.stdout


def test_datasets_of_an_empty_warehouse_says_how_to_add_one(tmp_path):
    cli("init", wh=tmp_path / "w.duckdb")
    table = cli("datasets", wh=tmp_path / "w.duckdb").stdout
    assert "no datasets yet" in table and "tradestat ingest FILE --dataset NAME" in table
    assert json.loads(cli("datasets", "--output", "json", wh=tmp_path / "w.duckdb").stdout) == []
