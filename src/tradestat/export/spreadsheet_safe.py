"""Spreadsheet-safe cells for CSV/xlsx exports (CSV / formula injection).

Text from sources (enterprise names, categories, reject reasons and raw rows) is
stored verbatim in the warehouse. When tradestat writes it to a file a spreadsheet
may open, a cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
would run as a formula (``=HYPERLINK(...)``, ``+cmd|...``), so such text is prefixed
with ``'``, which spreadsheets show as text. Numbers are left alone — numeric values,
and text that is just a number such as ``-12.5``, cannot run as formulas.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def safe_cell(value: Any) -> Any:
    """``value`` as written to a spreadsheet: formula-like text gets a leading ``'``."""
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_START)
        and not _PLAIN_NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    """A row of cells for ``csv.writer``: None as an empty cell, text neutralised."""
    return ["" if v is None else safe_cell(v) for v in values]
