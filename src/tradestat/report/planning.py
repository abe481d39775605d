"""How a bulletin plans its queries: all of them first, then as few scans as can answer.

Before any sentence is written, the queries of every statement are filled in for the
dataset the statement is first tried on (the one it names, else the first whose grain
has every dimension it asks about), and the warehouse answers together those that
shared scans can answer (``Engine.run_shared``: every query without a breakdown of one
dataset and basis in one SQL statement). A statement then takes each answer from
there, or runs the query alone. The answers are the ones each query gets alone.

A statement left out (with its reason) is remembered with the catalog state it was
planned on (the engine's catalog, dropped by any ingest or dataset change), so a
rebuild neither re-plans nor re-runs it; its reason is written per dataset tried
(``left_out_text``).
"""

from __future__ import annotations

import json
import re
from typing import Any

LEFT_OUT_KEPT = 512  # statements left out that an engine's catalog remembers


def chart_only(st: Any, lang: str) -> str | None:
    """The query only the statement's chart reads (no sentence names it): a dataset
    that cannot answer it still writes the sentence, without the chart (an annual
    table has no months to chart)."""
    name = st.chart.query if st.chart is not None else None
    if name is None or re.search(rf"\b{re.escape(name)}\b", st.templates.get(lang, "")):
        return None
    return name


def optional_queries(st: Any, lang: str) -> set[str]:
    """The queries a dataset may fail to answer and still write the statement: those the
    spec names optional (the sentences guard their clauses) and the chart-only one."""
    return {*st.optional, *filter(None, [chart_only(st, lang)])}


def statement_queries(builder: Any, st: Any, dataset: str) -> list[Any] | None:
    """The statement's TradeQuery objects on ``dataset``; None when a placeholder, the
    dataset's grain or the query itself rules it out (its own run then says why)."""
    from tradestat.engine.resolve import check_dimensions, check_time_grain

    ds = builder.dataset_meta(dataset)
    optional = optional_queries(st, builder.lang)
    out = []
    for name, q in st.queries.items():
        try:
            tq = builder.trade_query(st, name, q, dataset)
            check_dimensions(tq, ds)
            check_time_grain(tq, ds)
        except Exception:  # a placeholder, grain or query error: its own run reports it
            if name in optional:
                continue
            return None
        out.append(tq)
    return out


def shared_answers(builder: Any, statements: list[Any]) -> dict[Any, Any]:
    """Answers to the bulletin's queries from shared scans, by TradeQuery."""
    batch = getattr(builder.warehouse, "query_batch", None)
    if batch is None:  # e.g. a remote warehouse: every query runs alone
        return {}
    queries: list[Any] = []
    for st in statements:
        for dataset in builder.candidates(st, []):
            if builder.left_out_before(st, dataset) is not None:
                continue
            found = statement_queries(builder, st, dataset)
            if found is not None:
                queries += found
                break
    return batch(queries, confidential=builder.confidential) if queries else {}


def left_out_store(warehouse: Any) -> dict[str, Any] | None:
    """The dict of statements left out, kept by the warehouse's engine until the warehouse
    changes (a warehouse without an engine of its own keeps none)."""
    return getattr(getattr(warehouse, "engine", None), "left_out", None)


def statement_key(builder: Any, st: Any, dataset: str) -> str:
    """Everything a statement's outcome on a dataset depends on besides the data."""
    spec, holders = builder.spec, builder.holders
    return json.dumps(
        [spec.id, spec.defaults, spec.params, st.id, st.queries, st.templates.get(builder.lang),
         dataset, holders.period, holders.base_period, builder.lang, builder.confidential],
        sort_keys=True, default=str,
    )  # fmt: skip


def remember(store: dict[str, Any] | None, key: str, value: Any) -> None:
    if store is None:
        return
    if len(store) >= LEFT_OUT_KEPT:
        store.pop(next(iter(store)))
    store[key] = value


def left_out_text(statement: str, reasons: list[tuple[str, str]], lang: str) -> str:
    """'statement: reason' or 'statement: dataset: reason; dataset: reason'; in Chinese
    with the identifiers as code (`id`)."""
    if lang == "zh":
        from tradestat.report.format.chinese import reason

        if len(reasons) == 1:
            return f"`{statement}`：{reason(reasons[0][1])}"
        return f"`{statement}`：" + "；".join(f"`{ds}`：{reason(r)}" for ds, r in reasons)
    if len(reasons) == 1:
        return f"{statement}: {reasons[0][1]}"
    return f"{statement}: " + "; ".join(f"{ds}: {r}" for ds, r in reasons)


def not_comparable(runs: dict[str, Any]) -> str | None:
    """Why a figure a statement needs is missing when a query's sides do not cover the
    same months (its growth, share change or contribution are not computed)."""
    for name, run in runs.items():
        coverage = run.result.provenance.get("coverage", {})
        if coverage.get("comparable") is False and run.query.coverage != "partial":
            return f"not comparable: {coverage['comparable_note']} (query {name!r})"
    return None
