"""Sandboxed Jinja2 for spec sentences, with the format helpers as filters.

A filter applied to an engine figure records it (see ``figures.Figure``) and wraps
its text in invisible markers, so renderers can link each figure to the appendix:
``\\x02<number>\\x03<text>\\x04`` (control characters that are not whitespace, so they
survive the whitespace clean-up of rendered sentences).
"""

from __future__ import annotations

import re
from typing import Any

from tradestat.report import decomposed
from tradestat.report import format as fmt
from tradestat.report.figures import Figure, MissingFigure, Num, QueryFigures, ReportError, Source

MARK = re.compile("\x02(\\d+)\x03(.*?)\x04", re.DOTALL)
FIGURE_FILTERS = ("money", "pct", "change", "pp", "pp_change", "count", "over", "number",
                  "quantity", "index_change", "decomposed")  # fmt: skip


def marked(n: int, text: str) -> str:
    return f"\x02{n}\x03{text}\x04"


def plain(text: str) -> str:
    """Text without figure markers."""
    return MARK.sub(lambda m: m.group(2), text)


class NameList(list):
    """Labels from the ``names`` filter; ``join_list`` marks the joined text as its figure."""

    number: int | None = None


class Recorder:
    """Collects the figures written by one bulletin, numbered in reading order."""

    def __init__(self) -> None:
        self.figures: list[Figure] = []
        self.floor: str | None = None  # the sentence's smallest money unit (second pass)

    def mark(self) -> int:
        return len(self.figures)

    def rollback(self, mark: int) -> None:
        del self.figures[mark:]

    def record(self, num: Num, written: fmt.Written, helper: str) -> str:
        n = len(self.figures) + 1
        rule = written.rounded.rule if written.rounded else "words only"
        if num.transform:
            rule = f"{num.transform}; {rule}"
        exact = num.value
        self.figures.append(Figure(n, num.source, exact, str(written), rule, helper,
                                   written.rounded))  # fmt: skip
        return marked(n, str(written))


def environment(lang: str, recorder: Recorder | None = None) -> Any:
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False)
    env.filters.update(_filters(lang, recorder or Recorder()))
    # `{% if x.growth_pct is known %}`: write a clause only when the engine has the figure
    # (e.g. no growth when the base period has no data), instead of leaving the statement out
    env.tests["known"] = lambda x: x is not None and not (isinstance(x, Num) and x.is_null)
    return env


def _filters(lang: str, rec: Recorder) -> dict[str, Any]:
    def figure(helper: str, fn: Any) -> Any:
        def apply(x: Any, *args: Any, **kw: Any) -> str:
            if isinstance(x, Num):
                return rec.record(x, fn(x.exact(), *args, **kw), helper)
            if isinstance(x, QueryFigures):
                raise ReportError(f"{helper}: pass a figure such as {x.name}.value, not a query")
            return str(fn(x, *args, **kw))  # a literal number in the template: nothing to trace

        return apply

    def names(q: Any, n: int | None = None) -> NameList:
        """Labels of the first ``n`` rows of a breakdown query (recorded as one figure)."""
        if not isinstance(q, QueryFigures):
            raise ReportError("names: pass a query with a breakdown, e.g. top_cities|names")
        rows = q.rows[:n] if n else q.rows
        if not rows:
            raise MissingFigure(f"query {q.name!r} returned no rows to name")
        codes = [r._data[d] for r in rows for d in q.query.by[:1]]
        num = Num(codes, Source(q.count.source.statement, q.name, "ranking", (), q.query), "list")
        labels = NameList(r.label for r in rows)
        marker = rec.record(num, fmt.Written(fmt.join_list(labels, lang)), "names")
        labels.number = int(MARK.match(marker).group(1))
        return labels

    def join_list(items: Any) -> str:
        text = fmt.join_list(items, lang)
        number = getattr(items, "number", None)
        return marked(number, text) if number else text

    filters: dict[str, Any] = {
        "money": lambda x, currency=None: _money(figure, rec, lang, x, currency),
        "pct": figure("pct", fmt.pct),
        "change": figure(
            "change", lambda v, style="up", after=None: fmt.change(v, lang, style, _exact(after))
        ),
        "pp": figure("pp", lambda v: fmt.pp(v, lang)),
        "pp_change": figure("pp_change", lambda v: fmt.pp_change(v, lang)),
        "count": figure("count", lambda v: fmt.count(v, lang)),
        "over": figure("over", lambda v: fmt.over(v, lang)),
        "number": figure("number", lambda v, decimals=1: fmt.number(v, decimals, lang)),
        "quantity": figure("quantity", lambda v: fmt.quantity(v, lang)),
        "index_change": lambda x, style="up": _index_change(figure, lang, x, style),
        "decomposed": lambda q: decomposed.decomposed(q, lang, rec.record),
        "names": names,
        "join_list": join_list,
        "currency": lambda code: fmt.currency_name(str(code), lang),
        "period": lambda text: fmt.period_label(str(text), lang),
        "label": lambda code, dim: _label(dim, code, lang),
    }
    return filters


def _exact(x: Any) -> Any:
    """A figure's exact value (a literal number as it is), or None."""
    if isinstance(x, Num):
        return None if x.is_null else x.exact()
    return x


def _index_change(figure: Any, lang: str, x: Any, style: str) -> str:
    num = decomposed.index_change(x)
    return figure("index_change", lambda v: decomposed.write_change(num, style, lang))(num)


def _money(figure: Any, rec: Recorder, lang: str, x: Any, currency: str | None) -> str:
    cur = currency or (x.currency if isinstance(x, Num) else None)
    if not cur:
        raise ReportError("money: this figure has no currency; pass one, e.g. money('CNY')")
    return figure("money", lambda v: fmt.money(v, cur, lang, rec.floor))(x)


def _label(dim: str, code: Any, lang: str) -> str:
    from tradestat.report.labels import label

    return label(dim, code, lang)


def render_statement(env: Any, rec: Recorder, lang: str, template: str,
                     context: dict[str, Any], where: str) -> str:  # fmt: skip
    """A statement's sentences with one money scale: rendered once; when some amounts
    reach a unit (million) and others fall below it, rendered again with those written in
    the unit ("$0.84 million" beside "$4.8 million", not "$836,229")."""
    mark = rec.mark()
    text = render(env, template, context, where)
    amounts = [f.exact for f in rec.figures[mark:] if f.helper == "money"]
    floor = fmt.sentence_floor(amounts, lang)
    if floor is None:
        return text
    rec.rollback(mark)
    rec.floor = floor
    try:
        return render(env, template, context, where)
    finally:
        rec.floor = None


def render(env: Any, template: str, context: dict[str, Any], where: str) -> str:
    """Render one sentence template; template mistakes name the statement."""
    from jinja2 import TemplateError

    try:
        text = " ".join(env.from_string(template).render(context).split())
    except ReportError:
        raise
    except TemplateError as exc:
        raise ReportError(f"{where}: template error: {exc}") from None
    # a name with its article may open a sentence: "The Netherlands took ..."
    return _SENTENCE_THE.sub(lambda m: m.group(1) + "The", text)


_SENTENCE_THE = re.compile("((?:^|[.!?] )(?:\x02\\d+\x03)?)the\\b")
