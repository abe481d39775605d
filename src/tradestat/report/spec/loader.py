"""Load a bulletin spec (built-in name, YAML path or dict), check the schema and named rules.

Named rules, checked after the JSON Schema; each problem names where it is:
- ``unique-ids``: section ids, and statement ids across the spec, are unique.
- ``placeholders``: queries use only known placeholders (periods, dataset, home, params).
- ``query``: each query, with sample placeholder values, is a valid TradeQuery.
- ``template``: each sentence parses and uses only its queries, ``period``,
  ``base_period``, ``dataset`` and ``params``.
- ``chart``: a chart names one of its statement's queries; a monthly chart's query
  breaks down by month.
- ``check-refs``: consistency checks name the statement's queries.
- ``optional``: optional queries are queries of the statement, and no check reads one
  (a check cannot pass on a figure that may be missing).
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from tradestat.report.spec.model import Spec, SpecError
from tradestat.report.spec.placeholders import PERIODS, PlaceholderError, Placeholders, names_in

BUILTIN = ("customs", "platform")
CONTEXT_NAMES = {"period", "base_period", "vs_base", "vs_base_month", "dataset", "params",
                 "lang"}  # fmt: skip
Problem = tuple[str, str, str]


def builtin_path(name: str) -> Path:
    return Path(str(resources.files("tradestat.report") / "specs" / f"{name}.yaml"))


def load_spec(spec: str | Path | dict | Spec) -> Spec:
    """A built-in name (``customs``, ``platform``), a YAML path, a dict or a Spec."""
    if isinstance(spec, Spec):
        return spec
    if isinstance(spec, dict):
        return validate(spec, "<dict>")
    text = str(spec)
    path = builtin_path(text) if text in BUILTIN else Path(text)
    if not path.exists():
        raise SpecError(text, [("spec", "file", f"no such spec (built-in: {', '.join(BUILTIN)})")])
    import yaml

    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise SpecError(path.name, [("yaml", "yaml", str(exc))]) from None
    return validate(doc, text if text in BUILTIN else path.name)


def validate(doc: Any, source: str) -> Spec:
    import jsonschema

    schema = json.loads((Path(__file__).parent / "spec.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
    if errors:
        raise SpecError(source, [(_where(e.absolute_path), "schema", e.message) for e in errors])
    problems = _rules(doc)
    if problems:
        raise SpecError(source, problems)
    return Spec.from_dict(doc, source)


def _where(path: Any) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "spec"


def _rules(doc: dict[str, Any]) -> list[Problem]:
    problems: list[Problem] = []
    params = doc.get("params", {})
    seen_sections: set[str] = set()
    seen: set[str] = set()
    for i, sec in enumerate(doc["sections"]):
        if sec["id"] in seen_sections:
            problems.append((f"sections[{i}].id", "unique-ids", f"duplicate id {sec['id']!r}"))
        seen_sections.add(sec["id"])
        for j, st in enumerate(sec["statements"]):
            where = f"sections[{i}].statements[{j}]"
            if st["id"] in seen:
                problems.append((f"{where}.id", "unique-ids", f"duplicate id {st['id']!r}"))
            seen.add(st["id"])
            problems += _statement_rules(where, st, doc.get("defaults", {}), params)
    return problems


def _statement_rules(where: str, st: dict, defaults: dict, params: dict) -> list[Problem]:
    from tradestat.errors import QueryError
    from tradestat.query.tradequery import TradeQuery

    problems: list[Problem] = []
    sample = Placeholders("sample", "2023-01..2023-12", None, home="GBR")
    queries = {}
    for name, q in st["queries"].items():
        at = f"{where}.queries.{name}"
        unknown = names_in(q) - {*PERIODS, "dataset", "home", *params}
        if unknown:
            problems.append((at, "placeholders", f"unknown placeholder(s) {sorted(unknown)}"))
            continue
        try:
            filled = sample.fill(query_dict(defaults, q), params)
            queries[name] = TradeQuery.from_dict(filled)
        except (QueryError, PlaceholderError) as exc:
            problems.append((at, "query", str(exc)))
    from tradestat.report.spec.model import templates_of

    for lang, text in templates_of(st).items():
        problems += _template_rule(f"{where}.{lang}", text, set(st["queries"]))
    chart = st.get("chart")
    if chart:
        q = queries.get(chart["query"])
        if chart["query"] not in st["queries"]:
            problems.append((f"{where}.chart.query", "chart", f"no query {chart['query']!r}"))
        elif q is not None and chart["type"] == "monthly" and "month" not in q.by:
            problems.append((f"{where}.chart", "chart", "a monthly chart needs by: [month]"))
        elif q is not None and chart["type"] == "bars" and not q.by:
            problems.append((f"{where}.chart", "chart", "a bar chart needs a breakdown (by)"))
    optional = st.get("optional", [])
    for name in optional:
        if name not in st["queries"]:
            problems.append((f"{where}.optional", "optional", f"no query {name!r}"))
    for k, check in enumerate(st.get("checks", [])):
        refs = [v for key, v in check.items() for v in (v if isinstance(v, list) else [v])]
        for ref in refs:
            if ref.split(".")[0] not in st["queries"]:
                problems.append((f"{where}.checks[{k}]", "check-refs", f"no query {ref!r}"))
            elif ref.split(".")[0] in optional:
                problems.append((f"{where}.checks[{k}]", "optional",
                                 f"query {ref!r} is optional: a check cannot read it"))  # fmt: skip
    return problems


def query_dict(defaults: dict[str, Any], q: dict[str, Any]) -> dict[str, Any]:
    """A statement query over the bulletin defaults: dataset and period unless it sets
    them; the bulletin's base period only for queries that keep the bulletin's period."""
    out: dict[str, Any] = {"dataset": "{dataset}", "period": "{period}"}
    if "period" not in q:
        out["base_period"] = "{base_period}"
    return {**out, **defaults, **q}


def _template_rule(where: str, template: str, queries: set[str]) -> list[Problem]:
    from jinja2 import TemplateSyntaxError, meta

    from tradestat.report.templating import environment

    env = environment("en")
    try:
        names = meta.find_undeclared_variables(env.parse(template))
    except TemplateSyntaxError as exc:
        return [(where, "template", f"line {exc.lineno}: {exc.message}")]
    unknown = sorted(names - queries - CONTEXT_NAMES)
    if unknown:
        return [(where, "template", f"unknown name(s) {unknown} (queries: {sorted(queries)})")]
    return []
