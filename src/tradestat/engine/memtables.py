"""A query's in-memory tables (group memberships, calendars): built from Arrow, and
released from backends that register them.

On DuckDB the engine writes them into the SQL (tradestat.engine.inline) and registers
nothing. Elsewhere (Spark) Ibis registers each ``memtable`` the first time an
expression using it runs and never drops it, so every distinct query would leave a
view behind (1,200 queries took a process from 257 to 735 MB): the engine releases
them once an expression is done with.
"""

from __future__ import annotations

import functools
from typing import Any


def release(backend: Any, exprs: list[Any]) -> None:
    import ibis.expr.operations as ops

    registered = getattr(backend, "_memtables", None)
    if registered is None:
        return
    for expr in exprs:
        for op in expr.op().find(ops.InMemoryTable):
            if op not in registered:
                continue
            registered.discard(op)
            if hasattr(backend, "_session"):  # Spark: a temporary view
                backend._session.catalog.dropTempView(op.name)
            else:  # DuckDB: a registered Arrow object
                backend.con.unregister(op.name)


def rows_memtable(schema: dict[str, str], rows: list[tuple], recipe: Any = None) -> Any:
    """A small table for a query, holding its rows as Python tuples. On DuckDB they are
    written into the SQL as VALUES and never become Arrow or pandas objects (building
    either from Python values imports pandas, ~0.4 s of a CLI call); a backend that
    registers the table gets them as Arrow. ``recipe(sides)`` gives the rows for other
    sides (periods) of the same query shape (tradestat.engine.shapes)."""
    import ibis
    import ibis.expr.operations as ops
    from ibis.util import gen_name

    # a list: Ibis wraps only unhashables
    data = _rows_proxy_class()([tuple(schema), tuple(rows), recipe])
    return ops.InMemoryTable(
        name=gen_name("tradestat_rows"), schema=ibis.schema(schema), data=data
    ).to_expr()


def recipe_of(op: Any) -> Any:
    """How the rows of an in-memory table follow from a query's sides, if they do."""
    return op.data.obj[2] if isinstance(op.data, _rows_proxy_class()) else None


def rows_of(op: Any) -> list[tuple]:
    """The rows of an in-memory table, without Arrow when it holds Python rows."""
    if isinstance(op.data, _rows_proxy_class()):
        return list(op.data.obj[1])
    table = op.data.to_pyarrow(op.schema)
    return list(zip(*(table.column(n).to_pylist() for n in op.schema.names), strict=True))


@functools.cache
def _rows_proxy_class() -> type:
    from ibis.formats import TableProxy

    class RowsProxy(TableProxy):
        """(column names, rows) as Ibis's in-memory table data."""

        def to_pyarrow(self, schema: Any) -> Any:
            import pyarrow as pa

            target = schema.to_pyarrow()
            rows = self.obj[1]
            columns = [pa.array([r[i] for r in rows], f.type) for i, f in enumerate(target)]
            return pa.Table.from_arrays(columns, schema=target)

        def to_frame(self) -> Any:
            import pandas as pd

            return pd.DataFrame(list(self.obj[1]), columns=list(self.obj[0]))

        def to_polars(self, schema: Any) -> Any:
            import polars as pl

            return pl.from_arrow(self.to_pyarrow(schema))

    return RowsProxy
