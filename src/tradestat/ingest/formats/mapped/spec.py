"""A mapping file (YAML) for ``--format mapped``: loaded, checked against the JSON Schema
``mapping.schema.json``, then checked for contradictions the schema cannot express."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from tradestat.errors import IngestError
from tradestat.ingest.readers.packaged import load_yaml


@dataclass(frozen=True)
class Sheet:
    name: str | None  # None: the first sheet, or a non-spreadsheet source
    constants: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Mapping:
    path: Path
    description: str
    sheets: tuple[Sheet, ...]
    encoding: str | None
    delimiter: str | None
    columns: dict[str, str]
    constants: dict[str, str]
    translate: dict[str, dict[str, str]]
    resolve: dict[str, str]
    period_format: str | None
    multiply: dict[str, Decimal]
    multiply_units: dict[str, str]  # as written in the mapping (万元, 1000, ...)
    wide_field: str | None
    wide_value: str
    wide_columns: dict[str, str]
    cumulative: bool

    def source_columns(self) -> list[str]:
        """Every source column the mapping reads, in a stable order."""
        cols = list(self.columns.values()) + list(self.wide_columns.values())
        return list(dict.fromkeys(cols))

    def fields(self) -> set[str]:
        out = set(self.columns) | set(self.constants)
        for sheet in self.sheets:
            out |= set(sheet.constants)
        if self.wide_field:
            out |= {self.wide_field, self.wide_value}
        return out


@cache
def _schema() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("mapping.schema.json").read_text("utf-8")
    return json.loads(text)


def load_mapping(path: Path) -> Mapping:
    import jsonschema
    import yaml

    try:
        doc = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise IngestError(f"mapping file {path} not found") from None
    except yaml.YAMLError as exc:
        raise IngestError(f"mapping {path}: not valid YAML ({exc})") from None
    validator = jsonschema.Draft202012Validator(_schema())
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
    if errors:
        first = errors[0]
        where = "/".join(str(p) for p in first.absolute_path) or "(top)"
        raise IngestError(f"mapping {path}: {where}: {first.message}")
    return _build(Path(path), doc)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _factor(path: Path, key: str, value: Any) -> Decimal:
    if isinstance(value, int | float):
        return Decimal(str(value))
    units = load_yaml(__package__, "money_units.yaml")
    if value not in units:
        raise IngestError(
            f"mapping {path}: multiply/{key}: unknown unit {value!r} "
            f"(known: {', '.join(units)}; or give a number)"
        )
    return Decimal(str(units[value]))


def _build(path: Path, doc: dict[str, Any]) -> Mapping:
    source = doc.get("source", {})
    if "sheets" in source:
        sheets = tuple(
            Sheet(s["name"], {k: _text(v) for k, v in s.get("constants", {}).items()})
            for s in source["sheets"]
        )
    else:
        sheets = (Sheet(source.get("sheet")),)
    wide = doc.get("wide", {})
    mapping = Mapping(
        path=path,
        description=doc.get("description", ""),
        sheets=sheets,
        encoding=source.get("encoding"),
        delimiter=source.get("delimiter"),
        columns=dict(doc.get("columns", {})),
        constants={k: _text(v) for k, v in doc.get("constants", {}).items()},
        translate={
            f: {str(k): _text(v) for k, v in table.items()}
            for f, table in doc.get("translate", {}).items()
        },
        resolve=dict(doc.get("resolve", {})),
        period_format=doc.get("period_format"),
        multiply={k: _factor(path, k, v) for k, v in doc.get("multiply", {}).items()},
        multiply_units={k: str(v) for k, v in doc.get("multiply", {}).items()},
        wide_field=wide.get("field"),
        wide_value=wide.get("value", "value"),
        wide_columns=dict(wide.get("columns", {})),
        cumulative="cumulative" in doc,
    )
    _check(mapping)
    return mapping


def _check(m: Mapping) -> None:
    def fail(message: str) -> None:
        raise IngestError(f"mapping {m.path}: {message}")

    sheet_constants = {k for s in m.sheets for k in s.constants}
    both = sorted(set(m.columns) & (set(m.constants) | sheet_constants))
    if both:
        fail(f"{both} given both as a column and as a constant")
    if m.wide_field:
        for f in (m.wide_field, m.wide_value):
            if f in m.columns or f in m.constants or f in sheet_constants:
                fail(f"{f!r} comes from the wide columns; do not also map or fix it")
    fields = m.fields()
    if "value" not in fields:
        fail("no value: map a value column, or use wide columns")
    for f in set(m.translate) | set(m.resolve) | set(m.multiply):
        if f not in fields:
            fail(f"{f!r} is translated/resolved/multiplied but never mapped")
    if m.cumulative and "period" not in m.columns:
        fail("cumulative needs a period column to order the months")
