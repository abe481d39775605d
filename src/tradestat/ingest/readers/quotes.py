"""Quoted fields that run across lines: a stray opening quote swallows the rows after it.

A quote opened on row 4 and never closed made the CSV reader take rows 4..1,000 as one
field: 997 records vanished into one reject's text and ``rows_read`` said 3. A quoted
field spanning lines that look like rows of their own (as many delimiters as a row
has), or longer than SWALLOW_BYTES, is now reported with its row, and every line it
swallowed is counted and rejected on its own, so read = accepted + rejected.
"""

from __future__ import annotations

from typing import Any

SWALLOW_BYTES = 64 << 10  # a quoted field longer than this is a quote left open
RAW_CHARS = 2_000  # of each swallowed line kept in its reject


def swallows(text: str, columns: int, delimiter: str) -> bool:
    if "\n" not in text:
        return False
    later = text.split("\n")[1:]
    return len(text) > SWALLOW_BYTES or any(line.count(delimiter) >= columns - 1 for line in later)


def expand(number: int, text: str, reason: str) -> list[tuple[int, str, str]]:
    """(row, reason, raw) for a row whose open quote swallowed the lines after it."""
    lines = text.split("\n")
    k = len(lines) - 1
    out = [(number, f"{reason}: a quote opened on this row runs across {k} more line(s) "
            f"(rows {number + 1}-{number + k}), rejected with it; a stray quote?",
            lines[0][:RAW_CHARS])]  # fmt: skip
    out += [(number + j, f"swallowed by the open quote of row {number}", lines[j][:RAW_CHARS])
            for j in range(1, k + 1)]  # fmt: skip
    return out


def split_records(table: Any, names: list[str], delimiter: str) -> tuple[Any, list, int]:
    """Records of ``table`` whose quoted fields swallowed rows, as rejects; the rest of
    the table with row numbers moved past the swallowed lines; and the lines swallowed."""
    import pyarrow as pa
    import pyarrow.compute as pc

    mask = None
    for n in names:
        m = pc.fill_null(pc.match_substring(table[n], "\n"), False)
        mask = m if mask is None else pc.or_(mask, m)
    if mask is None or not pc.any(mask).as_py():
        return table, [], 0
    rows = table["_row"].to_pylist()
    keep, rejects, shift = [True] * len(rows), [], 0
    for i, multi in enumerate(mask.to_pylist()):
        rows[i] += shift
        if not multi:
            continue
        values = {n: table[n][i].as_py() or "" for n in names}
        lines = sum(v.count("\n") for v in values.values())
        bad = next((n for n, v in values.items() if swallows(v, len(names), delimiter)), None)
        if bad is not None:
            keep[i] = False
            text = delimiter.join(values.values())
            rejects += expand(rows[i], text, f"field {bad!r}")
        shift += lines  # a record over several lines: later rows start further down
    table = table.set_column(table.column_names.index("_row"), "_row", pa.array(rows, pa.int64()))
    return table.filter(pa.array(keep)), rejects, shift
