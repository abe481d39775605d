"""SQL that runs as-is on the warehouse file, and registers nothing per query.

A query's small tables (group memberships, the calendar of aligned months) are Ibis
memtables. Compiled as they are, the SQL names ``ibis_pandas_memtable_…``, which
exists only inside the engine's connection once registered — and each registration
stays on the connection (1,200 distinct queries took a process from 257 to 735 MB).

Here each one is named by its content. The SQL shown in provenance and by ``explain``
has every one written in as ``VALUES``, so it runs in a DuckDB shell on the warehouse
file. The SQL that runs does the same for tables of up to ``INLINE_ROWS`` rows; a
larger one (all partner groups over six months is ~6,000 rows, 235 KB of SQL that
takes DuckDB longer to parse than the query takes to run) becomes a temporary table
on the connection, created once per content and dropped least recently used first,
so their number stays at most ``KEPT_TABLES`` however many queries run.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

INLINE_ROWS = 200
KEPT_TABLES = 32
PREFIX = "tradestat_rows_"


@dataclass
class Compiled:
    """An expression compiled once: the SQL that runs, and how to show it."""

    tree: Any  # sqlglot tree; its memtables are named PREFIX + content hash
    sql: str  # what runs: small tables inlined, large ones named
    kept: dict[str, Any] = field(default_factory=dict)  # name -> op, kept as temp tables
    inlined: dict[str, str] = field(default_factory=dict)  # name -> VALUES subquery
    mapper: Any = None
    ops: dict[str, Any] = field(default_factory=dict)  # name -> op, every memtable

    def shown(self, dialect: str, pretty: bool = True) -> str:
        """The SQL with every memtable written in: runs as-is on the warehouse file
        (the VALUES of large ones are written only here, when asked for)."""
        values = dict(self.inlined)
        for name, op in self.kept.items():
            values[name] = _values_sql(op, _rows(op), self.mapper, dialect)
        return _substitute(self.tree.sql(dialect=dialect, pretty=pretty), values)


def compile_expr(backend: Any, expr: Any) -> Compiled:
    import ibis.expr.operations as ops
    import sqlglot as sg

    tree = backend.compiler.to_sqlglot(expr)
    tables = {op.name: op for op in expr.op().find(ops.InMemoryTable)}
    inlined: dict[str, str] = {}
    kept: dict[str, Any] = {}
    names: dict[str, str] = {}
    by_content: dict[str, Any] = {}
    mapper = backend.compiler.type_mapper
    for name, op in tables.items():
        rows = _rows(op)
        content = PREFIX + _digest(op, rows)
        names[name] = content
        by_content[content] = op
        if len(rows) > INLINE_ROWS:
            kept[content] = op
        else:
            inlined[content] = _values_sql(op, rows, mapper, backend.dialect)
    if names:

        def rename(node: Any) -> Any:
            if isinstance(node, sg.exp.Table) and node.name in names and not node.db:
                node = node.copy()
                node.set("this", sg.exp.to_identifier(names[node.name], quoted=True))
            return node

        tree = tree.transform(rename)
    sql = tree.sql(dialect=backend.dialect, unsupported_level=sg.ErrorLevel.RAISE)
    return Compiled(tree, _substitute(sql, inlined), kept, inlined, mapper, by_content)


def raw_sql(compiled: Compiled, dialect: str, pretty: bool = False) -> str:
    """The SQL with every memtable still named (``"tradestat_rows_…"``)."""
    import sqlglot as sg

    return compiled.tree.sql(dialect=dialect, pretty=pretty, unsupported_level=sg.ErrorLevel.RAISE)


def count(backend: Any, n: int = 1) -> None:
    """Count SQL statements sent to the backend (``Engine.statements``)."""
    backend._tradestat_statements = getattr(backend, "_tradestat_statements", 0) + n


def run(backend: Any, compiled: Compiled) -> Any:
    """Run compiled SQL on the backend's DuckDB connection: Arrow, untyped."""
    con = backend.con
    count(backend)
    if compiled.kept:
        kept = _kept_tables(backend)
        for name in compiled.kept:
            if name in kept:
                kept.move_to_end(name)
                continue
            _create(con, name, compiled.kept[name])
            count(backend)
            kept[name] = None
            while len(kept) > KEPT_TABLES:
                old, _ = kept.popitem(last=False)
                count(backend)
                con.execute(f'DROP TABLE IF EXISTS "{old}"')
    return con.sql(compiled.sql).to_arrow_table()


def to_arrow(backend: Any, expr: Any) -> Any:
    """An expression's rows as Arrow. On DuckDB through :func:`compile_expr` and
    :func:`run`, typed as the expression says, so nothing piles up on the connection
    and Ibis's pandas-based converter is not imported; elsewhere Ibis's own path, its
    memtables released afterwards."""
    if getattr(backend, "name", "") != "duckdb":
        from tradestat.engine import memtables

        count(backend)
        try:
            return expr.to_pyarrow()
        finally:
            memtables.release(backend, [expr])
    return typed(run(backend, compile_expr(backend, expr)), expr.schema().to_pyarrow())


def typed(table: Any, schema: Any) -> Any:
    """DuckDB's Arrow result in the expression's schema (names and types), as Ibis's
    converter gives it."""
    if table.schema.equals(schema):
        return table
    return table.rename_columns(schema.names).cast(schema)


def _create(con: Any, name: str, op: Any) -> None:
    """A temporary table of the memtable's rows, through Arrow: DuckDB parses a VALUES
    list of thousands of rows slower than it runs the query."""
    staging = f"{name}_arrow"
    con.register(staging, op.data.to_pyarrow(op.schema))
    try:
        con.execute(f'CREATE OR REPLACE TEMP TABLE "{name}" AS SELECT * FROM "{staging}"')
    finally:
        con.unregister(staging)


def _kept_tables(backend: Any) -> OrderedDict:
    # one per backend: a backend wraps one DuckDB connection, whose temp tables these are
    kept = getattr(backend, "_tradestat_kept", None)
    if kept is None:
        kept = backend._tradestat_kept = OrderedDict()
    return kept


def _rows(op: Any) -> list[tuple]:
    from tradestat.engine.memtables import rows_of

    return rows_of(op)


def _digest(op: Any, rows: list[tuple]) -> str:
    text = repr((list(op.schema.items()), rows)).encode()
    return hashlib.blake2b(text, digest_size=12).hexdigest()


def _values_sql(op: Any, rows: list[tuple], mapper: Any, dialect: str) -> str:
    """``(SELECT CAST(c0 AS type) AS "name", … FROM (VALUES …) AS v(c0, …))``, built as
    text (sqlglot takes ~0.1 s per thousand rows); the casts type NULLs and dates."""
    names = list(op.schema.names)
    return values_text(names, column_types(op, mapper, dialect), rows)


def column_types(op: Any, mapper: Any, dialect: str) -> list[str]:
    return [mapper.from_ibis(op.schema[n]).sql(dialect=dialect) for n in op.schema.names]


def content_name(schema_repr: str, rows: list[tuple]) -> str:
    """What :func:`_digest` names a memtable, from ``repr(list(op.schema.items()))``."""
    text = f"({schema_repr}, {rows!r})".encode()
    return PREFIX + hashlib.blake2b(text, digest_size=12).hexdigest()


def values_text(names: list[str], types: list[str], rows: list[tuple]) -> str:
    if not rows:
        cols = ", ".join(f'CAST(NULL AS {t}) AS "{n}"' for n, t in zip(names, types, strict=True))
        return f"(SELECT {cols} WHERE FALSE)"
    cols = ", ".join(
        f'CAST(c{i} AS {t}) AS "{n}"' for i, (n, t) in enumerate(zip(names, types, strict=True))
    )
    body = ", ".join("(" + ", ".join(_literal(v) for v in row) + ")" for row in rows)
    raw = ", ".join(f"c{i}" for i in range(len(names)))
    return f"(SELECT {cols} FROM (VALUES {body}) AS v({raw}))"


def _literal(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, dt.date):
        return f"'{value.isoformat()}'"
    return "'" + str(value).replace("'", "''") + "'"


def _substitute(sql: str, values: dict[str, str]) -> str:
    if not values:
        return sql
    pattern = re.compile(r'"(' + "|".join(re.escape(n) for n in values) + r')"')
    return pattern.sub(lambda m: values[m.group(1)], sql)
