"""The set-based path of order lines (a batch of clean CSV files read as one relation
and turned into lines by one SQL statement) stores exactly what the file-by-file path
stores: the same facts, the same rejects with their files, rows and reasons."""

from __future__ import annotations

import shutil
from decimal import Decimal

import pytest

import tradestat
from tests.adapters.conftest import FIX
from tradestat.ingest.formats.base import ADAPTERS, load_builtin, register
from tradestat.ingest.formats.online_retail.adapter import OnlineRetailAdapter
from tradestat.ingest.formats.orders.adapter import OrdersAdapter
from tradestat.ingest.options import IngestOptions, SourceReport

DAYS = FIX / "online-retail" / "by-day"


class _FileByFile:
    """The same adapter with the whole-batch hook declined, so every file is read by
    the general reader and staged chunk by chunk."""

    def stage_all(self, con, files, report, stage):
        return None


@register
class _OrdersByFile(_FileByFile, OrdersAdapter):
    name = "orders-file-by-file"


@register
class _RetailByFile(_FileByFile, OnlineRetailAdapter):
    name = "online-retail-file-by-file"


def _set_based(source, cls=OnlineRetailAdapter) -> bool:
    """Whether the adapter stages ``source`` as one relation (on a real connection)."""
    import duckdb

    adapter = cls(IngestOptions())
    staged = adapter.stage_all(
        duckdb.connect(), adapter.list_files(source), SourceReport(), "_stage_file_all"
    )
    return staged is not None


def _stored(w, dataset: str) -> tuple[list, list]:
    facts = w.con.execute(
        f"SELECT * EXCLUDE (batch_id, record_key) FROM facts_{dataset} ORDER BY record_id"
    ).fetchall()
    rejects = w.con.execute(
        "SELECT file, row_number, field, reason, raw FROM rejects WHERE dataset = ? "
        "ORDER BY file, row_number",
        [dataset],
    ).fetchall()
    return facts, rejects


def _both(tmp_path, source, fmt: str):
    out = []
    for suffix, name in (("", fmt), ("_byfile", f"{fmt}-file-by-file")):
        w = tradestat.connect(tmp_path / f"w{suffix}.duckdb")
        rep = w.ingest(source, "shop", name)
        out.append((rep, _stored(w, "shop")))
        w.close()
    return out


def test_online_retail_folder_same_as_file_by_file(tmp_path):
    load_builtin()
    assert "online-retail-file-by-file" in ADAPTERS
    assert _set_based(DAYS)
    (fast, stored_fast), (slow, stored_slow) = _both(tmp_path, DAYS, "online-retail")
    assert (
        fast.rows_read
        == slow.rows_read
        == sum(len(p.read_text(encoding="utf-8").splitlines()) - 1 for p in DAYS.glob("*.csv"))
    )
    assert fast.rows_read == fast.rows_accepted + fast.rows_rejected
    assert (fast.rows_accepted, fast.rows_rejected) == (slow.rows_accepted, slow.rows_rejected)
    assert fast.reject_reasons == slow.reject_reasons
    assert fast.notes == slow.notes and fast.encodings == slow.encodings
    assert stored_fast == stored_slow
    assert stored_fast[0]  # something was stored, so the comparison means something


def test_one_relation_numbers_rows_per_file(tmp_path):
    """Two files of one batch: each row keeps its own file's row number, and a line's
    position in its order counts across the files in batch order."""
    folder = tmp_path / "two"
    folder.mkdir()
    head = "order_id,order_date,buyer_country,quantity,unit_price,currency\n"
    (folder / "a.csv").write_text(
        head + "SO-1,2024-03-02,France,1,2.50,EUR\nSO-2,2024-03-02,Atlantis,1,1,EUR\n"
    )
    (folder / "b.csv").write_text(
        head + "SO-1,2024-03-03,France,2,2.50,EUR\nSO-3,bad,France,1,1,EUR\n"
    )
    assert _set_based(folder, OrdersAdapter)
    (_, (facts, rejects)), (_, slow) = _both(tmp_path, folder, "orders")
    assert (facts, rejects) == slow
    assert [(r[0], r[1], r[2]) for r in rejects] == [
        ("a.csv", 3, "partner"),
        ("b.csv", 3, "period"),
    ]
    w = tradestat.connect(tmp_path / "w.duckdb")
    ids = w.con.execute("SELECT record_id, value FROM facts_shop ORDER BY record_id").fetchall()
    assert [(i, str(v)) for i, v in ids] == [("SO-1/1", "2.50"), ("SO-1/2", "5.00")]


def test_a_folder_with_a_bad_line_takes_the_general_reader(tmp_path):
    """A malformed line anywhere: the whole batch is read file by file, so the line is
    rejected with its row number as before."""
    folder = tmp_path / "bad"
    shutil.copytree(DAYS, folder)
    first = sorted(folder.glob("*.csv"))[0]
    with open(first, "a", encoding="utf-8") as fh:
        fh.write("999999,only,three\n")
    assert not _set_based(folder)
    (_, stored_fast), (_, stored_slow) = _both(tmp_path, folder, "online-retail")
    assert stored_fast == stored_slow
    bad_row = len(first.read_text(encoding="utf-8").splitlines())
    assert (first.name, bad_row, "(row)") in [(r[0], r[1], r[2]) for r in stored_fast[1]]


@pytest.mark.parametrize("name", ["dup_base.csv", "blank_currency.csv", "header_only.csv"])
def test_bad_input_files_same_as_file_by_file(tmp_path, name):
    src = FIX.parent / "bad_inputs" / "files" / "orders" / name
    layout = src.with_name("layout.yaml")
    out = []
    for fmt in ("orders", "orders-file-by-file"):
        w = tradestat.connect(tmp_path / f"{fmt}.duckdb")
        try:
            rep = w.ingest(src, "shop", fmt, mapping=layout, currency="EUR")
            out.append((rep.rows_read, rep.rows_rejected, rep.reject_reasons, _stored(w, "shop")))
        except tradestat.errors.IngestError as exc:
            out.append(str(exc))
        w.close()
    assert out[0] == out[1]


def test_headers_with_quotes_and_spaces(tmp_path):
    """Source headers are any text: quoted as identifiers, read set-based all the same."""
    src = tmp_path / "odd.csv"
    src.write_text(
        '"Order ""No""",Date of order,Buyer\'s country,Qty,Price\n'
        "SO-1,2024-03-02,France,2,1.25\nSO-2,2024-03-02,Atlantis,1,1\n",
        encoding="utf-8",
    )
    layout = tmp_path / "layout.yaml"
    layout.write_text(
        "version: 1\ncurrency: EUR\ncolumns:\n  order_id: 'Order \"No\"'\n"
        '  order_date: Date of order\n  buyer_country: "Buyer\'s country"\n'
        "  quantity: Qty\n  unit_price: Price\n",
        encoding="utf-8",
    )
    adapter = OrdersAdapter(IngestOptions(mapping=layout))
    import duckdb

    assert adapter.stage_all(duckdb.connect(), [src], SourceReport(), "_t") is not None
    out = []
    for fmt in ("orders", "orders-file-by-file"):
        w = tradestat.connect(tmp_path / f"{fmt}.duckdb")
        rep = w.ingest(src, "shop", fmt, mapping=layout)
        values = w.con.execute("SELECT record_id, value FROM facts_shop").fetchall()
        out.append((rep.rows_accepted, rep.rows_rejected, values, _stored(w, "shop")))
        w.close()
    assert out[0] == out[1]
    assert out[0][:3] == (1, 1, [("SO-1/1", Decimal("2.50"))])  # 2 x 1.25
    assert out[0][3][1][0][:3] == ("odd.csv", 3, "partner")
