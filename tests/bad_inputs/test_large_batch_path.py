"""A large batch keeps only each row's verdict and inserts its facts from the typed SQL
over the stage; a small one keeps the typed rows in the verdict. Both store the same
facts, rejects and report for every accepted case of the bad-input corpus (the large
path forced here by lowering the threshold)."""

from __future__ import annotations

import pytest

import tradestat
from tests.bad_inputs.test_corpus import CASES, ingest, run_setup
from tradestat.errors import IngestError
from tradestat.ingest import commit

ACCEPTED = [c for c in CASES if "error" not in c]


def _stored(w):
    facts = [
        w.con.execute(f'SELECT * EXCLUDE (batch_id, record_key) FROM "{t}" ORDER BY ALL').fetchall()
        for (t,) in w.con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'facts_%' "
            "ORDER BY 1"
        ).fetchall()
    ]
    rejects = w.con.execute(
        "SELECT file, row_number, field, reason, raw FROM rejects ORDER BY ALL"
    ).fetchall()
    return facts, rejects


@pytest.mark.parametrize("case", ACCEPTED, ids=[c["case"] for c in ACCEPTED])
def test_large_batch_path_stores_what_the_small_one_does(tmp_path, monkeypatch, case):
    out = []
    for small in (commit.SMALL_BATCH, 0):
        monkeypatch.setattr(commit, "SMALL_BATCH", small)
        w = tradestat.connect(tmp_path / f"w{small}.duckdb")
        try:
            run_setup(w, case.get("setup"))
            report = ingest(w, case)
            got = (report.rows_read, report.rows_accepted, report.rows_rejected,
                   report.reject_reasons, report.notes, _stored(w))  # fmt: skip
        except IngestError as exc:
            got = str(exc)
        w.close()
        out.append(got)
    assert out[0] == out[1]
