"""Latest and first vintage flags when a key comes in several versions: within one
batch, across batches, and both, checked against a window over the stored versions."""

from __future__ import annotations

import pytest

import tradestat

HEADER = "period,flow,partner,hs_code,value,currency,record_id,vintage\n"


def _batch(path, rows) -> None:
    body = "".join(
        f"2024-01,X,USA,8501,{value},CNY,{key},{vintage}\n" for key, vintage, value in rows
    )
    path.write_text(HEADER + body)


def _flags(w) -> list[tuple]:
    return w.con.execute(
        "SELECT record_id, vintage::VARCHAR, is_latest, is_first FROM facts_v ORDER BY 1, 2"
    ).fetchall()


def _by_window(w) -> list[tuple]:
    """The flags as plain SQL defines them: a version is latest (first) when no stored
    version of its key has a later (earlier) vintage."""
    return w.con.execute(
        """SELECT record_id, vintage::VARCHAR,
          vintage = max(vintage) OVER (PARTITION BY record_id),
          vintage = min(vintage) OVER (PARTITION BY record_id)
        FROM facts_v ORDER BY 1, 2"""
    ).fetchall()


@pytest.fixture
def w(tmp_path):
    wh = tradestat.connect(tmp_path / "w.duckdb")
    yield wh
    wh.close()


def test_versions_within_and_across_batches(w, tmp_path):
    one, two, three = (tmp_path / f"{n}.csv" for n in ("one", "two", "three"))
    # a: one version; b: two versions in the batch; c: a repeat rejected as duplicate
    _batch(one, [("a", "2024-02-10", 1), ("b", "2024-02-10", 2), ("b", "2024-04-10", 3),
                 ("c", "2024-02-10", 4), ("c", "2024-02-10", 4)])  # fmt: skip
    first = w.ingest(one, "v")
    assert (first.rows_accepted, first.rows_rejected) == (4, 1)
    assert _flags(w) == [
        ("a", "2024-02-10", True, True),
        ("b", "2024-02-10", False, True),
        ("b", "2024-04-10", True, False),
        ("c", "2024-02-10", True, True),
    ]
    # a revised later; b gets a middle version; c an older one (history); d two new ones
    _batch(two, [("a", "2024-03-10", 5), ("b", "2024-03-10", 6), ("c", "2024-01-20", 7),
                 ("d", "2024-02-10", 8), ("d", "2024-05-10", 9)])  # fmt: skip
    second = w.ingest(two, "v")
    assert (second.rows_revised, second.rows_history) == (1, 2)
    assert _flags(w) == _by_window(w)
    assert _flags(w) == [
        ("a", "2024-02-10", False, True),
        ("a", "2024-03-10", True, False),
        ("b", "2024-02-10", False, True),
        ("b", "2024-03-10", False, False),
        ("b", "2024-04-10", True, False),
        ("c", "2024-01-20", False, True),
        ("c", "2024-02-10", True, False),
        ("d", "2024-02-10", False, True),
        ("d", "2024-05-10", True, False),
    ]
    # a batch bringing a new latest and a new first of b at once, besides a stored repeat
    _batch(three, [("b", "2024-01-15", 10), ("b", "2024-06-10", 11), ("a", "2024-03-10", 5)])
    third = w.ingest(three, "v")
    assert third.rows_rejected == 1
    assert _flags(w) == _by_window(w)
    assert [f for f in _flags(w) if f[0] == "b"] == [
        ("b", "2024-01-15", False, True),
        ("b", "2024-02-10", False, False),
        ("b", "2024-03-10", False, False),
        ("b", "2024-04-10", False, False),
        ("b", "2024-06-10", True, False),
    ]
    latest = w.con.execute("SELECT sum(value) FROM facts_v WHERE is_latest").fetchall()[0][0]
    assert float(latest) == 5 + 11 + 4 + 9  # a, b, c, d at their latest vintages
