"""Run TradeQuery objects on an Ibis backend (DuckDB by default, Spark alike)."""

from __future__ import annotations

import time
from typing import Any

from tradestat.engine import plan, provenance
from tradestat.engine.catalog import EngineCatalog
from tradestat.engine.frame import sides_of
from tradestat.engine.result import Result
from tradestat.query.tradequery import TradeQuery


class Engine:
    def __init__(self, backend: Any, name: str = "duckdb") -> None:
        self.backend = backend
        self.name = name
        self.catalog = EngineCatalog(backend)

    def expression(self, query: TradeQuery | dict) -> tuple[Any, TradeQuery, dict]:
        q = TradeQuery.from_dict(query) if isinstance(query, dict) else query
        ds = self.catalog.dataset(q.dataset)
        sides = sides_of(q)
        cov = provenance.coverage(self.catalog.vintages, ds.name, q, sides)
        with_data = {
            "cur": cov["current"]["rows_in_period"] > 0,
            "base": "base" in cov and cov["base"]["rows_in_period"] > 0,
        }
        expr = plan.build(
            self.backend.table(ds.table), ds, q, lambda: self.catalog.codes(ds), with_data
        )
        return expr, q, cov

    def explain(self, query: TradeQuery | dict) -> str:
        import ibis

        expr, _, _ = self.expression(query)
        return str(ibis.to_sql(expr, dialect=self._dialect()))

    def run(self, query: TradeQuery | dict, *, with_sql: bool = True) -> Result:
        started = time.perf_counter()
        expr, q, cov = self.expression(query)
        table = expr.to_pyarrow()
        elapsed = time.perf_counter() - started
        prov = {
            "query": q.to_dict(),
            "engine": self.name,
            "basis": q.basis if q.basis != "as_of" else f"as_of {q.as_of.isoformat()}",
            "coverage": cov,
            "warnings": provenance.warnings(cov),
            "seconds": round(elapsed, 4),
        }
        if with_sql:
            import ibis

            prov["sql"] = str(ibis.to_sql(expr, dialect=self._dialect()))
        return Result(table, prov)

    def _dialect(self) -> str:
        return "duckdb" if self.name == "duckdb" else "spark"
