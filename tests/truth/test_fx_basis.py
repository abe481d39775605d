"""Exchange-rate basis: GAC converts at its own monthly statistical rates, not market
rates. A dataset records the basis it was converted at; a query may ask another; a
result says which; two bases are never mixed in one figure."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tests.truth.conftest import MAPPINGS, WORKBOOK
from tradestat.errors import QueryError
from tradestat.query.periods import Span

MONTHS = Span.parse("2024-01..2025-06").month_list()


def customs_rates() -> dict[date, float]:
    """A customs-rate table as a user would type it in: one CNY rate a month (made up
    here, 7.10 + 0.01 a month; GAC's own are not in the data at hand)."""
    return {m: round(7.10 + 0.01 * i, 4) for i, m in enumerate(MONTHS)}


@pytest.fixture(scope="module")
def two_bases(tmp_path_factory):
    import tradestat

    folder = tmp_path_factory.mktemp("fx")
    table = folder / "customs-rates.csv"
    table.write_text(
        "period,cny_per_usd\n" + "".join(f"{m:%Y-%m},{v}\n" for m, v in customs_rates().items()),
        encoding="utf-8",
    )
    w = tradestat.connect(folder / "w.duckdb")
    report = w.import_fx(table, basis="customs", source="GAC statistical rates")
    assert report.rows_written == len(MONTHS)
    mapping = MAPPINGS / "gac-monthly-national.yaml"
    w.ingest(WORKBOOK, "market", "mapped", mapping=mapping)
    w.ingest(WORKBOOK, "customs", "mapped", mapping=mapping, fx_basis="customs")
    yield w
    w.close()


def _usd_at(w, dataset: str, rates: dict[date, float]) -> Decimal:
    """Each stored CNY record converted at ``rates`` and rounded to the cent, summed."""
    rows = (
        w.cursor()
        .execute(
            f"SELECT period, value FROM facts_{dataset} WHERE period BETWEEN '2024-01-01' "
            "AND '2024-12-01'"
        )
        .fetchall()
    )
    return sum((Decimal(str(round(float(v) / rates[p], 2))) for p, v in rows), Decimal(0))


def test_a_dataset_converts_at_its_basis(two_bases):
    w = two_bases
    assert w.dataset("customs").fx_basis == "customs"
    r = w.query({"dataset": "customs", "period": "2024", "currency": "USD"})
    assert r.scalar() == _usd_at(w, "customs", customs_rates())
    money = r.provenance["money"]
    assert money["fx_basis"] == "customs" and money["converted"] == "on ingest"
    assert money["cny_per_usd"]["2024-01"] == customs_rates()[date(2024, 1, 1)]
    assert "GAC statistical rates" in money["source"]


def test_a_query_asks_another_basis_and_gets_it_at_query_time(two_bases):
    w = two_bases
    q = {"dataset": "market", "period": "2024", "currency": "USD"}
    market = w.query(q)
    customs = w.query({**q, "fx_basis": "customs"})
    assert customs.scalar() == w.query({"dataset": "customs", **{k: v for k, v in q.items()
                                        if k != "dataset"}}).scalar()  # fmt: skip
    assert customs.scalar() != market.scalar()
    assert market.provenance["money"]["fx_basis"] == "market"
    assert customs.provenance["money"]["converted"] == "at query time"
    assert "CASE" in w.explain({**q, "fx_basis": "customs"}).upper()


def test_growth_on_one_basis_uses_it_on_both_sides(two_bases):
    w = two_bases
    q = {"dataset": "market", "period": "2025-H1", "currency": "USD", "compare": ["growth"],
         "fx_basis": "customs"}  # fmt: skip
    row = w.query(q).rows()[0]
    direct = w.query({**q, "dataset": "customs", "fx_basis": None}).rows()[0]
    assert row == direct


def test_cny_figures_need_no_rate(two_bases):
    r = two_bases.query({"dataset": "market", "period": "2024", "fx_basis": "customs"})
    assert r.provenance["money"]["conversion"] == "none: every record is in CNY"


def test_a_basis_without_rates_is_refused(two_bases):
    with pytest.raises(QueryError, match="no rates imported for basis 'official'"):
        two_bases.query({"dataset": "market", "period": "2024", "currency": "USD",
                         "fx_basis": "official"})  # fmt: skip
    with pytest.raises(QueryError, match="basis 'customs' has no CNY rate for 2023-01"):
        two_bases.query({"dataset": "market", "period": "2023-01", "currency": "USD",
                         "fx_basis": "customs"})  # fmt: skip


def test_ingest_at_a_basis_without_a_months_rate_rejects_the_row(two_bases, tmp_path):
    src = tmp_path / "late.csv"
    src.write_text("period,flow,value,currency\n2026-01,X,100,USD\n2024-05,X,100,USD\n", "utf-8")
    report = two_bases.ingest(src, "late", fx_basis="customs")
    assert (report.rows_accepted, report.rows_rejected) == (1, 1)
    reject = two_bases.rejects("late").to_pylist()[0]
    assert reject["row_number"] == 2 and "no CNY exchange rate in 2026-01" in reject["reason"]
