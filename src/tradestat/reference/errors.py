"""Errors of the reference layer.

``ReferenceError`` means a reference *file* is wrong (packaged or user-supplied); its message
names the file and the entry. ``UnknownCode`` means an *input* (a code, a name, a group id)
does not resolve; its message names the text and the scheme. Neither is ever swallowed: the
reference layer does not guess.
"""

from __future__ import annotations

from tradestat.errors import TradestatError


class ReferenceError(TradestatError, ValueError):
    """A reference file is invalid. The message names the file and the entry."""

    def __init__(self, file: str, entry: str, problem: str) -> None:
        super().__init__(f"{file}: {entry}: {problem}")
        self.file = file
        self.entry = entry
        self.problem = problem


class UnknownCode(TradestatError, ValueError):
    """An input code, name or id does not resolve in the named scheme."""

    def __init__(self, text: str, scheme: str, hint: str = "") -> None:
        message = f"unknown {scheme}: {text!r}"
        if hint:
            message += f" ({hint})"
        super().__init__(message)
        self.text = text
        self.scheme = scheme
