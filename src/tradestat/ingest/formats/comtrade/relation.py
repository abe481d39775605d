"""Comtrade rows staged set-based: a batch's files read once into DuckDB, the row rules
run once per distinct combination of the columns they read, values and commodity
levels mapped in SQL.

The rules are ``ComtradeAdapter._row`` itself (reporter vs partner, flows, slices,
breakdowns, classification, period), applied to each distinct combination of flow,
breakdown codes, reporter, partner, TOTAL-or-not, aggregate flag, classification and
period columns; a file holds few such combinations however many commodity rows it has.
What is per row (commodity code, value, quantity, the finest commodity level of each
file) is SQL.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tradestat.ingest.formats.comtrade.combos import combo_key
from tradestat.ingest.formats.comtrade.fast_read import read_clean
from tradestat.ingest.options import SourceReport
from tradestat.ingest.readers.packaged import header_aliases, norm_header
from tradestat.ingest.readers.relations import (
    SourceRows,
    blank,
    distinct,
    filled,
    raw_text,
    stage_result,
)
from tradestat.ingest.readers.tables import read_text_table

if TYPE_CHECKING:
    from tradestat.ingest.formats.comtrade.adapter import ComtradeAdapter

# the columns the row rules read (``_row``): one rule run per distinct combination
RULE_KEYS = (
    "flow_code", "partner2_code", "mot_code", "customs_code", "reporter_code", "reporter_iso",
    "reporter_desc", "partner_code", "partner_iso", "partner_desc", "is_aggregate",
    "classification", "period", "year", "month", "freq",
)  # fmt: skip
OUT = ("reporter", "partner", "flow", "hs_edition", "period")


def stage_all(
    adapter: ComtradeAdapter, con: Any, files: list[Path], report: SourceReport, stage: str
) -> tuple[int, list[str], list[str]]:
    aliases = header_aliases(adapter.__module__.rsplit(".", 1)[0], "comtrade_columns.yaml")
    rows = SourceRows(con, "_ct_src")
    layouts: dict[tuple, Rules] = {}
    offsets: list[tuple[int, int]] = []  # (file index, _seq of its first good row)
    seq = 0
    try:
        fast = read_clean(adapter, con, files, report, rows, layouts, aliases)
        if fast:
            offsets.append((0, 0))
            seq = fast
        for index, path in enumerate([] if fast else files):
            good, key = 0, None
            for header, chunk in read_text_table(path, adapter.options, report):
                if chunk.num_rows == 0:
                    continue
                if "_reject_field" in chunk.column_names:
                    rows.add_rejects(chunk, seq, path.name)
                    seq += chunk.num_rows
                    continue
                source = {aliases[norm_header(h)]: h for h in header if norm_header(h) in aliases}
                adapter._check(path, source, header)
                key = tuple(source.items())
                layouts.setdefault(key, Rules(adapter, source))
                # the good rows of a file come after its malformed lines (the row-by-row
                # path stages them at the end of the file): numbered from 0, offset below
                rows.add(key, chunk, good, path.name, list(source.values()), index)
                good += chunk.num_rows
            if good:
                offsets.append((index, seq))
                seq += good
                layouts[key].add_file(con, rows.tables[key], index, path, good, report)
        if offsets:
            values = ", ".join(f"({int(i)}, {int(o)})" for i, o in offsets)
            con.execute(
                f"CREATE OR REPLACE TEMP TABLE _ct_offsets AS FROM (VALUES {values}) o(fidx, first)"
            )
        parts = [
            layouts[key].select(con, table, f"_ct_rules{i}")
            for i, (key, table) in enumerate(rows.tables.items())
        ]
        stage_result(con, stage, parts, rows.rejects)
    finally:
        rows.drop()
        con.execute("DROP TABLE IF EXISTS _ct_offsets")
        for i in range(len(layouts)):
            for name in (f"_ct_rules{i}", f"_ct_rules{i}_q", f"_ct_rules{i}_w", f"_ct_rules{i}_f"):
                con.execute(f"DROP TABLE IF EXISTS {name}")
    canonical, holding = filled(con, stage)
    return seq, sorted(set(canonical) | rows.reject_fields), holding


def _b(source: dict[str, str], k: str) -> str:
    """The blanked text of column ``k`` (NULL when the file lacks it)."""
    return f"s.b_{k}" if k in source else "NULL::VARCHAR"


class Rules:
    """The row rules of one column layout, run once per distinct combination."""

    def __init__(self, adapter: ComtradeAdapter, source: dict[str, str]) -> None:
        self.adapter, self.source = adapter, source
        self.combos: dict[tuple, int] = {}
        self.marks: list[Counter] = []  # per combination: what ``_row`` counted
        self.out: Any = None

    def base(self, table: str) -> str:
        src = {t: f"c{i}" for i, t in enumerate(self.source)}
        blanked = ", ".join(f"{blank(src[k])} AS b_{k}" for k in self.source)
        return f"(SELECT *, {blanked} FROM {table})"

    def keys(self) -> list[str]:
        cmd = _b(self.source, "cmd_code")
        total = f"coalesce(upper({cmd}) = 'TOTAL', false)"
        return [_b(self.source, k) for k in RULE_KEYS] + [total]

    def add_file(
        self, con: Any, table: str, index: int, path: Path, n: int, report: SourceReport
    ) -> None:
        """Run the rules on the file's new combinations; its notes, as the row-by-row
        path writes them when it finishes the file."""
        keys = self.keys()
        groups = con.execute(
            f"SELECT {', '.join(keys)}, count(*), min(_seq) FROM {self.base(table)} s "
            f"WHERE _fidx = {int(index)} GROUP BY ALL ORDER BY min(_seq)"
        ).fetchall()
        new = [tuple(g[:-2]) for g in groups if tuple(g[:-2]) not in self.combos]
        self._run(new)
        counts: Counter = Counter()  # reporters in the order of their first row
        for g in groups:
            for label, k in self.marks[self.combos[tuple(g[:-2])]].items():
                counts[label] += k * g[-2]
        self.adapter._notes(path, report, counts, n)

    def _run(self, combos: list[tuple]) -> None:
        from tradestat.ingest.formats.comtrade.fields import resolver
        from tradestat.ingest.readers.staged import Staged

        if not combos:
            return
        m = len(combos)
        get = {k: [c[i] for c in combos] for i, k in enumerate(RULE_KEYS)}
        get["cmd_code"] = ["TOTAL" if c[-1] else None for c in combos]
        for k in ("qty", "qty_unit", "net_wgt", "primary", "cif", "fob"):
            get[k] = [None] * m
        out = Staged(list(range(m)))
        names = ("period", "flow", "reporter", "partner", "hs_code", "hs_edition", "value",
                 "quantity", "unit")  # fmt: skip
        fields: dict[str, list] = {f: [None] * m for f in names}
        reporters, partners = resolver(get, "reporter"), resolver(get, "partner")
        for i in range(m):
            counts: Counter = Counter()
            self.adapter._row(i, get, out, fields, reporters, partners, self.source, counts)
            self.marks.append(counts)
        rows = []
        for i, c in enumerate(combos):
            self.combos[c] = len(self.combos)
            rows.append(
                (*c, out.reject_field[i], out.reject_reason[i], *(fields[f][i] for f in OUT))
            )
        self.out = (self.out or []) + rows

    def select(self, con: Any, table: str, name: str) -> str:
        """The staged rows of the layout's table: the rules joined by combination, the
        per-row fields in SQL."""
        import pyarrow as pa

        s = self.adapter.settings
        keys = self.keys()
        width = len(RULE_KEYS)
        columns = [f"k{i}" for i in range(width)] + ["cmd_total", "rule_field", "rule_reason"]
        columns += [f"r_{f}" for f in OUT]
        data = {c: [r[i] for r in self.out] for i, c in enumerate(columns)}
        types = {"cmd_total": pa.bool_()}
        con.register(
            "_ct_rules_a",
            pa.table({c: pa.array(v, types.get(c, pa.string())) for c, v in data.items()}),
        )
        try:
            con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS FROM _ct_rules_a")
        finally:
            con.unregister("_ct_rules_a")
        # one text key per combination (an equality join, not 17 NULL-safe ones)
        width_keys = len(keys)
        join = f"r._ck = {combo_key(keys)}"
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT *, "
            f"{combo_key(columns[:width_keys])} AS _ck FROM {name}"
        )
        value = _b(self.source, {"primary": "primary", "fob": "fob", "cif": "cif"}[s.value])
        cmd = _b(self.source, "cmd_code")
        hs = f"CASE WHEN NOT r.cmd_total THEN {cmd} END"
        digits = "'\\p{Nd}+'"
        # the finest commodity level of each file, by a GROUP BY (a window over the
        # file's rows was 60 % of the statement)
        base = self.base(table)
        con.execute(
            f"""CREATE OR REPLACE TEMP TABLE {name}_f AS SELECT s._fidx AS fidx,
            max(length({hs})) FILTER (WHERE regexp_full_match({hs}, {digits})
              AND r.rule_field IS NULL) AS finest
            FROM {base} s JOIN {name} r ON {join} GROUP BY 1"""
        )
        src = {t: f"c{i}" for i, t in enumerate(self.source)}
        raw = raw_text([(h, f"s.{src[t]}") for t, h in self.source.items()])
        qty, unit = _b(self.source, "qty"), _b(self.source, "qty_unit")
        weight = _b(self.source, "net_wgt")
        pos_q, pos_w = (
            self._positive(con, base, qty, f"{name}_q"),
            self._positive(con, base, weight, f"{name}_w"),
        )
        use_qty = (
            f"{qty} IS NOT NULL AND {pos_q} AND {unit} IS NOT NULL AND upper({unit}) <> 'N/A'"
            if s.quantity == "qty"
            else "false"
        )
        weighed = f"{weight} IS NOT NULL AND {pos_w}"
        inner = f"""SELECT s._seq + o.first AS _seq, s._file, s._row, {raw} AS _raw,
            r.rule_field, r.rule_reason, r.r_reporter AS reporter, r.r_partner AS partner,
            r.r_flow AS flow, r.r_period AS period,
            CASE WHEN NOT r.cmd_total THEN r.r_hs_edition END AS hs_edition,
            {hs} AS hs_code, f.finest, {value} AS value,
            CASE WHEN {use_qty} THEN {qty} WHEN {weighed} THEN {weight} END AS quantity,
            CASE WHEN {use_qty} THEN {unit} WHEN {weighed} THEN 'kg' END AS unit
          FROM {base} s JOIN {name} r ON {join} JOIN _ct_offsets o ON o.fidx = s._fidx
          JOIN {name}_f f ON f.fidx = s._fidx {self._joins(qty, weight, name)}"""
        shorter = f"regexp_full_match(hs_code, {digits}) AND length(hs_code) < finest"
        aggregate = (
            "'commodity aggregate of the file''s ' || finest || '-digit codes, kept out so "
            "it is not counted twice: ' || hs_code"
        )
        judged = f"""SELECT *,
            CASE WHEN rule_field IS NOT NULL THEN rule_field WHEN {shorter} THEN 'cmdCode' END
              AS _reject_field,
            CASE WHEN rule_field IS NOT NULL THEN rule_reason WHEN {shorter} THEN {aggregate}
              END AS _reject_reason
          FROM ({inner})"""
        names = ["period", "flow", "partner", "hs_code", "hs_edition", "value", "quantity", "unit"]
        if s.perspective == "all":
            names.insert(2, "reporter")
        cols = ", ".join(f"CASE WHEN _reject_field IS NULL THEN {f} END AS {f}" for f in names)
        return (
            f"SELECT _seq, _file, _row, _reject_field, _reject_reason, _raw, {cols}, "
            f"CASE WHEN _reject_field IS NULL THEN 'USD' END AS currency FROM ({judged})"
        )

    def _positive(self, con: Any, base: str, col: str, name: str) -> str:
        """SQL of ``fields._positive``: a number > 0, or text that is no number at all
        (validation names it); plain decimals in SQL, any other text as Python reads it."""
        if col == "NULL::VARCHAR":
            return "false"
        from tradestat.ingest.formats.comtrade.fields import _positive

        plain = f"regexp_full_match({col}, '-?[0-9]{{1,30}}([.][0-9]{{1,30}})?')"
        odd = distinct(con, f"SELECT {col} FROM {base} s WHERE NOT {plain}")
        import pyarrow as pa

        positive = pa.array([_positive(t) for t in odd], pa.bool_())
        con.register("_ct_pos_a", pa.table({"text": pa.array(odd, pa.string()), "pos": positive}))
        try:
            con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS FROM _ct_pos_a")
        finally:
            con.unregister("_ct_pos_a")
        alias = name.rsplit("_", 1)[1]
        return f"(CASE WHEN {plain} THEN CAST({col} AS DOUBLE) > 0 ELSE p{alias}.pos END)"

    def _joins(self, qty: str, weight: str, name: str) -> str:
        out = []
        for col, alias in ((qty, "q"), (weight, "w")):
            if col != "NULL::VARCHAR":
                out.append(f"LEFT JOIN {name}_{alias} p{alias} ON p{alias}.text = {col}")
        return " ".join(out)
