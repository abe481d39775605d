"""The text key of a combination of the columns the Comtrade row rules read."""

from __future__ import annotations


def combo_key(parts: list[str]) -> str:
    """SQL of one text for a combination (texts, then the TOTAL flag), distinct for
    distinct combinations: each text escaped (a backslash doubled, the separator chr(30)
    as backslash + ;), NULL as backslash + N; joined by the separator."""
    bs = "chr(92)"

    def one(p: str) -> str:
        escaped = f"replace(replace({p}, {bs}, {bs} || {bs}), chr(30), {bs} || ';')"
        return f"coalesce({escaped}, {bs} || 'N')"

    *texts, flag = parts
    return " || chr(30) || ".join([*(one(p) for p in texts), f"CAST({flag} AS VARCHAR)"])
