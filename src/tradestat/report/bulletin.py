"""A built bulletin: sections of sentences, the figures behind them, notes and checks."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tradestat.report.templating import plain

# a dataset whose description has one of these words puts a notice at the top of every
# bulletin it answers a statement of (tradestat.report.render words the notice)
NOTICE_WORDS = ("synthetic", "mirror")


@dataclass(frozen=True)
class Note:
    kind: str  # left_out | warning
    text: str
    statements: tuple[str, ...] = ()


@dataclass
class StatementOut:
    id: str
    section: str
    marked_text: str  # with figure markers; see templating.MARK
    runs: dict[str, Any]  # name -> build.QueryRun
    chart: Any = None  # spec.ChartSpec
    left_out: str | None = None
    dataset: str | None = None  # the dataset that answered it

    @property
    def text(self) -> str:
        return plain(self.marked_text)


@dataclass
class SectionOut:
    id: str
    title: str
    statements: list[StatementOut]

    @property
    def shown(self) -> list[StatementOut]:
        return [s for s in self.statements if not s.left_out]


@dataclass
class Bulletin:
    spec: Any
    dataset: str  # the first of ``datasets``
    period: str
    base_period: str | None
    lang: str
    title: str
    subtitle: str
    sections: list[SectionOut]
    figures: list[Any]  # figures.Figure, in reading order
    notes: list[Note]
    checks: list[Any] = field(default_factory=list)  # checks.Check
    datasets: tuple[str, ...] = ()  # every dataset the bulletin reads, in routing order
    descriptions: dict[str, str] = field(default_factory=dict)  # dataset -> its description
    _charts: dict[str, str] | None = field(default=None, repr=False)

    # --- content -----------------------------------------------------------
    def statements(self) -> list[StatementOut]:
        return [st for sec in self.sections for st in sec.statements]

    def statement(self, statement_id: str) -> StatementOut:
        for st in self.statements():
            if st.id == statement_id:
                return st
        raise KeyError(statement_id)

    def runs(self) -> list[Any]:
        return [run for st in self.statements() for run in st.runs.values()]

    @property
    def text(self) -> str:
        """All sentences, one paragraph per statement (no headings)."""
        return "\n\n".join(st.text for st in self.statements() if not st.left_out)

    @property
    def notices(self) -> dict[str, list[str]]:
        """Per notice word, the datasets that answered a statement and whose description
        has it: the bulletin says so at its top (``synthetic``, as ``tradestat synth``
        writes it; ``mirror``, figures as the partners reported them)."""
        used = {st.dataset for st in self.statements() if not st.left_out}
        found = {
            word: [d for d in self.datasets if d in used and _says(word, self.descriptions.get(d))]
            for word in NOTICE_WORDS
        }
        return {word: names for word, names in found.items() if names}

    @property
    def synthetic(self) -> list[str]:
        return self.notices.get("synthetic", [])

    @property
    def failed_checks(self) -> list[Any]:
        return [c for c in self.checks if c.status == "fail"]

    def charts(self) -> dict[str, str]:
        """Statement id -> chart as SVG text (drawn once, on first use)."""
        if self._charts is None:
            from tradestat.report.charts import draw_charts

            self._charts = draw_charts(self)
        return self._charts

    # --- output ------------------------------------------------------------
    def to_markdown(self, chart_dir: str | None = None) -> str:
        """Markdown; with ``chart_dir`` (relative to the .md), charts are linked images."""
        from tradestat.report.render.markdown import render_markdown

        return render_markdown(self, chart_dir)

    def to_html(self) -> str:
        """One self-contained HTML page: CSS and SVG charts inline, no external resources."""
        from tradestat.report.render.html import render_html

        return render_html(self)

    def to_pdf(self) -> bytes:
        from tradestat.report.render.pdf import render_pdf

        return render_pdf(self)

    def write(self, path: str | Path) -> Path:
        """Write by suffix: .md (charts as SVG files beside it), .html or .pdf."""
        p = Path(path)
        suffix = p.suffix.lower()
        if suffix not in (".md", ".html", ".htm", ".pdf"):
            from tradestat.report.figures import ReportError

            raise ReportError(f"cannot write {p.name}: use a .md, .html or .pdf file name")
        p.parent.mkdir(parents=True, exist_ok=True)
        if suffix == ".pdf":
            p.write_bytes(self.to_pdf())
        elif suffix == ".md":
            chart_dir = f"{p.stem}_charts"
            charts = self.charts()
            if charts:
                (p.parent / chart_dir).mkdir(exist_ok=True)
                for sid, svg in charts.items():
                    (p.parent / chart_dir / f"{sid}.svg").write_text(svg, encoding="utf-8")
            p.write_text(self.to_markdown(chart_dir if charts else None), encoding="utf-8")
        else:
            p.write_text(self.to_html(), encoding="utf-8")
        return p


def _says(word: str, description: str | None) -> bool:
    return word in (description or "").lower()
