"""Data for a benchmark size: generate, ingest, export. Each step is cached by its inputs
(a ``.json`` beside the output) so a rerun of the benchmark only redoes what changed."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from questions import DATASET

# run in a subprocess so its peak memory is the generator's own
_GEN = """
import json, sys
from tradestat.synth import generate
r = generate(int(sys.argv[1]), "2019..2024", int(sys.argv[2]), sys.argv[3], calibrate=True)
hwm = [l.split()[1] for l in open("/proc/self/status") if l.startswith("VmHWM:")][0]
print(json.dumps({"seconds": r.seconds, "peak_rss_kb": int(hwm), "files": len(r.files)}))
"""

_INGEST = """
import json, sys, time
from pathlib import Path
import tradestat
w = tradestat.connect(sys.argv[1])
sources = [Path(p) for p in json.loads(sys.argv[2])]
started, read, rejected, per_batch = time.perf_counter(), 0, 0, []
for source in sources:
    t = time.perf_counter()
    rep = w.ingest(source, sys.argv[3], description=sys.argv[4])
    per_batch.append(time.perf_counter() - t)
    read, rejected = read + rep.rows_read, rejected + rep.rows_rejected
seconds = time.perf_counter() - started
hwm = [l.split()[1] for l in open("/proc/self/status") if l.startswith("VmHWM:")][0]
w.close()
print(json.dumps({"seconds": seconds, "rows": read, "rejected": rejected, "batches": len(sources),
                  "slowest_batch": max(per_batch), "peak_rss_kb": int(hwm)}))
"""


def _cached(path: Path, key: dict[str, Any]) -> dict[str, Any] | None:
    if path.exists():
        doc = json.loads(path.read_text())
        if doc.get("key") == key:
            return doc
    return None


def _run(code: str, *args: str) -> dict[str, Any]:
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True)
    if out.returncode:
        raise RuntimeError(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def generate(rows: int, seed: int, folder: Path) -> dict[str, Any]:
    key = {"rows": rows, "seed": seed, "calibrate": True, "version": 1}
    stamp = folder / "bench-generate.json"
    if hit := _cached(stamp, key):
        return hit
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    stats = _run(_GEN, str(rows), str(seed), str(folder))
    stats["bytes"] = sum(p.stat().st_size for p in folder.glob("*.parquet"))
    stats["rows_per_s"] = rows / stats["seconds"]
    doc = {"key": key, **stats}
    stamp.write_text(json.dumps(doc, indent=2))
    return doc


def ingest(data: Path, warehouse: Path, per_file: bool) -> dict[str, Any]:
    """Ingest the generated files: one batch, or one batch per monthly file."""
    gen = json.loads((data / "bench-generate.json").read_text())
    key = {"data": gen["key"], "per_file": per_file, "version": 1}
    stamp = warehouse.with_suffix(".json")
    if warehouse.exists() and (hit := _cached(stamp, key)):
        return hit
    for p in (warehouse, warehouse.with_suffix(".duckdb.wal"), stamp):
        p.unlink(missing_ok=True)
    sources = sorted(data.glob("*.parquet")) if per_file else [data]
    description = json.loads((data / "dataset.json").read_text())["description"]
    stats = _run(_INGEST, str(warehouse), json.dumps([str(s) for s in sources]), DATASET,
                 description)  # fmt: skip
    stats["rows_per_s"] = stats["rows"] / stats["seconds"]
    stats["bytes"] = warehouse.stat().st_size
    doc = {"key": key, **stats}
    stamp.write_text(json.dumps(doc, indent=2))
    return doc


def export_lookups(warehouse: Path, folder: Path) -> None:
    import lookups

    import tradestat

    with tradestat.connect(warehouse, read_only=True) as w:
        codes = w.con.execute(
            f"SELECT DISTINCT hs_code, hs_edition FROM facts_{DATASET}"
        ).fetchall()  # fmt: skip
    lookups.build(codes, folder)


def export(warehouse: Path, folder: Path) -> Path:
    """The warehouse's Parquet export (what pandas and Polars read) and the lookups."""
    import tradestat

    facts = folder / f"facts_{DATASET}.parquet"
    key = {"warehouse": json.loads(warehouse.with_suffix(".json").read_text())["key"]}
    if facts.exists() and _cached(folder / "bench-export.json", key):
        return facts
    folder.mkdir(parents=True, exist_ok=True)
    with tradestat.connect(warehouse, read_only=True) as w:
        w.export_parquet(folder, [DATASET])
    export_lookups(warehouse, folder)
    (folder / "bench-export.json").write_text(json.dumps({"key": key}))
    return facts


def csv_ingest(data: Path, rows: int, work: Path) -> dict[str, Any]:
    """Ingest throughput from canonical CSV: ``rows`` rows written as one CSV file."""
    import duckdb

    work.mkdir(parents=True, exist_ok=True)
    csv = work / "declarations.csv"
    warehouse = work / "csv-ingest.duckdb"
    if not csv.exists() or _cached(work / "bench-csv.json", {"rows": rows}) is None:
        con = duckdb.connect()
        con.execute(
            f"COPY (SELECT * FROM read_parquet('{data}/*.parquet') LIMIT {rows}) "
            f"TO '{csv}' (HEADER, DELIMITER ',')"
        )
        (work / "bench-csv.json").write_text(json.dumps({"key": {"rows": rows}}))
    warehouse.unlink(missing_ok=True)
    started = time.perf_counter()
    stats = _run(_INGEST, str(warehouse), json.dumps([str(csv)]), "csv_ingest", "benchmark")
    stats["wall"] = time.perf_counter() - started
    stats["rows_per_s"] = stats["rows"] / stats["seconds"]
    stats["csv_bytes"] = csv.stat().st_size
    warehouse.unlink(missing_ok=True)
    return stats
