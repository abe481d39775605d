"""Any tabular source as text: CSV (encoding detected), xlsx sheets, Parquet and JSON.

Every reader yields ``(header, table)`` chunks whose columns are the source's own
header names holding text (or null), plus ``_row``, the row number a person sees in
the source (CSV header = row 1, xlsx sheet row, Parquet/JSON 1-based record).
Adapters then only deal with text, whatever the container was.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from tradestat.errors import IngestError
from tradestat.ingest.options import IngestOptions, SourceReport
from tradestat.ingest.readers.streams import (
    column_names,
    detect_encoding,
    stream_csv,
    stream_parquet,
)

XLSX = (".xlsx", ".xlsm")
CHUNK_ROWS = 50_000


def read_text_table(
    path: Path,
    options: IngestOptions,
    report: SourceReport,
    *,
    sheet: str | None = None,
    delimiter: str | None = None,
) -> Iterator[tuple[list[str], Any]]:
    suffix = path.suffix.lower()
    if suffix in XLSX:
        yield from _xlsx(path, sheet, report)
    elif suffix == ".parquet":
        yield from _parquet(path)
    elif suffix == ".json":
        yield from _json(path)
    else:
        encoding = detect_encoding(path, options.encoding)
        report.encodings[path.name] = encoding
        sep = delimiter or ("\t" if suffix in (".tsv", ".tab") else ",")
        yield from stream_csv(path, encoding, delimiter=sep)


def cell_text(value: Any) -> str | None:
    """A spreadsheet or Parquet cell as the text a person would type."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value != value:  # NaN: an empty cell in a float column
            return None
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        text = format(value, ".15g")
        return text if "e" not in text else repr(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    text = str(value)
    return text


def _table(header: list[str], rows: list[tuple], numbers: list[int]) -> Any:
    import pyarrow as pa

    cols: dict[str, Any] = {}
    for i, name in enumerate(header):
        cols[name] = pa.array([cell_text(r[i]) if i < len(r) else None for r in rows], pa.string())
    cols["_row"] = pa.array(numbers, pa.int64())
    return pa.table(cols)


def _xlsx(path: Path, sheet: str | None, report: SourceReport) -> Iterator[tuple[list[str], Any]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise IngestError(f"{path}: not a readable xlsx workbook ({exc})") from None
    try:
        if sheet is None:
            ws = book.worksheets[0]
        elif sheet in book.sheetnames:
            ws = book[sheet]
        else:
            raise IngestError(f"{path}: no sheet {sheet!r} (sheets: {', '.join(book.sheetnames)})")
        report.note(f"{path.name}: sheet {ws.title!r}")
        others = [n for n in book.sheetnames if n != ws.title]
        if sheet is None and others:  # rows on the other sheets are not part of this ingest
            report.note(
                f"{path.name}: read the first sheet {ws.title!r} only; not read: "
                f"{', '.join(repr(n) for n in others)}"
            )
        # the sheet's declared size is not trusted: <dimension ref="A1:XFD1048576"/> made
        # the reader walk 17 billion empty cells; only cells present in the XML are read
        ws.reset_dimensions()
        rows = ws.iter_rows(values_only=True)
        first = next(rows, None)
        if first is None:
            return
        merged, formulas = _scan_sheet(book, ws)
        if merged:
            raise IngestError(
                f"{path} sheet {ws.title!r}: header cells {', '.join(merged)} are merged (a "
                "header over two or more rows); tradestat reads one header row with one name "
                "per column — unmerge them and give each column its own name in row 1"
            )
        header = _header([cell_text(c) or "" for c in first], path)
        if formulas:
            report.note(_formula_note(path, formulas))
        batch: list[tuple] = []
        numbers: list[int] = []
        budget = SheetBudget(path, ws.title)
        budget.check(1, first)
        for number, row in enumerate(rows, start=2):
            budget.check(number, row)
            if number in formulas:
                row = _with_formulas(row, formulas[number])
            if all(c is None or (isinstance(c, str) and not c.strip()) for c in row):
                continue  # trailing formatted-but-empty rows are not data
            batch.append(row)
            numbers.append(number)
            if len(batch) >= CHUNK_ROWS:
                yield header, _table(header, batch, numbers)
                batch, numbers = [], []
        if batch:
            yield header, _table(header, batch, numbers)
    finally:
        book.close()


class SheetBudget:
    """Bounds on reading one sheet: columns, cells and time, each with a clear error."""

    MAX_COLUMNS = 1_000
    MAX_CELLS = 50_000_000
    MAX_SECONDS = 600.0

    def __init__(self, path: Path, sheet: str) -> None:
        from time import monotonic  # (this module's ``time`` is datetime.time)

        self.where, self.cells, self.clock = f"{path} sheet {sheet!r}", 0, monotonic
        self.deadline = self.clock() + self.MAX_SECONDS

    def check(self, number: int, row: tuple) -> None:
        if len(row) > self.MAX_COLUMNS:
            from openpyxl.utils import get_column_letter

            extra = [i for i, c in enumerate(row) if i >= self.MAX_COLUMNS and c is not None]
            if extra:
                cell = f"{get_column_letter(extra[0] + 1)}{number}"
                raise IngestError(
                    f"{self.where}: cell {cell} is beyond column {self.MAX_COLUMNS:,}, the "
                    "widest sheet tradestat reads; delete the stray cells or save only the table"
                )
        self.cells += len(row)
        if self.cells > self.MAX_CELLS or (number % 1000 == 0 and self.clock() > self.deadline):
            raise IngestError(
                f"{self.where}: stopped at row {number:,}: more than {self.MAX_CELLS:,} cells "
                f"or {self.MAX_SECONDS:g} s; save the table as CSV and ingest that"
            )


_MERGE = re.compile(rb'<mergeCell ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')
# a formula cell saved without a calculated value: <c r="D4"><f>1+1</f><v /></c>
_UNCALCULATED = re.compile(
    rb'<c r="([A-Z]+)(\d+)"[^>]*>\s*<f(?:[^>]*/>|[^>]*>([^<]*)</f>)'
    rb"\s*(?:<v\s*/>|<v>\s*</v>)?\s*</c>"
)
Formulas = dict[int, dict[int, str]]  # sheet row -> {column index: "=formula"}


def _scan_sheet(book: Any, ws: Any) -> tuple[list[str], Formulas]:
    """Merged ranges touching row 1, and formula cells without a calculated value, read
    from the sheet's XML: read-only worksheets expose neither (a formula without a value
    reads as an empty cell, which would lose text silently or drop a whole row).
    Streamed: a large sheet is never held in memory."""
    from openpyxl.utils import column_index_from_string

    archive, part = getattr(book, "_archive", None), getattr(ws, "_worksheet_path", None)
    if archive is None or part is None:
        return [], {}
    merged: list[str] = []
    formulas: Formulas = {}
    tail = b""
    with archive.open(part) as fh:
        while chunk := fh.read(1 << 20):
            text = tail + chunk
            for m in _MERGE.finditer(text):
                ref = f"{m[1].decode()}{m[2].decode()}:{m[3].decode()}{m[4].decode()}"
                if int(m[2]) <= 1 <= int(m[4]) and ref not in merged:
                    merged.append(ref)
            for m in _UNCALCULATED.finditer(text):
                body = html.unescape(m[3].decode("utf-8")) if m[3] else "(shared formula)"
                col = column_index_from_string(m[1].decode()) - 1
                formulas.setdefault(int(m[2]), {})[col] = "=" + body
            tail = text[-4096:]
    return merged, formulas


def _with_formulas(row: tuple, cells: dict[int, str]) -> tuple:
    out = list(row) + [None] * max(0, max(cells) + 1 - len(row))
    for col, text in cells.items():
        if out[col] is None:
            out[col] = text
    return tuple(out)


def _formula_note(path: Path, formulas: Formulas) -> str:
    from openpyxl.utils import get_column_letter

    n = sum(len(c) for c in formulas.values())
    row = min(formulas)
    col, text = next(iter(sorted(formulas[row].items())))
    return (
        f"{path.name}: {n} formula cell(s) have no calculated value (the workbook was "
        f"saved without recalculating: open and save it in a spreadsheet program); read as "
        f"their formula text, e.g. {get_column_letter(col + 1)}{row} {text}"
    )


def _header(cells: list[str], path: Path) -> list[str]:
    names = column_names([c.strip() for c in cells])
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise IngestError(f"{path}: column(s) {dupes} appear more than once in the header")
    return names


def _parquet(path: Path) -> Iterator[tuple[list[str], Any]]:
    import pyarrow as pa
    import pyarrow.compute as pc

    for table in stream_parquet(path):
        header = [c for c in table.column_names if c != "_row"]
        cols = {}
        for name in header:
            col = table[name]
            if pa.types.is_timestamp(col.type):  # whole seconds, as a person writes them
                whole = pc.cast(col, pa.timestamp("s", col.type.tz), safe=False)
                text = pc.strftime(whole, "%Y-%m-%d %H:%M:%S")
            else:
                text = pc.cast(col, pa.string())  # floats come out in shortest form
            if pa.types.is_floating(col.type):
                text = pc.if_else(pc.is_nan(col), pa.scalar(None, pa.string()), text)
            cols[name] = text
        cols["_row"] = table["_row"]
        yield header, pa.table(cols)


def _json(path: Path) -> Iterator[tuple[list[str], Any]]:
    """A JSON list of records, or an API reply ``{"data": [records]}``."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8-sig"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise IngestError(f"{path}: not readable JSON ({exc})") from None
    records = doc.get("data") if isinstance(doc, dict) else doc
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise IngestError(f"{path}: expected a list of records or {{'data': [records]}}")
    if not records:
        return
    header: list[str] = []
    for r in records:
        header.extend(k for k in r if k not in header)
    for start in range(0, len(records), CHUNK_ROWS):
        part = records[start : start + CHUNK_ROWS]
        rows = [tuple(r.get(h) for h in header) for r in part]
        yield header, _table(header, rows, list(range(start + 1, start + len(part) + 1)))
