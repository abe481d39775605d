"""Helpers shared by the build scripts (run by hand; never at install or test time).

The raw inputs are the files described in ``shared/data/raw/SOURCES.md``. By default they
are looked for in ``../shared/data/raw`` next to the repository; pass ``--raw DIR`` or set
``TRADESTAT_RAW_DIR`` to use another copy. Outputs are written into the package data folder
and committed.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "src" / "tradestat" / "reference" / "data"
INPUTS = Path(__file__).resolve().parent / "inputs"


def raw_dir(argv: Sequence[str] | None = None) -> Path:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--raw", default=os.environ.get("TRADESTAT_RAW_DIR"))
    args = parser.parse_args(argv)
    path = Path(args.raw) if args.raw else REPO.parent / "shared" / "data" / "raw"
    if not (path / "SOURCES.md").exists():
        raise SystemExit(f"raw data folder not found (no SOURCES.md): {path}")
    return path


def read_csv(path: Path, encoding: str = "utf-8-sig", **kw) -> list[dict[str, str]]:
    with path.open(encoding=encoding, newline="") as fh:
        return list(csv.DictReader(fh, **kw))


def read_input(name: str) -> list[dict[str, str]]:
    """A hand-maintained input table from ``inputs/`` (comment lines start with '#')."""
    with (INPUTS / name).open(encoding="utf-8", newline="") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    return list(csv.DictReader(lines))


def write_csv(name: str, fields: Sequence[str], rows: Iterable[dict[str, object]]) -> Path:
    """Write a packaged CSV (``.csv`` or ``.csv.gz``, gzip with a fixed timestamp)."""
    buf = io.StringIO(newline="")
    writer = csv.DictWriter(buf, fieldnames=list(fields), lineterminator="\n")
    writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow({k: ("" if row.get(k) is None else row.get(k)) for k in fields})
        count += 1
    path = DATA / name
    path.parent.mkdir(parents=True, exist_ok=True)
    data = buf.getvalue().encode("utf-8")
    if name.endswith(".gz"):
        path.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    else:
        path.write_bytes(data)
    print(f"wrote {path.relative_to(REPO)}: {count} rows")
    return path
