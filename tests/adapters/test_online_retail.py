"""--format online-retail: real UCI Online Retail lines (fixtures, bundled Parquet, raw)."""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

import pytest

from tests.adapters.conftest import FIX, SAMPLES

DAYS = FIX / "online-retail" / "by-day"
# buyer countries of the fixture days -> ISO alpha-3 / special code, written by hand
COUNTRY = {
    "Australia": "AUS", "Belgium": "BEL", "Brazil": "BRA", "Channel Islands": "XCH",
    "Cyprus": "CYP", "Denmark": "DNK", "EIRE": "IRL", "European Community": "XEC",
    "Finland": "FIN", "France": "FRA", "Germany": "DEU", "Italy": "ITA", "Japan": "JPN",
    "Netherlands": "NLD", "Norway": "NOR", "Portugal": "PRT", "RSA": "ZAF", "Spain": "ESP",
    "Sweden": "SWE", "Switzerland": "CHE", "USA": "USA", "United Kingdom": "GBR",
    "Unspecified": "XUN",
}  # fmt: skip
CENT = Decimal("0.01")


def lines() -> list[dict[str, str]]:
    out = []
    for path in sorted(DAYS.glob("*.csv")):
        with open(path, encoding="utf-8", newline="") as fh:
            out += list(csv.DictReader(fh))
    return out


def kind(line: dict[str, str]) -> str:
    """What a line is, by the rules the preset documents (computed here, not by tradestat)."""
    if not re.fullmatch(r"C?\d{6}", line["InvoiceNo"]):
        return "adjustment"
    if line["InvoiceNo"].startswith("C"):
        return "return"
    return "write-off" if int(line["Quantity"]) < 0 else "sale"


def amount(line: dict[str, str]) -> Decimal:
    exact = int(line["Quantity"]) * Decimal(line["UnitPrice"])
    return exact.quantize(CENT, ROUND_HALF_UP)


@pytest.fixture(scope="module")
def retail(tmp_path_factory):
    import tradestat

    w = tradestat.connect(tmp_path_factory.mktemp("retail") / "w.duckdb")
    report = w.ingest(DAYS, "retail", "online-retail")
    yield w, report
    w.close()


def test_every_line_read_and_classified(retail):
    w, report = retail
    all_lines = lines()
    kinds = defaultdict(int)
    for line in all_lines:
        kinds[kind(line)] += 1
    assert report.rows_read == len(all_lines) and report.balanced
    assert report.rows_accepted == kinds["sale"] + kinds["return"]
    assert report.reject_reasons == {
        "quantity: negative quantity on an order that is not a return": kinds["write-off"],
        "order_id: not a sales or return order (id does not match ^C?[0-9]{6}$)": 3,
    }
    assert report.currencies == ["GBP"] and report.flows == ["X"]
    info = w.dataset_info("retail")
    assert info["home_currency"] == "GBP"
    assert info["grain"] == ["period", "flow", "partner", "category", "order_id"]


def test_net_gross_and_returns_in_gbp(retail):
    w, _ = retail
    by_kind = defaultdict(Decimal)
    for line in lines():
        by_kind[kind(line)] += amount(line)
    q = {"dataset": "retail", "period": "2011-03..2011-10"}
    assert w.query({**q, "returns": "gross"}).scalar() == by_kind["sale"]
    assert w.query({**q, "returns": "only"}).scalar() == by_kind["return"] < 0
    assert w.query(q).scalar() == by_kind["sale"] + by_kind["return"]
    orders = {line["InvoiceNo"] for line in lines() if kind(line) == "sale"}
    assert w.query({**q, "measure": "orders"}).scalar() == len(orders)


def test_every_buyer_country_kept_including_odd_names_and_home_market(retail):
    w, _ = retail
    expected = defaultdict(Decimal)
    for line in lines():
        if kind(line) in ("sale", "return"):
            expected[COUNTRY[line["Country"]]] += amount(line)
    got = w.query({"dataset": "retail", "period": "2011-03..2011-10", "by": "partner"}).rows()
    assert {r["partner"]: r["value"] for r in got} == expected
    assert {"XCH", "XEC", "XUN", "IRL", "ZAF", "USA", "GBR"} <= set(expected)
    abroad = w.query({"dataset": "retail", "period": "2011-03..2011-10",
                      "exclude": {"partner": ["GBR"]}}).scalar()  # fmt: skip
    assert abroad == sum(v for k, v in expected.items() if k != "GBR")


def test_duplicate_lines_are_kept_and_ids_are_invoice_and_position(retail):
    w, _ = retail
    seen = defaultdict(int)
    for line in lines():
        if kind(line) in ("sale", "return"):
            seen[tuple(line.values())] += 1
    duplicates = sum(n - 1 for n in seen.values())
    assert duplicates > 0  # the real data repeats identical lines within an invoice
    count, distinct, bad = (
        w.cursor()
        .execute(
            "SELECT count(*), count(DISTINCT record_id), "
            "count(*) FILTER (WHERE NOT regexp_full_match(record_id, 'C?[0-9]{6}/[0-9]+')) "
            "FROM facts_retail"
        )
        .fetchall()[0]
    )
    assert count == distinct == sum(seen.values()) and bad == 0


def test_sub_penny_prices_rounded_to_the_cent(retail):
    _, report = retail
    pads = [line for line in lines() if line["UnitPrice"] == "0.001"]
    assert pads and all(amount(p) == 0 for p in pads)
    assert any(
        n.startswith(f"line values: {len(pads)} had more than 2 decimals") for n in report.notes
    )


def test_xlsx_and_csv_of_the_same_day_are_the_same_records(wh):
    first = wh.ingest(FIX / "online-retail" / "online-retail-2011-08-12.xlsx", "r", "online-retail")
    second = wh.ingest(DAYS / "2011-08-12.csv", "r", "online-retail")
    assert first.rows_accepted == second.rows_read - 4  # 3 bad-debt lines, 1 write-off
    assert second.rows_accepted == 0
    assert second.reject_reasons["record_id: already stored with this vintage (batch 1)"] == (
        first.rows_accepted
    )


def test_bundled_parquet_is_the_full_data_set(wh):
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    path = SAMPLES / "online-retail.parquet"
    assert path.stat().st_size < 10_000_000
    table = pq.read_table(path)
    assert table.num_rows == 541_909
    assert pc.count_distinct(table["InvoiceNo"]).as_py() == 25_900
    exact = sum(
        q * Decimal(repr(p))
        for q, p in zip(table["Quantity"].to_pylist(), table["UnitPrice"].to_pylist(), strict=True)
    )
    assert exact.quantize(CENT) == Decimal("9747747.93")
    report = wh.ingest(path, "retail", "online-retail")
    assert report.rows_read == 541_909 and report.rows_rejected == 1_339
    net = wh.query({"dataset": "retail", "period": "2010-12..2011-12"}).scalar()
    # what was kept out: three bad-debt lines (-11,062.06 net) and zero-priced write-offs
    assert net == Decimal("9747747.93") + Decimal("11062.06")


@pytest.mark.slow
def test_raw_by_day_folder_equals_the_bundled_parquet(wh, raw):
    folder = wh.ingest(raw / "online-retail" / "by-day", "retail", "online-retail")
    again = wh.ingest(SAMPLES / "online-retail.parquet", "retail", "online-retail")
    assert folder.rows_read == again.rows_read == 541_909
    assert again.rows_accepted == 0 and folder.rows_accepted == 540_570
