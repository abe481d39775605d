"""Evaluate a spec for one period over one or more datasets: run each statement's
TradeQuery objects on the engine and write its sentence. The engine computes every
figure; this module only chooses queries, routes each statement to the first dataset
that can answer all of them, catches what no dataset can answer, and records notes.

A statement is answered from one dataset only, so one sentence never mixes figures of
datasets on different bases (currency, coverage, vintages).
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tradestat.errors import GrainError, QueryError
from tradestat.report import planning
from tradestat.report.bulletin import Bulletin, Note, SectionOut, StatementOut
from tradestat.report.figures import MissingFigure, QueryFigures, ReportError
from tradestat.report.spec import (
    PlaceholderError,
    Placeholders,
    Spec,
    Statement,
    load_spec,
    query_dict,
)
from tradestat.report.templating import Recorder, environment, render, render_statement

if TYPE_CHECKING:
    from tradestat.api.protocol import TradeWarehouse

LANGS = ("en", "zh")


@dataclass(frozen=True)
class QueryRun:
    statement: str
    name: str
    query: Any  # TradeQuery
    result: Any  # engine Result
    currency: str  # of its value figures: the query's, else the dataset's home currency

    @property
    def key(self) -> str:
        return f"{self.statement}.{self.name}"


class LeftOut(Exception):
    """A statement this dataset or period cannot support; it becomes a note."""


def build_bulletin(
    warehouse: TradeWarehouse,
    spec: str | Path | dict | Spec,
    dataset: str | Sequence[str],
    period: str,
    base_period: str | None = None,
    lang: str = "en",
    *,
    confidential: bool = True,
    shared_scans: bool = True,
) -> Bulletin:
    """Build a bulletin from a spec (``customs``, ``platform``, a YAML path or a dict).

    ``dataset`` is one dataset name or several: each statement is answered by the first
    of them whose grain (and data) can answer all its queries, or by the one the spec's
    statement names (``dataset:``); the appendix says which answered each figure.
    ``confidential=False`` runs every query under the dataset's disclosure policy, so
    suppressed cells leave their statement out instead of being printed.
    ``shared_scans=False`` runs every query alone (the same figures, more scans: see
    tradestat.report.planning).
    """
    if lang not in LANGS:
        raise ReportError(f"lang must be one of {', '.join(LANGS)}, not {lang!r}")
    spec = load_spec(spec)
    _check_period("period", period)
    if base_period:
        _check_period("base_period", base_period)
    datasets = _datasets(dataset)
    # an unknown dataset: the warehouse's own clear error
    metas = {name: warehouse.dataset(name) for name in datasets}
    descriptions = {name: ds.description or "" for name, ds in metas.items()}
    builder = _Builder(warehouse, spec, datasets, Placeholders(datasets[0], period, base_period),
                       lang)  # fmt: skip
    builder.confidential = confidential
    builder.metas = metas
    if shared_scans:
        builder.answers = planning.shared_answers(builder, [st for _, st in spec.statements()])
    sections = [
        SectionOut(
            sec.id, sec.title[lang], [builder.statement(sec.id, st) for st in sec.statements]
        )
        for sec in spec.sections
    ]
    context = builder.context
    env = environment(lang)
    title = render(env, spec.title[lang], context, "title")
    subtitle = render(env, spec.subtitle[lang], context, "subtitle") if spec.subtitle else ""
    bulletin = Bulletin(
        spec=spec, dataset=datasets[0], datasets=datasets, period=period,
        base_period=base_period, lang=lang, title=title, subtitle=subtitle, sections=sections,
        figures=builder.recorder.figures, notes=builder.notes(),
        descriptions=descriptions,
    )  # fmt: skip
    from tradestat.report.checks import run_checks

    bulletin.checks = run_checks(bulletin)
    return bulletin


def _datasets(dataset: str | Sequence[str]) -> tuple[str, ...]:
    names = (dataset,) if isinstance(dataset, str) else tuple(dataset)
    if not names or not all(isinstance(n, str) and n for n in names):
        raise ReportError("dataset: give one dataset name or a list of names")
    if len(set(names)) != len(names):
        raise ReportError(f"dataset: {', '.join(names)} names a dataset twice")
    return names


def _check_period(key: str, text: str) -> None:
    from tradestat.query.periods import Span

    try:
        Span.parse(text)
    except ValueError as exc:
        raise ReportError(f"{key}: {exc}") from None


class _Builder:
    def __init__(self, warehouse: TradeWarehouse, spec: Spec, datasets: tuple[str, ...],
                 holders: Placeholders, lang: str) -> None:  # fmt: skip
        self.warehouse, self.spec, self.holders, self.lang = warehouse, spec, holders, lang
        self.datasets = datasets
        self.recorder = Recorder()
        self.env = environment(lang, self.recorder)
        self.confidential = True
        self._left_out: list[Note] = []
        self._warnings: dict[str, list[str]] = {}
        self.metas: dict[str, Any] = {}  # dataset name -> Dataset, read once
        self.answers: dict[Any, Any] = {}  # TradeQuery -> Result from shared scans
        self.left_out = planning.left_out_store(warehouse)

    @cached_property
    def context(self) -> dict[str, Any]:
        from tradestat.report.format import period_label
        from tradestat.report.format.words import base_words

        span, base = self.holders.span("period"), self.holders.span("base_period")
        vs_base, vs_base_month = base_words(span, base, self.lang)
        return {
            "period": period_label(self.holders.period, self.lang),
            "base_period": period_label(str(base), self.lang),
            "vs_base": vs_base,
            "vs_base_month": vs_base_month,
            "dataset": ", ".join(self.datasets),
            "params": self.spec.params,
            "lang": self.lang,
        }

    def notes(self) -> list[Note]:
        warnings = [Note("warning", text, tuple(sts)) for text, sts in self._warnings.items()]
        return self._left_out + warnings

    def statement(self, section: str, st: Statement) -> StatementOut:
        """The statement from the first dataset that answers all its queries; left out
        with each dataset's reason when none does."""
        reasons: list[tuple[str, str]] = []
        tried: dict[str, QueryRun] = {}
        for dataset in self.candidates(st, reasons):
            if (before := self.left_out_before(st, dataset)) is not None:
                reasons.append((dataset, before[0]))  # planned on this data before
                tried = tried or before[1]
                continue
            runs: dict[str, QueryRun] = {}
            mark = self.recorder.mark()
            chart, optional = self._chart(st), planning.optional_queries(st, self.lang)
            unanswered: dict[str, str] = {}  # optional query -> why this dataset cannot
            chart_query = st.chart.query if st.chart is not None else None
            try:
                for name, q in st.queries.items():
                    try:
                        runs[name] = self._run(st, name, q, dataset)
                    except LeftOut as exc:
                        if name not in optional:
                            raise
                        unanswered[name] = str(exc)
                        if name == chart_query:
                            chart = None
                figures = {
                    name: QueryFigures(st.id, name, run.query, run.result, run.currency, self.lang)
                    for name, run in runs.items()
                }
                text = render_statement(self.env, self.recorder, self.lang,
                                        st.templates[self.lang], {**self.context, **figures},
                                        f"statement {st.id!r} ({self.lang})")  # fmt: skip
            except (LeftOut, MissingFigure) as exc:
                self.recorder.rollback(mark)
                reason = planning.not_comparable(runs) if isinstance(exc, MissingFigure) else None
                reasons.append((dataset, reason or str(exc)))
                planning.remember(self.left_out, planning.statement_key(self, st, dataset),
                                  (reasons[-1][1], runs))  # fmt: skip
                tried = tried or runs
                continue
            self._note_warnings(st.id, runs)
            for name, reason in unanswered.items():  # the sentence stands without them
                part = "chart" if name == chart_query else name
                why = planning.left_out_text(f"{st.id}.{part}", [(dataset, reason)], self.lang)
                self._left_out.append(Note("left_out", why, (st.id,)))
            return StatementOut(st.id, section, text, runs, chart, dataset=dataset)
        self._note_warnings(st.id, tried)  # they often say why
        why = planning.left_out_text(st.id, reasons, self.lang)
        self._left_out.append(Note("left_out", why, (st.id,)))
        return StatementOut(st.id, section, "", tried, self._chart(st), left_out=why)

    def left_out_before(self, st: Statement, dataset: str) -> tuple[str, dict] | None:
        """(reason, runs) of the statement left out on this dataset and catalog state."""
        if self.left_out is None:
            return None
        return self.left_out.get(planning.statement_key(self, st, dataset))

    def dataset_meta(self, name: str) -> Any:
        if name not in self.metas:
            self.metas[name] = self.warehouse.dataset(name)
        return self.metas[name]

    def candidates(self, st: Statement, reasons: list[tuple[str, str]]) -> tuple[str, ...]:
        """The datasets to try, in order: the one the statement names, else all."""
        if st.dataset is None:
            return self.datasets
        if st.dataset in self.datasets:
            return (st.dataset,)
        reasons.append((st.dataset, f"the spec answers it from dataset {st.dataset!r}, "
                        "which this bulletin does not read"))  # fmt: skip
        return ()

    def _chart(self, st: Statement) -> Any:
        """The statement's chart with its title rendered like a sentence ({{ vs_base }})."""
        if st.chart is None or self.lang not in st.chart.title:
            return st.chart
        title = render(self.env, st.chart.title[self.lang], self.context,
                       f"chart of statement {st.id!r} ({self.lang})")  # fmt: skip
        return replace(st.chart, title={**st.chart.title, self.lang: title})

    def _note_warnings(self, statement: str, runs: dict[str, QueryRun]) -> None:
        """Engine warnings (e.g. months without data), once each, with their statements;
        also for a statement left out, since they often say why."""
        for run in runs.values():
            for warning in run.result.provenance.get("warnings", []):
                sts = self._warnings.setdefault(warning, [])
                if statement not in sts:
                    sts.append(statement)

    def trade_query(self, st: Statement, name: str, q: dict[str, Any], dataset: str) -> Any:
        """The statement's query ``name`` filled in for this bulletin and dataset."""
        from tradestat.query.tradequery import TradeQuery

        holders = replace(self.holders, dataset=dataset, home=self._home(dataset))
        try:
            filled = holders.fill(query_dict(self.spec.defaults, q), self.spec.params)
        except PlaceholderError as exc:
            raise LeftOut(str(exc)) from None
        try:
            return TradeQuery.from_dict(filled)
        except QueryError as exc:
            raise ReportError(f"statement {st.id!r}, query {name!r}: {exc}") from None

    def _run(self, st: Statement, name: str, q: dict[str, Any], dataset: str) -> QueryRun:
        tq = self.trade_query(st, name, q, dataset)
        try:
            if (shared := self.answers.get(tq)) is not None:  # its own copy of the answer
                result = type(shared)(shared.table, copy.deepcopy(shared.provenance))
            else:
                kw: dict[str, Any] = {"with_sql": False}
                if not self.confidential:
                    kw["confidential"] = False
                result = self.warehouse.query(tq, **kw)
        except GrainError as exc:  # the dataset cannot say it: leave the statement out
            raise LeftOut(f"{exc.message} (query {name!r})") from None
        except QueryError as exc:
            raise ReportError(f"statement {st.id!r}, query {name!r}: {exc}") from None
        return QueryRun(st.id, name, tq, result, self._currency(tq))

    def _home(self, dataset: str) -> str | None:
        """The dataset's reporter: a platform's home market, for ``{home}``."""
        return self.dataset_meta(dataset).reporter

    def _currency(self, q: Any) -> str:
        if q.currency:
            return q.currency.upper()
        return self.dataset_meta(q.dataset).home_currency
