"""Front ends reach the warehouse only through the facade (DESIGN.md, "Target layout").

The CLI, the server and explorer, and the bulletin builder build a TradeQuery, call
``tradestat.api`` (or an engine's named methods: ``tradestat.engine.lookups``) and
render. None of them imports the engine's catalog, the store (DuckDB tables, batch log,
owner note, kept plans) or the ingest pipeline and its adapters, and none reaches into
an engine's catalog attribute. Read from the source with ``ast``, so a lazy import
inside a function counts as much as one at the top.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"
FRONT_ENDS = ("tradestat/cli", "tradestat/web", "tradestat/report")

# modules a front end must not import (a prefix covers its submodules) ...
FORBIDDEN = ("tradestat.engine.catalog", "tradestat.store", "tradestat.ingest")
# ... except these, which are the public part of ingest: the options an ingest takes
PUBLIC = ("tradestat.ingest.options",)

# (file under src/, what is found) -> why it must stay. Empty today; an entry that is no
# longer found fails the test, so this list cannot outlive its reason.
ALLOWED: dict[tuple[str, str], str] = {}


def _forbidden(module: str) -> bool:
    if any(module == p or module.startswith(p + ".") for p in PUBLIC):
        return False
    return any(module == p or module.startswith(p + ".") for p in FORBIDDEN)


def _dotted(node: ast.AST) -> str:
    """``self._engine.catalog`` for an attribute chain; ``?`` for what is not a name."""
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return node.id if isinstance(node, ast.Name) else "?"


def _imported(node: ast.AST, package: str) -> list[str]:
    """Every module (or module attribute) an import statement brings in:
    ``from a import b`` is ``a.b``, whether b is a submodule or a name in a."""
    if isinstance(node, ast.Import):
        return [a.name for a in node.names]
    if not isinstance(node, ast.ImportFrom):
        return []
    base = node.module or ""
    if node.level:  # relative: resolved against the module's own package
        parts = package.split(".")[: len(package.split(".")) - node.level + 1]
        base = ".".join([*parts, *([base] if base else [])])
    return [f"{base}.{a.name}" for a in node.names]


def violations(source: str, package: str = "tradestat.cli") -> list[str]:
    """What in ``source`` (a module of ``package``) goes around the facade."""
    found = []
    tree = ast.parse(source)
    # attributes read further (the ``a.b`` of ``a.b.c``): reported as part of the longer
    inner = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
    for node in ast.walk(tree):
        found += [f"import {m}" for m in _imported(node, package) if _forbidden(m)]
        if isinstance(node, ast.Attribute):
            chain, value = _dotted(node), node.value
            if isinstance(value, ast.Attribute) and value.attr == "catalog":
                found.append(f"attribute {chain}")  # x.catalog.y: into a catalog
            elif node.attr == "catalog" and id(node) not in inner and "engine" in chain.lower():
                found.append(f"attribute {chain}")  # engine.catalog, self._engine.catalog
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "getattr"
            and len(node.args) >= 2
            and isinstance(node.args[1], ast.Constant)
            and node.args[1].value == "catalog"
        ):
            found.append(f"getattr {_dotted(node.args[0])}.catalog")
    return sorted(set(found))


def front_end_modules() -> list[Path]:
    return sorted(p for root in FRONT_ENDS for p in (SRC / root).rglob("*.py"))


def scan() -> dict[tuple[str, str], str]:
    out = {}
    for path in front_end_modules():
        rel = path.relative_to(SRC).as_posix()
        package = ".".join(path.relative_to(SRC).with_suffix("").parts[:-1])
        for what in violations(path.read_text(encoding="utf-8"), package):
            out[(rel, what)] = rel
    return out


def test_front_ends_use_only_the_facade():
    found = scan()
    unexplained = sorted(k for k in found if k not in ALLOWED)
    assert not unexplained, "front ends going around tradestat.api:\n" + "\n".join(
        f"  {f}: {w}" for f, w in unexplained
    )


def test_every_allowed_entry_is_still_needed():
    stale = sorted(set(ALLOWED) - set(scan()))
    assert not stale, f"allowed but no longer found (remove them): {stale}"


def test_the_scan_covers_every_front_end():
    names = {p.relative_to(SRC).as_posix() for p in front_end_modules()}
    expected = ["tradestat/cli/query_cmd.py", "tradestat/web/service.py",
                "tradestat/web/api/ingest.py", "tradestat/report/planning.py"]  # fmt: skip
    assert set(expected) <= names
    assert len(names) > 60  # every module, not the first folder only


@pytest.mark.parametrize(
    "source, expected",
    [
        ("from tradestat.store import catalog", ["import tradestat.store.catalog"]),
        ("import tradestat.store.plan_cache", ["import tradestat.store.plan_cache"]),
        ("from tradestat import store", ["import tradestat.store"]),
        ("from tradestat.engine import catalog", ["import tradestat.engine.catalog"]),
        (
            "from tradestat.engine.catalog import EngineCatalog",
            ["import tradestat.engine.catalog.EngineCatalog"],
        ),
        ("from tradestat.ingest import pipeline", ["import tradestat.ingest.pipeline"]),
        (
            "def f():\n    from tradestat.ingest.fx.importer import import_fx",
            ["import tradestat.ingest.fx.importer.import_fx"],
        ),
        ("from ..store import owner", ["import tradestat.store.owner"]),  # relative, in cli
        ("from . import common", []),
        ("x = engine.catalog.datasets", ["attribute engine.catalog.datasets"]),
        ("self._engine.catalog.dataset(n)", ["attribute self._engine.catalog.dataset"]),
        ("c = w.engine.catalog", ["attribute w.engine.catalog"]),
        ("e.catalog.invalidate()", ["attribute e.catalog.invalidate"]),
        ("getattr(w.engine, 'catalog', None)", ["getattr w.engine.catalog"]),
        # the facade, the public ingest options, the reference tables and the gate's
        # own look-up engine are fine
        ("from tradestat.ingest.options import ingest_options", []),
        ("from tradestat.ingest import options", []),
        ("from tradestat.api.kept import query_kept", []),
        ("from tradestat.engine.caches import SharedCaches", []),
        ("from tradestat.reference.catalog import tables", []),
        ("with self.gate.catalog() as engine:\n    engine.dataset(n)", []),
        ("engine.datasets(); engine.drop_caches()", []),
    ],
)
def test_the_check_finds_each_way_around(source, expected):
    assert violations(source) == expected
