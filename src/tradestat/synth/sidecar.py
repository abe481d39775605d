"""The synthetic dataset's description: a ``dataset.json`` beside the Parquet files.

The description says plainly that the data are synthetic; pass it to ``tradestat
ingest --description`` (the generator prints the command) so the warehouse says so too.
"""

from __future__ import annotations

import json
import shlex
from typing import Any

from tradestat import __version__

SIDECAR = "dataset.json"
DEFAULT_DATASET = "synthetic"


def describe(seed: int, rows: int, years: range, calibrated: bool) -> str:
    span = f"{years.start}-{years.stop - 1}"
    how = ", yearly totals calibrated to published GAC figures" if calibrated else ""
    how_zh = "，各年总值按海关总署公布数校准" if calibrated else ""
    # a second line ``zh: …`` is what a Chinese bulletin shows (report.format.chinese)
    return (
        f"SYNTHETIC customs declarations (tradestat synth, seed {seed}, {rows:,} rows, "
        f"{span}{how}). Not official statistics: no row describes a real declaration.\n"
        f"zh: 合成报关数据（随机种子{seed}，{rows:,}行，"
        f"{years.start}—{years.stop - 1}年{how_zh}），"
        "并非官方统计数据，没有一行对应真实的报关单。"
    )


def ingest_command(folder: str, description: str, dataset: str = DEFAULT_DATASET) -> str:
    return (
        f"tradestat ingest {shlex.quote(folder)} --dataset {dataset} "
        f"--description {shlex.quote(description)}"
    )


def write_sidecar(result: Any, seed: int, chunk_rows: int, universe: Any) -> None:
    targets = {
        str(y): {
            "first_published_cny": round(t.first, 2),
            "latest_cny": round(t.latest, 2),
            "export_share_first": round(t.first_export_share, 6),
            "export_share_latest": round(t.latest_export_share, 6),
            "source": t.source,
        }
        for y, t in sorted(result.targets.items())
    }
    doc = {
        "name": DEFAULT_DATASET,
        "synthetic": True,
        "description": result.description,
        "generator": {"tool": "tradestat synth", "version": __version__, "seed": seed},
        "rows": result.rows,
        "rows_by_year": {str(y): n for y, n in sorted(result.rows_by_year.items())},
        "calibrated": result.calibrated,
        "calibration_targets": targets if result.calibrated else None,
        "chunk_rows": chunk_rows,
        "enterprises": len(universe.enterprises.ids),
        "files": result.files,
        "format": "canonical Parquet (zstd); value in CNY, value_usd converted on ingest",
        "ingest": ingest_command(".", result.description),
    }
    text = json.dumps(doc, ensure_ascii=False, indent=2)
    (result.folder / SIDECAR).write_text(text + "\n", encoding="utf-8")
