"""Building staged rows column by column, with at most one adapter-level reject per row.

Adapters that translate codes in Python (partners, regions, units) fill a ``Staged``
and hand its Arrow table to the pipeline, which validates every field the same way
for every format. The first reject recorded for a row is the one the user sees.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any


class Staged:
    def __init__(self, rows: list[int]) -> None:
        self.rows = list(rows)
        self.n = len(self.rows)
        self.cols: dict[str, list[Any]] = {}
        self.reject_field: list[str | None] = [None] * self.n
        self.reject_reason: list[str | None] = [None] * self.n
        self.raw: list[str | None] | None = None

    def set(self, field: str, values: Iterable[Any]) -> None:
        values = list(values)
        if len(values) != self.n:
            raise ValueError(f"{field}: {len(values)} values for {self.n} rows")
        self.cols[field] = values

    def constant(self, field: str, value: Any) -> None:
        self.cols[field] = [value] * self.n

    def reject(self, i: int, field: str, reason: str) -> None:
        if self.reject_field[i] is None:
            self.reject_field[i] = field
            self.reject_reason[i] = reason

    def is_rejected(self, i: int) -> bool:
        return self.reject_field[i] is not None

    def translate(
        self,
        field: str,
        source: list[str | None],
        lookup: Callable[[list[str]], dict[str, str | None]],
        reason: str,
    ) -> None:
        """Map each non-empty text through ``lookup`` (called once on the distinct values);
        rows whose text does not translate are rejected with ``reason`` + the text."""
        distinct = sorted({s for s in source if s})
        table = lookup(distinct) if distinct else {}
        out: list[str | None] = []
        for i, s in enumerate(source):
            if not s:
                out.append(None)
                continue
            code = table.get(s)
            if code is None:
                self.reject(i, field, f"{reason}: {s}")
            out.append(code)
        self.set(field, out)

    def table(self) -> Any:
        import pyarrow as pa

        cols: dict[str, Any] = {}
        # a row the adapter rejected keeps only its source text (_raw): its half-translated
        # fields must not widen the dataset's grain
        keep = [f is None or self.raw is None for f in self.reject_field]
        for name, values in self.cols.items():
            cols[name] = pa.array(
                [None if v is None or not k else str(v) for v, k in zip(values, keep, strict=True)],
                pa.string(),
            )
        cols["_row"] = pa.array(self.rows, pa.int64())
        cols["_reject_field"] = pa.array(self.reject_field, pa.string())
        cols["_reject_reason"] = pa.array(self.reject_reason, pa.string())
        if self.raw is not None:
            cols["_raw"] = pa.array(self.raw, pa.string())
        return pa.table(cols)


def blank(text: str | None) -> str | None:
    """Trimmed text, or None when empty."""
    if text is None:
        return None
    text = text.strip()
    return text or None


def strip_thousands(text: str | None) -> str | None:
    """'1,234,567.5' -> '1234567.5'; anything else unchanged (validation explains it)."""
    import re

    if text and re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", text.strip()):
        return text.strip().replace(",", "")
    return text


def raw_rows(table: Any, columns: list[str]) -> list[str]:
    """The source row as ``header=value`` text, kept in the rejects table."""
    data = [table[c].to_pylist() for c in columns]
    out = []
    for i in range(table.num_rows):
        out.append(", ".join(f"{c}={col[i]}" for c, col in zip(columns, data, strict=True)))
    return out
