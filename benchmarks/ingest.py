"""Ingest against DuckDB's own bounds, measured in one run (issue: ingest at DuckDB speed).

    python benchmarks/ingest.py --rows 5M --large 20M     # what `make bench` runs

Every measurement runs in its own process (peak memory is that process's VmHWM) and
each tradestat figure is set beside a DuckDB bound measured on the same file in the
same run, so the load of a shared machine weighs on both:

- canonical CSV: ``w.ingest(file.csv)`` against one DuckDB statement that reads the text,
  applies the same row rules (tradestat's validation SQL over ``read_csv``) and writes
  the typed good rows into a table of a DuckDB file;
- canonical Parquet: ``w.ingest(file.parquet)`` against ``CREATE TABLE AS SELECT ... FROM
  read_parquet`` with the same rules;
- the Online Retail folder (305 daily files) through its adapter against DuckDB's
  ``read_csv`` of the folder into a table;
- 72 monthly Parquet files as 72 batches against the same rows as one batch: the
  difference over 72 is the fixed cost of a batch;
- a large canonical ingest (monthly files as one batch) in rows per second;
- a GAC export, a Comtrade download and a mapped table (``ingest_adapters.py``) through
  their adapters against DuckDB's ``read_csv`` of the same file into a table of text.

The results go into the "Ingest" section of RESULTS.md (this script replaces that
section only) and into data/results.json under "ingest" for ``run.py``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from ingest_adapters import case_read_text, measure_adapters
from results_md import replace_section

HERE = Path(__file__).resolve().parent
RETAIL = HERE.parents[1] / "shared" / "data" / "raw" / "online-retail" / "by-day"
SUFFIX = {"K": 10**3, "M": 10**6}


def _peak_kb() -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


# ---- the measured cases, each run in a child process: python ingest.py --case ... ----


def case_tradestat(
    warehouse: str, sources: list[str], fmt: str, options: dict | None = None
) -> dict[str, Any]:
    import tradestat

    w = tradestat.connect(warehouse)
    started, read, rejected = time.perf_counter(), 0, 0
    for source in sources:
        rep = w.ingest(source, "bench", fmt, **(options or {}))
        read, rejected = read + rep.rows_read, rejected + rep.rows_rejected
    w.close()  # counted: the checkpoint that makes the last batches durable in the file
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "rows": read, "rejected": rejected, "batches": len(sources)}


def _bound_rules(con: Any) -> tuple[str, str]:
    """tradestat's validation SQL (the same rules) over a view named ``_stage``."""
    from tradestat.ingest import validate
    from tradestat.ingest.refs import load_reference_tables

    # the bound converts nothing: no rates of its own
    con.execute("CREATE TEMP TABLE fx_rates_user (currency VARCHAR, period DATE, per_usd DOUBLE)")
    load_reference_tables(con)
    today = time.strftime("%Y-%m-%d")
    defaults = validate.Defaults(None, None, None, today, "CNY")
    check, _, _ = validate.reject_case(validate.checks(today, today))
    typed = validate.typed().replace("{cleaned}", validate.cleaned(defaults))
    return typed, check


def case_bound(warehouse: str, source: str, kind: str) -> dict[str, Any]:
    import duckdb

    con = duckdb.connect(warehouse)
    started = time.perf_counter()
    if kind == "csv":
        reader = f"read_csv('{source}', all_varchar = true, header = true)"
        cols = "*"
    else:
        reader = f"read_parquet('{source}')"
        names = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {reader}").fetchall()]
        cols = ", ".join(f'CAST("{n}" AS VARCHAR) AS "{n}"' for n in names)
    con.execute(
        f"""CREATE TEMP VIEW _stage AS SELECT {cols}, NULL::BIGINT AS _seq,
        NULL::VARCHAR AS _file, NULL::BIGINT AS _row, NULL::VARCHAR AS _reject_field,
        NULL::VARCHAR AS _reject_reason, NULL::VARCHAR AS _raw FROM {reader}"""
    )
    typed, check = _bound_rules(con)
    from tradestat.ingest.validate import TEXT_FORMS

    con.execute(
        f"""CREATE TABLE good AS SELECT * EXCLUDE (_check, {", ".join(TEXT_FORMS)})
        FROM (SELECT *, {check} AS _check FROM ({typed})) WHERE _check IS NULL"""
    )
    rows = con.execute("SELECT count(*) FROM good").fetchall()[0][0]
    con.close()  # counted, as tradestat's close is
    return {"seconds": time.perf_counter() - started, "rows": rows}


def case_read_folder(warehouse: str, folder: str) -> dict[str, Any]:
    import duckdb

    con = duckdb.connect(warehouse)
    started = time.perf_counter()
    con.execute(f"CREATE TABLE t AS SELECT * FROM read_csv('{folder}/*.csv', header = true)")
    rows = con.execute("SELECT count(*) FROM t").fetchall()[0][0]
    con.close()  # counted, as tradestat's close is
    return {"seconds": time.perf_counter() - started, "rows": rows}


CASES = {
    "tradestat": case_tradestat,
    "bound": case_bound,
    "read_folder": case_read_folder,
    "read_text": case_read_text,
}


def run_case(name: str, work: Path, *args: Any) -> dict[str, Any]:
    """One case in a fresh process, on a fresh warehouse file."""
    db = work / f"{name}.duckdb"
    for p in (db, db.with_suffix(".duckdb.wal")):
        p.unlink(missing_ok=True)
    cmd = [sys.executable, __file__, "--case", name, str(db), json.dumps(list(args))]
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode:
        raise RuntimeError(out.stderr[-3000:])
    db.unlink(missing_ok=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


# ---- data ----


def rows_of(label: str) -> int:
    label = label.strip().upper()
    return int(float(label[:-1]) * SUFFIX[label[-1]]) if label[-1] in SUFFIX else int(label)


def synth(rows: int, folder: Path) -> Path:
    if not (folder / "dataset.json").exists():
        subprocess.run(
            [str(Path(sys.executable).with_name("tradestat")), "synth", "--rows", str(rows),
             "--seed", "7", "--to", str(folder)], check=True, capture_output=True,
        )  # fmt: skip
    return folder


def single_files(folder: Path, work: Path) -> tuple[Path, Path]:
    import duckdb

    csv, parquet = work / f"{folder.name}.csv", work / f"{folder.name}.parquet"
    con = duckdb.connect()
    if not csv.exists():
        con.execute(f"COPY (SELECT * FROM '{folder}/*.parquet') TO '{csv}' (HEADER)")
    if not parquet.exists():
        con.execute(f"COPY (SELECT * FROM '{folder}/*.parquet') TO '{parquet}' (FORMAT parquet)")
    return csv, parquet


# ---- the run and its report ----


def measure(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    work.mkdir(parents=True, exist_ok=True)
    rows = rows_of(args.rows)
    monthly = synth(rows, work / f"synth-{args.rows}")
    csv, parquet = single_files(monthly, work)
    out: dict[str, Any] = {"rows": rows, "started": time.strftime("%Y-%m-%d %H:%M")}
    log = lambda text: print(time.strftime("%H:%M:%S"), text, flush=True)  # noqa: E731
    log("canonical CSV")
    out["csv"] = {
        "bound": run_case("bound", work, str(csv), "csv"),
        "tradestat": run_case("tradestat", work, [str(csv)], "canonical"),
    }
    log("canonical Parquet")
    out["parquet"] = {
        "bound": run_case("bound", work, str(parquet), "parquet"),
        "tradestat": run_case("tradestat", work, [str(parquet)], "canonical"),
    }
    log("72 monthly batches")
    files = sorted(str(p) for p in monthly.glob("*.parquet"))
    out["batches"] = {
        "one": run_case("tradestat", work, [str(monthly)], "canonical"),
        "each": run_case("tradestat", work, files, "canonical"),
    }
    if RETAIL.is_dir():
        log("Online Retail folder")
        out["retail"] = {
            "bound": run_case("read_folder", work, str(RETAIL)),
            "tradestat": run_case("tradestat", work, [str(RETAIL)], "online-retail"),
        }
    if args.adapter_rows:
        out["adapters"] = measure_adapters(rows_of(args.adapter_rows), work, run_case, log)
    if args.large:
        log(f"large ingest ({args.large})")
        big = synth(rows_of(args.large), work / f"synth-{args.large}")
        out["large"] = run_case("tradestat", work, [str(big)], "canonical")
        out["large"]["label"] = args.large
    out["load_end"] = " ".join(f"{x:.1f}" for x in __import__("os").getloadavg())
    return out


def _mb(case: dict[str, Any]) -> float:
    return case["peak_rss_kb"] / 1024


def section(r: dict[str, Any]) -> list[str]:
    def ratio_row(what: str, pair: dict[str, Any], target: float, mem_target: float | None):
        b, t = pair["bound"], pair["tradestat"]
        ratio, mem = t["seconds"] / b["seconds"], _mb(t) / _mb(b)
        met = ratio <= target and (mem_target is None or mem <= mem_target)
        mem_goal = f", memory ≤ {mem_target}×" if mem_target else ""
        return (
            f"| {what} (≤ {target}×{mem_goal}) | {t['seconds']:.2f} s, {_mb(t):.0f} MB | "
            f"{b['seconds']:.2f} s, {_mb(b):.0f} MB | {ratio:.2f}× time, {mem:.2f}× memory | "
            f"{t['rows'] / t['seconds'] / 1e6:.2f} | {'✓' if met else '✗'} |"
        )

    lines = [
        "## Ingest",
        "",
        f"Generated by `python benchmarks/ingest.py` (run {r['started']}, load average at the "
        f"end {r['load_end']}); {r['rows']:,} synthetic declarations. Each figure beside a "
        "DuckDB bound measured on the same file in the same run, each in its own process.",
        "",
        "| case (target) | tradestat | DuckDB bound | ratio | tradestat M rows/s | met |",
        "|---|---:|---:|---:|---:|:-:|",
        ratio_row("canonical CSV, one pass with the same rules", r["csv"], 1.3, 1.2),
        ratio_row("canonical Parquet, CTAS from read_parquet, same rules", r["parquet"], 1.3, None),
    ]
    if "retail" in r:
        lines.append(ratio_row("Online Retail folder, read_csv into a table", r["retail"], 3, None))
    one, each = r["batches"]["one"], r["batches"]["each"]
    fixed = (each["seconds"] - one["seconds"]) / each["batches"]
    lines += [
        "",
        f"72 monthly files as 72 batches: {each['seconds']:.2f} s against {one['seconds']:.2f} s "
        f"as one batch, so a batch costs **{fixed * 1000:.0f} ms** fixed (target ≤ 50 ms: "
        f"{'✓' if fixed <= 0.05 else '✗'}).",
    ]
    if adapters := r.get("adapters"):
        import ingest_adapters

        lines += ingest_adapters.section(adapters, ratio_row)
    if big := r.get("large"):
        rate = big["rows"] / big["seconds"] / 1e6
        lines += [
            "",
            f"Large ingest: {big['rows']:,} rows ({big['label']}, 72 monthly Parquet files, one "
            f"batch) in {big['seconds']:.1f} s = **{rate:.2f} M rows/s**, peak {_mb(big):.0f} MB "
            f"(target ≥ 1 M rows/s: {'✓' if rate >= 1 else '✗'}).",
        ]
    return [*lines, ""]


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--case":
        name, db, args = sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
        result = CASES[name](db, *args)
        print(json.dumps({**result, "peak_rss_kb": _peak_kb()}))
        return 0
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--rows", default="5M", help="rows of the CSV/Parquet/batch cases")
    ap.add_argument("--large", default="20M", help="rows of the large ingest ('' to skip)")
    ap.add_argument("--adapter-rows", default="1M", help="rows of the adapter cases ('' to skip)")
    ap.add_argument("--data", type=Path, default=HERE / "data" / "ingest")
    ap.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    ap.add_argument("--report-only", action="store_true", help="rewrite the section only")
    args = ap.parse_args()
    store = HERE / "data" / "results.json"
    saved = json.loads(store.read_text()) if store.exists() else {}
    if args.report_only:
        results = saved["ingest"]
    else:
        results = measure(args, args.data)
        store.parent.mkdir(parents=True, exist_ok=True)
        store.write_text(json.dumps({**saved, "ingest": results}, indent=1, default=str))
    replace_section(args.out, "Ingest", section(results))
    print("\n".join(section(results)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
