"""Plans cached by query shape: compiled SQL with the query's literals as slots.

Building a query's Ibis expression and compiling it to SQL costs 40-150 ms, longer
than DuckDB takes to answer most questions. Queries that differ only in literals —
the periods, the codes of a ``where``/``exclude`` list, ``top``, ``having``
thresholds, an ``as_of`` date — compile to the same SQL with other literals. So the
engine keeps, per shape (the query with those literals abstracted, plus everything
resolved about it that changes the SQL's structure: coverage flags, the money column
and conversion factors, place rules), the SQL with a slot where each literal goes,
and a query of a known shape binds its own literals into it: no Ibis at all.

How a template is made (literal-to-marker substitution verified by a round trip):
the shape's query is planned once more with every literal replaced by a marker (a
value no query has: dates in 2101-2105 on days other than the 1st, ``top`` 987601,
thresholds 98761.25, codes ``tsm0zq``); each marker's text in that SQL becomes a slot.
The template is kept only if binding the real query's literals into it gives exactly
the SQL compiled for the real query (both the SQL that runs and the SQL shown), the
same result schema and the same in-memory tables; otherwise the shape is compiled
afresh every time. Periods are literals only where the SQL holds them as dates alone:
a calendar or partner-group membership table (rows per month) makes them part of the
shape. A template is made when a shape is seen the second time, so a one-off query
pays nothing extra.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from tradestat.engine.frame import Sides
from tradestat.query.dimensions import DIMENSIONS
from tradestat.query.periods import Span
from tradestat.query.tradequery import TradeQuery

SHAPES = 256  # shapes an engine keeps
SEEN, UNCACHEABLE = "seen", "uncacheable"
_TOKEN = re.compile(r"\x00(\d+)\x00")
_TABLE = re.compile(r"\x01(\d+)\x01")
_SAFE_TEXT = re.compile(r"[\w .,:/+\-()&']*")  # codes as data has them; others: no template
_PLAIN_FLOAT = re.compile(r"-?\d+\.\d+")
# markers: values no query has (dates are always the 1st of a month, except as_of)
_MARKER_DATES = [dt.date(2101 + i, 1 + i, 2 + i) for i in range(5)]


@dataclass(frozen=True)
class Atom:
    kind: str  # date, int, float, text
    value: Any


@dataclass
class Slot:
    """An in-memory table whose rows follow from the query's sides (calendar, dated
    partner-group membership): rebuilt for each query, named by its content."""

    recipe: Any  # sides -> rows
    schema_repr: str  # repr(list(op.schema.items())), as inline names it
    names: list[str]
    types: list[str]  # SQL types of the columns
    arrow: Any  # Arrow schema, for a temporary table


@dataclass
class Template:
    sql: str  # what runs: literals as \x00i\x00, rebuilt tables as \x01j\x01
    shown: str  # provenance SQL (pretty, every memtable written in), slots alike
    kept: dict[str, Any]  # temporary tables the SQL names (name -> Ibis memtable op)
    schema: Any  # Arrow schema of the result
    slots: list[Slot]
    hits: int = 0


class _RowsOp:
    """What ``inline.run`` needs of a memtable to create its temporary table."""

    def __init__(self, rows: list[tuple], arrow: Any) -> None:
        self.data, self.schema = self, None
        self._rows, self._arrow = rows, arrow

    def to_pyarrow(self, _: Any) -> Any:
        import pyarrow as pa

        cols = [pa.array([r[i] for r in self._rows], f.type) for i, f in enumerate(self._arrow)]
        return pa.Table.from_arrays(cols, schema=self._arrow)


class Bound:
    """A template with one query's literals and tables: what ``inline.run`` runs (and
    provenance shows, bound when asked for)."""

    def __init__(self, t: Template, atoms: list[Atom], sides: Sides) -> None:
        from tradestat.engine import inline

        t.hits += 1
        self.kept = dict(t.kept)
        self._run, self._shown = [], []
        for slot in t.slots:
            rows = slot.recipe(sides)
            name = inline.content_name(slot.schema_repr, rows)
            values = inline.values_text(slot.names, slot.types, rows)
            self._shown.append(values)
            if len(rows) > inline.INLINE_ROWS:
                self.kept[name] = _RowsOp(rows, slot.arrow)
                self._run.append(f'"{name}"')
            else:
                self._run.append(values)
        self.sql = _tables(bind(t.sql, atoms), self._run)
        self._template, self._atoms = t, atoms

    def shown(self, dialect: str, pretty: bool = True) -> str:
        return _tables(bind(self._template.shown, self._atoms), self._shown)


def _tables(text: str, tables: list[str]) -> str:
    return _TABLE.sub(lambda m: tables[int(m.group(1))], text)


def render(atom: Atom) -> str:
    """The literal as Ibis writes it in DuckDB SQL (the round trip checks this)."""
    v = atom.value
    if atom.kind == "date":
        return f"MAKE_DATE({v.year}, {v.month}, {v.day})"
    if atom.kind == "float":
        return repr(float(v))
    if atom.kind == "int":
        return str(int(v))
    return "'" + str(v).replace("'", "''") + "'"


def bindable(atoms: list[Atom]) -> bool:
    """Literals whose text is plain enough to write in without Ibis."""
    for a in atoms:
        if a.kind == "text" and not _SAFE_TEXT.fullmatch(a.value):
            return False
        if a.kind == "float" and not _PLAIN_FLOAT.fullmatch(repr(float(a.value))):
            return False
    return True


def bind(text: str, atoms: list[Atom]) -> str:
    return _TOKEN.sub(lambda m: render(atoms[int(m.group(1))]), text)


def periods_are_literals(q: TradeQuery, calendar: bool) -> bool:
    """Periods are literals of every shape: tables of months (calendar, partner-group
    membership) are rebuilt from the query's sides (:class:`Slot`)."""
    return True


def _code_filters(q: TradeQuery) -> list[tuple[str, str, tuple[str, ...]]]:
    return [
        (key, dim, values)
        for key in ("where", "exclude")
        for dim, values in getattr(q, key)
        if DIMENSIONS[dim].kind not in ("group", "class")
    ]


def atoms_of(q: TradeQuery, sides: Sides, dates: bool) -> list[Atom]:
    out: list[Atom] = []
    if dates:
        out += [Atom("date", d) for s in sides.spans for d in (s.start, s.end)]
    if q.as_of is not None:
        out.append(Atom("date", q.as_of))
    if q.top is not None:
        out.append(Atom("int", q.top))
    out += [Atom("float", n) for _, _, n in q.having_conditions]
    out += [Atom("text", v) for _, _, values in _code_filters(q) for v in values]
    return out


def shape_key(kind: str, r: Any, dates: bool) -> tuple:
    """Everything that shapes the SQL: the query minus its literals, and what
    resolving it decided (coverage flags, money, place rules)."""
    q = r.q
    plain = {k: v for k, v in q.to_dict().items() if k not in ("top", "having", "basis")}
    plain["where"] = plain["exclude"] = None
    filters = tuple(
        (key, dim, values if DIMENSIONS[dim].kind in ("group", "class") else len(values))
        for key in ("where", "exclude")
        for dim, values in getattr(q, key)
    )
    if dates:
        plain["period"] = plain["base_period"] = None
        spans = (len(r.sides.spans),)
    else:
        spans = tuple((s.start, s.end) for s in r.sides.spans)
    having = tuple((c, op) for c, op, _ in q.having_conditions)
    m = r.money
    money = (m.currency, m.basis, m.column, m.converted, m.factors if m.column is None else ())
    return (
        kind, tuple(sorted((k, repr(v)) for k, v in plain.items())), filters, spans,
        q.top is not None, having, q.basis, r.calendar,
        tuple(sorted(r.with_data.items())), r.hide_comparisons,
        r.places.cells_drop, r.places.total_drop, money, r.editions.key,
    )  # fmt: skip


def marked(r: Any, dates: bool) -> Any:
    """``r`` with every literal of its query replaced by a marker."""
    q = copy.copy(r.q)  # frozen and validated: markers are set past the checks
    if q.top is not None:
        object.__setattr__(q, "top", 987601)
    if q.having:
        conds = [f"{c} {op} {98761.25 + i:.2f}" for i, (c, op, _) in enumerate(q.having_conditions)]
        object.__setattr__(q, "having", " and ".join(conds))
    if q.as_of is not None:
        object.__setattr__(q, "as_of", _MARKER_DATES[4])
    n = 0
    for key in ("where", "exclude"):
        filters = []
        for dim, values in getattr(q, key):
            if DIMENSIONS[dim].kind not in ("group", "class"):
                values = tuple(f"tsm{n + i}zq" for i in range(len(values)))
                n += len(values)
            filters.append((dim, values))
        object.__setattr__(q, key, tuple(filters))
    sides = r.sides
    if dates:
        d = _MARKER_DATES
        sides = Sides(Span(d[0], d[1]), Span(d[2], d[3]) if sides.base else None)
    return dataclasses.replace(r, q=q, sides=sides)


def template(compiled: Any, schema: Any, marked_compiled: Any, marked_schema: Any,
             real: list[Atom], markers: list[Atom], sides: Sides,
             dialect: str) -> Template | None:  # fmt: skip
    """The template from the marked query's SQL, if the round trip gives the real SQL."""
    from tradestat.engine import inline, memtables

    if not schema.equals(marked_schema):
        return None
    run_values, shown_values, kept, slots = {}, {}, {}, []
    for name, op in marked_compiled.ops.items():
        recipe = memtables.recipe_of(op)
        if recipe is None:  # the same table for every query of the shape
            if name not in compiled.ops:
                return None
            shown_values[name] = inline._values_sql(op, inline._rows(op), compiled.mapper,
                                                    dialect)  # fmt: skip
            if name in marked_compiled.kept:
                kept[name] = op
            else:
                run_values[name] = marked_compiled.inlined[name]
            continue
        token = f"\x01{len(slots)}\x01"
        run_values[name] = shown_values[name] = token
        slots.append(Slot(recipe, repr(list(op.schema.items())), list(op.schema.names),
                          inline.column_types(op, compiled.mapper, dialect),
                          op.schema.to_pyarrow()))  # fmt: skip
    texts = {render(m): i for i, m in enumerate(markers)}
    alts = "|".join(re.escape(t) for t in sorted(texts, key=len, reverse=True))
    pattern = re.compile(r"(?<![\w.])(" + alts + r")(?![\w.])") if texts else None

    def slotted(text: str, values: dict[str, str]) -> str:
        text = inline._substitute(text, values)
        if pattern is None:
            return text
        return pattern.sub(lambda m: f"\x00{texts[m.group(1)]}\x00", text)

    t = Template(
        slotted(inline.raw_sql(marked_compiled, dialect), run_values),
        slotted(inline.raw_sql(marked_compiled, dialect, pretty=True), shown_values),
        kept, schema, slots,
    )  # fmt: skip
    bound = Bound(t, real, sides)
    t.hits = 0
    if bound.sql != compiled.sql or bound.shown(dialect) != compiled.shown(dialect):
        return None
    if set(bound.kept) != set(compiled.kept):
        return None
    return t
