"""Platform order lines (``--format orders``; the UCI Online Retail preset,
``--format online-retail``, is this adapter with a shipped layout: ``formats/online_retail``).

Every line becomes one record: flow X (platform sales to buyers abroad; the layout or
--flow may say M), partner = the buyer's country, value = quantity × unit price (or
the amount column), ``order_id`` kept so distinct orders can be counted, returns and
cancellations kept as records with negative values and ``is_return``. Lines that are
not trade (accounting adjustments, stock write-offs) are rejected with that reason:
nothing is dropped silently. Layout rules: ``orders.schema.json``; a
preset layout is a ``data/<preset>.yaml`` of its own format package.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any, ClassVar

from tradestat.errors import IngestError
from tradestat.ingest.formats.base import Adapter, register
from tradestat.ingest.formats.common.codes import normalize_regions
from tradestat.ingest.formats.orders.lines import LineStager
from tradestat.ingest.formats.orders.spec import OrderLayout, fixed_for, load_layout
from tradestat.ingest.options import IngestOptions, SourceReport
from tradestat.ingest.readers.fast_csv import drop_files, records_by_lines, stage_csv_files
from tradestat.ingest.readers.streams import column_names, detect_encoding, read_header
from tradestat.ingest.readers.tables import read_text_table
from tradestat.model.schema import FIELD_NAMES


@register
class OrdersAdapter(Adapter):
    name = "orders"
    description = "order lines (order id, date, buyer country, quantity × price); --mapping"
    suffixes = (".csv", ".xlsx", ".xlsm", ".parquet")
    implied_fields = ("flow",)
    preset: ClassVar[str | None] = None

    def __init__(self, options: IngestOptions) -> None:
        super().__init__(options)
        if options.period:
            raise IngestError(
                f"format {self.name!r}: order lines carry their own dates; drop --period"
            )
        self.layout = load_layout(options.mapping if not self.preset else None, self.preset)
        if self.layout.currency and options.currency is None:
            # the layout knows the currency; a new dataset takes it as home currency
            options.currency = self.layout.currency
        self.stager: LineStager | None = None
        self.lines = 0
        self.files = 0

    def read(self, path: Path, report: SourceReport) -> Iterator[object]:
        self.files += 1
        for header, chunk in read_text_table(path, self.options, report):
            if "_reject_field" in chunk.column_names:  # malformed CSV lines
                yield chunk
                continue
            layout = fixed_for(self.layout, header)
            layout.check(header, path)
            if self.stager is None:
                self.stager = self._stager(layout, path)
            self.stager.layout = layout
            used = set(layout.columns.values())
            ignored = [h for h in header if h not in used and not h.startswith("_blank")]
            if ignored:
                report.ignored_columns[path.name] = ignored
            partners = self._partners(chunk, layout)
            regions = self._distinct(chunk, layout, "seller_region", normalize_regions)
            self.lines += chunk.num_rows
            yield self.stager.stage(chunk, partners, regions)
        self._notes(report)  # refreshed after each file: a folder is many reads

    def stage_all(
        self, con: Any, files: list[Path], report: SourceReport, stage: str
    ) -> tuple[int, list[str], list[str]] | None:
        """A batch of clean UTF-8 CSV files with one header (the Online Retail folder:
        305 daily files) read by DuckDB as one relation and turned into lines by one
        SQL statement; anything else is read file by file."""
        header = self._one_header(files, report)
        if header is None:
            return None
        layout = fixed_for(self.layout, header)
        layout.check(header, files[0])
        names = column_names(header)
        source = "_orders_src"
        used = list(dict.fromkeys(layout.columns.values()))
        n = stage_csv_files(con, files, names, used, source)
        if n is None:
            return None
        try:
            self.stager = self._stager(layout, files[0])
            fields = ", ".join(f"{_ident(c)} AS {f}" for f, c in layout.columns.items())
            lines = f"(SELECT _seq, _file, _row, {fields} FROM {source}) AS _lines_src"
            partners = self._partners_sql(con, source, layout)
            regions = self._distinct_sql(con, source, layout, "seller_region", normalize_regions)
            self.stager.stage_relation(con, lines, stage, partners, regions)
        finally:
            drop_files(con, source)
        ignored = [h for h in header if h not in set(used) and not h.startswith("_blank")]
        for path in files:
            if ignored:
                report.ignored_columns[path.name] = ignored
        self.files, self.lines = len(files), n
        self._notes(report)
        columns = [r[0] for r in con.execute(f"DESCRIBE {stage}").fetchall()]
        canonical = [c for c in columns if c in FIELD_NAMES]
        counts = con.execute(
            f"SELECT {', '.join(f'count({c})' for c in canonical)} FROM {stage}"
        ).fetchall()[0]
        return n, canonical, [c for c, k in zip(canonical, counts, strict=True) if k]

    def _one_header(self, files: list[Path], report: SourceReport) -> list[str] | None:
        """The header all ``files`` share when each is a non-empty UTF-8 CSV (their
        encodings noted); None when any is not, or the headers differ."""
        header: list[str] | None = None
        encodings = {}
        for path in files:
            if path.suffix.lower() != ".csv":
                return None
            encoding = detect_encoding(path, self.options.encoding)
            if encoding not in ("utf-8", "utf-8-sig"):
                return None
            this = read_header(path, encoding)
            if not this or (header is not None and this != header):
                return None
            if not records_by_lines(path):  # header only: the general reader notes it
                return None
            if len(set(this)) < len(this):
                return None  # the general reader refuses it, naming the columns
            header, encodings[path.name] = this, encoding
        report.encodings.update(encodings)
        return header

    def _partners_sql(self, con: Any, source: str, layout: OrderLayout) -> dict[str, str | None]:
        from tradestat import reference

        return self._distinct_sql(
            con,
            source,
            layout,
            "buyer_country",
            lambda texts: reference.resolve_partners(texts, layout.partner_scheme),
        )

    @staticmethod
    def _distinct_sql(con: Any, source: str, layout: OrderLayout, field: str, lookup) -> dict:
        """As ``_distinct``, over the staged relation: the distinct texts read in SQL,
        stripped as in Python, so the lookups are those of the file-by-file path."""
        if field not in layout.columns:
            return {}
        col = _ident(layout.columns[field])
        rows = con.execute(f"SELECT DISTINCT {col} FROM {source}").fetchall()
        texts = {t.strip() for (t,) in rows if t and t.strip()}
        return lookup(sorted(texts)) if texts else {}

    def _stager(self, layout: OrderLayout, path: Path) -> LineStager:
        currency = self.options.currency or layout.currency
        if currency is None and "currency" not in layout.columns:
            raise IngestError(
                f"{path}: format {self.name!r}: the lines carry no currency column; "
                "pass --currency (ISO 4217) or set currency in the layout"
            )
        flow = self.options.flow or layout.flow
        return LineStager(layout, flow, currency)

    def _partners(self, chunk: object, layout: OrderLayout) -> dict[str, str | None]:
        from tradestat import reference

        return self._distinct(
            chunk,
            layout,
            "buyer_country",
            lambda texts: reference.resolve_partners(texts, layout.partner_scheme),
        )

    @staticmethod
    def _distinct(chunk: object, layout: OrderLayout, field: str, lookup) -> dict:
        if field not in layout.columns:
            return {}
        texts = {t.strip() for t in chunk[layout.columns[field]].to_pylist() if t and t.strip()}
        return lookup(sorted(texts)) if texts else {}

    def _notes(self, report: SourceReport) -> None:
        if self.stager is None:
            return
        report.notes[:] = [n for n in report.notes if not n.startswith(("order lines", "line v"))]
        lay = self.stager.layout
        report.note(
            f"order lines ({lay.name}, {self.lines:,} lines in {self.files} file(s)): "
            f"flow {self.stager.flow}, currency {self.stager.currency or 'from column'}, "
            "partner = buyer country "
            f"({lay.partner_scheme}), record_id = order id / line position"
        )
        if self.stager.rounded:
            report.note(
                f"line values: {self.stager.rounded} had more than 2 decimals (unit prices "
                "below a cent) and were rounded to the cent; total effect "
                f"{Decimal(self.stager.rounding).normalize():+} {self.stager.currency or ''}"
            )


def _ident(name: str) -> str:
    """A source header as a SQL identifier (headers may hold any character)."""
    return '"' + name.replace('"', '""') + '"'
