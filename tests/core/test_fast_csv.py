"""The parallel CSV path stages exactly what the general reader stages.

Every canonical CSV of the fixtures and of the bad-input corpus is ingested twice,
with the fast path and with it switched off: the facts, the rejects (row, field,
reason, raw text) and the report must be the same, and the clean files must really
have taken the fast path.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import tradestat
from tradestat.errors import TradestatError
from tradestat.ingest.formats.canonical.adapter import CanonicalAdapter

TESTS = Path(__file__).resolve().parents[1]
FILES = sorted(
    [*(TESTS / "fixtures" / "core").glob("*.csv"),
     *(TESTS / "bad_inputs" / "files" / "canonical").glob("*.csv")]
)  # fmt: skip
ORIGINAL = CanonicalAdapter.stage_direct
CLEAN = {
    "customs.csv",
    "national.csv",
    "customs-revision.csv",
    "eu.csv",
    "enc_utf8.csv",
    "enc_utf8_bom.csv",
}


def _ingest(tmp: Path, path: Path, fast: bool, monkeypatch) -> tuple:
    used: list[str] = []

    def spy(self, con, p, report, seq, stage):
        if not fast:
            return None
        result = ORIGINAL(self, con, p, report, seq, stage)
        if result is not None:
            used.append(p.name)
        return result

    monkeypatch.setattr(CanonicalAdapter, "stage_direct", spy)
    with tradestat.connect(tmp / f"{fast}.duckdb") as w:
        try:
            report = w.ingest(path, "d", vintage=None)
        except TradestatError as exc:
            return ("error", str(exc).replace(str(tmp), "")), used
        facts, rejects = stored(w)
        counts = (report.rows_read, report.rows_accepted, report.rows_rejected)
        return (counts, facts, rejects, report.encodings, report.notes), used


def stored(w) -> tuple[list, list]:
    """Dataset ``d``'s facts and the rejects, in a fixed order, to compare two ingests;
    record keys come from each warehouse's own secret seed, so they are left out."""
    facts = w.con.execute(
        "SELECT * EXCLUDE (batch_id, record_key) FROM facts_d ORDER BY ALL"
    ).fetchall()
    rejects = w.con.execute(
        "SELECT file, row_number, field, reason, raw FROM rejects ORDER BY ALL"
    ).fetchall()
    return facts, rejects


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_fast_path_stages_what_the_general_reader_stages(path, tmp_path, monkeypatch):
    general, _ = _ingest(tmp_path, path, False, monkeypatch)
    fast, used = _ingest(tmp_path, path, True, monkeypatch)
    assert fast == general
    if path.name in CLEAN:
        assert used == [path.name]


def test_reordered_header_check_finds_the_first_such_row_only(tmp_path):
    """The header check narrows rows in SQL to those of names and blanks only; a
    text holding the separator, a row of one name, a repeat in the same order and a row
    of names in another order (the one refused) are told apart as the rule says."""
    import duckdb

    from tradestat.errors import IngestError
    from tradestat.ingest.stage import STAGE, refuse_reordered_header

    con = duckdb.connect()
    rows = [
        (0, "period", "flow", "value"),  # the header again, in order: not refused
        (1, "flow", None, None),  # one name only
        (2, "flow\x1fperiod", "", ""),  # the separator inside a text
        (3, " Value ", "", "FLOW"),  # names in another order, spaces and case aside
        (4, "value", "period", "flow"),
    ]
    con.execute(
        f"CREATE TABLE {STAGE} (_seq BIGINT, _file VARCHAR, _row BIGINT, "
        "_reject_field VARCHAR, period VARCHAR, flow VARCHAR, value VARCHAR)"
    )
    for seq, *texts in rows:
        con.execute(
            f"INSERT INTO {STAGE} VALUES (?, 'f.csv', ?, NULL, ?, ?, ?)", [seq, seq + 2, *texts]
        )
    with pytest.raises(IngestError, match=r"f.csv: row 5 repeats the header"):
        refuse_reordered_header(con, {"period", "flow", "value"})
    con.execute(f"DELETE FROM {STAGE} WHERE _seq >= 3")
    refuse_reordered_header(con, {"period", "flow", "value"})  # nothing refused


def test_reordered_header_check_sees_a_row_whose_first_columns_are_blank(tmp_path):
    """The narrowing tests the period first; a swapped header with a blank period (and
    blank value) is still found by the tests of the columns after it, and a row of
    blanks alone is not a header."""
    import duckdb

    from tradestat.errors import IngestError
    from tradestat.ingest.stage import STAGE, refuse_reordered_header

    con = duckdb.connect()
    con.execute(
        f"CREATE TABLE {STAGE} (_seq BIGINT, _file VARCHAR, _row BIGINT, _reject_field VARCHAR, "
        "period VARCHAR, flow VARCHAR, hs_code VARCHAR, value VARCHAR)"
    )
    rows = [
        (0, "", "", "", ""),
        (1, "2023-01", "export", "01", "5"),
        (2, "", "HS_CODE", "flow", ""),
    ]
    for seq, *texts in rows:
        con.execute(
            f"INSERT INTO {STAGE} VALUES (?, 'g.csv', ?, NULL, ?, ?, ?, ?)", [seq, seq + 2, *texts]
        )
    with pytest.raises(IngestError, match=r"g.csv: row 4 repeats the header"):
        refuse_reordered_header(con, {"period", "flow", "hs_code", "value"})
    con.execute(f"DELETE FROM {STAGE} WHERE _seq = 2")
    refuse_reordered_header(con, {"period", "flow", "hs_code", "value"})


SPACED = {
    # DuckDB reads ` "1,000"` as 1,000; the general reader keeps the spaces and quotes
    "spaced.csv": "period,flow,partner,hs_code,value,currency\n"
    '2023-01,X, "USA",8501,"1,000",CNY\n2023-02,X,JPN,8502, "2,000",CNY\n'
    '2023-03,M,"KOR" ,8503,300,CNY\n2023-04,M,KOR,8504,"400" ,CNY\n',
    # spaces inside the quotes are text either way: the fast path stays
    "inner.csv": "period,flow,partner,hs_code,value,currency,category\n"
    '2023-01,X,USA,8501,"1,000",CNY,"CARD, "\n2023-02,X,JPN,8502,20,CNY," ""big"" box"\n',
}


@pytest.mark.parametrize("name", sorted(SPACED))
def test_a_space_beside_a_quote_leaves_the_file_to_the_general_reader(name, tmp_path, monkeypatch):
    path = tmp_path / name
    path.write_text(SPACED[name])
    general, _ = _ingest(tmp_path, path, False, monkeypatch)
    fast, used = _ingest(tmp_path, path, True, monkeypatch)
    assert fast == general
    assert used == ([name] if name == "inner.csv" else [])
    if name == "spaced.csv":
        # the general reader keeps ` "USA"` with its quotes (an unknown partner), reads
        # ` "2,000"` as unquoted, so its comma makes a seventh field (a malformed row),
        # and `"KOR" ` and `"400" ` as KOR and 400 with a trailing space, which the
        # checks trim
        counts, _, rejects, *_ = general
        assert counts == (4, 2, 2)
        assert [(row, field) for _, row, field, *_ in rejects] == [(2, "partner"), (3, "(row)")]


def test_the_quote_scan_tells_spaces_inside_quotes_from_spaces_outside():
    from tradestat.ingest.sources import _line_spaced

    outside = [b'a, "b",c', b'"p" , q', b'a,"b" ', b'a,\t"b"', b' "x"', b'a,"not closed']
    inside = [b"a,b,c", b'536394,"CARD, ",24', b'a,"b ""q"" c",d', b'a,"b, ""x""",c', b'x "y" z']
    assert all(_line_spaced(line) for line in outside)
    assert not any(_line_spaced(line) for line in inside)
