"""Run every question on every engine for one data size and check the answers agree."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
from compare import differences
from questions import QUESTIONS

HERE = Path(__file__).resolve().parent
ENGINES = ("tradestat", "sql", "pandas", "polars")
MIN_AVAILABLE = 1.5 * 2**30  # kill a worker before it starves the machine


def run_worker(args: list[str], timeout: float) -> dict[str, Any]:
    """One worker process, watched: killed when the machine runs out of memory."""
    import psutil

    proc = subprocess.Popen(
        [sys.executable, str(HERE / "worker.py"), *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    started, killed = time.monotonic(), None
    while proc.poll() is None:
        if psutil.virtual_memory().available < MIN_AVAILABLE:
            killed = "killed: machine memory nearly exhausted"
        elif time.monotonic() - started > timeout:
            killed = f"killed: over {timeout:.0f} s"
        if killed:
            proc.kill()
            break
        time.sleep(0.2)
    out, err = proc.communicate()
    if killed or proc.returncode:
        return {"error": killed or err.strip().splitlines()[-1][:300] if err else "failed"}
    return json.loads(out.strip().splitlines()[-1])


def summarise(report: dict[str, Any]) -> dict[str, Any]:
    if "error" in report:
        return report
    return {
        "median": statistics.median(report["times"]),
        "times": report["times"],
        "first": report["first"],
        "peak_mb": report["peak_rss_kb"] / 1024,
        "ready_mb": report["ready_rss_kb"] / 1024,
        "rows": report["rows"],
        **({"bulletin": report["bulletin"]} if "bulletin" in report else {}),
    }


def run_size(
    label: str,
    paths: dict[str, Path],
    repeats: int,
    engines: tuple[str, ...] = ENGINES,
    memory_limit: str | None = None,
    timeout: float = 3600,
    log=print,
) -> dict[str, Any]:
    out_dir = paths["work"] / "answers"
    out_dir.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {}
    for q in QUESTIONS:
        entry: dict[str, Any] = {"engines": {}, "disagree": {}}
        for engine in engines:
            out = out_dir / f"{q.id}-{engine}.parquet"
            out.unlink(missing_ok=True)
            args = [
                "--engine", engine, "--question", q.id, "--warehouse", str(paths["warehouse"]),
                "--parquet", str(paths["facts"]), "--lookups", str(paths["export"]),
                "--repeats", str(repeats), "--out", str(out),
            ]  # fmt: skip
            if memory_limit:
                args += ["--memory-limit", memory_limit, "--temp-dir", str(paths["work"] / "tmp")]
            res = summarise(run_worker(args, timeout))
            entry["engines"][engine] = res
            shown = f"{res['median']:.3f} s, {res['peak_mb']:.0f} MB" if "median" in res else res
            log(f"  {label} {q.id:24s} {engine:9s} {shown}")
        reference = out_dir / f"{q.id}-tradestat.parquet"
        for engine in engines:
            got = out_dir / f"{q.id}-{engine}.parquet"
            if engine == "tradestat" or not reference.exists() or not got.exists():
                continue
            diffs = differences(pq.read_table(reference), pq.read_table(got), q)
            if diffs:
                entry["disagree"][engine] = diffs
                log(f"  !! {q.id}: {engine} disagrees with tradestat: {diffs}")
        results[q.id] = entry
    return results


def run_bulletin(paths: dict[str, Path], repeats: int, timeout: float = 3600,
                 question: str = "customs") -> dict[str, Any]:  # fmt: skip
    args = [
        "--engine", "bulletin", "--question", question, "--warehouse", str(paths["warehouse"]),
        "--parquet", "", "--lookups", "", "--repeats", str(repeats),
        "--out", str(paths["work"] / "bulletin.parquet"),
    ]  # fmt: skip
    return summarise(run_worker(args, timeout))
