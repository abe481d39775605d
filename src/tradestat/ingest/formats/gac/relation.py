"""GAC exports staged set-based: every file of a batch read once into DuckDB, its
columns mapped to canonical text by one SQL statement per column layout.

The rules are those of ``GacAdapter._stage`` (the row-by-row path, kept for reference
and for the equivalence tests): total rows rejected first, then unknown partners, then
unknown registration places; codes, months, units and HS editions translated by the
same functions, called once per distinct text.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from tradestat.ingest.formats.common.codes import hs_edition_for, normalize_regions, unit_name
from tradestat.ingest.options import SourceReport
from tradestat.ingest.readers.packaged import load_yaml, norm_header
from tradestat.ingest.readers.relations import (
    SourceRows,
    blank,
    distinct,
    filled,
    lit,
    lookup,
    one_utf8_header,
    raw_text,
    stage_result,
    strip_thousands,
)
from tradestat.ingest.readers.streams import column_names
from tradestat.ingest.readers.tables import read_text_table

if TYPE_CHECKING:
    from tradestat.ingest.formats.gac.adapter import GacAdapter, Layout

TOTAL_REASON = "a total row of the export, not a record (kept out so it is not counted twice)"


def stage_all(
    adapter: GacAdapter, con: Any, files: list[Path], report: SourceReport, stage: str
) -> tuple[int, list[str], list[str]]:
    rows = SourceRows(con, "_gac_src")
    layouts: dict[tuple, Layout] = {}
    seq = 0
    try:
        fast = _read_clean(adapter, con, files, report, rows, layouts)
        for path in [] if fast is not None else files:
            layout = adapter.layout(path)
            if layout.ignored or layout.unknown:
                report.ignored_columns[path.name] = layout.ignored + layout.unknown
            key = tuple(layout.columns.items())
            source_cols = list(layout.columns.values())
            for _header, chunk in read_text_table(path, adapter.options, report):
                if chunk.num_rows == 0:
                    continue
                if "_reject_field" in chunk.column_names:  # malformed lines
                    rows.add_rejects(chunk, seq, path.name)
                else:
                    rows.add(key, chunk, seq, path.name, source_cols)
                    layouts[key] = layout
                seq += chunk.num_rows
            adapter._note(path, layout, report)
        seq = seq if fast is None else fast
        parts = [
            _select(adapter, con, table, layouts[key], f"_gac_l{i}")
            for i, (key, table) in enumerate(rows.tables.items())
        ]
        try:
            stage_result(con, stage, [p for p, _ in parts], rows.rejects)
        finally:
            for _, names in parts:
                for name in names:
                    con.unregister(name)
    finally:
        rows.drop()
    canonical, holding = filled(con, stage)
    return seq, sorted(set(canonical) | rows.reject_fields), holding


def _read_clean(adapter, con, files, report, rows: SourceRows, layouts) -> int | None:
    """Clean UTF-8 exports sharing one header, read by one DuckDB ``read_csv`` of them all
    (on every core), under the conditions of the canonical CSV fast path (one record per
    line, no malformed or blank line, no space beside a quote outside a quoted field):
    what the row-numbering reader would give. The number of rows, or None to read file
    by file."""
    from tradestat.ingest.readers.fast_csv import stage_csv_files

    shared = one_utf8_header(files, adapter.options.encoding)
    if shared is None:
        return None
    header, encodings = shared
    found = [adapter.layout(path) for path in files]  # refuses as the file-by-file path
    layout = found[0]
    names = column_names(header)
    source_cols = list(layout.columns.values())
    n = stage_csv_files(con, files, names, source_cols, "_gac_fast")
    if n is None:
        return None
    key = tuple(layout.columns.items())
    rows.add_view(key, "_gac_fast", source_cols)
    layouts[key] = layout
    for path in files:
        if layout.ignored or layout.unknown:
            report.ignored_columns[path.name] = layout.ignored + layout.unknown
        report.encodings[path.name] = encodings[path.name]
        adapter._note(path, layout, report)
    return n


def _select(adapter: GacAdapter, con: Any, table: str, layout: Layout, tag: str):
    """SELECT of the staged rows of one layout's table, and the lookup tables it joins."""
    cols = layout.columns
    src = {t: f"c{i}" for i, t in enumerate(cols)}  # SourceRows names columns c0, c1, ...
    b = {t: f"b_{t}" for t in cols}  # the blanked text of each target
    blanked = ", ".join(f"{blank(src[t])} AS {b[t]}" for t in cols)
    base = f"(SELECT *, {blanked} FROM {table})"
    joins, registered = [], []
    out: dict[str, str] = {}  # canonical field -> SQL over the joined rows
    rejects: list[tuple[str, str, str]] = []  # (condition, field, reason) in rule order

    labels = "('合计', '总计', '总值', 'total', 'grand total')"
    totals = [f"lower({b[t]}) IN {labels}" for t in cols if t != "unit"]
    if totals:
        rejects.append((" OR ".join(totals), "(row)", lit(TOTAL_REASON)))

    def translate(target: str, fn, alias: str) -> str:
        name = f"{tag}_{alias}"
        texts = distinct(con, f"SELECT {b[target]} FROM {base}")
        registered.append(lookup(con, name, texts, fn))
        joins.append(f"LEFT JOIN {name} {alias} ON {alias}.text = s.{b[target]}")
        return f"{alias}.code"

    for target in ("hs_code", "stat_trade_mode"):
        if target in cols:
            out[target] = f"s.{b[target]}"
    from tradestat import reference

    for target, scheme, what in (
        ("partner_code", "gac", "unknown GAC trading-partner code"),
        ("partner_name", "name", "unknown trading-partner name"),
    ):
        if target in cols:
            code = translate(
                target, lambda texts, s=scheme: reference.resolve_partners(texts, s), "p"
            )
            out["partner"] = code
            rejects.append(
                (f"s.{b[target]} IS NOT NULL AND {code} IS NULL", "partner",
                 f"{lit(what + ': ')} || s.{b[target]}")
            )  # fmt: skip
            break
    if "region" in cols:
        code = translate("region", normalize_regions, "r")
        out["region"] = code
        rejects.append(
            (f"s.{b['region']} IS NOT NULL AND {code} IS NULL", "region",
             f"{lit('unknown registration-place (注册地) code: ')} || s.{b['region']}")
        )  # fmt: skip
    if "flow" in cols:
        flows = {norm_header(k): v for k, v in load_yaml(__package__, "gac_flows.yaml").items()}
        out["flow"] = translate(
            "flow", lambda fs: {f: flows.get(norm_header(f), f) for f in fs}, "f"
        )
    if "period" in cols:
        from tradestat.ingest.formats.gac.adapter import _month

        out["period"] = translate("period", lambda ps: {p: _month(p) for p in ps}, "m")
    if "hs_code" in cols:
        if "period" in cols:
            out["hs_edition"] = translate(
                "period", lambda ps: {p: hs_edition_for(p) for p in ps}, "e"
            )
        else:
            edition = hs_edition_for(adapter.options.period)
            out["hs_edition"] = lit(edition) if edition else "NULL::VARCHAR"
    if "value_cny" in cols:
        out["value"], out["currency"] = f"s.{b['value_cny']}", "'CNY'"
        if "value_usd" in cols:  # both given: keep both exactly, convert nothing
            out["value_usd"] = f"s.{b['value_usd']}"
    else:
        out["value"], out["currency"] = f"s.{b['value_usd']}", "'USD'"
    if "quantity" in cols:
        if "unit" in cols:
            unit = translate(
                "unit", lambda us: {u: None if u in ("?", "？") else unit_name(u) for u in us}, "u"
            )
        else:
            unit = "NULL::VARCHAR"
        qty = strip_thousands(f"s.{b['quantity']}")
        # "0" with unit "?" is the export's way of saying "no quantity"
        out["quantity"] = (
            f"CASE WHEN {unit} IS NULL AND s.{b['quantity']} = '0' THEN NULL ELSE {qty} END"
        )
        out["unit"] = unit

    field = " ".join(f"WHEN {c} THEN {lit(f)}" for c, f, _ in rejects)
    reason = " ".join(f"WHEN {c} THEN {r}" for c, _, r in rejects)
    judged = ", ".join(
        [f"CASE {field} END AS _reject_field", f"CASE {reason} END AS _reject_reason"]
        if rejects
        else ["NULL::VARCHAR AS _reject_field", "NULL::VARCHAR AS _reject_reason"]
    )
    # a row the adapter rejected keeps only its source text: its half-translated fields
    # must not widen the dataset's grain
    raw = raw_text([(h, f"s.{src[t]}") for t, h in cols.items()])
    inner = f"""SELECT s._seq, s._file, s._row, {judged}, {raw} AS _raw,
        {", ".join(f"{sql} AS _v_{f}" for f, sql in out.items())}
      FROM {base} s {" ".join(joins)}"""
    values = ", ".join(
        f"CASE WHEN _reject_field IS NULL THEN CAST(_v_{f} AS VARCHAR) END AS {f}" for f in out
    )
    return (
        f"SELECT _seq, _file, _row, _reject_field, _reject_reason, _raw, {values} FROM ({inner})",
        registered,
    )
