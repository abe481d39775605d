"""The `having` filter: conditions on result columns, joined by `and`.

>>> parse_having("growth_pct >= 100 and value > 0")
(('growth_pct', '>=', 100.0), ('value', '>', 0.0))
"""

from __future__ import annotations

import re

RESULT_NUMBERS = ("value", "base_value", "growth_pct", "share_pct", "share_pp", "contribution_pp",
                  "price_index", "volume_index", "value_index", "volume_pp", "price_pp",
                  "residual_pp", "fx_pp", "revision_pp")  # fmt: skip
_COND = re.compile(r"^\s*([a-z_]+)\s*(>=|<=|!=|==|=|>|<)\s*(-?\d+(?:\.\d+)?(?:e-?\d+)?)\s*$")

Condition = tuple[str, str, float]


def parse_having(text: str) -> tuple[Condition, ...]:
    if not isinstance(text, str) or not text.strip():
        raise ValueError("having must be a condition such as 'growth_pct >= 100'")
    conditions = []
    for part in re.split(r"\s+and\s+", text.strip(), flags=re.IGNORECASE):
        m = _COND.match(part)
        if not m:
            raise ValueError(
                f"cannot read condition {part!r}: write COLUMN OP NUMBER, "
                f"e.g. 'growth_pct >= 100' (columns: {', '.join(RESULT_NUMBERS)})"
            )
        column, op, number = m.groups()
        if column not in RESULT_NUMBERS:
            raise ValueError(f"unknown column {column!r} (use {', '.join(RESULT_NUMBERS)})")
        conditions.append((column, "==" if op == "=" else op, float(number)))
    return tuple(conditions)
