"""Mapped tables staged set-based: every sheet of every file read once into DuckDB, the
mapping applied by one SQL statement.

The rules are ``transform.stage_rows`` (the row-by-row path, kept for reference and for
the equivalence tests): wide columns become one record each, in column order; a field's
period format, translation and resolution run once per distinct text (they are the same
functions); unit multipliers are exact DECIMAL arithmetic in SQL for ordinary numbers and
Python's ``Decimal`` for any other text; the first rejected step, in field order, is the
row's reason. January-to-month differencing runs per series over the mapped rows of a
sheet, as ``transform._difference`` itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from tradestat.errors import IngestError
from tradestat.ingest.formats.mapped import transform
from tradestat.ingest.formats.mapped.spec import Mapping, Sheet
from tradestat.ingest.formats.mapped.steps import chain_table, has_chain, multiply
from tradestat.ingest.options import SourceReport
from tradestat.ingest.readers.relations import (
    SourceRows,
    blank,
    distinct,
    filled,
    lit,
    one_utf8_header,
    raw_text,
    stage_result,
)
from tradestat.ingest.readers.staged import Staged
from tradestat.ingest.readers.streams import column_names
from tradestat.ingest.readers.tables import read_text_table

if TYPE_CHECKING:
    from tradestat.ingest.formats.mapped.adapter import MappedAdapter


def stage_all(
    adapter: MappedAdapter, con: Any, files: list[Path], report: SourceReport, stage: str
) -> tuple[int, list[str], list[str]]:
    m = adapter.mapping
    wanted = m.source_columns()
    rows = SourceRows(con, "_mp_src")
    parts: list[tuple[int, int, Sheet, str]] = []  # (part, first _seq, sheet, raw prefix)
    marks: list[int] = []  # len(report.notes) when each part was read
    seq = 0
    width = max(1, len(m.wide_columns)) if m.wide_field else 1
    try:
        fast = _read_clean(adapter, con, files, report, rows)
        if fast:
            parts.append((0, 0, Sheet(None), ""))
            marks.append(len(report.notes))
            seq = fast * width
            report.note(adapter._summary(files[0]))
        for path in [] if fast else files:
            adapter._refuse(path)
            workbook = path.suffix.lower() in (".xlsx", ".xlsm")
            for sheet in m.sheets if workbook else (Sheet(None),):
                header: list[str] = []
                good = 0
                for header, chunk in read_text_table(
                    path, adapter.options, report, sheet=sheet.name, delimiter=m.delimiter
                ):
                    if "_reject_field" in chunk.column_names:  # malformed CSV lines
                        if chunk.num_rows:
                            rows.add_rejects(chunk, seq, path.name)
                            seq += chunk.num_rows
                        continue
                    missing = [c for c in wanted if c not in chunk.column_names]
                    if missing:
                        where = f" sheet {sheet.name!r}" if sheet.name else ""
                        shown = ", ".join(h for h in header if not h.startswith("_blank"))
                        raise IngestError(
                            f"{path}{where}: mapping {m.path.name} needs column(s) {missing}; "
                            f"the table has {shown}"
                        )
                    if chunk.num_rows:
                        rows.add("t", chunk, good, path.name, wanted, len(parts))
                        good += chunk.num_rows
                if not good:
                    report.note(f"{path.name}: {sheet.name or 'table'} has no rows")
                    continue
                ignored = report.ignored_columns.setdefault(path.name, [])
                ignored += [
                    h for h in header if h not in wanted + ignored and not h.startswith("_blank")
                ]
                if not ignored:
                    del report.ignored_columns[path.name]
                prefix = f"[{sheet.name}] " if sheet.name else ""
                parts.append((len(parts), seq, sheet, prefix))
                marks.append(len(report.notes))
                seq += good * width
            report.note(adapter._summary(path))
        selects = []
        if parts:
            selects.append(_mapped(con, m, rows.tables["t"], parts, stage, report, marks))
        stage_result(con, stage, selects, rows.rejects)
    finally:
        rows.drop()
        for name in ("_mp_parts", "_mp_rows", "_mp_diff"):
            con.execute(f"DROP TABLE IF EXISTS {name}")
        for f in sorted(m.fields()):
            con.execute(f"DROP TABLE IF EXISTS _mp_chain_{f}")
            con.execute(f"DROP TABLE IF EXISTS _mp_mul_{f}")
    canonical, holding = filled(con, stage)
    return seq, sorted(set(canonical) | rows.reject_fields), holding


def _read_clean(
    adapter: MappedAdapter, con: Any, files: list[Path], report: SourceReport, rows: SourceRows
) -> int:
    """A batch of one clean UTF-8 comma-separated table read by DuckDB's ``read_csv`` on
    every core, under the conditions of the canonical CSV fast path (one record per line,
    no malformed or blank line, no space beside a quote outside a quoted field): what the
    row-numbering reader would give. The number of rows, or 0 to read it that way (a
    folder, a workbook, another delimiter, a missing column, which that way is refused
    with its message)."""
    from tradestat.ingest.readers.fast_csv import stage_csv_files

    m = adapter.mapping
    if len(files) != 1 or m.delimiter not in (None, ","):
        return 0
    adapter._refuse(files[0])
    shared = one_utf8_header(files, adapter.options.encoding)
    if shared is None:
        return 0
    header, encodings = shared
    names = column_names(header)
    wanted = m.source_columns()
    if any(c not in names for c in wanted):
        return 0
    n = stage_csv_files(con, files, names, wanted, "_mp_fast")
    if not n:
        return 0
    path = files[0]
    report.encodings[path.name] = encodings[path.name]
    # as the file-by-file path lists them: from the header itself (a blank name is '')
    ignored = [h for h in header if h not in wanted and not h.startswith("_blank")]
    if ignored:
        report.ignored_columns[path.name] = ignored
    rows.add_view("t", "_mp_fast", wanted)
    return n


def _mapped(con, m: Mapping, table: str, parts, stage: str, report, marks) -> str:
    """The SELECT of the mapped rows of every part (sheet of a file)."""
    import pyarrow as pa

    src = {c: f"c{i}" for i, c in enumerate(m.source_columns())}
    fields = sorted(m.fields())
    consts = sorted({f for _, _, sh, _ in parts for f in sh.constants})
    part_cols = {
        "part": pa.array([p for p, *_ in parts], pa.int32()),
        "first": pa.array([s for _, s, *_ in parts], pa.int64()),
        "prefix": pa.array([x for *_, x in parts], pa.string()),
        **{f"k_{f}": pa.array([sh.constants.get(f) for _, _, sh, _ in parts]) for f in consts},
    }
    con.register("_mp_parts_a", pa.table(part_cols))
    con.execute("CREATE OR REPLACE TEMP TABLE _mp_parts AS FROM _mp_parts_a")
    con.unregister("_mp_parts_a")
    raw = "p.prefix || " + raw_text([(h, f"s.{src[h]}") for h in m.source_columns()])

    def given(f: str, key: Any) -> str:
        """A record's field as ``stage_rows`` builds it, before any step: the sheet's
        constant, else the mapping's, else the column (the mapping never gives two)."""
        if m.wide_field and f == m.wide_field:
            return lit(str(key))
        if m.wide_field and f == m.wide_value:
            return blank(f"s.{src[m.wide_columns[key]]}")
        if f in m.columns:
            return blank(f"s.{src[m.columns[f]]}")
        fixed = lit(m.constants[f]) if f in m.constants else "NULL::VARCHAR"
        return f"coalesce(p.k_{f}, {fixed})" if f in consts else fixed

    # records: one per source row, or one per wide column of it (in column order)
    keys = list(m.wide_columns) if m.wide_field else [None]
    width = len(keys)
    records = []
    for j, key in enumerate(keys):
        cols = ", ".join(f"{given(f, key)} AS g_{f}" for f in fields)
        records.append(
            f"SELECT p.first + s._seq * {width} + {j} AS _seq, s._file, s._row, {raw} AS _raw, "
            f"s._fidx AS _part, {cols} FROM {table} s JOIN _mp_parts p ON p.part = s._fidx"
        )
    con.execute(f"CREATE OR REPLACE TEMP TABLE _mp_rows AS {' UNION ALL '.join(records)}")
    # each field's steps; the first reject in field order is the row's
    values, rejects, joins = {}, [], []
    for f in fields:
        value, reject = f"r.g_{f}", None
        if has_chain(m, f):
            name = f"_mp_chain_{f}"
            chain_table(con, m, f, name, distinct(con, f"SELECT g_{f} FROM _mp_rows"))
            joins.append(f"LEFT JOIN {name} ON {name}.text = r.g_{f}")
            value, reject = f"{name}.value", f"{name}.reason"
        if f in m.multiply:
            value, why = multiply(con, m.multiply[f], value, f, joins)
            reject = why if reject is None else f"coalesce({reject}, {why})"
        values[f] = value
        if reject is not None:
            rejects.append((f, reject))
    field = " ".join(f"WHEN {r} IS NOT NULL THEN {lit(f)}" for f, r in rejects)
    reason = " ".join(f"WHEN {r} IS NOT NULL THEN {r}" for f, r in rejects)
    judged = (
        f"CASE {field} END AS _reject_field, CASE {reason} END AS _reject_reason"
        if rejects
        else "NULL::VARCHAR AS _reject_field, NULL::VARCHAR AS _reject_reason"
    )
    body = ", ".join(f"CAST({v} AS VARCHAR) AS {f}" for f, v in values.items())
    mapped = (
        f"SELECT r._seq, r._file, r._row, r._raw, r._part, {judged}, {body} "
        f"FROM _mp_rows r {' '.join(joins)}"
    )
    if m.cumulative:
        con.execute(f"CREATE OR REPLACE TEMP TABLE _mp_diff AS {mapped}")
        _difference(con, m, parts, report, marks, fields)
        mapped = "SELECT * FROM _mp_diff"
    out = ", ".join(f"CASE WHEN _reject_field IS NULL THEN {f} END AS {f}" for f in fields)
    return f"SELECT _seq, _file, _row, _reject_field, _reject_reason, _raw, {out} FROM ({mapped})"


def _difference(con: Any, m: Mapping, parts, report: SourceReport, marks, fields) -> None:
    """January-to-month differencing of each part's mapped rows, by ``transform._difference``
    (cumulative tables are monthly totals: small); its notes placed where the row-by-row
    path writes them, after reading the part."""
    import pyarrow as pa

    notes_at: list[list[str]] = []
    for part, _, sheet, _ in parts:
        got = con.execute(
            f"SELECT _seq, _reject_field, _reject_reason, {', '.join(fields)} FROM _mp_diff "
            f"WHERE _part = {int(part)} ORDER BY _seq"
        ).fetchall()
        out = Staged([r[0] for r in got])
        out.reject_field = [r[1] for r in got]
        out.reject_reason = [r[2] for r in got]
        for k, f in enumerate(fields):
            out.set(f, [r[3 + k] for r in got])
        notes_at.append(transform._difference(out, m, sheet))
        value_field = m.wide_value if m.wide_field else "value"
        con.register(
            "_mp_diff_a",
            pa.table(
                {
                    "seq": pa.array(out.rows, pa.int64()),
                    "v": pa.array(out.cols[value_field], pa.string()),
                    "rf": pa.array(out.reject_field, pa.string()),
                    "rr": pa.array(out.reject_reason, pa.string()),
                }
            ),
        )
        try:
            con.execute(
                f"UPDATE _mp_diff SET {value_field} = d.v, _reject_field = d.rf, "
                "_reject_reason = d.rr FROM _mp_diff_a d WHERE _mp_diff._seq = d.seq"
            )
        finally:
            con.unregister("_mp_diff_a")
    merged: list[str] = []
    start = 0
    for mark, extra in zip(marks, notes_at, strict=True):
        merged += report.notes[start:mark] + extra
        start = mark
    merged += report.notes[start:]
    report.notes[:] = list(dict.fromkeys(merged))
