"""Export-market finder: for a product and an exporter, the markets ranked by what
they import, how fast that grew, what the exporter sells there and what it could.

Anchor: ITC's Export Potential Map scores potential as supply × demand × ease. Here
*demand* is the market's imports of the product (value, and growth over ``years``),
*supply* is the exporter's share of each market and its Balassa RCA in the product;
*ease* (tariffs, distance, bilateral ties) and ITC's projections of GDP and
population are not covered. The untapped potential is what the exporter would sell
if it held its average share of all markets' imports there, minus what it sells.

Every number comes from ordinary engine queries on one dataset with reporters, run by
the warehouse's own ``query`` (so basis, coverage, currency and the key's disclosure
control apply as to any figure): ``demand="imports"`` reads the markets' own reports
(flow import, market = reporter, origin = partner, as Comtrade and ITC do);
``demand="exports"`` mirrors the exporters' reports (flow export, market = partner,
origin = reporter, as BACI does). The exporter's own market is left out.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from tradestat.engine.result import Result
from tradestat.errors import QueryError
from tradestat.query.tradequery import MAX_TOP

# demand -> (flow, the market's dimension, the origin's dimension)
DEMANDS = {
    "imports": ("import", "reporter", "partner"),
    "exports": ("export", "partner", "reporter"),
}
PASSED = ("basis", "currency", "fx_basis", "coverage")
ORDER = ("untapped_value", "import_value", "import_growth_pct", "exporter_share_pct")
COLUMNS = {
    "market": "the importing economy",
    "import_value": "the market's imports of the product in the period, from all origins",
    "import_value_base": "the same, {years} year(s) earlier",
    "import_growth_pct": "compound annual growth of the market's imports over {years} year(s), %",
    "exporter_value": "the market's imports of the product from the exporter",
    "exporter_share_pct": "exporter_value as a share of import_value, %",
    "share_change_pp": "change of that share on {years} year(s) earlier, percentage points",
    "exporter_rca": "the exporter's revealed comparative advantage in the product (Balassa; "
    "the same for every market)",
    "potential_value": "import_value x the exporter's average share of all markets' imports "
    "of the product",
    "untapped_value": "potential_value - exporter_value where positive, else 0",
}


class MarketsResult(Result):
    def caption(self, lang: str = "en", scale: Any = None) -> str:
        m = self.provenance.get("markets", {})
        if lang == "zh":
            return f"{m.get('exporter')} 的 {m.get('product')} 出口市场，{m.get('period')}"
        return (f"Export markets for {m.get('product')} from {m.get('exporter')}, "
                f"{m.get('period')}, {self.unit}")  # fmt: skip


def product_filter(product: str) -> dict[str, list[str]]:
    """An HS code (2, 4 or 6 digits, or a full code) or a product group id."""
    text = str(product).strip()
    if not text:
        raise QueryError("product", "is required: an HS code or a product group id")
    if text.isdigit():
        level = {2: "hs2", 4: "hs4", 6: "hs6"}.get(len(text), "hs_code")
        return {level: [text]}
    return {"product_group": [text.lower()]}


def whole(field: str, value: Any, low: int, high: int) -> int:
    """``value`` as an int in [low, high]; JSON's 5.0 is the whole number 5."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise QueryError(field, f"must be a whole number from {low} to {high:,}")
    return value


def base_period(period: str, years: int) -> str:
    from tradestat.query.periods import Span

    years = whole("years", years, 1, 30)
    try:
        return str(Span.parse(period).shift(-12 * years))
    except ValueError as exc:
        raise QueryError("period", str(exc)) from None


def queries(
    dataset: str, product: str, exporter: str, period: str, years: int, demand: str,
    options: dict[str, Any],
) -> dict[str, dict[str, Any]]:  # fmt: skip
    """The eight engine queries, by name: market rows now and at the base, for all
    origins and for the exporter, and the four totals behind the average share and RCA."""
    if demand not in DEMANDS:
        raise QueryError("demand", f"must be one of {', '.join(DEMANDS)}")
    unknown = sorted(k for k in options if k not in PASSED)
    if unknown:
        raise QueryError(unknown[0], f"not an option of markets (options: {', '.join(PASSED)})")
    flow, market, origin = DEMANDS[demand]
    base = base_period(period, years)
    goods = product_filter(product)
    mine = {origin: [exporter]}

    def q(when: str, where: dict[str, list[str]], by: bool) -> dict[str, Any]:
        return {"dataset": dataset, "period": when, "flow": flow, "where": where,
                "exclude": {market: [exporter]}, **({"by": [market]} if by else {}),
                **options}  # fmt: skip

    return {
        "demand": q(period, goods, True), "demand_base": q(base, goods, True),
        "sales": q(period, {**goods, **mine}, True),
        "sales_base": q(base, {**goods, **mine}, True),
        "world_product": q(period, goods, False),
        "exporter_product": q(period, {**goods, **mine}, False),
        "world_all": q(period, {}, False), "exporter_all": q(period, mine, False),
    }  # fmt: skip


def export_markets(
    run: Callable[..., Result],
    dataset: str,
    product: str,
    exporter: str = "CHN",
    period: str = "",
    *,
    years: int = 5,
    demand: str = "imports",
    top: int | None = None,
    order_by: str = "untapped_value",
    confidential: bool = True,
    **options: Any,
) -> MarketsResult:
    """The markets for ``product`` from ``exporter``; ``run(query, confidential=...)``
    answers each engine query (a Warehouse's, SparkWarehouse's or server's ``query``)."""
    import pyarrow as pa

    if order_by not in ORDER:
        raise QueryError("order_by", f"must be one of {', '.join(ORDER)}")
    top = None if top is None else whole("top", top, 1, MAX_TOP)
    years = whole("years", years, 1, 30)
    exporter = str(exporter).strip().upper()
    qs = queries(dataset, product, exporter, period, years, demand, options)
    got = {name: run(q, confidential=confidential) for name, q in qs.items()}
    units = {r.unit for r in got.values()}
    if len(units) > 1:
        raise QueryError("currency", "the answers are in different currencies: ask for one "
                         "(currency: USD)")  # fmt: skip
    market = DEMANDS[demand][1]
    rows_of = {n: {r[market]: r for r in got[n].rows()} for n in qs if n.startswith(("d", "s"))}
    total = {n: _total(got[n]) for n in qs if n.startswith(("world", "exporter"))}
    avg_share = _div(total["exporter_product"], total["world_product"])
    rca = _rca(total)
    rows = [_row(m, rows_of, avg_share, rca, years) for m in rows_of["demand"]]
    rows.sort(key=lambda r: (r[order_by] is None, -(r[order_by] or 0),
                             -(r["import_value"] or 0), r["market"]))  # fmt: skip
    rows = rows[:top] if top else rows
    money = got["demand"].table.schema.field("value").type
    kinds = {"market": pa.string(), "exporter_rca": pa.float64()}
    fields = [(c, kinds.get(c) or (money if c.endswith("_value") or c == "import_value_base"
                                   else pa.float64())) for c in COLUMNS]  # fmt: skip
    table = pa.Table.from_pylist(rows, pa.schema(fields))
    return MarketsResult(table, _provenance(got, qs, dataset, product, exporter, period,
                                            years, demand, avg_share, rca))  # fmt: skip


def _total(result: Result) -> Decimal | None:
    rows = result.rows()
    return rows[0]["value"] if rows else Decimal(0)


def _div(a: Decimal | None, b: Decimal | None) -> float | None:
    return None if a is None or b is None or b == 0 else float(a) / float(b)


def _rca(total: dict[str, Decimal | None]) -> float | None:
    own, world = (_div(total["exporter_product"], total["exporter_all"]),
                  _div(total["world_product"], total["world_all"]))  # fmt: skip
    return None if own is None or not world else own / world


def _row(m: str, rows_of: dict, avg_share: float | None, rca: float | None, years: int) -> dict:
    def value(name: str) -> Decimal | None:
        r = rows_of[name].get(m)
        return None if r is None else r["value"]

    now, base = value("demand"), value("demand_base")
    sold = value("sales") if m in rows_of["sales"] else (None if now is None else Decimal(0))
    sold_base = value("sales_base") if m in rows_of["sales_base"] else (
        None if base is None else Decimal(0))  # fmt: skip
    share, share_base = _div(sold, now), _div(sold_base, base)
    growth = None
    if now is not None and base and now >= 0 and base > 0:
        growth = ((float(now) / float(base)) ** (1 / years) - 1) * 100
    potential = None
    if now is not None and avg_share is not None:
        potential = (now * Decimal(repr(avg_share))).quantize(Decimal("0.01"))
    untapped = None if potential is None or sold is None else max(potential - sold, Decimal(0))
    return {
        "market": m, "import_value": now, "import_value_base": base,
        "import_growth_pct": growth, "exporter_value": sold,
        "exporter_share_pct": None if share is None else share * 100,
        "share_change_pp": None if share is None or share_base is None
        else (share - share_base) * 100,
        "exporter_rca": rca, "potential_value": potential, "untapped_value": untapped,
    }  # fmt: skip


def _provenance(got, qs, dataset, product, exporter, period, years, demand, avg, rca):
    hidden = sum(1 for r in got.values() for row in r.rows() if row.get("suppressed"))
    warnings = [w for r in got.values() for w in r.provenance.get("warnings", [])]
    if hidden:
        warnings.append(f"{hidden} cell(s) hidden by disclosure control: the figures "
                        "that need them are empty")  # fmt: skip
    keep = ("basis", "money", "coverage", "engine", "disclosure", "perturbed")
    first = got["demand"].provenance
    return {
        "query": qs["demand"], "unit": got["demand"].unit,
        "warnings": list(dict.fromkeys(warnings)),
        **{k: first[k] for k in keep if k in first},
        "queries": qs,
        "markets": {
            "dataset": dataset, "product": product, "exporter": exporter, "period": period,
            "base_period": qs["demand_base"]["period"], "years": years, "demand": demand,
            "average_share_pct": None if avg is None else avg * 100, "exporter_rca": rca,
            "columns": {c: text.format(years=years) for c, text in COLUMNS.items()},
            "covered": "demand (imports and their growth) and supply (share, RCA) of ITC's "
                       "Export Potential Map; not ease of trade, nor projections",
        },
    }  # fmt: skip
