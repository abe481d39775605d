"""``generate``: synthetic customs declarations as canonical Parquet, chunk by chunk.

Rows are planned per month (seasonal, in proportion to the year's trade), each month
is cut into chunks of at most ``chunk_rows`` rows, and every chunk has its own random
stream (seed, year, month, part): output is deterministic for a seed and memory is
bounded by the chunk size, whatever the row count. One Parquet file per month (zstd,
one row group per chunk); a writer thread compresses one chunk while the next is drawn.
"""

from __future__ import annotations

import math
import queue
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from tradestat.synth import calibrate as cal
from tradestat.synth.chunk import MAX_ROWS, ChunkSpec, build_table, core_sums, draw_core
from tradestat.synth.sidecar import describe, write_sidecar
from tradestat.synth.universe import (
    DICTIONARY_COLUMNS,
    Universe,
    build_universe,
    default_enterprises,
)

# share of each month in a year's trade (February low around the Spring Festival)
SEASON = np.array([8.4, 6.6, 8.1, 8.2, 8.3, 8.3, 8.7, 8.6, 8.8, 8.0, 8.6, 9.4])
REVISION_RATE = 0.08  # share of the previous year's lines that get a later vintage
RELEASE_DAY = 20  # a month's figures are released on this day of the next month
FILE_PREFIX = "declarations-"

Progress = Callable[[int, int], None]
# Dictionary pages only for the dictionary-encoded columns (trying them on unique ids
# costs a hash per row for nothing). Statistics on every column, as pandas, pyarrow,
# DuckDB and Spark write them: readers prune row groups by their min/max, and ingest
# reads which columns hold values from their null counts (measured: no slower to write,
# 0.3 % larger). Without the Arrow schema, readers see plain strings, not categoricals.
WRITE_OPTIONS = {
    "compression": "zstd",
    "store_schema": False,
    "store_decimal_as_integer": True,
    "use_dictionary": list(DICTIONARY_COLUMNS),
    "write_statistics": True,
}


@dataclass
class SynthResult:
    folder: Path
    files: list[str]
    rows: int
    rows_by_year: dict[int, int]
    seconds: float
    calibrated: bool
    description: str
    targets: dict[int, cal.YearTarget] = field(default_factory=dict)

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else float("inf")


def parse_years(years: str | range | Iterable[int]) -> range:
    """``"2019..2024"``, ``"2023"``, a range or a list of consecutive years."""
    if isinstance(years, range):
        return years
    if isinstance(years, str):
        first, _, last = years.partition("..")
        return range(int(first), int(last or first) + 1)
    values = sorted(years)
    return range(values[0], values[-1] + 1)


def plan(
    rows: int, years: range, chunk_rows: int, targets: dict[int, cal.YearTarget], today: date
) -> list[ChunkSpec]:
    """The chunks of a run: exactly ``rows`` rows over the released months of ``years``."""
    months = [(y, m) for y in years for m in range(1, 13) if _release(y, m) <= today]
    if not months:
        raise ValueError(f"no month of {years.start}..{years.stop - 1} is released by {today}")
    revisable = {y: _revision_vintage(y, years, today) is not None for y in years}
    weight = np.array(
        [targets[y].first * SEASON[m - 1] * (1 + REVISION_RATE * revisable[y]) for y, m in months]
    )
    exact = rows * weight / weight.sum()
    counts = np.floor(exact).astype(np.int64)
    extra = rows - int(counts.sum())
    counts[np.argsort(-(exact - counts), kind="stable")[:extra]] += 1
    specs = []
    for (year, month), n in zip(months, counts.tolist(), strict=True):
        if n == 0:
            continue  # a tiny run leaves some months empty
        parts = max(1, math.ceil(n / chunk_rows))
        for part in range(parts):
            size = n // parts + (part < n % parts)
            rev = round(size * REVISION_RATE / (1 + REVISION_RATE)) if revisable[year] else 0
            vintage = min(_release(year, month), today)
            revised = _revision_vintage(year, years, today)
            specs.append(ChunkSpec(year, month, part, size, rev, vintage, revised))
    return specs


def _release(year: int, month: int) -> date:
    return date(year + month // 12, month % 12 + 1, RELEASE_DAY)


def _revision_vintage(year: int, years: range, today: date) -> date | None:
    """Revised figures for a year come mid next year, if that year is generated too."""
    when = date(year + 1, 6, 30)
    if year + 1 not in years or when > today:
        return None
    return when


def generate(
    rows: int,
    years: str | range | Iterable[int] = "2019..2024",
    seed: int = 0,
    to: str | Path = "synth",
    *,
    calibrate: bool = False,
    chunk_rows: int = 1_000_000,
    enterprises: int | None = None,
    today: date | None = None,
    progress: Progress | None = None,
) -> SynthResult:
    """Write ``rows`` synthetic declaration lines to folder ``to`` (see module docs)."""
    import pyarrow.parquet as pq

    if rows < 1 or not 1 <= chunk_rows <= MAX_ROWS:
        raise ValueError(f"rows must be >= 1 and chunk_rows between 1 and {MAX_ROWS}")
    started = time.perf_counter()
    span, today = parse_years(years), today or date.today()
    targets = cal.yearly_targets(span)
    specs = plan(rows, span, chunk_rows, targets, today)
    universe = build_universe(seed, span, enterprises or default_enterprises(rows))
    scales = _calibrate(universe, specs, targets, seed) if calibrate else {}
    folder = Path(to)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob(f"{FILE_PREFIX}*.parquet"):
        old.unlink()  # a folder is one dataset: never mix two runs
    out: queue.Queue = queue.Queue(maxsize=2)
    files: list[str] = []
    errors: list[BaseException] = []
    writer = threading.Thread(
        target=_write_all, args=(out, folder, universe.schema, files, errors, pq)
    )
    writer.start()
    done = 0
    try:
        for spec in specs:
            rng = np.random.default_rng(np.random.SeedSequence(spec.seed_key(seed)))
            core = draw_core(universe, spec, rng)
            scale = scales.get(spec.year, {"X": (1.0, 1.0), "M": (1.0, 1.0)})
            out.put((spec, build_table(universe, spec, core, rng, scale)))
            done += spec.rows
            if progress:
                progress(done, rows)
    finally:
        out.put(None)
        writer.join()
    if errors:
        raise errors[0]
    by_year: dict[int, int] = {}
    for s in specs:
        by_year[s.year] = by_year.get(s.year, 0) + s.rows
    text = describe(seed, rows, span, calibrate)
    result = SynthResult(
        folder, files, rows, by_year, time.perf_counter() - started, calibrate, text, targets
    )
    write_sidecar(result, seed, chunk_rows, universe)
    return result


def _calibrate(
    universe: Universe, specs: list[ChunkSpec], targets: dict[int, cal.YearTarget], seed: int
) -> dict[int, dict[str, tuple[float, float]]]:
    """First pass: raw sums per year and flow, redrawn chunk by chunk (no rows kept)."""
    sums: dict[tuple[int, str], cal.Sums] = {}
    for spec in specs:
        rng = np.random.default_rng(np.random.SeedSequence(spec.seed_key(seed)))
        for flow, s in core_sums(draw_core(universe, spec, rng)).items():
            sums.setdefault((spec.year, flow), cal.Sums()).add(s)
    return {
        year: {
            f: cal.scale_factors(targets[year], f, sums.get((year, f), cal.Sums()))
            for f in ("X", "M")
        }
        for year in {s.year for s in specs}
    }


def _write_all(
    out: queue.Queue, folder: Path, schema: Any, files: list[str], errors: list, pq: Any
) -> None:
    writer, current, item = None, None, True
    try:
        while (item := out.get()) is not None:
            spec, table = item
            name = f"{FILE_PREFIX}{spec.year}-{spec.month:02d}.parquet"
            if name != current:
                if writer is not None:
                    writer.close()
                writer = pq.ParquetWriter(folder / name, schema, **WRITE_OPTIONS)
                current = name
                files.append(name)
            writer.write_table(table, row_group_size=len(table))
    except BaseException as exc:  # re-raised by the producer after join
        errors.append(exc)
    finally:
        if writer is not None:
            writer.close()
        while item is not None:  # unblock the producer if writing failed
            item = out.get()
