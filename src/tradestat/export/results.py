"""A query result as a file: CSV, xlsx, Parquet or JSON, chosen by the file's suffix.

CSV, JSON and Parquet are for machines: exact figures in units (Parquet keeps the
decimals and the units in its schema metadata). The xlsx workbook is for people: a
header row that names each column's unit, number formats, and the provenance on a
second sheet. Text a spreadsheet would run as a formula is neutralised in CSV and xlsx
alike (see ``spreadsheet_safe``).
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from tradestat.errors import TradestatError
from tradestat.export.spreadsheet_safe import safe_cell

FORMATS = {".csv": "csv", ".xlsx": "xlsx", ".parquet": "parquet", ".json": "json"}
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "parquet": "application/vnd.apache.parquet",
}
NUMBER_FORMATS = {"money": "#,##0.00", "%": "0.00", "pp": "0.00", "count": "#,##0"}


class ExportError(TradestatError, ValueError):
    """A result cannot be written in the form asked for."""


def format_of(path: str | Path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise ExportError(
            f"{path}: unknown file type {suffix or '(none)'!r}; use one of {', '.join(FORMATS)}"
        )
    return FORMATS[suffix]


def render(result: Any, fmt: str, scale: str | None = None, lang: str = "en") -> bytes:
    """The bytes of ``result`` in ``fmt`` (csv, xlsx, parquet, json)."""
    if fmt == "csv":
        return result.to_csv(scale=scale).encode("utf-8")
    if fmt == "json":
        return result.to_json(scale=scale).encode("utf-8")
    if fmt == "parquet":
        if scale not in (None, "exact"):
            raise ExportError("Parquet keeps exact figures: leave out the scale")
        return _parquet(result)
    if fmt == "xlsx":
        return xlsx(result, scale, lang)
    raise ExportError(f"unknown format {fmt!r}; use one of {', '.join(MEDIA_TYPES)}")


def write(result: Any, path: str | Path, scale: str | None = None, lang: str = "en") -> Path:
    """Write ``result`` to ``path`` in the format its suffix names."""
    target = Path(path)
    data = render(result, format_of(target), scale, lang)
    target.write_bytes(data)
    return target


def _parquet(result: Any) -> bytes:
    import pyarrow.parquet as pq

    buf = io.BytesIO()
    pq.write_table(result.to_arrow(), buf, compression="zstd")
    return buf.getvalue()


def xlsx(result: Any, scale: str | None = None, lang: str = "en") -> bytes:
    """A workbook: sheet ``result`` (headers with units, number formats, frozen header)
    and sheet ``provenance`` (the query in words and JSON, coverage, warnings, SQL)."""
    import openpyxl
    from openpyxl.styles import Font

    chosen = result.scale(scale, lang)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "result"
    sheet.append(result.headers(chosen, lang))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    formats = [_number_format(result, c) for c in result.columns]
    for row in result.scaled_rows(chosen):
        sheet.append([_cell(row[c]) for c in result.columns])
        for cell, number_format in zip(sheet[sheet.max_row], formats, strict=True):
            if number_format:
                cell.number_format = number_format
    sheet.freeze_panes = "A2"
    for i, header in enumerate(result.headers(chosen, lang), 1):
        sheet.column_dimensions[openpyxl.utils.get_column_letter(i)].width = max(
            10, min(40, len(header) + 2)
        )
    notes = book.create_sheet("provenance")
    for key, value in _provenance_rows(result, chosen, lang):
        notes.append([key, _cell(value)])
    notes.column_dimensions["A"].width = 16
    notes.column_dimensions["B"].width = 100
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def _number_format(result: Any, column: str) -> str | None:
    unit = result.units.get(column)
    if unit is None:
        return None
    if unit in ("%", "pp"):
        return NUMBER_FORMATS[unit]
    if unit == result.unit and len(unit) == 3 and unit.isupper():
        return NUMBER_FORMATS["money"]
    return NUMBER_FORMATS["count"]


def _provenance_rows(result: Any, chosen: Any, lang: str) -> list[tuple[str, Any]]:
    prov = result.provenance
    rows: list[tuple[str, Any]] = [
        ("caption", result.caption(lang, chosen)),
        ("unit", result.unit),
        ("scale", chosen.name),
        ("query", json.dumps(prov.get("query", {}), ensure_ascii=False)),
    ]
    for key in ("engine", "basis", "disclosure_control"):
        if key in prov:
            rows.append((key, str(prov[key])))
    if "coverage" in prov:
        rows.append(("coverage", json.dumps(prov["coverage"], ensure_ascii=False, default=str)))
    rows += [("warning", w) for w in prov.get("warnings", [])]
    if "disclosure" in prov:
        rows.append(("disclosure", json.dumps(prov["disclosure"], ensure_ascii=False)))
    if prov.get("sql"):
        rows.append(("sql", prov["sql"]))
    return rows


def _cell(value: Any) -> Any:
    """A cell openpyxl accepts: text neutralised and without control characters."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, str):
        return safe_cell(ILLEGAL_CHARACTERS_RE.sub("", value))
    return value
