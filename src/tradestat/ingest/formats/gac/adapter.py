"""GAC query-platform exports (``--format gac``).

The China Customs statistics query platform exports CSV in Chinese or English, in
GB18030 or UTF-8, with quoted values, thousands separators ("5,848,714"), a trailing
comma on every line, "?" for a missing unit, the columns the user picked in the order
they picked them, and a value column that names the currency (人民币 / US dollar).
The file never says the flow and says the period only when "Date of data" was picked,
so ``--flow`` / ``--period`` are required exactly when the file lacks them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tradestat.errors import IngestError
from tradestat.ingest.formats.base import Adapter, register
from tradestat.ingest.formats.common.codes import hs_edition_for, normalize_regions, unit_name
from tradestat.ingest.options import SourceReport
from tradestat.ingest.readers.packaged import header_aliases, load_yaml, norm_header
from tradestat.ingest.readers.staged import Staged, blank, raw_rows, strip_thousands
from tradestat.ingest.readers.streams import detect_encoding, read_header
from tradestat.ingest.readers.tables import read_text_table

TOTAL_LABELS = {"合计", "总计", "总值", "total", "grand total"}
_YM = re.compile(r"^(\d{4})\D{0,3}(\d{1,2})\D{0,2}$")  # 202601, 2026-01, 2026年1月


@dataclass
class Layout:
    columns: dict[str, str]  # target -> source header
    ignored: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)


@register
class GacAdapter(Adapter):
    name = "gac"
    description = "China Customs query-platform CSV export (Chinese or English headers)"
    suffixes = (".csv",)

    def layout(self, path: Path) -> Layout:
        header = read_header(path, detect_encoding(path, self.options.encoding))
        aliases = header_aliases(__package__, "gac_columns.yaml")
        layout = Layout(columns={})
        for h in header:
            if not h:
                continue  # the blank column after the trailing comma
            target = aliases.get(norm_header(h))
            if target == "ignore":
                layout.ignored.append(h)
            elif target is None:
                layout.unknown.append(h)
            elif target in layout.columns:
                raise IngestError(
                    f"{path}: columns {layout.columns[target]!r} and {h!r} both give {target}"
                )
            else:
                layout.columns[target] = h
        self._check(path, layout, header)
        return layout

    def _check(self, path: Path, layout: Layout, header: list[str]) -> None:
        cols = layout.columns
        if "value_cny" not in cols and "value_usd" not in cols:
            raise IngestError(
                f"{path}: no value column (人民币 or US dollar) — is this a GAC query export? "
                f"header: {', '.join(h for h in header if h)}"
            )
        for option, target, label in (("flow", "flow", "flow"), ("period", "period", "date")):
            given = getattr(self.options, option)
            if target in cols and given is not None:
                raise IngestError(
                    f"{path}: the file has its own {label} column {cols[target]!r}; "
                    f"--{option} is only for GAC exports without one (drop --{option})"
                )
        if "flow" not in cols:
            self.require(
                "flow",
                f"{path.name} does not say whether it holds exports or imports (GAC query "
                "exports never do); pass --flow X (exports) or --flow M (imports)",
            )
        if "period" not in cols:
            self.require(
                "period",
                f"{path.name} has no 'Date of data' (数据年月) column; "
                "pass the month it covers as --period YYYY-MM",
            )
        currency = "CNY" if "value_cny" in cols else "USD"
        if self.options.currency and self.options.currency.upper() != currency:
            raise IngestError(
                f"{path}: values are in {currency} (column "
                f"{cols.get('value_cny') or cols.get('value_usd')!r}); "
                f"--currency {self.options.currency} contradicts the file"
            )

    def fields(self, path: Path) -> set[str]:
        cols = self.layout(path).columns
        out = {
            t
            for t in cols
            if t in ("hs_code", "stat_trade_mode", "region", "quantity", "unit", "period", "flow")
        }
        if "partner_code" in cols or "partner_name" in cols:
            out.add("partner")
        return out | {"value", "currency"}

    def stage_all(
        self, con: Any, files: list[Path], report: SourceReport, stage: str
    ) -> tuple[int, list[str], list[str]] | None:
        """Every file read once into DuckDB and mapped by SQL (``gac/relation.py``);
        ``read`` below is the same mapping row by row."""
        from tradestat.ingest.formats.gac.relation import stage_all

        return stage_all(self, con, files, report, stage)

    def read(self, path: Path, report: SourceReport) -> Iterator[object]:
        layout = self.layout(path)
        if layout.ignored or layout.unknown:
            report.ignored_columns[path.name] = layout.ignored + layout.unknown
        source_cols = [c for c in layout.columns.values()]
        for _header, chunk in read_text_table(path, self.options, report):
            if "_reject_field" in chunk.column_names:  # malformed lines from the CSV reader
                yield chunk
                continue
            yield self._stage(chunk, layout, source_cols).table()
        self._note(path, layout, report)

    def _stage(self, chunk: object, layout: Layout, source_cols: list[str]) -> Staged:
        cols = layout.columns
        get = {t: [blank(v) for v in chunk[h].to_pylist()] for t, h in cols.items()}
        out = Staged(chunk["_row"].to_pylist())
        out.raw = raw_rows(chunk, source_cols)
        for i in range(out.n):
            if any((get[t][i] or "").lower() in TOTAL_LABELS for t in get if t != "unit"):
                out.reject(
                    i,
                    "(row)",
                    "a total row of the export, not a record (kept out so it is not counted twice)",
                )
        for target in ("hs_code", "stat_trade_mode"):
            if target in get:
                out.set(target, get[target])
        self._partner(out, get)
        if "region" in get:
            out.translate(
                "region",
                get["region"],
                normalize_regions,
                "unknown registration-place (注册地) code",
            )
        if "flow" in get:
            flows = {norm_header(k): v for k, v in load_yaml(__package__, "gac_flows.yaml").items()}
            out.set("flow", [flows.get(norm_header(f), f) if f else None for f in get["flow"]])
        periods = get.get("period") or [self.options.period] * out.n
        if "period" in get:
            out.set("period", [_month(p) for p in periods])
        if "hs_code" in get:
            out.set("hs_edition", [hs_edition_for(p) for p in periods])
        self._value(out, get)
        self._quantity(out, get)
        return out

    def _partner(self, out: Staged, get: dict[str, list]) -> None:
        from tradestat import reference

        if "partner_code" in get:
            out.translate(
                "partner",
                get["partner_code"],
                lambda codes: reference.resolve_partners(codes, "gac"),
                "unknown GAC trading-partner code",
            )
        elif "partner_name" in get:
            out.translate(
                "partner",
                get["partner_name"],
                lambda names: reference.resolve_partners(names, "name"),
                "unknown trading-partner name",
            )

    def _value(self, out: Staged, get: dict[str, list]) -> None:
        if "value_cny" in get:
            out.set("value", get["value_cny"])
            out.constant("currency", "CNY")
            if "value_usd" in get:  # both given: keep both exactly, convert nothing
                out.set("value_usd", get["value_usd"])
        else:
            out.set("value", get["value_usd"])
            out.constant("currency", "USD")

    def _quantity(self, out: Staged, get: dict[str, list]) -> None:
        if "quantity" not in get:
            return
        units = [None if u in (None, "?", "？") else unit_name(u) for u in get.get("unit", [])]
        units = units or [None] * out.n
        qty = [strip_thousands(q) for q in get["quantity"]]
        # "0" with unit "?" is the export's way of saying "no quantity"
        pairs = zip(qty, units, strict=True)
        qty = [None if u is None and q in (None, "0") else q for q, u in pairs]
        out.set("quantity", qty)
        out.set("unit", units)

    def _note(self, path: Path, layout: Layout, report: SourceReport) -> None:
        cols = layout.columns
        chinese = any(re.search(r"[\u4e00-\u9fff]", h) for h in cols.values())
        lang = "Chinese" if chinese else "English"
        value_col = cols.get("value_cny") or cols["value_usd"]
        currency = "CNY" if "value_cny" in cols else "USD"
        flow = (
            f"flow from column {cols['flow']!r}"
            if "flow" in cols
            else f"flow {self.options.flow} (from --flow)"
        )
        period = (
            f"period from column {cols['period']!r}"
            if "period" in cols
            else f"period {self.options.period} (from --period)"
        )
        encoding = report.encodings.get(path.name, "?")
        report.note(
            f"{path.name}: GAC export, {lang} headers, encoding {encoding}, values in "
            f"{currency} (column {value_col!r}), {flow}, {period}"
        )


def _month(text: str | None) -> str | None:
    """202601 / 2026-01 / 2026年1月 -> 2026-01; anything else is left for validation."""
    if text is None:
        return None
    m = _YM.match(text)
    if m and 1 <= int(m.group(2)) <= 12:
        return f"{m.group(1)}-{int(m.group(2)):02d}"
    return text
