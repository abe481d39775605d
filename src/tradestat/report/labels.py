"""Names of dimension values in bulletins: periods as words, everything else as in
``tradestat.reference.labels``."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from tradestat.query.dimensions import TIME_DIMENSIONS
from tradestat.reference import labels as reference_labels
from tradestat.report.format.words import short_period


@lru_cache(maxsize=4096)
def label(dim: str, code: Any, lang: str = "en") -> str:
    """Display name of ``code`` on dimension ``dim``; the code itself when unknown."""
    if code is not None and dim in TIME_DIMENSIONS:
        return short_period(str(code), lang)
    return reference_labels.label(dim, code, lang)


@lru_cache(maxsize=4096)
def label_in_text(dim: str, code: Any, lang: str = "en") -> str:
    """``label`` as a sentence writes it (with the English article: "the Netherlands")."""
    if code is not None and dim in TIME_DIMENSIONS:
        return short_period(str(code), lang)
    return reference_labels.label_in_text(dim, code, lang)
