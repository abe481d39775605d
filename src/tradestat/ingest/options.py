"""Pipeline-wide ingest options and the adapters' reading notes.

``ingest_options`` is the one place a front end (CLI, REST upload, the Python facade,
the remote client's wire format) turns what a user typed into ``IngestOptions``, so
every front end normalises and refuses the same values the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from tradestat.errors import IngestError


@dataclass
class IngestOptions:
    """What the user told us about a source beyond its content."""

    flow: str | None = None  # X or M, for files that do not say
    period: str | None = None  # YYYY-MM (or YYYY, YYYY-Qn), for files that do not say
    currency: str | None = None  # currency of values when the file does not say
    vintage: date | None = None  # release date of this source; default: today
    encoding: str | None = None  # force a text encoding instead of detecting it
    mapping: Path | None = None  # mapped format: the YAML mapping
    extra: dict[str, Any] = field(default_factory=dict)
    # for a dataset the ingest creates: its time grain (None: from the periods read)
    # and exchange-rate basis (None: market)
    time_grain: str | None = None
    fx_basis: str | None = None
    # the default reporter of a dataset the ingest creates (rows without one get it)
    reporter: str | None = None


def ingest_options(
    *,
    flow: str | None = None,
    period: str | None = None,
    currency: str | None = None,
    vintage: date | str | None = None,
    encoding: str | None = None,
    mapping: Path | str | None = None,
    extra: dict[str, Any] | None = None,
    time_grain: str | None = None,
    fx_basis: str | None = None,
    reporter: str | None = None,
) -> IngestOptions:
    """``IngestOptions`` from user-typed values: flow and currency upper-cased, a vintage
    given as text parsed as a date, the mapping as a path; a bad flow or vintage is
    refused here, before any file is read."""
    if isinstance(vintage, str):
        try:
            vintage = date.fromisoformat(vintage) if vintage else None
        except ValueError:
            raise IngestError(f"--vintage must be a date YYYY-MM-DD, not {vintage!r}") from None
    if flow and flow.upper() not in ("X", "M"):
        raise IngestError("--flow must be X (export) or M (import)")
    return IngestOptions(
        flow=flow.upper() if flow else None,
        period=period,
        currency=currency.upper() if currency else None,
        vintage=vintage,
        encoding=encoding,
        mapping=Path(mapping) if mapping else None,
        extra=dict(extra or {}),
        time_grain=time_grain,
        fx_basis=fx_basis,
        reporter=reporter,
    )


@dataclass
class SourceReport:
    """What an adapter noticed while reading, shown to the user after ingest."""

    files: list[str] = field(default_factory=list)
    encodings: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    ignored_columns: dict[str, list[str]] = field(default_factory=dict)
    rows_staged: int = 0  # rows of every file in the stage, counted while staging

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)
