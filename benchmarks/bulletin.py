"""The customs bulletin on synthetic declarations: warm time and SQL statements.

    nice python benchmarks/bulletin.py --rows 10M     # ~5 min at 10 M rows (data reused)
    nice python benchmarks/bulletin.py --rows 100M    # generates and ingests 100 M rows once

Builds ``build_bulletin(w, 'customs', 'synthetic', '2023')`` in a fresh process, once
to warm up and then ``--repeats`` times, with shared scans (the default) and with
every query alone (``shared_scans=False``), each in its own process, on the same data
in one run; counts the SQL statements each build sends to DuckDB (``Engine.statements``:
the queries, the catalog's reads and temporary tables) against the figures its text
writes. Writes the ``Customs bulletin`` section of RESULTS.md and keeps the numbers in
``data/results.json`` beside the other benchmarks' (``run.py`` measures the same).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import machine  # noqa: E402
import suite  # noqa: E402
from report_sections import bulletin_section  # noqa: E402
from results_md import replace_section  # noqa: E402


def measure(paths: dict[str, Path], repeats: int) -> dict[str, Any]:
    """Shared scans and every query alone, each in its own worker process."""
    paths["work"].mkdir(parents=True, exist_ok=True)
    started, load_start = time.strftime("%Y-%m-%d %H:%M"), machine.load()
    shared = suite.run_bulletin(paths, repeats)
    alone = suite.run_bulletin(paths, repeats, question="customs-alone")
    return {
        **shared, "alone": alone, "started": started,
        "load_start": " ".join(f"{x:.1f}" for x in load_start),
        "load_end": " ".join(f"{x:.1f}" for x in machine.load()),
    }  # fmt: skip


def main() -> int:
    import run

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--rows", default="10M", help="size, e.g. 10M or 100M")
    ap.add_argument("--repeats", type=int, default=3, help="timed builds after a first one")
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--data", type=Path, default=HERE / "data")
    ap.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    args = ap.parse_args()
    label = args.rows.strip()
    paths = run.paths_for(args.data, label)
    store = args.data / "results.json"
    results = json.loads(store.read_text()) if store.exists() else {}
    if not paths["warehouse"].exists():
        args.data.mkdir(parents=True, exist_ok=True)
        results.setdefault("prepared", {})[label] = run.prepare_size(label, args.seed, args.data)
    run.log(f"{label}: customs bulletin, shared scans and every query alone")
    results.setdefault("bulletins", {})[label] = measure(paths, args.repeats)
    store.write_text(json.dumps(results, indent=1, default=str))
    replace_section(args.out, "Customs bulletin", bulletin_section(results))
    run.log(f"wrote the Customs bulletin section of {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
