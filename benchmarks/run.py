"""The benchmark: one command from synthetic data to benchmarks/RESULTS.md.

    python benchmarks/run.py --rows 10M,100M            # what `make bench` runs
    python benchmarks/run.py --rows 1M --capped none    # a quick look

For each size: generate calibrated synthetic declarations, ingest them, export the
warehouse to Parquet, then answer every question with tradestat, hand-written DuckDB
SQL, pandas and Polars, each in its own process (for honest peak memory), and check
that all four give the same figures — a disagreement fails the run (exit code 1).
Also: the customs bulletin, ingest throughput from CSV, and a capped-memory run
(default 1 B rows, DuckDB limited to 4 GB; smaller if the disk cannot hold it).
Data go under benchmarks/data/ (git-ignored) and are reused while their inputs match.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import machine  # noqa: E402
import prepare  # noqa: E402
import suite  # noqa: E402

import report  # noqa: E402

SUFFIX = {"K": 10**3, "M": 10**6, "B": 10**9}


def rows_of(label: str) -> int:
    label = label.strip().upper()
    return int(float(label[:-1]) * SUFFIX[label[-1]]) if label[-1] in SUFFIX else int(label)


def paths_for(data: Path, label: str) -> dict[str, Path]:
    base = data / label
    return {
        "data": base / "parquet",
        "warehouse": base / "warehouse.duckdb",
        "export": base / "export",
        "facts": base / "export" / "facts_synthetic.parquet",
        "work": base / "work",
    }


def log(text: str) -> None:
    print(time.strftime("%H:%M:%S"), text, flush=True)


def prepare_size(label: str, seed: int, data: Path, export: bool) -> dict:
    p = paths_for(data, label)
    log(f"{label}: generating")
    gen = prepare.generate(rows_of(label), seed, p["data"])
    log(f"{label}: generated in {gen['seconds']:.0f} s; ingesting")
    ing = prepare.ingest(p["data"], p["warehouse"], per_file=True)
    log(f"{label}: ingested in {ing['seconds']:.0f} s ({ing['rows_per_s']:,.0f} rows/s)")
    if export:
        prepare.export(p["warehouse"], p["export"])
    else:  # the capped run reads no export, but the workers need the lookups
        p["export"].mkdir(parents=True, exist_ok=True)
        prepare.export_lookups(p["warehouse"], p["export"])
    return {"generate": gen, "ingest": ing}


def run_size(label: str, args, results: dict, engines, memory_limit=None) -> dict:
    p = paths_for(args.data, label)
    rows = rows_of(label)
    repeats = args.repeats or (5 if rows <= 10**7 else 3 if rows <= 10**8 else 1)
    started, load_start = time.strftime("%Y-%m-%d %H:%M"), machine.load()
    qs = suite.run_size(label, p, repeats, engines, memory_limit, log=log)
    return {
        "rows": rows, "label": label, "repeats": repeats, "questions": qs, "started": started,
        "load_start": " ".join(f"{x:.1f}" for x in load_start),
        "load_end": " ".join(f"{x:.1f}" for x in machine.load()),
    }  # fmt: skip


def capped_label(want: str, results: dict, data: Path) -> tuple[str, str]:
    """The capped size the disk can hold (data + warehouse, from the measured bytes/row)."""
    per_row = [
        (p["generate"]["bytes"] + p["ingest"]["bytes"]) / p["generate"]["key"]["rows"]
        for p in results["prepared"].values()
    ]
    need_per_row = max(per_row or [80.0]) * 1.25  # spill files and the write-ahead log
    free = shutil.disk_usage(data).free
    label = want
    while rows_of(label) * need_per_row > free and rows_of(label) > 10**8:
        label = f"{rows_of(label) // 2 // 10**6}M"
    note = ""
    if label != want:
        need = rows_of(want) * need_per_row / 2**30
        note = (
            f"Disk too small for {want} rows: {free / 2**30:.0f} GiB free, ~{need:.0f} GiB "
            f"needed; ran {label} rows."
        )
    return label, note


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--rows", default="10M,100M", help="sizes, e.g. 10M,100M")
    ap.add_argument("--capped", default="1B", help="size run under a 4 GB cap, or 'none'")
    ap.add_argument("--csv-rows", default="10M", help="rows for the CSV ingest throughput")
    ap.add_argument("--repeats", type=int, default=0, help="timed runs (default by size)")
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--data", type=Path, default=HERE / "data")
    ap.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    ap.add_argument("--engines", default=",".join(suite.ENGINES))
    ap.add_argument("--report-only", action="store_true", help="rewrite RESULTS.md only")
    args = ap.parse_args()
    args.data.mkdir(parents=True, exist_ok=True)
    store = args.data / "results.json"
    results = json.loads(store.read_text()) if store.exists() else {}
    if not args.report_only:
        run_all(args, results, store)
    report.write(results, args.out)
    log(f"wrote {args.out}")
    bad = [(label, q) for label, s in results.get("sizes", {}).items()
           for q, e in s["questions"].items() if e["disagree"]]  # fmt: skip
    if bad:
        log(f"FAILED: engines disagree on {bad}")
    return 1 if bad else 0


def run_all(args, results: dict, store: Path) -> None:
    results["machine"] = machine.describe(args.data)
    engines = tuple(args.engines.split(","))
    labels = [s.strip() for s in args.rows.split(",") if s.strip()]
    save = lambda: store.write_text(json.dumps(results, indent=1, default=str))  # noqa: E731
    for label in labels:
        results.setdefault("prepared", {})[label] = prepare_size(label, args.seed, args.data, True)
        results.setdefault("sizes", {})[label] = run_size(label, args, results, engines)
        save()
        if rows_of(label) >= 10**8 or label == labels[-1]:
            log(f"{label}: customs bulletin")
            results.setdefault("bulletins", {})[label] = suite.run_bulletin(
                paths_for(args.data, label), 3
            )
            save()
    csv_label = labels[0]
    log(f"CSV ingest of {args.csv_rows} rows")
    results["csv_ingest"] = prepare.csv_ingest(
        paths_for(args.data, csv_label)["data"], rows_of(args.csv_rows), args.data / "csv"
    )
    save()
    if args.capped.lower() != "none":
        label, note = capped_label(args.capped, results, args.data)
        results.setdefault("prepared", {})[label] = prepare_size(label, args.seed, args.data, False)
        cap = run_size(label, args, results, ("tradestat", "sql"), memory_limit="4GB")
        results["capped"] = {**cap, "note": note}
        save()


if __name__ == "__main__":
    sys.exit(main())
