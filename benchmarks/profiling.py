"""Where does tradestat's time go on a question? Splits one ``w.query`` into building the
Ibis expression, compiling it to SQL and running that SQL, and runs the hand-written SQL
beside it on the same connection, with DuckDB's EXPLAIN ANALYZE for both.

    python benchmarks/profiling.py benchmarks/data/10M/warehouse.duckdb monthly_cube [--analyze]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from questions import BY_ID, QUESTIONS
from sql_impl import SQL, setup


def timed(fn, repeats: int) -> float:
    fn()  # warm
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def profile(warehouse: str, qid: str, repeats: int, analyze: bool, lookups: str | None) -> None:
    import tradestat

    w = tradestat.connect(warehouse, read_only=True)
    q = BY_ID[qid]
    engine = w.engine
    backend = engine.backend
    expr, _, _ = engine.expression(q.query)
    backend._run_pre_execute_hooks(expr)  # registers the memtables the SQL names
    sql = str(backend.compile(expr))
    con = backend.con
    if lookups:
        setup(con, {"pg": f"{lookups}/product_groups.parquet",
                    "pgm": f"{lookups}/partner_groups.parquet"})  # fmt: skip
    rows = {
        "w.query (total)": timed(lambda: w.query(q.query, with_sql=False), repeats),
        "build expression": timed(lambda: engine.expression(q.query), repeats),
        "compile to SQL": timed(lambda: backend.compile(expr), repeats),
        "run tradestat's SQL": timed(lambda: con.sql(sql).to_arrow_table(), repeats),
    }
    if lookups:
        rows["run hand-written SQL"] = timed(lambda: con.sql(SQL[qid]).to_arrow_table(), repeats)
    print(f"## {qid}\n")
    for name, secs in rows.items():
        print(f"- {name}: {secs * 1000:.1f} ms")
    print(f"\n```sql\n{sql}\n```\n")
    if analyze:
        for name, text in (("tradestat", sql), ("hand-written", SQL[qid] if lookups else None)):
            if text:
                plan = con.sql(f"EXPLAIN ANALYZE {text}").fetchall()[0][1]
                print(f"### EXPLAIN ANALYZE, {name}\n\n```\n{plan}\n```\n")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("warehouse")
    ap.add_argument("questions", nargs="*", default=[q.id for q in QUESTIONS])
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--analyze", action="store_true")
    ap.add_argument("--lookups", help="folder with the lookup Parquet files (export folder)")
    args = ap.parse_args()
    for qid in args.questions:
        profile(args.warehouse, qid, args.repeats, args.analyze, args.lookups)


if __name__ == "__main__":
    main()
