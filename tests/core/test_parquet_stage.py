"""Parquet staging: a large file of one row group is copied into a table (so DuckDB reads
it on every core), a file of many row groups stays a view; both stage exactly what the
general reader stages. A Parquet file's columns are bound by name, so a row holding the
column names is a rejected row, not a refused file."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import tradestat
from tests.core.test_fast_csv import stored
from tradestat.ingest.formats.canonical import adapter as canonical
from tradestat.ingest.formats.canonical.adapter import CanonicalAdapter

ROWS = canonical.TABLE_ROW_GROUP + 7_120  # more than one table row group
ORIGINAL = CanonicalAdapter.stage_direct, canonical._read_by_one_thread
BAD = {5: "flow", 70_001: "partner", ROWS - 1: "value"}  # 0-based record -> field


def _declarations(n: int) -> pa.Table:
    partners = ["USA", "KOR", "DEU", "JPN", "BRA"]
    rows = {
        "period": [f"2023-{1 + i % 12:02d}" for i in range(n)],
        "flow": ["X" if i % 3 else "M" for i in range(n)],
        "hs_code": [f"{850000 + i % 97:06d}" for i in range(n)],
        "partner": [partners[i % 5] for i in range(n)],
        "value": [f"{1000 + i % 1000}.{i % 100:02d}" for i in range(n)],
        "currency": ["CNY"] * n,
        "vintage": ["2024-02-20"] * n,
        "record_id": [f"r{i}" for i in range(n)],
    }
    for i, field in ((i, f) for i, f in BAD.items() if i < n):
        rows[field][i] = {"flow": "Q", "partner": "ZZZ", "value": "n/a"}[field]
    return pa.table(rows)


def _ingest(tmp: Path, path: Path, direct: bool, monkeypatch, tables: list | None = None) -> tuple:
    original, one_thread = ORIGINAL
    monkeypatch.setattr(
        CanonicalAdapter,
        "stage_direct",
        lambda self, *a: original(self, *a) if direct else None,
    )

    def spy(con, p):  # records whether the file was copied into a table
        copied = one_thread(con, p)
        if tables is not None:
            tables.append(copied)
        return copied

    monkeypatch.setattr(canonical, "_read_by_one_thread", spy)
    with tradestat.connect(tmp / f"{path.stem}-{direct}.duckdb") as w:
        w.con.execute("SET threads = 2")
        report = w.ingest(path, "d")
        facts, rejects = stored(w)
    return (report.rows_read, report.rows_accepted, report.rows_rejected), facts, rejects


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pq")
    table = _declarations(ROWS)
    one, many = folder / "one" / "decl.parquet", folder / "many" / "decl.parquet"
    one.parent.mkdir(), many.parent.mkdir()
    pq.write_table(table, one, row_group_size=ROWS)
    pq.write_table(table, many, row_group_size=10_000)
    return {"one": one, "many": many}


def test_one_row_group_is_a_table_many_stay_a_view(files):
    import duckdb

    con = duckdb.connect()
    con.execute("SET threads = 2")
    assert canonical._read_by_one_thread(con, files["one"])
    assert not canonical._read_by_one_thread(con, files["many"])
    con.execute("SET threads = 64")  # more threads than row groups, but only one table group
    small = files["one"].with_name("small.parquet")
    pq.write_table(_declarations(1000), small)
    assert not canonical._read_by_one_thread(con, small)


@pytest.mark.parametrize("kind", ["one", "many"])
def test_staged_as_the_general_reader_stages(files, kind, tmp_path, monkeypatch):
    general = _ingest(tmp_path, files[kind], False, monkeypatch)
    tables: list[bool] = []
    staged = _ingest(tmp_path, files[kind], True, monkeypatch, tables)
    assert tables == [kind == "one"]  # staged directly: as a table, or a view
    assert staged == general
    counts, facts, rejects = staged
    assert counts == (ROWS, ROWS - len(BAD), len(BAD))
    # a Parquet record i is row i + 1 (no header line), the field as planted
    assert {(r[1], r[2]) for r in rejects} == {(i + 1, f) for i, f in BAD.items()}
    assert len(facts) == ROWS - len(BAD)


def test_a_row_of_column_names_is_a_rejected_row(tmp_path):
    table = _declarations(20).to_pylist()
    # the names in another order: in a CSV every later row would be misread and the file
    # is refused; a Parquet file's columns are bound by name, so only this row is bad
    names = list(table[0])
    table[3] = dict(zip(names, reversed(names), strict=True))
    path = tmp_path / "names.parquet"
    pq.write_table(pa.Table.from_pylist(table), path)
    with tradestat.connect(tmp_path / "w.duckdb") as w:
        report = w.ingest(path, "d")
        rejects = w.rejects("d").to_pylist()
        total = w.query({"dataset": "d", "period": "2023"}).scalar()
    good = [r for i, r in enumerate(table) if i != 3 and i not in BAD]
    assert (report.rows_read, report.rows_accepted) == (20, len(good))
    assert [r["row_number"] for r in rejects if r["row_number"] == 4] == [4]
    assert total == sum(Decimal(r["value"]) for r in good)


@pytest.mark.parametrize("statistics", [True, False])
def test_filled_columns_from_the_footer_or_a_scan(tmp_path, statistics):
    """Which columns hold values decides the grain of a new dataset: read from the
    footer's null counts when the writer kept statistics, else by a scan; both agree
    with DuckDB counting the file, and an empty column does not widen the grain."""
    import duckdb

    table = _declarations(3000).to_pylist()
    for i, row in enumerate(table):
        row["zone"] = None  # a column of no values
        row["enterprise_id"] = f"E{i % 7}" if i % 4 else None
    path = tmp_path / "cols.parquet"
    arrow = pa.Table.from_pylist(table)  # zone typed as text: a null-typed column has
    arrow = arrow.set_column(  # no statistics, so it is counted by a scan
        arrow.schema.get_field_index("zone"), "zone", pa.array([None] * len(table), pa.string())
    )
    pq.write_table(arrow, path, row_group_size=1000, write_statistics=statistics)
    keep = [c for c in table[0] if c != "record_id"]
    counted = duckdb.sql(
        f"SELECT count(*), {', '.join(f'count({c})' for c in keep)} FROM '{path}'"
    ).fetchall()[0]
    from_footer = canonical._filled_from_statistics(path, keep, list(table[0]))
    assert from_footer == (counted if statistics else None)
    with tradestat.connect(tmp_path / "w.duckdb") as w:
        w.ingest(path, "d")
        grain = next(d for d in w.datasets() if d.name == "d").grain
    assert "enterprise_id" in grain and "zone" not in grain


def test_names_differing_in_case_are_counted_as_duckdb_binds_them(tmp_path):
    """``Partner`` filled beside an empty ``partner``: DuckDB binds the name to the first
    of them, so the counts are read, not taken from the footer, and partner is in the
    grain (a later batch carrying partners is not refused)."""
    table = _declarations(50)
    table = table.add_column(0, "Partner", table.column("partner"))
    table = table.set_column(
        table.schema.get_field_index("partner"), "partner", pa.array([None] * 50, pa.string())
    )
    path = tmp_path / "case.parquet"
    pq.write_table(table, path)
    keep = ["period", "partner"]
    assert canonical._filled_from_statistics(path, keep, table.column_names) is None
    with tradestat.connect(tmp_path / "w.duckdb") as w:
        w.ingest(path, "d")
        grain = next(d for d in w.datasets() if d.name == "d").grain
        partners = w.con.execute("SELECT count(partner) FROM facts_d").fetchall()[0][0]
    assert "partner" in grain and partners == 50 - sum(i < 50 for i in BAD)  # rejects out
