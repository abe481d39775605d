"""A loaded bulletin spec: sections of statements, each with named queries and sentences."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tradestat.report.figures import ReportError


class SpecError(ReportError):
    """A spec breaks the schema or a named rule; ``problems`` lists (where, rule, message)."""

    def __init__(self, source: str, problems: list[tuple[str, str, str]]) -> None:
        lines = [f"  {where}: {message} [{rule}]" for where, rule, message in problems]
        super().__init__(f"invalid bulletin spec {source}:\n" + "\n".join(lines))
        self.source = source
        self.problems = problems


@dataclass(frozen=True)
class ChartSpec:
    type: str  # monthly | bars
    query: str
    column: str = "value"
    title: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class CheckSpec:
    kind: str  # sum | difference | share
    parts: tuple[str, ...]
    whole: str


@dataclass(frozen=True)
class Statement:
    id: str
    queries: dict[str, dict[str, Any]]
    templates: dict[str, str]  # lang -> sentence template
    chart: ChartSpec | None = None
    checks: tuple[CheckSpec, ...] = ()
    dataset: str | None = None  # answer only from this dataset (else the first that can)
    optional: tuple[str, ...] = ()  # queries a dataset may lack: their clauses are left out


@dataclass(frozen=True)
class Section:
    id: str
    title: dict[str, str]
    statements: tuple[Statement, ...]


@dataclass(frozen=True)
class Spec:
    id: str
    title: dict[str, str]
    sections: tuple[Section, ...]
    subtitle: dict[str, str] = field(default_factory=dict)
    params: dict[str, Any] = field(default_factory=dict)
    defaults: dict[str, Any] = field(default_factory=dict)
    source: str = ""

    def statements(self) -> list[tuple[Section, Statement]]:
        return [(sec, st) for sec in self.sections for st in sec.statements]

    @classmethod
    def from_dict(cls, doc: dict[str, Any], source: str = "") -> Spec:
        sections = tuple(
            Section(sec["id"], dict(sec["title"]), tuple(_statement(s) for s in sec["statements"]))
            for sec in doc["sections"]
        )
        return cls(
            id=doc.get("id", "bulletin"),
            title=dict(doc["title"]),
            sections=sections,
            subtitle=dict(doc.get("subtitle", {})),
            params=dict(doc.get("params", {})),
            defaults=dict(doc.get("defaults", {})),
            source=source,
        )


def _statement(doc: dict[str, Any]) -> Statement:
    chart = None
    if "chart" in doc:
        c = doc["chart"]
        chart = ChartSpec(c["type"], c["query"], c.get("column", "value"), dict(c.get("title", {})))
    checks = tuple(_check(c) for c in doc.get("checks", []))
    return Statement(
        id=doc["id"],
        queries={k: dict(v) for k, v in doc["queries"].items()},
        templates=templates_of(doc),
        chart=chart,
        checks=checks,
        dataset=doc.get("dataset"),
        optional=tuple(doc.get("optional", ())),
    )


def templates_of(doc: dict[str, Any]) -> dict[str, str]:
    """The statement's sentences: its own, or a ready-made ``template``'s."""
    if "template" in doc:
        from tradestat.report.decomposed import TEMPLATES

        return dict(TEMPLATES[doc["template"]])
    return {"en": doc["en"], "zh": doc["zh"]}


def _check(doc: dict[str, Any]) -> CheckSpec:
    if "sum" in doc:
        return CheckSpec("sum", tuple(doc["sum"]), doc["equals"])
    if "difference" in doc:
        return CheckSpec("difference", tuple(doc["difference"]), doc["equals"])
    return CheckSpec("share", (doc["share"],), doc["of"])
