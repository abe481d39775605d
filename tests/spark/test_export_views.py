"""Exports opened on Spark: each warehouse object reads its own tables, and an export
read from a URL (no folder to list) holds every table a local one does."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.spark.runtime import require_spark

pytestmark = [pytest.mark.spark, pytest.mark.slow]
FIX = Path(__file__).resolve().parents[1] / "fixtures" / "core"
MONTHS = [f"{y}-{m:02d}" for y in (2022, 2023) for m in range(1, 13)]
BY_PARTNER = {"dataset": "customs", "period": "2022", "by": ["partner"]}
USD = {"dataset": "customs", "period": "2022", "currency": "USD", "by": ["flow"]}
CUSTOMS_BASIS = {**USD, "fx_basis": "customs"}


def _rates(path: Path, per_usd: float) -> Path:
    lines = [f"{m},{per_usd + 0.01 * i:.2f}\n" for i, m in enumerate(MONTHS)]
    path.write_text("period,cny_per_usd\n" + "".join(lines), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def exports(tmp_path_factory):
    """Two warehouses whose ``customs`` differ, each with its own rates, and a session."""
    require_spark()
    import tradestat
    from tradestat.spark.warehouse import start_session

    root = tmp_path_factory.mktemp("views")
    made = {}
    for name, files, market, customs in (("a", ["customs.csv", "customs-revision.csv"], 6.6, 7.0),
                                         ("b", ["customs-revision.csv"], 7.5, 7.3)):  # fmt: skip
        w = tradestat.connect(root / f"{name}.duckdb")
        for f in files:
            w.ingest(FIX / f, "customs")
        # rates of its own (not the bundled ones), so a reader that missed them or read
        # the other warehouse's gives other figures
        for basis, per_usd in (("market", market), ("customs", customs)):
            rates = _rates(root / f"{name}-{basis}.csv", per_usd)
            assert w.import_fx(rates, basis=basis).rows_written == len(MONTHS)
        w.export_parquet(root / name)
        made[name] = w
    session = start_session("local[2]")
    yield made, root, session
    for w in made.values():
        w.close()
    session.stop()


def test_two_exports_on_one_session_read_their_own_tables(exports):
    from tradestat.spark import connect_spark

    made, root, session = exports
    a = connect_spark(root / "a", session=session)
    b = connect_spark(root / "b", session=session)  # opened second: its tables named alike
    try:
        for q in (BY_PARTNER, USD, CUSTOMS_BASIS):
            want_a, want_b = made["a"].query(q).rows(), made["b"].query(q).rows()
            assert want_a != want_b  # else this test could not tell the two apart
            assert a.query(q).rows() == want_a
            assert b.query(q).rows() == want_b
        assert a.dataset_info("customs") == made["a"].dataset_info("customs")
        shown = a.query(BY_PARTNER).provenance["sql"]  # names the tables, not a's views
        assert "facts_customs" in shown and a.prefix not in shown and "tradestat_" not in shown
        assert a.explain(BY_PARTNER) == shown
    finally:
        b.close()
    views = {t.name for t in session.catalog.listTables()}
    assert not any(v.startswith(b.prefix) for v in views)  # closing drops its own views
    assert {a.prefix + "facts_customs", a.prefix + "fx_rates_user"} <= views
    assert a.query(USD).rows() == made["a"].query(USD).rows()  # and no one else's
    a.close()
    assert not any(v.startswith(a.prefix) for v in {t.name for t in session.catalog.listTables()})


def test_a_session_started_here_leaves_no_folder_behind(exports):
    """Spark's default managed-table folder is ./spark-warehouse; tradestat keeps none."""
    _, _, session = exports
    where = session.conf.get("spark.sql.warehouse.dir")
    assert not where.rstrip("/").endswith("/spark-warehouse"), where
    assert str(Path.cwd()) not in where


def test_an_export_read_from_a_url_holds_every_table(exports):
    """A ``file://`` root is read as a remote one (hdfs://, s3a://): nothing is listed."""
    from tradestat.spark import connect_spark
    from tradestat.store import distinct_values, parquet_export

    made, root, session = exports
    local = connect_spark(root / "a", session=session)
    remote = connect_spark((root / "a").as_uri(), session=session)
    try:
        assert remote.root.startswith("file://")
        names = sorted(v.removeprefix(remote.prefix) for v in remote.views)
        assert names == sorted(v.removeprefix(local.prefix) for v in local.views)
        assert names == sorted(parquet_export.tables(["customs"]))
        for q in (BY_PARTNER, USD, CUSTOMS_BASIS):
            assert remote.query(q).rows() == made["a"].query(q).rows()
        ds = remote.engine.catalog.dataset("customs")
        remote.engine.catalog.distinct(ds, "codes")
        meta = remote.engine.catalog.memo(("ts_meta",), lambda: pytest.fail("not read"))
        assert distinct_values.ready(meta, "customs")  # planned from the exported values
    finally:
        remote.close()
        local.close()


def test_an_older_export_from_a_url_without_the_kept_tables(exports, tmp_path):
    """An export written before the distinct values and rates were exported still opens
    from a URL: the tables it lacks are left out, as they are for a folder."""
    import shutil

    from tradestat.spark import connect_spark
    from tradestat.store import parquet_export

    made, root, session = exports
    older = tmp_path / "older"
    shutil.copytree(root / "a", older)
    for table in (*parquet_export.KEPT, "ts_meta"):
        (older / f"{table}.parquet").unlink()
    sw = connect_spark(older.as_uri(), session=session)
    try:
        assert sorted(v.removeprefix(sw.prefix) for v in sw.views) == sorted(
            ["datasets", "vintage_summary", "fx_rates_user", "fx_rates_basis", "facts_customs"]
        )
        assert sw.query(BY_PARTNER).rows() == made["a"].query(BY_PARTNER).rows()
    finally:
        sw.close()


def test_closing_drops_what_the_plans_registered_and_a_closed_warehouse_says_so(exports):
    from tradestat.errors import TradestatError
    from tradestat.spark import connect_spark

    made, root, session = exports
    sw = connect_spark(root / "a", session=session)
    by_group = {"dataset": "customs", "period": "2022", "by": ["partner_group"]}
    assert sw.query(by_group).rows() == made["a"].query(by_group).rows()
    registered = [op.name for op in sw.engine.backend._memtables]
    assert registered  # the groups' membership, a view of Ibis's while the plan is cached
    sw.close()
    left = {t.name for t in session.catalog.listTables()}
    assert not set(registered) & left
    with pytest.raises(TradestatError, match="is closed"):
        sw.query(by_group)
    sw.close()  # twice: harmless


def test_a_running_session_picked_up_is_not_stopped_by_close(exports):
    """Without ``session=``, connect_spark takes a session already running (a
    notebook's) as getOrCreate does; closing the warehouse leaves it running."""
    from tradestat.spark import connect_spark

    made, root, session = exports
    other = connect_spark(root / "a", session=session)
    picked = connect_spark(root / "b")
    assert picked.session is session
    picked.close()
    assert other.query(BY_PARTNER).rows() == made["a"].query(BY_PARTNER).rows()
    other.close()


def test_a_url_that_cannot_be_read_says_why(exports, tmp_path):
    import shutil

    from tradestat.errors import TradestatError
    from tradestat.spark import connect_spark

    _, root, session = exports
    missing = r"not a tradestat export \(datasets\.parquet not found"
    with pytest.raises(TradestatError, match=missing):
        connect_spark((tmp_path / "nothing").as_uri(), session=session)
    with pytest.raises(TradestatError, match="connector for its scheme"):
        connect_spark("nosuchscheme://bucket/export", session=session)
    # a table that is there but unreadable is an error, not a table left out (the
    # imported rates would silently give way to the bundled ones)
    broken = tmp_path / "broken"
    shutil.copytree(root / "a", broken)
    rates = broken / "fx_rates_user.parquet"
    if rates.is_dir():
        shutil.rmtree(rates)
    else:
        rates.unlink()
    rates.mkdir()
    with pytest.raises(TradestatError, match=r"fx_rates_user\.parquet: Spark cannot read it"):
        connect_spark(broken.as_uri(), session=session)


def test_a_session_started_here_prints_no_start_up_chatter(tmp_path):
    """A CLI query on Spark prints its table, not Spark's log lines (in a new process: the
    JVM's logging is set when it starts)."""
    import subprocess
    import sys

    require_spark()
    script = (
        "from tradestat.spark.warehouse import start_session\n"
        "s = start_session('local[1]')\n"
        "print(s.range(3).count())\n"
        "s.stop()\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=300, cwd=tmp_path)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "3"
    # what is left is the JVM's own line about an incubating module, not Spark's logging
    spark_lines = [
        ln for ln in done.stderr.splitlines() if not ln.startswith("WARNING: Using incubator")
    ]
    assert spark_lines == [], done.stderr
    assert not (tmp_path / "spark-warehouse").exists()


def test_the_owner_closing_first_hands_the_session_on(exports, tmp_path):
    """``a`` started the session, ``b`` picked it up: closing ``a`` leaves ``b`` working
    (it owns the session now), closing ``b`` stops it, and the session's temporary
    folder is gone once Python exits. In a new process: it needs no session running."""
    import json
    import subprocess
    import sys

    made, root, _ = exports
    want = made["b"].query(BY_PARTNER).rows()
    script = f"""
import json
from pyspark import SparkContext
from tradestat.spark import connect_spark
a = connect_spark({str(root / "a")!r}, master="local[1]")
b = connect_spark({str(root / "b")!r})
folder = a.session.conf.get("spark.sql.warehouse.dir")
owners = [a._owns_session, b._owns_session]
a.close()
rows = b.query({BY_PARTNER!r}).rows()
owners += [b._owns_session, SparkContext._active_spark_context is not None]
b.close()
print(json.dumps({{"folder": folder, "owners": owners, "rows": rows,
                  "stopped": SparkContext._active_spark_context is None}}, default=str))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=300, cwd=tmp_path)  # fmt: skip
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout.strip().splitlines()[-1])
    assert got["owners"] == [True, False, True, True] and got["stopped"]
    assert got["rows"] == json.loads(json.dumps(want, default=str))
    folder = got["folder"].removeprefix("file:")
    assert "tradestat-spark-" in folder and not Path(folder).exists()
