"""Run TradeQuery objects on an Ibis backend (DuckDB by default, Spark alike)."""

from __future__ import annotations

import copy
import os
import time
from dataclasses import dataclass
from typing import Any

from tradestat.engine import (
    disclosure,
    indexed,
    inline,
    memtables,
    noise,
    plan,
    protected,
    scans,
    shapes,
)
from tradestat.engine.caches import SharedCaches
from tradestat.engine.catalog import EngineCatalog
from tradestat.engine.lookups import CatalogLookups
from tradestat.engine.provenance import provenance
from tradestat.engine.resolve import Resolved, resolve
from tradestat.engine.result import Result
from tradestat.model.dataset import Dataset
from tradestat.query.tradequery import TradeQuery

PLAN_CACHE = 256  # queries whose compiled plan an engine keeps
RESOLVED = 256  # queries whose resolution an engine keeps
# what each kind of plan computes from a query's prepared stages
BUILDERS = {
    "result": lambda p: plan.build(p),
    "cells": lambda p: plan.build(p, finish=False),  # protected: before hiding cells
    "stats": lambda p: disclosure.stats_expression(p),
    "noise": lambda p: noise.expression(p),
    "detail": lambda p: indexed.detail_expression(p, perturbed=False),  # indices
    "detail_noise": lambda p: indexed.detail_expression(p, perturbed=True),
}


@dataclass
class Plan:
    """A query's Ibis expression, coverage and compiled SQL (DuckDB), built once."""

    expr: Any
    cov: dict
    compiled: inline.Compiled | None  # DuckDB: the SQL that runs, and how to show it
    resolved: Resolved | None = None
    shown_sql: str | None = None  # provenance SQL, rendered on first use
    schema: Any = None  # the Arrow schema of the expression's result


def with_reporter(facts: Any, q: TradeQuery, ds: Dataset) -> Any:
    """The facts with the dataset's default reporter in rows stored without one (rows
    written before the dataset had a default, or before the column existed)."""
    used = "reporter" in q.by or any("reporter" in q.filters(k) for k in ("where", "exclude"))
    if not used or not ds.reporter:
        return facts
    import ibis

    default = ibis.literal(ds.reporter, type="string")
    if "reporter" not in facts.columns:
        return facts.mutate(reporter=default)
    return facts.mutate(reporter=facts.reporter.fill_null(default))


class Engine(CatalogLookups):
    def __init__(
        self, backend: Any, name: str = "duckdb", plan_cache: int | None = None,
        shared: SharedCaches | None = None,
    ) -> None:  # fmt: skip
        """``plan_cache``: plans (and shapes) kept, ~0.3-0.5 MB each, most of it group
        memberships; None: PLAN_CACHE. ``shared``: the caches of a pool of engines
        (tradestat.engine.caches), which then set the sizes."""
        self.backend = backend
        self.name = name
        caches = shared or SharedCaches(
            plan_cache or PLAN_CACHE, plan_cache or shapes.SHAPES, protected.CACHE
        )
        self.catalog = EngineCatalog(backend, caches, shared=shared is not None)
        # resolutions hold this engine's table expressions, so each engine keeps its own
        self.resolved_size = shared.resolved_per_engine if shared else RESOLVED
        self.plan_cache = plan_cache
        # $TRADESTAT_PLAN_CHECK=1: every plan bound from a shape is compared with one
        # compiled afresh (tests)
        self.check_shapes = os.environ.get("TRADESTAT_PLAN_CHECK") == "1"
        self.shape_stats = {"hits": 0, "misses": 0, "templates": 0, "uncacheable": 0}
        self.scan_stats = {"scans": 0, "queries": 0, "fallbacks": 0}

    @property
    def statements(self) -> int:
        """SQL statements this engine's connection has been sent (queries, the catalog's
        reads, temporary tables), for counting what a bulletin costs."""
        return getattr(self.backend, "_tradestat_statements", 0)

    def _facts(self, ds: Dataset, q: TradeQuery) -> Any:
        table = self.catalog.memo(("facts", ds.table), lambda: self.backend.table(ds.table))
        return with_reporter(table, q, ds)

    def resolved(self, q: TradeQuery) -> Resolved:
        """The query resolved against its dataset, kept until the catalog changes."""
        cache = self.catalog.resolved
        r = cache.get(q)
        if r is None:
            r = resolve(self.catalog, self._facts(self.catalog.dataset(q.dataset), q), q)
            if len(cache) >= self.resolved_size:
                cache.pop(next(iter(cache)))
            cache[q] = r
        return r

    def _prepared(self, r: Resolved) -> plan.Prepared:
        return plan.prepare(self._facts(r.ds, r.q), r, lambda: self.catalog.codes(r.ds))

    def _prepare(self, q: TradeQuery) -> tuple[plan.Prepared, dict, dict[str, bool]]:
        r = self.resolved(q)
        return self._prepared(r), r.coverage, r.with_data

    def expression(self, query: TradeQuery | dict) -> tuple[Any, TradeQuery, dict]:
        q = TradeQuery.from_dict(query) if isinstance(query, dict) else query
        prepared, cov, with_data = self._prepare(q)
        return plan.build(prepared, with_data), q, cov

    def explain(self, query: TradeQuery | dict) -> str:
        q = TradeQuery.from_dict(query) if isinstance(query, dict) else query
        if indexed.applies(q):  # two statements: the cells, then each product's sums
            qv = indexed.value_query(q)
            detail = BUILDERS["detail"](self._prepared(self.resolved(qv)))
            return (f"{self.explain(qv)};\n\n-- {indexed.DETAIL_SQL}\n"
                    f"{self._shown_expr(detail)}")  # fmt: skip
        expr, _, _ = self.expression(q)
        return self._shown_expr(expr)

    def _shown_expr(self, expr: Any) -> str:
        if self.name == "duckdb":
            return inline.compile_expr(self.backend, expr).shown(self.backend.dialect)
        return self._sql(expr)

    def run(
        self, query: TradeQuery | dict, *, with_sql: bool = True, confidential: bool = True
    ) -> Result:
        """Run a query. ``confidential=False`` applies the dataset's disclosure policy."""
        started = time.perf_counter()
        q = TradeQuery.from_dict(query) if isinstance(query, dict) else query
        if indexed.applies(q):  # unit values, indices, effects: from value queries
            return indexed.run(self, q, with_sql, confidential)
        ds = self.catalog.dataset(q.dataset)
        if not confidential and disclosure.applies(q, ds):
            table, cov, extra = self._run_protected(q, ds)
            r = self.resolved(q)
        else:
            p = self._plan(q)
            table, cov = self._execute(p), copy.deepcopy(p.cov)  # callers may change theirs
            if with_sql and p.shown_sql is None:
                p.shown_sql = self._shown_sql(p)
            extra = {"sql": p.shown_sql} if with_sql else {}
            assert p.resolved is not None
            r = p.resolved
        return Result(table, provenance(self.name, q, ds, r, cov, extra, started, table))

    def run_shared(self, queries: list[TradeQuery], *, confidential: bool = True
                   ) -> dict[TradeQuery, Result]:  # fmt: skip
        """Answers to those of ``queries`` that shared scans answer (tradestat.engine.scans):
        one statement for all queries of one dataset and basis without a breakdown, each
        answer what ``run(q, with_sql=False)`` gives it, time aside. The others (and any
        that fail to resolve) are left to ``run``."""
        plain = [q for q in queries if not indexed.applies(q)]  # indices: from their detail
        return scans.run_shared(self, plain, confidential)

    def compile_scan(self, key: Any, expr: Any) -> tuple[inline.Compiled, Any]:
        """A shared scan's SQL and schema (DuckDB), kept until the catalog changes."""

        def compile_it() -> tuple[inline.Compiled, Any]:
            e = expr()
            return inline.compile_expr(self.backend, e), e.schema().to_pyarrow()

        return self.catalog.memo(("scan", key), compile_it)

    def facts_of(self, ds: Dataset, q: TradeQuery) -> Any:
        return self._facts(ds, q)

    def _plan(self, q: TradeQuery) -> Plan:
        """The query's plan, cached until the catalog changes (an ingest invalidates it).

        Building the Ibis expression and compiling it to SQL take 40-150 ms, longer than
        DuckDB takes to answer most questions: a repeated query skips both, and so does
        a distinct query of a shape seen before (tradestat.engine.shapes).
        """
        plans = self.catalog.plans
        p = plans.get(q)
        if p is None:
            epoch = plans.epoch
            r = self.resolved(q)
            if self.name == "duckdb":
                compiled, schema = self._compiled("result", r)
                # a compiled plan runs from its SQL: no Ibis expression is kept (~0.3 MB)
                p = Plan(None, r.coverage, compiled, r, schema=schema)
            else:
                expr = BUILDERS["result"](self._prepared(r))
                schema = expr.schema().to_pyarrow()
                p = Plan(expr, r.coverage, None, r, schema=schema)
            for evicted in plans.put(q, p, epoch):
                if evicted.expr is not None:
                    memtables.release(self.backend, [evicted.expr])
        return p

    def _compiled(self, kind: str, r: Resolved) -> tuple[Any, Any]:
        """SQL and result schema of one kind of plan for a resolved query (DuckDB): bound
        from its shape's template when there is one, else compiled through Ibis."""
        dates = shapes.periods_are_literals(r.q, r.calendar)
        key = shapes.shape_key(kind, r, dates)
        store = self.catalog.shapes
        epoch = store.epoch
        entry = store.get(key)
        real = shapes.atoms_of(r.q, r.sides, dates)
        if isinstance(entry, shapes.Template) and shapes.bindable(real):
            self.shape_stats["hits"] += 1
            bound = shapes.Bound(entry, real, r.sides)
            if self.check_shapes:
                fresh, schema = self._compile(kind, r)
                assert bound.sql == fresh.sql, (bound.sql, fresh.sql)
                assert bound.shown(self.backend.dialect) == fresh.shown(self.backend.dialect)
                assert schema.equals(entry.schema)
            return bound, entry.schema
        self.shape_stats["misses"] += 1
        compiled, schema = self._compile(kind, r)
        if entry is None:
            store.put(key, shapes.SEEN, epoch)
        elif entry == shapes.SEEN and shapes.bindable(real):  # seen twice: make a template
            marked = shapes.marked(r, dates)
            try:
                m_compiled, m_schema = self._compile(kind, marked)
                markers = shapes.atoms_of(marked.q, marked.sides, dates)
                made = shapes.template(compiled, schema, m_compiled, m_schema, real, markers,
                                       r.sides, self.backend.dialect)  # fmt: skip
            except Exception:  # a marker this shape cannot take: plan it afresh each time
                made = None
            store.put(key, made or shapes.UNCACHEABLE, epoch)
            self.shape_stats["templates" if made else "uncacheable"] += 1
        return compiled, schema

    def _compile(self, kind: str, r: Resolved) -> tuple[inline.Compiled, Any]:
        expr = BUILDERS[kind](self._prepared(r))
        return inline.compile_expr(self.backend, expr), expr.schema().to_pyarrow()

    def arrow_of(self, kind: str, q: TradeQuery) -> Any:
        """One kind of plan's rows for a query (see BUILDERS), as Arrow."""
        r = self.resolved(q)
        if self.name != "duckdb":
            return inline.to_arrow(self.backend, BUILDERS[kind](self._prepared(r)))
        compiled, schema = self._compiled(kind, r)
        return inline.typed(inline.run(self.backend, compiled), schema)

    def _shown_sql(self, p: Plan) -> str:
        """The provenance SQL, as ``explain`` shows it: pretty-printed from the tree the
        executed SQL was rendered from (compiling again would cost ~15x rendering), with
        every in-memory table written in, so it runs as-is on the warehouse file."""
        if p.compiled is not None:
            return p.compiled.shown(self.backend.dialect)
        return self._sql(p.expr)

    def _execute(self, p: Plan) -> Any:
        """What ``expr.to_pyarrow()`` does on DuckDB, minus compiling the expression
        again, registering its memtables and Ibis's pandas-based result converter."""
        if p.compiled is None:
            inline.count(self.backend)
            return p.expr.to_pyarrow()
        return inline.typed(inline.run(self.backend, p.compiled), p.schema)

    def to_arrow(self, expr: Any) -> Any:
        """An expression's rows as Arrow, registering nothing on the connection."""
        return inline.to_arrow(self.backend, expr)

    def _run_protected(self, q: TradeQuery, ds: Dataset) -> tuple[Any, dict, dict]:
        return protected.run(self, q, ds)

    def _sql(self, expr: Any) -> str:
        import ibis

        sql = str(ibis.to_sql(expr))  # in the dialect of the backend that runs it
        shown = getattr(self.backend, "shown", None)  # a backend reading views of its own
        return shown(sql) if shown else sql
