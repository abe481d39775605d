"""What a query costs beyond its own SQL, and what a CLI call costs beyond DuckDB's.

    python benchmarks/overhead.py    # 1 M rows; writes SERVING.md and RESULTS.md "Serving"
    python benchmarks/overhead.py --rows 200K --repeat 3

Per-query overhead: for each of the 11 release questions (benchmarks/questions.py),
distinct variants (other base years, other `top` sizes) are run through the engine and
their SQL is run alone on the same connection; the ratio is engine time / SQL time,
median over variants. Two cases: a new shape (nothing cached: resolve, build,
compile, run, convert), and a distinct query of a shape seen before (its literals
bound into the shape's SQL template; tradestat.engine.shapes).

CLI start-up: `tradestat query` of one question on the warehouse, as a new process,
the first time (planned through Ibis) and repeated (the plan kept beside the
warehouse: DuckDB alone), against a new Python process that opens DuckDB and runs the
same SQL; all median of ``--repeat`` runs, measured side by side. Also `tradestat --help`.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import prepare  # noqa: E402
from questions import QUESTIONS  # noqa: E402
from results_md import replace_section  # noqa: E402


def variants(query: dict, n: int, dates: bool) -> list[dict]:
    """Distinct queries of one shape: other `top` sizes and, where periods are literals
    of the shape, other base years."""
    out = []
    for i in range(n):
        q = dict(query, top=1000 + i)
        if dates and q.get("period") == "2023":
            q["base_period"] = str(2022 - i % 4)
        out.append(q)
    return out


def _timed(engine, q: dict) -> tuple[float, float]:
    """(engine s, SQL s) of one query."""
    from tradestat.engine import inline
    from tradestat.query.tradequery import TradeQuery

    tq = TradeQuery.from_dict(q)
    started = time.perf_counter()
    engine.run(tq, with_sql=False)
    took = time.perf_counter() - started
    compiled = engine.catalog.plans[tq].compiled
    inline.run(engine.backend, compiled)  # its temp tables exist: SQL alone
    sql = []
    for _ in range(3):
        started = time.perf_counter()
        inline.run(engine.backend, compiled)
        sql.append(time.perf_counter() - started)
    return took, statistics.median(sql)


def per_query(warehouse: Path, n: int) -> list[dict]:
    import tradestat
    from tradestat.engine import shapes
    from tradestat.query.tradequery import TradeQuery

    rows = []
    with tradestat.connect(warehouse, read_only=True) as w:
        engine = w.engine
        w.query(QUESTIONS[0].query)  # imports and the catalog, once
        for question in QUESTIONS:
            tq = TradeQuery.from_dict(question.query)
            dates = shapes.periods_are_literals(tq, engine.resolved(tq).calendar)
            qs = variants(question.query, 2 * n + 2, dates)
            cold = []
            for q in qs[:n]:  # a new shape each time: nothing cached
                engine.catalog.shapes.clear()
                cold.append(_timed(engine, q))
            engine.catalog.shapes.clear()
            for q in qs[n : n + 2]:  # the shape seen twice: its template is made
                _timed(engine, q)
            hits = engine.shape_stats["hits"]
            warm = [_timed(engine, q) for q in qs[n + 2 :]]
            rows.append({
                "question": question.id, "varied": "base year, top" if dates else "top",
                "cold_s": statistics.median(e for e, _ in cold),
                "cold_ratio": statistics.median(e / s for e, s in cold),
                "engine_s": statistics.median(e for e, _ in warm),
                "sql_s": statistics.median(s for _, s in warm),
                "ratio": statistics.median(e / s for e, s in warm),
                "bound": engine.shape_stats["hits"] - hits, "distinct": len(warm),
            })  # fmt: skip
    return rows


BASELINE = """
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
rows = con.sql(open(sys.argv[2]).read()).fetchall()
print(len(rows))
"""


def _wall(cmd: list[str], repeat: int, before=None) -> float:
    times = []
    for _ in range(repeat):
        if before is not None:
            before()
        started = time.perf_counter()
        out = subprocess.run(cmd, capture_output=True, text=True)
        times.append(time.perf_counter() - started)
        if out.returncode:
            raise RuntimeError(out.stderr[-2000:])
    return statistics.median(times)


def cli_startup(warehouse: Path, work: Path, repeat: int) -> dict:
    import shutil

    import tradestat
    from tradestat.store import plan_cache

    query = QUESTIONS[0].query
    with tradestat.connect(warehouse, read_only=True) as w:
        sql = w.query(query).provenance["sql"]
    sql_file = work / "question.sql"
    sql_file.write_text(sql)
    tradestat_cli = [sys.executable, "-m", "tradestat.cli"]
    cmd = [*tradestat_cli, "query", json.dumps(query), "-o", "json", "-w", str(warehouse)]
    kept = plan_cache.folder_of(warehouse)
    first = _wall(cmd, repeat, before=lambda: shutil.rmtree(kept, ignore_errors=True))
    _wall(cmd, 1)  # keeps its plan
    repeated = _wall(cmd, repeat)
    base = _wall([sys.executable, "-c", BASELINE, str(warehouse), str(sql_file)], repeat)
    helps = _wall([*tradestat_cli, "--help"], repeat)
    python = _wall([sys.executable, "-c", "pass"], repeat)
    return {"first_s": first, "cli_s": repeated, "baseline_s": base, "ratio": repeated / base,
            "first_ratio": first / base, "help_s": helps, "python_s": python}  # fmt: skip


def write(path: Path, rows_label: str, per: list[dict], cli: dict, load: str) -> None:
    lines = [
        "# Serving results",
        "",
        "Generated by `python benchmarks/overhead.py`; do not edit by hand.",
        "",
        f"Warehouse: {rows_label} synthetic declarations. Load average during the run: {load}.",
        "",
        "## Per-query overhead",
        "",
        "A distinct query of a shape seen before (its literals bound into the shape's SQL",
        "template), and a query of a new shape (planned through Ibis); engine time over the",
        "time DuckDB takes to run the query's SQL alone, median over the variants.",
        "",
        "| question | literals varied | tradestat s | its SQL s | tradestat / SQL | "
        "bound | new shape s | new shape / SQL |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in per:
        lines.append(f"| {r['question']} | {r['varied']} | {r['engine_s']:.4f} | {r['sql_s']:.4f} "
                     f"| {r['ratio']:.2f}× | {r['bound']}/{r['distinct']} | {r['cold_s']:.4f} "
                     f"| {r['cold_ratio']:.2f}× |")  # fmt: skip
    worst = max(r["ratio"] for r in per)
    median = statistics.median(r["ratio"] for r in per)
    cold_median = statistics.median(r["cold_ratio"] for r in per)
    lines += [
        "",
        f"Distinct queries of a known shape: median ratio **{median:.2f}×**, worst "
        f"{worst:.2f}× (target ≤ 2×). A new shape: median {cold_median:.2f}×.",
        "",
        "## CLI start-up",
        "",
        "| | wall s |",
        "|---|---:|",
        f"| `tradestat query` (totals question), first time: planned through Ibis | "
        f"{cli['first_s']:.3f} |",
        f"| `tradestat query`, repeated: its kept plan on DuckDB | {cli['cli_s']:.3f} |",
        f"| new Python process: DuckDB runs the same SQL | {cli['baseline_s']:.3f} |",
        f"| `tradestat --help` | {cli['help_s']:.3f} |",
        f"| `python -c pass` | {cli['python_s']:.3f} |",
        "",
        f"Repeated `tradestat query` / baseline: **{cli['ratio']:.2f}×** (target ≤ 2.5×); "
        f"the first time {cli['first_ratio']:.2f}×.",
        "",
    ]
    path.write_text("\n".join(lines))


def results_section(rows_label: str, per: list[dict], cli: dict, load: str) -> list[str]:
    worst = max(per, key=lambda r: r["ratio"])
    median = statistics.median(r["ratio"] for r in per)
    cold = statistics.median(r["cold_ratio"] for r in per)
    met = "✓" if worst["ratio"] <= 2 else "✗"
    cli_met = "✓" if cli["ratio"] <= 2.5 else "✗"
    return [
        "## Serving",
        "",
        f"Generated by `python benchmarks/overhead.py` ({time.strftime('%Y-%m-%d %H:%M')}, "
        f"{rows_label} synthetic declarations, load average {load}); every figure beside its "
        "bound, measured in the same run. Details: `benchmarks/SERVING.md`.",
        "",
        "| ratio (target) | measured | met |",
        "|---|---:|:-:|",
        f"| a distinct query of a known shape / its own SQL, 11 questions (≤ 2×) | median "
        f"{median:.2f}×, worst {worst['ratio']:.2f}× ({worst['question']}) | {met} |",
        f"| a query of a new shape / its own SQL (planned through Ibis) | median {cold:.2f}× | |",
        f"| `tradestat query` repeated (kept plan) / new process running the SQL on DuckDB "
        f"(≤ 2.5×) | {cli['ratio']:.2f}× ({cli['cli_s']:.3f} s / {cli['baseline_s']:.3f} s) "
        f"| {cli_met} |",
        f"| `tradestat query` the first time / the same baseline | {cli['first_ratio']:.2f}× "
        f"({cli['first_s']:.3f} s) | |",
        f"| `tradestat --help` | {cli['help_s']:.3f} s | |",
        "",
    ]


def main() -> None:
    import os

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", default="1M")
    ap.add_argument("--variants", type=int, default=5)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--out", type=Path, default=HERE / "SERVING.md")
    ap.add_argument("--results", type=Path, default=HERE / "RESULTS.md")
    args = ap.parse_args()
    from run import paths_for, rows_of

    data = HERE / "data"
    paths = paths_for(data, args.rows)
    prepare.generate(rows_of(args.rows), 7, paths["data"])
    paths["warehouse"].parent.mkdir(parents=True, exist_ok=True)
    prepare.ingest(paths["data"], paths["warehouse"], per_file=False)
    paths["work"].mkdir(parents=True, exist_ok=True)
    before = os.getloadavg()
    per = per_query(paths["warehouse"], args.variants)
    cli = cli_startup(paths["warehouse"], paths["work"], args.repeat)
    load = f"{before[0]:.1f} → {os.getloadavg()[0]:.1f}"
    write(args.out, args.rows, per, cli, load)
    replace_section(args.results, "Serving", results_section(args.rows, per, cli, load))
    print(args.out.read_text())


if __name__ == "__main__":
    main()
