"""--format orders: generic order lines, by fixed column names or a YAML layout."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.adapters.conftest import FIX
from tradestat.errors import IngestError

FIXED = """\
order_id,order_date,buyer_country,seller_region,category,quantity,unit_price,currency,status
SO-1,2024-03-02,United States,440300,toys,3,10.50,USD,
SO-1,2024-03-02,United States,440300,toys,3,10.50,USD,
SO-2,2024-03-05,DEU,330100,lamps,1,99.99,USD,
SO-3,2024-04-01,Japan,330100,lamps,2,5,USD,returned
SO-4,2024-04-07,Atlantis,330100,lamps,1,5,USD,
SO-5,not a date,France,330100,lamps,1,5,USD,
SO-6,2024-04-09,France,999999,lamps,1,5,USD,
SO-7,2024-04-09,France,330100,lamps,x,5,USD,
"""


def test_fixed_column_names(wh, tmp_path):
    path = tmp_path / "orders.csv"
    path.write_text(FIXED, encoding="utf-8")
    report = wh.ingest(path, "shop", "orders")
    assert (report.rows_read, report.rows_accepted, report.rows_rejected) == (8, 4, 4)
    rejects = {r["row_number"]: (r["field"], r["reason"]) for r in wh.rejects("shop").to_pylist()}
    assert rejects[6] == ("partner", "unknown buyer country: Atlantis")
    assert rejects[7][0] == "period" and rejects[8][0] == "region"
    assert rejects[9] == ("quantity", "not a number: x")
    q = {"dataset": "shop", "currency": "USD"}
    # the two identical SO-1 lines are both sales: 2 × 31.50
    assert wh.query({**q, "period": "2024-03"}).scalar() == Decimal("162.99")
    assert wh.query({**q, "period": "2024-04", "returns": "only"}).scalar() == Decimal("-10.00")
    assert wh.query({"dataset": "shop", "period": "2024-03", "measure": "orders"}).scalar() == 2
    by_city = wh.query({**q, "period": "2024-03", "by": "region"}).rows()
    assert {r["region"]: r["value"] for r in by_city} == {
        "440300": Decimal("63.00"), "330100": Decimal("99.99")
    }  # fmt: skip


LAYOUT = """version: 1
columns: {order_id: 单号, order_date: 下单时间, buyer_country: 国家, amount: 金额, hs_code: 税号}
currency: CNY
partner_scheme: name
date_formats: ["%Y/%m/%d %H:%M"]
returns: {order_id_prefix: R}
"""


def test_layout_file_with_amounts_and_prefix_returns(wh, tmp_path):
    data = tmp_path / "platform.csv"
    data.write_text(
        "单号,下单时间,国家,金额,税号\nA1,2024/05/01 10:00,韩国,\"1,200.50\",85076000\n"
        "R1,2024/05/03 12:00,韩国,300,85076000\n", encoding="utf-8"
    )  # fmt: skip
    layout = tmp_path / "layout.yaml"
    layout.write_text(LAYOUT, encoding="utf-8")
    report = wh.ingest(data, "plat", "orders", mapping=layout)
    assert report.rows_accepted == 2 and report.currencies == ["CNY"]
    q = {"dataset": "plat", "period": "2024-05"}
    assert wh.query(q).scalar() == Decimal("900.50")  # 1,200.50 sale, 300 returned
    assert wh.query({**q, "returns": "only", "by": "partner"}).rows() == [
        {"partner": "KOR", "value": Decimal("-300.00")}
    ]


def test_refusals(wh, tmp_path):
    path = tmp_path / "orders.csv"
    path.write_text("order_id,order_date,quantity\n1,2024-01-01,2\n", encoding="utf-8")
    with pytest.raises(IngestError, match=r"need amount \(or quantity and unit_price\)"):
        wh.ingest(path, "x", "orders", currency="USD")
    with pytest.raises(IngestError, match="carry their own dates"):
        wh.ingest(FIX / "online-retail" / "by-day", "x", "online-retail", period="2011-04")
    with pytest.raises(IngestError, match="fixed layout"):
        wh.ingest(path, "x", "online-retail", mapping=path)
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\nnegative_quantity: ignore\n", encoding="utf-8")
    with pytest.raises(IngestError, match="negative_quantity: 'ignore' is not one of"):
        wh.ingest(path, "x", "orders", mapping=bad)
    path.write_text("order_id,order_date,quantity,unit_price\n1,2024-01-01,2,3\n")
    with pytest.raises(IngestError, match="no currency column; pass --currency"):
        wh.ingest(path, "x", "orders")
