"""`tradestat query` keeps its plan beside the warehouse: a repeated query runs on DuckDB
alone (no Ibis), gives the same answer, and any change to the warehouse retires it."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.core.test_plan_shapes import make_rows, write

RUN = """
import sys
from tradestat.cli.main import main
sys.argv = ["tradestat", *sys.argv[1:]]
try:
    main()
except SystemExit as exc:
    code = exc.code
else:
    code = 0
heavy = [m for m in ("ibis", "pandas", "sqlglot") if m in sys.modules]
print("HEAVY", heavy, file=sys.stderr)
sys.exit(code)
"""

QUERIES = [
    {"dataset": "trade", "period": "2023", "by": ["flow"], "compare": ["growth"]},
    {"dataset": "trade", "period": "2022", "by": ["partner_group"], "currency": "USD",
     "where": {"partner_group": ["eu", "rcep"]}, "compare": ["growth", "share"]},
    {"dataset": "trade", "period": "2023", "by": ["month"], "flow": "export", "top": 4},
]  # fmt: skip


def cli(*args: str) -> tuple[dict | str, list[str]]:
    # a fresh process each time: the plan kept across processes, and Ibis never imported
    out = subprocess.run([sys.executable, "-c", RUN, *args], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    heavy = next(line for line in out.stderr.splitlines() if line.startswith("HEAVY"))
    text = out.stdout
    return (json.loads(text) if text.startswith("{") else text), eval(heavy[6:])


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    import tradestat

    folder = tmp_path_factory.mktemp("cli-plans")
    rows = make_rows()
    write(rows, folder / "trade.csv")
    with tradestat.connect(folder / "w.duckdb") as w:
        w.ingest(folder / "trade.csv", "trade")
    return folder / "w.duckdb", rows


def without_seconds(doc: dict) -> dict:
    doc = dict(doc, provenance=dict(doc["provenance"]))
    doc["provenance"].pop("seconds")
    return doc


@pytest.mark.parametrize("query", QUERIES)
def test_repeated_query_needs_no_ibis_and_answers_the_same(warehouse, query):
    path, _ = warehouse
    args = ("query", json.dumps(query), "-o", "json", "-w", str(path))
    first, heavy_first = cli(*args)
    again, heavy_again = cli(*args)
    assert "ibis" in heavy_first  # planned
    assert heavy_again == []  # DuckDB and pyarrow only
    assert without_seconds(again) == without_seconds(first)
    assert first["rows"]  # an answer, not an empty table


def test_a_first_query_in_dollars_does_not_import_pandas(warehouse):
    """The exchange rates reach the engine as plain dicts (reference.fx_monthly_map):
    building Arrow tables from Python values made pyarrow import pandas."""
    path, _ = warehouse
    q = {"dataset": "trade", "period": "2022", "by": ["flow"], "currency": "USD",
         "compare": ["growth"]}  # fmt: skip
    doc, heavy = cli("query", json.dumps(q), "-o", "json", "-w", str(path))
    assert doc["rows"] and "ibis" in heavy and "pandas" not in heavy


def test_an_ingest_retires_the_kept_plans(warehouse, tmp_path):
    path, rows = warehouse
    q = {"dataset": "trade", "period": "2021", "measure": "quantity", "flow": "export"}
    args = ("query", json.dumps(q), "-o", "json", "-w", str(path))
    want = sum(int(r["quantity"]) for r in rows if r["period"][:4] == "2021" and r["flow"] == "X")
    cli(*args)
    kept, heavy = cli(*args)
    assert heavy == [] and kept["rows"][0]["value"] == want
    extra = [dict(rows[0], record_id="cli-new", period="2021-03", flow="X", quantity="5",
                  vintage="2022-02-01")]  # fmt: skip
    write(extra, tmp_path / "more.csv")
    import tradestat

    with tradestat.connect(path) as w:
        assert w.ingest(tmp_path / "more.csv", "trade").rows_accepted == 1
    after, heavy = cli(*args)
    assert "ibis" in heavy and after["rows"][0]["value"] == want + 5  # planned again


def test_dataset_changes_retire_the_kept_plans(warehouse):
    import tradestat
    from tradestat.store import plan_cache

    path, _ = warehouse
    with tradestat.connect(path) as w:
        before = plan_cache.fingerprint(w.con)
        w.update_dataset("trade", published=True)
        assert plan_cache.fingerprint(w.con) != before
        w.update_dataset("trade", published=False)


def test_plans_of_another_user_or_writable_by_others_are_not_used(warehouse):
    import tradestat
    from tradestat.store import plan_cache

    path, _ = warehouse
    q = QUERIES[0]
    cli("query", json.dumps(q), "-o", "json", "-w", str(path))
    from tradestat.query.tradequery import TradeQuery

    folder = plan_cache.folder_of(path)
    assert oct(folder.stat().st_mode & 0o777) == "0o700"
    assert all(p.stat().st_mode & 0o777 == 0o600 for p in folder.glob("*.json"))
    with tradestat.connect(path, read_only=True) as w:
        assert plan_cache.lookup(w, TradeQuery.from_dict(q)) is not None
        os.chmod(folder, 0o777)  # anyone could have planted an entry: none is trusted
        try:
            assert plan_cache.lookup(w, TradeQuery.from_dict(q)) is None
        finally:
            os.chmod(folder, 0o700)
        assert plan_cache.lookup(w, TradeQuery.from_dict(q), role="other") is None


def test_answers_under_disclosure_control_are_never_kept(warehouse):
    import tradestat
    from tradestat.query.tradequery import TradeQuery
    from tradestat.store import plan_cache

    path, _ = warehouse
    q = TradeQuery.from_dict({"dataset": "trade", "period": "2020", "by": ["partner"]})
    with tradestat.connect(path, read_only=True) as w:
        protected = w.query(q, confidential=False)
        assert protected.provenance["perturbed"]
        plan_cache.store(w, q, protected)
        assert plan_cache.lookup(w, q) is None
        plan_cache.store(w, q, w.query(q))
        kept = plan_cache.lookup(w, q)
        assert kept.table.equals(w.query(q).table)  # the exact figures, for the file's reader


def test_help_is_light():
    out = subprocess.run([sys.executable, "-c", RUN, "--help"], capture_output=True, text=True)
    assert out.returncode == 0 and "query" in out.stdout
    code = "import sys, tradestat.cli.main; print(sorted(m for m in ('ibis', 'duckdb', " \
           "'pandas', 'pyarrow', 'fastapi') if m in sys.modules))"  # fmt: skip
    light = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert light.stdout.strip() == "[]"


def test_a_command_mounts_only_its_module(warehouse):
    path, _ = warehouse
    code = RUN.replace(
        '("ibis", "pandas", "sqlglot")', '("tradestat.cli.serve_cmd", "tradestat.cli.report_cmd")'
    )
    q = json.dumps(QUERIES[0])
    out = subprocess.run([sys.executable, "-c", code, "query", q, "-w", str(path)],
                         capture_output=True, text=True)  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert "HEAVY []" in out.stderr


def test_merged_command_names_match_their_modules():
    import importlib

    import typer

    from tradestat.cli.main import MERGED

    for module_name, names in MERGED.items():
        app = typer.Typer()
        importlib.import_module(module_name).register(app)
        found = [c.name or c.callback.__name__ for c in app.registered_commands]
        found += [g.name for g in app.registered_groups]
        assert sorted(found) == sorted(names), module_name


@pytest.mark.parametrize("output", ["json", "csv", "table"])
def test_a_plain_query_call_answers_as_typer_does(warehouse, output):
    """`query QUERY -o F -w PATH` skips Typer's parsing; the same call with an option
    Typer must parse (`--lang en`, the default) prints the same."""
    path, _ = warehouse
    q = json.dumps(QUERIES[1])
    code = RUN.replace('("ibis", "pandas", "sqlglot")', '("pydantic",)')
    plain = [sys.executable, "-c", code, "query", q, "-o", output, "-w", str(path)]
    parsed = [*plain, "--lang", "en"]
    outs = [subprocess.run(cmd, capture_output=True, text=True) for cmd in (plain, parsed)]
    assert [o.returncode for o in outs] == [0, 0], outs[1].stderr
    assert "HEAVY []" in outs[0].stderr and "HEAVY ['pydantic']" in outs[1].stderr
    texts = [o.stdout for o in outs]
    if output == "json":
        texts = [json.dumps(without_seconds(json.loads(t))) for t in texts]
    assert texts[0] == texts[1] and texts[0].strip()


def test_plain_query_arguments():
    from pathlib import Path

    from tradestat.cli.main import plain_query

    assert plain_query(["query", "{}", "-o", "csv", "-w", "x.duckdb"]) == {
        "text": "{}", "output": "csv", "wh": Path("x.duckdb")
    }  # fmt: skip
    assert plain_query(["query", "{}"]) == {"text": "{}", "output": "table", "wh": None}
    for other in (["query", "{}", "--to", "a.csv"], ["query", "--help"], ["query", "{}", "-o"],
                  ["query", "{}", "-o", "xml"], ["explain", "{}"], ["query", "{}", "-o", "csv",
                  "-o", "json"], ["query", "{}", "--output=csv"]):  # fmt: skip
        assert plain_query(other) is None, other
