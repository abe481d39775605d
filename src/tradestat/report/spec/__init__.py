"""Bulletin specs: YAML validated by a JSON Schema and named rules."""

from tradestat.report.spec.loader import BUILTIN, load_spec, query_dict, validate
from tradestat.report.spec.model import ChartSpec, CheckSpec, Section, Spec, SpecError, Statement
from tradestat.report.spec.placeholders import PlaceholderError, Placeholders

__all__ = [
    "BUILTIN",
    "ChartSpec",
    "CheckSpec",
    "PlaceholderError",
    "Placeholders",
    "Section",
    "Spec",
    "SpecError",
    "Statement",
    "load_spec",
    "query_dict",
    "validate",
]
