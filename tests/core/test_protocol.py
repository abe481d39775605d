"""Every warehouse class conforms to the one declared protocol
(tradestat.api.protocol): the same read methods, parameter by parameter, and real
objects pass ``isinstance``. The DuckDB file's answers are the reference for the
others' dataset info (DisclosedWarehouse here; Spark in tests/spark/test_parity.py)."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from tradestat.api.protocol import READ_METHODS, WRITE_METHODS, TradeWarehouse, WritableWarehouse

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "core"


def classes():
    from tradestat.api.remote import RemoteWarehouse
    from tradestat.api.warehouse import Warehouse
    from tradestat.spark.warehouse import SparkWarehouse
    from tradestat.web.disclosed import DisclosedWarehouse

    return {
        "duckdb": (Warehouse, WritableWarehouse),
        "remote": (RemoteWarehouse, WritableWarehouse),
        "spark": (SparkWarehouse, TradeWarehouse),
        "disclosed": (DisclosedWarehouse, TradeWarehouse),
    }


def conforms(method, declared) -> list[str]:
    """What differs between a method's signature and the protocol's: each declared
    parameter must be there, of the same kind and default; any extra one must be
    optional; ``**kw`` in the protocol needs ``**kw`` in the method."""
    got = inspect.signature(method).parameters
    want = inspect.signature(declared).parameters
    problems = []
    for name, p in want.items():
        if p.kind is p.VAR_KEYWORD:
            if not any(q.kind is q.VAR_KEYWORD for q in got.values()):
                problems.append(f"no **{name}")
            continue
        q = got.get(name)
        if q is None:
            problems.append(f"no parameter {name!r}")
        elif q.kind is not p.kind:
            problems.append(f"{name!r} is {q.kind.description}, not {p.kind.description}")
        elif q.default != p.default:
            problems.append(f"{name!r} defaults to {q.default!r}, not {p.default!r}")
    for name, q in got.items():
        required = q.default is q.empty and q.kind not in (q.VAR_POSITIONAL, q.VAR_KEYWORD)
        if name not in want and required:
            problems.append(f"extra required parameter {name!r}")
    return problems


def test_the_protocol_lists_the_methods_front_ends_use():
    assert set(READ_METHODS) <= set(dir(TradeWarehouse))
    assert set(READ_METHODS + WRITE_METHODS) <= set(dir(WritableWarehouse))


@pytest.mark.parametrize("kind", ["duckdb", "remote", "spark", "disclosed"])
def test_each_warehouse_class_has_the_protocols_signatures(kind):
    cls, protocol = classes()[kind]
    methods = READ_METHODS + (WRITE_METHODS if protocol is WritableWarehouse else ())
    problems = {
        name: conforms(getattr(cls, name), getattr(protocol, name))
        for name in methods
        if name in cls.__dict__ or any(name in base.__dict__ for base in cls.__mro__[1:-1])
    }
    missing = [n for n in methods if n not in problems]
    assert missing == [] and {k: v for k, v in problems.items() if v} == {}


def test_a_signature_that_differs_is_caught():
    class Wrong:
        def query(self, query, confidential=True):  # positional, no with_sql
            return None

    found = conforms(Wrong.query, TradeWarehouse.query)
    assert "'confidential' is positional or keyword, not keyword-only" in found
    assert "no parameter 'with_sql'" in found


@pytest.fixture(scope="module")
def wh(tmp_path_factory):
    import tradestat

    w = tradestat.connect(tmp_path_factory.mktemp("protocol") / "w.duckdb")
    w.ingest(FIX / "customs.csv", "customs")
    w.ingest(FIX / "national.csv", "national")
    yield w
    w.close()


def test_real_objects_are_instances(wh):
    from tradestat.api.remote import RemoteWarehouse
    from tradestat.store.owner import Owner
    from tradestat.web.disclosed import DisclosedWarehouse

    assert isinstance(wh, WritableWarehouse) and isinstance(wh, TradeWarehouse)
    scoped = DisclosedWarehouse(wh, wh.new_engine(), {"customs": False})
    assert isinstance(scoped, TradeWarehouse) and not isinstance(scoped, WritableWarehouse)
    # a server's client holds only the server's address until a call is made
    fields = {f: None for f in inspect.signature(Owner).parameters}
    remote = RemoteWarehouse(Owner(**fields), wh.path)
    assert isinstance(remote, WritableWarehouse)


def test_a_callers_view_reads_only_its_datasets_with_the_files_figures(wh):
    """DisclosedWarehouse's reads equal the DuckDB file's (whose stats come from SQL on
    vintage_summary) on the datasets the caller was checked for, and refuse others."""
    from tradestat.web.disclosed import DisclosedWarehouse
    from tradestat.web.scopes import AccessDenied

    scoped = DisclosedWarehouse(wh, wh.new_engine(), {"customs": False})
    assert scoped.datasets() == [wh.dataset("customs")]
    info = scoped.dataset_info("customs")
    assert info == wh.dataset_info("customs")
    assert info["rows"] == 27 and info["first_period"] == "2022-01"  # the fixture's rows
    q = {"dataset": "customs", "period": "2023", "by": ["partner"]}
    assert scoped.explain(q) == wh.explain(q)
    assert scoped.query(q).rows() == wh.query(q, confidential=False).rows()
    for read in (lambda: scoped.dataset("national"), lambda: scoped.dataset_info("national"),
                 lambda: scoped.explain({"dataset": "national", "period": "2023"})):  # fmt: skip
        with pytest.raises(AccessDenied, match="does not read dataset 'national'"):
            read()


def test_a_callers_view_answers_batches_with_its_own_setting(wh):
    """Shared scans through the caller's view (what a REST bulletin asks): each answer
    equals the query run alone with the caller's setting on its dataset; perturbed
    ones are left to their own runs, as on the warehouse itself."""
    from tradestat.web.disclosed import DisclosedWarehouse
    from tradestat.web.scopes import AccessDenied

    qs = [{"dataset": d, "period": "2023", "flow": f}
          for d in ("customs", "national") for f in ("export", "import")]  # fmt: skip
    for exact in (True, False):
        scoped = DisclosedWarehouse(wh, wh.new_engine(), {"customs": exact, "national": True})
        answers = scoped.query_batch(qs, confidential=not exact)  # the caller's setting wins
        got = {(k.dataset, k.flow): v.rows() for k, v in answers.items()}
        want = {(q["dataset"], q["flow"]): wh.query(q).rows() for q in qs}
        assert got == {k: v for k, v in want.items() if exact or k[0] == "national"}
    with pytest.raises(AccessDenied):
        DisclosedWarehouse(wh, wh.new_engine(), {"national": True}).query_batch(qs)
