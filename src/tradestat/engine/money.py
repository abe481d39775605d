"""Money: which currency and exchange-rate basis a query's values are in, and how.

Values are converted on ingest at the dataset's basis (``market``: the bundled FRED
rates overlaid by the warehouse's own; ``customs``: GAC's statistical rates, imported
with ``tradestat fx import --basis customs``), each row at the rate of its own period
at the dataset's time grain. A query on the dataset's basis reads the stored columns;
a query asking another basis (``"fx_basis"``) converts each record from its original
currency at that basis's rates, so one figure never mixes two bases.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date
from typing import Any

from tradestat.errors import QueryError
from tradestat.model.dataset import Dataset
from tradestat.query.periods import add_months
from tradestat.query.tradequery import TradeQuery
from tradestat.store.catalog import period_text

MARKET_SOURCE = "FRED H.10 monthly and annual averages (bundled)"
GRAIN_WORDS = {
    "month": "each record at its month's average rate",
    "quarter": "each record at its quarter's average rate (mean of its months)",
    "year": "each record at its year's average rate",
}


@dataclass(frozen=True)
class Money:
    currency: str  # currency of the figures
    basis: str  # exchange-rate basis of the figures
    column: str | None  # stored column read; None: converted at query time
    factors: tuple[tuple[str, date, float], ...] = ()  # (record currency, period, factor)
    converted: bool = True  # False when every record is already in ``currency``
    rates: tuple[tuple[str, float], ...] = ()  # (period label, CNY per USD) shown
    source: str = ""
    time_grain: str = "month"

    def expr(self, t: Any) -> Any:
        if self.column is not None:
            return t[self.column]
        import ibis

        factor = ibis.cases(
            *[((t.currency == c) & (t.period == p), f) for c, p, f in self.factors],
            else_=ibis.null("float64"),
        )
        converted = (t.value.cast("float64") * factor).round(2).cast("decimal(18, 2)")
        return ibis.ifelse(t.currency == self.currency, t.value, converted)

    def provenance(self) -> dict[str, Any]:
        out: dict[str, Any] = {"currency": self.currency, "fx_basis": self.basis}
        if not self.converted:
            out["conversion"] = f"none: every record is in {self.currency}"
            return out
        out["conversion"] = GRAIN_WORDS[self.time_grain]
        out["converted"] = "on ingest" if self.column else "at query time"
        out["source"] = self.source
        out["cny_per_usd"] = dict(self.rates)
        return out


def resolve_money(q: TradeQuery, ds: Dataset, currencies: list[str], read_rates: Any) -> Money:
    """``read_rates(basis)`` gives ({(currency, month): per_usd}, {(currency, year): per_usd},
    source text) for a basis; ``currencies`` are the dataset's record currencies."""
    currency = (q.currency or ds.home_currency).upper() if q.measure == "value" else None
    basis = q.fx_basis or ds.fx_basis
    if currency is None:
        return Money(ds.home_currency, basis, "value", converted=False)
    if currency not in ("CNY", "USD", ds.home_currency):
        raise QueryError(
            "currency",
            f"{currency} is not available for dataset {ds.name!r}: use CNY, USD or its home "
            f"currency {ds.home_currency}",
        )
    column = {"CNY": "value_cny", "USD": "value_usd"}.get(currency, "value")
    if currency == ds.home_currency and currency not in ("CNY", "USD"):
        column = "value"
    converted = any(c != currency for c in currencies)
    if not converted:
        return Money(currency, basis, column, converted=False, time_grain=ds.time_grain)
    monthly, annual, source = read_rates(basis)
    periods = _row_periods(q, ds)
    grain = ds.time_grain
    rates = tuple((period_text(p, grain), _rate(monthly, annual, "CNY", p, ds)) for p in periods)
    if basis == ds.fx_basis:
        return Money(currency, basis, column, (), True, _known(rates), source, ds.time_grain)
    factors = []
    for c in currencies:
        if c == currency:
            continue
        for p in periods:
            have, want = _rate(monthly, annual, c, p, ds), _rate(monthly, annual, currency, p, ds)
            if have is None or want is None:
                missing = c if have is None else currency
                raise QueryError(
                    "fx_basis",
                    f"basis {basis!r} has no {missing} rate for {period_text(p, ds.time_grain)} "
                    f"(import one with `tradestat fx import FILE --basis {basis}`)",
                )
            factors.append((c, p, want / have))
    return Money(currency, basis, None, tuple(factors), True, _known(rates), source, ds.time_grain)


def _known(rates: tuple[tuple[str, float | None], ...]) -> tuple[tuple[str, float], ...]:
    return tuple((k, round(v, 6)) for k, v in rates if v is not None)


def _row_periods(q: TradeQuery, ds: Dataset) -> list[date]:
    """First days of the row periods the query reads, at the dataset's time grain."""
    step = ds.months_per_row
    out = []
    for span in [q.span, q.base_span] if q.needs_base else [q.span]:
        out += [m for m in span.month_list() if (m.month - 1) % step == 0]
    return sorted(set(out))


def _rate(monthly: dict, annual: dict, currency: str, p: date, ds: Dataset) -> float | None:
    if currency == "USD":
        return 1.0
    if ds.time_grain == "year" and (currency, p.year) in annual:
        return annual[(currency, p.year)]
    months = [add_months(p, i) for i in range(ds.months_per_row)]
    values = [monthly.get((currency, m)) for m in months]
    if any(v is None for v in values):
        return None
    return statistics.fmean(values)
