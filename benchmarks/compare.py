"""Do two engines give the same figures? Exact for money and counts, 1e-9 for percentages."""

from __future__ import annotations

import math
from decimal import Decimal

import pyarrow as pa
import pyarrow.compute as pc
from questions import Question

REL = 1e-9


def normalise(table: pa.Table, columns: list[str], q: Question) -> list[tuple]:
    """Rows of ``columns`` as Python values: keys as text, money as Decimal."""
    cols = []
    for name in columns:
        col = table.column(name)
        if name in q.keys:
            col = pc.cast(col, pa.string())
        cols.append(col.to_pylist())
    rows = list(zip(*cols, strict=True)) if cols else []
    if not q.ordered:
        rows.sort(key=lambda r: tuple("" if v is None else str(v) for v in r[: len(q.keys)]))
    return rows


def same(a: object, b: object) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, float) or isinstance(b, float):
        fa, fb = float(a), float(b)
        if math.isnan(fa) or math.isnan(fb):
            return math.isnan(fa) and math.isnan(fb)
        return math.isclose(fa, fb, rel_tol=REL, abs_tol=REL)
    if isinstance(a, Decimal | int) and isinstance(b, Decimal | int):
        return Decimal(a) == Decimal(b)
    return a == b


def differences(expected: pa.Table, got: pa.Table, q: Question, limit: int = 3) -> list[str]:
    """Empty when ``got`` answers like ``expected`` (tradestat's result columns)."""
    columns = expected.column_names
    missing = [c for c in columns if c not in got.column_names]
    if missing:
        return [f"missing columns {missing}"]
    a, b = normalise(expected, columns, q), normalise(got, columns, q)
    if len(a) != len(b):
        return [f"{len(b)} rows instead of {len(a)}"]
    out = []
    for ra, rb in zip(a, b, strict=True):
        for name, va, vb in zip(columns, ra, rb, strict=True):
            if not same(va, vb):
                out.append(f"{dict(zip(q.keys, ra, strict=False))} {name}: {vb!r} != {va!r}")
                if len(out) >= limit:
                    return out
    return out
