"""Economic complexity of a dataset's exports: one row per year × reporter × product.

The export values come from an ordinary engine query (``flow: export``, ``by: [year,
reporter, hs4|hs6]``), so the dataset's basis, coverage, currency and disclosure rules
apply to them as to any figure; the measures (``tradestat.analytics.ecomplexity``) are
computed from that answer, within each year. Every front end calls ``complexity``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from tradestat.engine.result import Result
from tradestat.errors import QueryError

LEVELS = ("hs2", "hs4", "hs6")
COLUMNS = ("year", "reporter", "product", "value", "rca", "mcp", "diversity", "ubiquity",
           "eci", "pci", "density", "coi", "cog")  # fmt: skip
# query keys a caller may add to the input query (the rest is fixed by the measure)
PASSED = ("basis", "currency", "fx_basis", "where", "exclude", "coverage", "returns",
          "composition")  # fmt: skip
METHOD = (
    "Growth Lab ecomplexity (Stata) conventions: Balassa RCA, M = RCA > threshold, "
    "eigenvector method, ECI sign set by its correlation with diversity, ECI and PCI "
    "standardised with ECI's mean and sample standard deviation over the year's "
    "reporter x product rows, symmetric proximity (zero diagonal), density, COI z-scored, "
    "COG over ECI's standard deviation"
)


@dataclass
class ComplexityResult(Result):
    """The measures as a Result; ``proximity`` holds the proximity matrix when asked."""

    proximity: Result | None = field(default=None)

    def caption(self, lang: str = "en", scale: Any = None) -> str:
        c = self.provenance.get("complexity", {})
        level = {"hs2": "HS chapter", "hs4": "HS heading", "hs6": "HS subheading"}
        if lang == "zh":
            return f"经济复杂度（RCA > {c.get('rca_threshold')}），{c.get('period')}"
        return (
            f"Economic complexity of exports by reporter and "
            f"{level.get(c.get('product_level', ''), 'product')}, {c.get('period')} "
            f"(RCA > {c.get('rca_threshold')}, {self.unit})"
        )


def input_query(
    dataset: str, period: str, product_level: str, options: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The engine query whose answer the measures are computed from."""
    if product_level not in LEVELS:
        raise QueryError("product_level", f"must be one of {', '.join(LEVELS)}")
    extra = dict(options or {})
    unknown = sorted(k for k in extra if k not in PASSED)
    if unknown:
        raise QueryError(
            unknown[0] or "body", f"not an option of complexity (options: {', '.join(PASSED)})"
        )
    return {"dataset": dataset, "period": period, "flow": "export",
            "by": ["year", "reporter", product_level], **extra}  # fmt: skip


def complexity(
    run: Callable[..., Result],
    dataset: str,
    period: str,
    product_level: str = "hs4",
    rca_threshold: float = 1.0,
    *,
    proximity: bool = False,
    confidential: bool = True,
    **options: Any,
) -> ComplexityResult:
    """Measures of ``dataset``'s exports in ``period``; ``run(query, confidential=...)``
    answers the input query (a Warehouse's or SparkWarehouse's ``query``)."""
    import pyarrow as pa

    from tradestat.analytics import ecomplexity as eco

    if isinstance(rca_threshold, bool) or not isinstance(rca_threshold, int | float):
        raise QueryError("rca_threshold", f"must be a number, not {rca_threshold!r}")
    q = input_query(dataset, period, product_level, options)
    answer = run(q, confidential=confidential)
    rows = answer.rows()
    hidden = sum(1 for r in rows if r.get("suppressed"))
    cells: dict[str, dict[tuple[str, str], Any]] = {}
    skipped = 0
    for r in rows:
        if r["reporter"] is None or r[product_level] is None:
            skipped += 1  # no reporter or no code at this level: not a cell of the matrix
            continue
        cells.setdefault(r["year"], {})[(r["reporter"], r[product_level])] = r["value"]
    out: dict[str, list] = {c: [] for c in COLUMNS}
    prox: list[dict[str, Any]] = []
    years: dict[str, Any] = {}
    for year in sorted(cells):
        got = cells[year]
        reporters = sorted({c for c, _ in got})
        products = sorted({p for _, p in got})
        x = [[float(got.get((c, p)) or 0) for p in products] for c in reporters]
        reporters, products, x, gone_c, gone_p = eco.drop_empty(reporters, products, x)
        years[year] = {"reporters": len(reporters), "products": len(products),
                       "dropped_reporters": gone_c, "dropped_products": gone_p}  # fmt: skip
        if not reporters or not products:
            continue
        y = eco.year_measures(reporters, products, x, float(rca_threshold))
        if not (y.diversity > 0).all() or not (y.ubiquity > 0).all():
            years[year]["undefined"] = (
                "ECI, PCI, COI and COG undefined: a reporter has no RCA above the "
                "threshold, or a product is no reporter's advantage"
            )
        for column, values in _rows(year, y, got).items():
            out[column] += values
        if proximity:
            prox += [
                {"year": year, "product": p, "product_2": q2, "proximity": _num(y.proximity[i, j])}
                for i, p in enumerate(products) for j, q2 in enumerate(products)
            ]  # fmt: skip
    value_type = answer.table.schema.field("value").type
    schema = pa.schema(
        [("year", pa.string()), ("reporter", pa.string()), ("product", pa.string()),
         ("value", value_type), ("rca", pa.float64()), ("mcp", pa.int8()),
         ("diversity", pa.int32()), ("ubiquity", pa.int32()), ("eci", pa.float64()),
         ("pci", pa.float64()), ("density", pa.float64()), ("coi", pa.float64()),
         ("cog", pa.float64())]
    )  # fmt: skip
    table = pa.Table.from_pydict(out, schema)
    prov = _provenance(answer, q, product_level, rca_threshold, period, years, hidden)
    if skipped:
        prov["warnings"].append(
            f"{skipped} input cell(s) without a reporter or a {product_level} code (a code "
            "shorter than the level, or none) are left out"
        )
    result = ComplexityResult(table, prov)
    if proximity:
        ptable = pa.Table.from_pylist(prox, pa.schema(
            [("year", pa.string()), ("product", pa.string()), ("product_2", pa.string()),
             ("proximity", pa.float64())]))  # fmt: skip
        result.proximity = Result(ptable, {"complexity": prov["complexity"]})
    return result


def _rows(year: str, y: Any, got: dict[tuple[str, str], Any]) -> dict[str, list]:
    """One year's rows as columns (reporter-major), numpy arrays turned to lists once."""
    import numpy as np

    n_c, n_p = len(y.reporters), len(y.products)
    zero = Decimal(0)

    def flat(a: Any) -> list:
        return _nums(np.asarray(a, dtype=float).reshape(-1))

    return {
        "year": [year] * (n_c * n_p),
        "reporter": [c for c in y.reporters for _ in range(n_p)],
        "product": list(y.products) * n_c,
        "value": [got.get((c, p), zero) for c in y.reporters for p in y.products],
        "rca": flat(y.rca), "mcp": y.m.astype(int).reshape(-1).tolist(),
        "diversity": np.repeat(y.diversity.astype(int), n_p).tolist(),
        "ubiquity": np.tile(y.ubiquity.astype(int), n_c).tolist(),
        "eci": flat(np.repeat(y.eci, n_p)), "pci": flat(np.tile(y.pci, n_c)),
        "density": flat(y.density), "coi": flat(np.repeat(y.coi, n_p)), "cog": flat(y.cog),
    }  # fmt: skip


def _nums(a: Any) -> list[float | None]:
    """Floats, NaN and infinities as None, -0.0 as 0.0 (Stata writes 0)."""
    import numpy as np

    clean = a + 0.0
    bad = ~np.isfinite(clean)
    out = clean.tolist()
    if bad.any():
        for i in np.flatnonzero(bad):
            out[i] = None
    return out


def _num(v: Any) -> float | None:
    f = float(v)
    return None if f != f or f in (float("inf"), float("-inf")) else f + 0.0  # no -0.0


def _provenance(answer, q, level, threshold, period, years, hidden) -> dict[str, Any]:
    p = answer.provenance
    warnings = list(p.get("warnings", []))
    if hidden:
        warnings.append(
            f"{hidden} input cell(s) hidden by disclosure control count as no exports; "
            "ask with the confidential scope for exact measures"
        )
    for year, info in years.items():
        if "undefined" in info:
            warnings.append(f"{year}: {info['undefined']}")
        gone = info["dropped_reporters"] + info["dropped_products"]
        if gone:
            warnings.append(f"{year}: left out, total exports not positive: {', '.join(gone)}")
    keep = ("unit", "engine", "basis", "time_grain", "money", "coverage", "disclosure",
            "perturbed", "disclosure_control")  # fmt: skip
    return {
        "query": q,
        **{k: p[k] for k in keep if k in p},
        "warnings": warnings,
        "input_sql": p.get("sql"),
        "complexity": {"period": period, "product_level": level, "rca_threshold": threshold,
                       "method": METHOD, "years": years, "hidden_cells": hidden},
    }  # fmt: skip
