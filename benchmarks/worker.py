"""Run one question on one engine in a fresh process; print timings and peak memory.

Run by ``run.py`` as a subprocess so that each engine's peak resident memory is its own
(VmHWM), measured on the same data in the same benchmark run. The answer is
written to ``--out`` (Parquet) for the agreement check.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from questions import BY_ID


def rss_kb() -> int:
    """Peak resident memory of this process (VmHWM). Not ``ru_maxrss``: Linux carries that
    over from the parent through fork and exec, so a child would report its parent's peak."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def runner(engine: str, question: str, args: argparse.Namespace):
    """Set the engine up (not timed) and return a function answering the question."""
    if engine == "bulletin":
        return _bulletin(args)
    q = BY_ID[question]
    lookups = {"pg": str(Path(args.lookups) / "product_groups.parquet"),
               "pgm": str(Path(args.lookups) / "partner_groups.parquet")}  # fmt: skip
    if engine == "tradestat":
        import tradestat

        w = tradestat.connect(args.warehouse, read_only=True)
        _limit(w.con, args)
        return lambda: w.query(q.query, with_sql=False).table
    if engine == "sql":
        import duckdb
        from sql_impl import SQL, setup

        con = duckdb.connect(args.warehouse, read_only=True)
        _limit(con, args)
        setup(con, lookups)
        return lambda: con.sql(SQL[question]).to_arrow_table()
    module = __import__(f"{engine}_impl")
    module.PATH, module.LOOKUPS = args.parquet, lookups
    return module.RUN[question]


def _bulletin(args: argparse.Namespace):
    """The customs bulletin for 2023 (all its queries, checks and text), as one answer;
    question ``customs-alone`` runs every query alone (no shared scans). The answer
    counts the SQL statements the build sent to DuckDB (first build and this one)."""
    import pyarrow as pa
    from questions import CUR, DATASET

    import tradestat
    from tradestat.report import build_bulletin

    w = tradestat.connect(args.warehouse, read_only=True)
    _limit(w.con, args)
    shared = args.question != "customs-alone"
    sent: list[int] = []

    def build():
        before = w.engine.statements
        b = build_bulletin(w, "customs", DATASET, str(CUR), shared_scans=shared)
        sent.append(w.engine.statements - before)
        return pa.table({"sections": [len(b.statements())], "queries": [len(b.runs())],
                         "figures": [len(b.figures)], "failed_checks": [len(b.failed_checks)],
                         "sql_first": [sent[0]], "sql": [sent[-1]],
                         "left_out": [sum(1 for s in b.statements() if s.left_out)]})  # fmt: skip

    return build


def _limit(con, args: argparse.Namespace) -> None:
    if args.memory_limit:
        con.execute(f"SET memory_limit = '{args.memory_limit}'")
    if args.temp_dir:
        con.execute(f"SET temp_directory = '{args.temp_dir}'")


def to_arrow(answer):
    import pyarrow as pa

    if isinstance(answer, pa.Table):
        return answer
    if hasattr(answer, "to_arrow"):  # Polars
        return answer.to_arrow()
    return pa.Table.from_pandas(answer, preserve_index=False)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--engine", required=True)
    p.add_argument("--question", required=True)
    p.add_argument("--warehouse", required=True)
    p.add_argument("--parquet", required=True)
    p.add_argument("--lookups", required=True)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--out", required=True)
    p.add_argument("--memory-limit", default=None)
    p.add_argument("--temp-dir", default=None)
    args = p.parse_args()
    import pyarrow.parquet as pq

    answer_fn = runner(args.engine, args.question, args)
    ready_kb = rss_kb()
    times = []
    answer = None
    for _ in range(args.repeats + 1):  # the first run warms caches and is reported apart
        started = time.perf_counter()
        answer = answer_fn()
        times.append(time.perf_counter() - started)
    table = to_arrow(answer)
    pq.write_table(table, args.out)
    report = {"first": times[0], "times": times[1:], "peak_rss_kb": rss_kb(),
              "ready_rss_kb": ready_kb, "rows": table.num_rows}  # fmt: skip
    if args.engine == "bulletin":
        report["bulletin"] = table.to_pylist()[0]
    print(json.dumps(report))


if __name__ == "__main__":
    main()
