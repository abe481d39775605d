"""UN Comtrade API / bulk final data (``--format comtrade``).

Rules (reporter vs partner, totals vs parts, re-exports) are in
``tradestat.ingest.formats.comtrade.rules``; settings come from ``--mapping FILE.yaml`` or
``IngestOptions.extra`` (keys: reporter, perspective, keep, flows, value, quantity).
Values are USD (Comtrade's primaryValue: FOB for exports, CIF for imports).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tradestat.errors import IngestError
from tradestat.ingest.formats.base import Adapter, register
from tradestat.ingest.formats.comtrade import rules
from tradestat.ingest.formats.comtrade.fields import finest_codes, is_true, quantity, resolver, who
from tradestat.ingest.formats.comtrade.rules import load_settings
from tradestat.ingest.options import IngestOptions, SourceReport
from tradestat.ingest.readers.packaged import header_aliases, norm_header
from tradestat.ingest.readers.staged import Staged, blank, raw_rows
from tradestat.ingest.readers.tables import read_text_table

VALUE_COLUMN = {"primary": "primary", "fob": "fob", "cif": "cif"}


@register
class ComtradeAdapter(Adapter):
    name = "comtrade"
    description = "UN Comtrade API / bulk final data (CSV, JSON, xlsx); China's view by default"
    suffixes = (".csv", ".json", ".xlsx", ".tsv")

    def __init__(self, options: IngestOptions) -> None:
        super().__init__(options)
        if options.flow or options.period:
            raise IngestError(
                "format 'comtrade': rows carry their own flow and period; drop --flow/--period"
            )
        self.settings = load_settings(options)
        if self.settings.perspective == "reporter":
            self.default_reporter = self.settings.reporter

    def stage_all(
        self, con: Any, files: list[Path], report: SourceReport, stage: str
    ) -> tuple[int, list[str], list[str]] | None:
        """Every file read once into DuckDB, the row rules run once per distinct
        combination of what they read (``comtrade/relation.py``); ``read`` below is the
        same row by row."""
        from tradestat.ingest.formats.comtrade.relation import stage_all

        return stage_all(self, con, files, report, stage)

    def read(self, path: Path, report: SourceReport) -> Iterator[object]:
        aliases = header_aliases(__package__, "comtrade_columns.yaml")
        cols: dict[str, list[str | None]] = {}
        rows: list[int] = []
        raw: list[str] = []
        source: dict[str, str] = {}
        for header, chunk in read_text_table(path, self.options, report):
            if "_reject_field" in chunk.column_names:
                yield chunk
                continue
            source = {aliases[norm_header(h)]: h for h in header if norm_header(h) in aliases}
            self._check(path, source, header)
            for target, h in source.items():
                cols.setdefault(target, []).extend(blank(v) for v in chunk[h].to_pylist())
            rows.extend(chunk["_row"].to_pylist())
            raw.extend(raw_rows(chunk, list(source.values())))
        if rows:
            yield self._stage(cols, rows, raw, source, path, report).table()

    def _check(self, path: Path, source: dict[str, str], header: list[str]) -> None:
        need = [
            ["cmd_code"],
            ["flow_code"],
            ["partner_code", "partner_iso", "partner_desc"],
            ["reporter_code", "reporter_iso", "reporter_desc"],
            ["period", "year"],
            [VALUE_COLUMN[self.settings.value]],
        ]
        missing = [alts[0] for alts in need if not any(a in source for a in alts)]
        if missing:
            raise IngestError(
                f"{path}: not a Comtrade table, no column for {missing} "
                f"(header: {', '.join(header)})"
            )

    def _stage(self, cols, rows, raw, source, path, report) -> Staged:
        n = len(rows)
        get = {k: cols.get(k, [None] * n) for k in _KEYS}
        out = Staged(rows)
        out.raw = raw
        reporters = resolver(get, "reporter")
        partners = resolver(get, "partner")
        fields: dict[str, list] = {f: [None] * n for f in _FIELDS}
        counts: Counter = Counter()
        for i in range(n):
            self._row(i, get, out, fields, reporters, partners, source, counts)
        finest_codes(out, fields["hs_code"])
        for f, values in fields.items():
            if f != "reporter" or self.settings.perspective == "all":
                out.set(f, values)
        out.constant("currency", "USD")
        self._notes(path, report, counts, n)
        return out

    def _row(self, i, get, out, fields, reporters, partners, source, counts) -> None:
        s = self.settings
        flow, why = rules.flow_rule(get["flow_code"][i], s)
        if why:
            out.reject(i, source.get("flow_code", "flowCode"), why)
        why = rules.breakdown_reason(
            get["partner2_code"][i], get["mot_code"][i], get["customs_code"][i]
        )
        if why:
            out.reject(i, "breakdown", why)
        rep = reporters[i]
        world = rules.is_world(
            get["partner_code"][i], get["partner_iso"][i], get["partner_desc"][i]
        )
        par = None if world else partners[i]
        counts[f"reporter {rep or get['reporter_desc'][i] or '?'}"] += 1
        if rep is None:
            out.reject(i, "reporter", f"unknown reporter: {who(get, 'reporter', i)}")
        elif not world and par is None:
            out.reject(i, "partner", f"unknown partner: {who(get, 'partner', i)}")
        own, other = s.reporter, (par or "World")
        if s.perspective == "all":  # every reporter's own figures, each row its reporter's
            fields["reporter"][i], fields["partner"][i], fields["flow"][i] = rep, par, flow
        elif s.perspective == "reporter":
            if rep != own and par == own:
                out.reject(
                    i,
                    "reporter",
                    f"mirror row (a partner's figures about {own}), kept "
                    f"out of {own}'s own figures; ingest with perspective=mirror into a "
                    f"separate dataset: reported by {rep}",
                )
            elif rep != own:
                out.reject(i, "reporter", f"not {own}'s trade: reported by {rep}, partner {other}")
            fields["partner"][i], fields["flow"][i] = par, flow
        else:
            if rep == own:
                out.reject(
                    i,
                    "reporter",
                    f"{own}'s own figures, kept out of a mirror dataset: partner {other}",
                )
            elif par != own:
                out.reject(
                    i, "reporter", f"not trade with {own}: reported by {rep}, partner {other}"
                )
            fields["partner"][i], fields["flow"][i] = rep, {"X": "M", "M": "X"}.get(flow or "")
            world = False
        cmd = (get["cmd_code"][i] or "").upper()
        why = rules.slice_reason(world, cmd == "TOTAL", is_true(get["is_aggregate"][i]), s)
        if why:
            out.reject(i, "slice", why)
        edition, why = rules.hs_edition(get["classification"][i])
        if why:
            out.reject(i, "classification", why)
        if cmd != "TOTAL":
            fields["hs_code"][i], fields["hs_edition"][i] = get["cmd_code"][i], edition
        period, annual = rules.period_text(
            get["period"][i], get["year"][i], get["month"][i], get["freq"][i]
        )
        fields["period"][i] = period
        fields["value"][i] = get[VALUE_COLUMN[s.value]][i]
        fields["quantity"][i], fields["unit"][i] = quantity(get, i, s)
        if not out.is_rejected(i):  # what the kept rows are, for the report
            counts["annual"] += annual
            counts["re-imports"] += rep == own and par == own and s.perspective != "all"

    def _notes(self, path: Path, report: SourceReport, counts: Counter, n: int) -> None:
        s = self.settings
        reporters = Counter(
            {k.split(" ", 1)[1]: v for k, v in counts.items() if k.startswith("reporter ")}
        )
        top = ", ".join(f"{k} {v}" for k, v in reporters.most_common(5))
        more = f" and {len(reporters) - 5} more" if len(reporters) > 5 else ""
        report.note(
            f"{path.name}: {n} Comtrade rows from {len(reporters)} reporter(s): {top}{more}"
        )
        whose = "every reporter's own" if s.perspective == "all" else f"{s.perspective} figures of"
        report.note(
            f"comtrade: {whose} {'figures' if s.perspective == 'all' else s.reporter}, slice "
            f"{s.keep}, flows {s.flows}, value {s.value} (USD)"
        )
        if counts["annual"]:
            report.note(
                f"{counts['annual']} annual row(s): the dataset is annual (query whole "
                "years; USD converted at each year's average rate)"
            )
        if counts["re-imports"]:
            report.note(
                f"{counts['re-imports']} row(s) of {s.reporter}'s imports from itself "
                f"(re-imports): kept as partner {s.reporter}"
            )


_KEYS = (
    "freq",
    "period",
    "year",
    "month",
    "reporter_code",
    "reporter_iso",
    "reporter_desc",
    "partner_code",
    "partner_iso",
    "partner_desc",
    "partner2_code",
    "flow_code",
    "classification",
    "cmd_code",
    "customs_code",
    "mot_code",
    "qty",
    "qty_unit",
    "net_wgt",
    "primary",
    "cif",
    "fob",
    "is_aggregate",
)
_FIELDS = (
    "period", "flow", "reporter", "partner", "hs_code", "hs_edition", "value", "quantity", "unit",
)  # fmt: skip
