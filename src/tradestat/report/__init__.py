"""Bulletins: customs-release and platform reports in English and Chinese.

A spec (YAML) lists statements; each statement names TradeQuery objects and gives a
sentence template per language. ``build_bulletin`` runs the queries on the engine and
writes the sentences; every figure in the text is traced to its query, and consistency
checks run on every bulletin.

    b = build_bulletin(tradestat.connect("w.duckdb"), "customs", "customs", "2023", lang="zh")
    b.write("out/customs-2023-zh.pdf")   # or .html / .md; b.figures, b.checks, b.notes

Jinja2, matplotlib and WeasyPrint are imported only when a bulletin is built or drawn.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tradestat.report.build import build_bulletin
    from tradestat.report.bulletin import Bulletin
    from tradestat.report.spec import Spec, load_spec

__all__ = ["Bulletin", "ReportError", "Spec", "SpecError", "build_bulletin", "load_spec"]


def __getattr__(name: str) -> Any:
    if name == "build_bulletin":
        from tradestat.report.build import build_bulletin

        return build_bulletin
    if name == "Bulletin":
        from tradestat.report.bulletin import Bulletin

        return Bulletin
    if name in ("Spec", "SpecError", "load_spec"):
        from tradestat.report import spec

        return getattr(spec, name)
    if name == "ReportError":
        from tradestat.report.figures import ReportError

        return ReportError
    raise AttributeError(name)
