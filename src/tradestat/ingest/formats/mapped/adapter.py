"""Any table described by a YAML mapping (``--format mapped --mapping FILE.yaml``).

The mapping renames columns, fixes constant fields, translates codes, scales units
(万元, 亿元), turns one-column-per-flow tables into rows, and derives months from
January-to-month totals. See docs/formats.md and the GAC mappings in tradestat/samples/.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tradestat.errors import IngestError
from tradestat.ingest.formats.base import Adapter, register
from tradestat.ingest.formats.mapped.spec import Mapping, Sheet, load_mapping
from tradestat.ingest.formats.mapped.transform import stage_rows
from tradestat.ingest.options import IngestOptions, SourceReport
from tradestat.ingest.readers.staged import raw_rows
from tradestat.ingest.readers.tables import read_text_table


@register
class MappedAdapter(Adapter):
    name = "mapped"
    description = "CSV / xlsx / Parquet / JSON table described by a YAML mapping (--mapping)"
    suffixes = (".csv", ".xlsx", ".xlsm", ".parquet", ".json", ".tsv")

    def __init__(self, options: IngestOptions) -> None:
        super().__init__(options)
        path = self.require("mapping", "the YAML file that maps the table to canonical fields")
        self.mapping: Mapping = load_mapping(Path(path))
        if self.mapping.encoding and not options.encoding:
            options.encoding = self.mapping.encoding

    def fields(self, path: Path) -> set[str]:
        return self.mapping.fields()

    def stage_all(
        self, con: Any, files: list[Path], report: SourceReport, stage: str
    ) -> tuple[int, list[str], list[str]] | None:
        """Every sheet of every file read once into DuckDB and mapped by SQL
        (``mapped/relation.py``); ``read`` below is the same mapping row by row."""
        from tradestat.ingest.formats.mapped.relation import stage_all

        return stage_all(self, con, files, report, stage)

    def read(self, path: Path, report: SourceReport) -> Iterator[object]:
        self._refuse(path)
        workbook = path.suffix.lower() in (".xlsx", ".xlsm")
        sheets = self.mapping.sheets if workbook else (Sheet(None),)
        for sheet in sheets:
            yield from self._sheet(path, sheet, report)
        report.note(self._summary(path))

    def _refuse(self, path: Path) -> None:
        """Options or a source the mapping contradicts."""
        m = self.mapping
        for flag in ("flow", "period"):
            if getattr(self.options, flag) and flag in m.fields():
                raise IngestError(
                    f"mapping {m.path.name} already gives {flag}; --{flag} would contradict it"
                )
        workbook = path.suffix.lower() in (".xlsx", ".xlsm")
        if not workbook and any(sheet.name for sheet in m.sheets):
            raise IngestError(
                f"mapping {m.path.name} names sheet(s) but {path.name} is not an xlsx workbook"
            )

    def _sheet(self, path: Path, sheet: Sheet, report: SourceReport) -> Iterator[object]:
        m = self.mapping
        header: list[str] = []
        columns: dict[str, list[str | None]] = {}
        rows: list[int] = []
        raw: list[str] = []
        wanted = m.source_columns()
        for header, chunk in read_text_table(
            path, self.options, report, sheet=sheet.name, delimiter=m.delimiter
        ):
            if "_reject_field" in chunk.column_names:  # malformed CSV lines
                yield chunk
                continue
            missing = [c for c in wanted if c not in chunk.column_names]
            if missing:
                where = f" sheet {sheet.name!r}" if sheet.name else ""
                raise IngestError(
                    f"{path}{where}: mapping {m.path.name} needs column(s) {missing}; "
                    f"the table has {', '.join(h for h in header if not h.startswith('_blank'))}"
                )
            for c in wanted:
                columns.setdefault(c, []).extend(chunk[c].to_pylist())
            rows.extend(chunk["_row"].to_pylist())
            prefix = f"[{sheet.name}] " if sheet.name else ""
            raw.extend(prefix + r for r in raw_rows(chunk, wanted))
        if not rows:
            report.note(f"{path.name}: {sheet.name or 'table'} has no rows")
            return
        ignored = report.ignored_columns.setdefault(path.name, [])
        ignored += [h for h in header if h not in wanted + ignored and not h.startswith("_blank")]
        if not ignored:
            del report.ignored_columns[path.name]
        staged, notes = stage_rows(m, sheet, columns, rows, raw)
        for note in notes:
            report.note(note)
        yield staged.table()

    def _summary(self, path: Path) -> str:
        m = self.mapping
        parts = [f"{path.name}: mapping {m.path.name}"]
        if m.wide_field:
            pairs = ", ".join(f"{k} <- {c!r}" for k, c in m.wide_columns.items())
            parts.append(f"{m.wide_field} from columns ({pairs})")
        for f, factor in m.multiply.items():
            unit = m.multiply_units[f]
            parts.append(f"{f} × {factor}" + (f" ({unit})" if unit != str(factor) else ""))
        if m.cumulative:
            parts.append("January-to-month totals differenced to months")
        if len(m.sheets) > 1:
            parts.append(f"{len(m.sheets)} sheets")
        return "; ".join(parts)
