"""The README's examples work: its bulletin spec builds, its CLI table names real commands."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import tradestat
from tests.inprocess import run_cli
from tradestat.demo import sample_path

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def test_the_readme_spec_writes_the_published_h1_2025_sentence(tmp_path):
    pytest.importorskip("jinja2")
    from tradestat.report import build_bulletin

    block = README.split("## Bulletins", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    spec = yaml.safe_load(block)
    with tradestat.connect(tmp_path / "w.duckdb") as w:
        mapping = sample_path("gac-monthly-national.yaml")
        w.ingest(sample_path("gac-monthly-by-location.xlsx"), "gac_national", "mapped",
                 mapping=str(mapping))  # fmt: skip
        bulletin = build_bulletin(w, spec, "gac_national", "2025-H1")
    text = bulletin.to_markdown()
    # GAC: H1 2025 total trade 21.79 trillion yuan, up 2.9 % (published-figures.csv)
    assert "trade reached CNY 21.79 trillion, up 2.9% year on year" in text
    assert all(check.status == "pass" for check in bulletin.checks)


def _cli_commands() -> set[tuple[str, ...]]:
    table = README.split("## CLI", 1)[1].split("\n## ", 1)[0]
    found = set()
    for cell in re.findall(r"`tradestat ([^`]+)`", table):
        words = cell.replace("\\|", "|").split()
        head = [w for w in words[:2] if re.fullmatch(r"[a-z|]+", w)]
        for first in head[0].split("|"):
            sub = head[1].split("|") if len(head) > 1 and first in GROUPS else [None]
            found.update((first, s) if s else (first,) for s in sub)
    return found


GROUPS = {"reference", "keys", "fx", "dataset", "mapping"}


@pytest.mark.parametrize("command", sorted(_cli_commands()), ids=" ".join)
def test_every_command_in_the_readme_exists(command):
    done = run_cli(*command, "--help")
    assert done.returncode == 0, done.stderr


def test_the_five_minute_tour_runs_as_written(tmp_path):
    """The tour's shell block, run by bash as a newcomer would (the venv's bin on PATH)."""
    import os

    block = README.split("## A five-minute tour", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    script = block.replace(". .venv/bin/activate", "").replace(
        "export TRADESTAT_WAREHOUSE=tour.duckdb", f"export TRADESTAT_WAREHOUSE={tmp_path}/t.duckdb"
    )
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    # bash itself: the block activates a venv, exports, quotes across lines
    done = subprocess.run(
        ["bash", "-e", "-c", script], cwd=Path(__file__).resolve().parents[2],
        capture_output=True, text=True, timeout=600, env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    # step 2 prints the comparable growth (+0.19 %), step 3 the naive one (-0.74 %)
    assert "0.19" in done.stdout and "-0.74" in done.stdout
    assert "period" in done.stdout  # step 7: the rejects name their field


def test_the_semantics_examples_run_and_say_what_they_claim(tmp_path):
    """The README's official-tables block: right figures, or a refusal naming the grain."""
    import os

    block = README.split("### Real official tables", 1)[1].split("```sh\n", 1)[1]
    block = block.split("```", 1)[0].replace(
        "export TRADESTAT_WAREHOUSE=truth.duckdb", f"export TRADESTAT_WAREHOUSE={tmp_path}/t.duckdb"
    )
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "COLUMNS": "200"}  # fmt: skip
    # bash itself: the block sets variables, expands them and ends a line with || true
    done = subprocess.run(
        ["bash", "-e", "-c", block], cwd=Path(__file__).resolve().parents[2],
        capture_output=True, text=True, timeout=600, env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    out, err = done.stdout, done.stderr
    assert "Total trade, 2020, CNY trillion" in out and "32.16" in out  # as GAC published
    assert "dataset 'cn_annual' is annual: ask for '2020', not '2020-Q1'" in err
    assert "compare 2025-01..2025-06 with 2024-01..2024-06" in err
    assert "Zhejiang      │                 3.91" in out  # its own row, not 6.86
    assert "440000 Guangdong is partial" in err


def test_the_hs_editions_example_runs_and_its_figures_add_up(tmp_path):
    """The README's HS-editions block: end use read in HS2022 adds up to the total, and the
    SITC sections read in HS2017 state the conversion."""
    import json
    import os

    block = README.split("## HS editions, end use and SITC", 1)[1].split("```sh\n", 1)[1]
    block = (
        block.split("```", 1)[0]
        .replace(
            "export TRADESTAT_WAREHOUSE=editions.duckdb",
            f"export TRADESTAT_WAREHOUSE={tmp_path}/e.duckdb",
        )
        .replace("synth_editions", str(tmp_path / "synth_editions"))
    )
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "COLUMNS": "200"}  # fmt: skip
    # bash itself, as for the blocks above: the README's exports and paths as typed
    done = subprocess.run(["bash", "-e", "-c", block], capture_output=True, text=True,
                          timeout=600, env=env)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Total trade by end use, 2022" in done.stdout and "capital" in done.stdout
    answer = json.loads(done.stdout[done.stdout.index('{\n  "unit"') :])
    prov = answer["provenance"]["hs_edition"]
    assert prov["edition"] == "HS2017" and prov["converted"] == ["HS2022"]
    assert 0 < prov["split_share_pct"] < prov["converted_share_pct"] == 100.0
    with tradestat.connect(tmp_path / "e.duckdb", read_only=True) as w:
        q = {"dataset": "editions", "period": "2022", "flow": "export"}
        total = w.query(q).scalar()
        by_section = w.query({**q, "by": ["sitc_section"], "hs_edition": "HS2017"})
        uses = w.query({**q, "by": ["end_use"]}).rows()
    sections = by_section.rows()
    assert sum(r["value"] for r in sections) == total == sum(r["value"] for r in uses)
    assert answer["rows"] == by_section.json_rows()


def test_the_readme_market_finder_example(tmp_path):
    """The section's table, commands and the figures its text states."""
    from typer.testing import CliRunner

    from tradestat.cli.main import build

    section = README.split("## Export-market finder", 1)[1].split("\n## ", 1)[0]
    (tmp_path / "markets.csv").write_text(section.split("```csv\n", 1)[1].split("```", 1)[0])
    commands = section.split("```bash\n", 1)[1].split("```", 1)[0].splitlines()
    runner, app, wh = CliRunner(), build(), ["-w", str(tmp_path / "w.duckdb")]
    for line in commands:
        args = line.split()[1:]
        args = [str(tmp_path / a) if a == "markets.csv" else a for a in args]
        out = runner.invoke(app, [*args, *wh, *(["--output", "csv"] if args[0] == "markets"
                                              else [])])  # fmt: skip
        assert out.exit_code == 0, (line, out.output)
    first = out.stdout.splitlines()[1].split(",")
    header = out.stdout.splitlines()[0].split(",")
    row = dict(zip(header, first, strict=True))
    assert row["market"] == "JPN" and row["untapped_value"] == "57.14"
    assert f"{float(row['import_growth_pct']):.1f} % a year" in section
    assert f"= {float(row['exporter_rca']):.2f}" in section
    assert "57.14 untapped" in section and "average share of 28.6 %" in section


def test_help_lists_the_choices_of_options_with_a_fixed_set():
    """As the README says: `--help` names the values an option takes, from the lists
    the library checks against (a format added is listed without touching the CLI)."""
    from tradestat.ingest.formats.base import ADAPTERS, FORMAT_NAMES, load_builtin
    from tradestat.model.dataset import TIME_GRAINS

    load_builtin()
    # the adapters tradestat ships (tests register others of their own)
    shipped = {n for n, cls in ADAPTERS.items() if cls.__module__.startswith("tradestat.")}
    assert sorted(FORMAT_NAMES) == sorted(shipped)
    ingest = run_cli("ingest", "--help", columns=250).stdout
    assert f"<{'|'.join(FORMAT_NAMES)}>" in ingest
    assert f"<{'|'.join(TIME_GRAINS)}>" in ingest and "<X|M>" in ingest
    assert "<market|customs|name>" in ingest
    create = run_cli("dataset", "create", "--help", columns=250).stdout
    assert f"<{'|'.join(TIME_GRAINS)}>" in create and "<market|customs|name>" in create
    assert "<auto|fred|imf|table>" in run_cli("fx", "import", "--help", columns=250).stdout
    query = run_cli("query", "--help", columns=250).stdout
    assert "<en|zh>" in query and "<table|csv|json>" in query
