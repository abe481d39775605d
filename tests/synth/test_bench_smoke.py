"""The benchmark's four engines give the same figures on a small synthetic warehouse.

No timing is asserted here: timings are the benchmark's business (benchmarks/run.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "benchmarks"
sys.path.insert(0, str(BENCH))

import lookups  # noqa: E402
import pandas_impl  # noqa: E402
import polars_impl  # noqa: E402
from compare import differences  # noqa: E402
from questions import QUESTIONS, TABLE  # noqa: E402
from sql_impl import SQL, setup  # noqa: E402

# The benchmark folder holds plain scripts; keep it off the path so none of them shadows
# a standard-library or third-party module imported later in the session.
sys.path.remove(str(BENCH))

pytest.importorskip("polars")


@pytest.fixture(scope="module")
def engines(synth_wh, tmp_path_factory):
    folder = tmp_path_factory.mktemp("export")
    synth_wh.export_parquet(folder, ["synthetic"])
    codes = synth_wh.con.execute(f"SELECT DISTINCT hs_code, hs_edition FROM {TABLE}").fetchall()
    lookups.build(codes, folder)
    paths = {"pg": str(folder / lookups.PRODUCT_MAP), "pgm": str(folder / lookups.PARTNER_MAP)}
    con = synth_wh.con.cursor()
    setup(con, paths)
    for module in (pandas_impl, polars_impl):
        module.PATH, module.LOOKUPS = str(folder / f"{TABLE}.parquet"), paths
    return con


@pytest.mark.parametrize("q", QUESTIONS, ids=[q.id for q in QUESTIONS])
def test_tradestat_sql_pandas_and_polars_agree(synth_wh, engines, q):
    import pyarrow as pa

    expected = synth_wh.query(q.query, with_sql=False).table
    assert expected.num_rows > 0 or q.id == "partners_doubled"
    answers = {
        "sql": engines.sql(SQL[q.id]).to_arrow_table(),
        "pandas": pa.Table.from_pandas(pandas_impl.RUN[q.id](), preserve_index=False),
        "polars": polars_impl.RUN[q.id]().to_arrow(),
    }
    for engine, got in answers.items():
        assert differences(expected, got, q) == [], engine
