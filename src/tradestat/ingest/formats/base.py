"""The adapter interface every input format plugs into.

An adapter reads one source file and yields Arrow tables of *staged* rows:
canonical field names (any subset of ``schema.FIELD_NAMES``) holding text or typed
values, plus bookkeeping columns:

- ``_row`` (int64, required): the row's number in the source file as a person would
  count it (CSV: the header is row 1; xlsx: the sheet row; Parquet: 1-based record).
- ``_reject_field`` / ``_reject_reason`` (optional): set when the adapter itself
  already knows the row is bad (unparseable line, failed unit conversion, ...).
- ``_raw`` (optional): the source row as text, kept in the rejects table. When
  absent, the staged values are kept instead.

The pipeline validates every canonical field the same way for all formats, so an
adapter only translates layout and codes; it never drops a row silently.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

from tradestat.errors import IngestError
from tradestat.ingest.options import IngestOptions, SourceReport

META_COLUMNS = ("_row", "_reject_field", "_reject_reason", "_raw")
# the record number (from 0) a directly staged relation that is a view carries, where a
# table has its rowid
FILE_ROW = "_file_row"


class Adapter(ABC):
    """Base class of input formats."""

    name: ClassVar[str]
    description: ClassVar[str] = ""
    suffixes: ClassVar[tuple[str, ...]] = (".csv",)  # files picked up from a folder
    # canonical fields this format fixes for every row (e.g. orders: flow is always X)
    implied_fields: ClassVar[tuple[str, ...]] = ()
    # the reporter of every row, when the format fixes one (Comtrade in perspective
    # reporter): a dataset the ingest creates gets it as its default reporter
    default_reporter: str | None = None

    def __init__(self, options: IngestOptions) -> None:
        self.options = options

    @abstractmethod
    def read(self, path: Path, report: SourceReport) -> Iterator[Any]:
        """Yield ``pyarrow.Table`` chunks of staged rows from one file, in file order."""

    def fields(self, path: Path) -> set[str] | None:
        """Canonical fields this file carries, when known before reading (else None)."""
        return None

    def stage_direct(
        self, con: Any, path: Path, report: SourceReport, seq: int, stage: str
    ) -> tuple[int, list[str], int] | None:
        """Stage ``path`` as the new temporary table ``stage`` (canonical text columns, in
        file order), as ``read`` would, returning (rows staged, canonical fields holding
        values, row number of its first record); None to be read chunk by chunk."""
        return None

    def stage_all(
        self, con: Any, files: list[Path], report: SourceReport, stage: str
    ) -> tuple[int, list[str], list[str]] | None:
        """Stage every file of the batch at once as the new temporary table ``stage``
        (``_seq``, ``_file``, ``_row``, the reject columns and canonical text columns, in
        batch order), set-based, as ``read`` file by file would, returning (rows staged,
        canonical columns, canonical columns holding values); None to stage file by file."""
        return None

    def list_files(self, source: Path) -> list[Path]:
        if source.is_dir():
            files = sorted(
                p for p in source.rglob("*") if p.is_file() and p.suffix.lower() in self.suffixes
            )
            if not files:
                raise IngestError(
                    f"{source}: no {'/'.join(self.suffixes)} files for format {self.name!r}"
                )
            return files
        if not source.exists():
            raise IngestError(f"{source}: no such file or folder")
        if not source.is_file():  # a pipe or a device (/dev/zero) never ends: refused
            raise IngestError(
                f"{source}: not a regular file (a pipe, device or socket); save the data "
                "to a file and ingest that"
            )
        return [source]

    def require(self, option: str, why: str) -> Any:
        value = getattr(self.options, option)
        if value is None:
            raise IngestError(f"format {self.name!r} needs --{option}: {why}")
        return value


ADAPTERS: dict[str, type[Adapter]] = {}


def register(cls: type[Adapter]) -> type[Adapter]:
    ADAPTERS[cls.name] = cls
    return cls


def get_adapter(name: str, options: IngestOptions) -> Adapter:
    load_builtin()
    try:
        return ADAPTERS[name](options)
    except KeyError:
        known = ", ".join(sorted(ADAPTERS))
        raise IngestError(f"unknown format {name!r} (known: {known})") from None


# the built-in formats, one package each under ``formats/``; importing its adapter
# module registers it (so a front end listing formats pays only for the adapters)
BUILTIN = ("canonical", "gac", "comtrade", "mapped", "orders", "online_retail")
FORMAT_NAMES = tuple(package.replace("_", "-") for package in BUILTIN)  # what --format takes


def load_builtin() -> None:
    import importlib

    for name in BUILTIN:
        importlib.import_module(f"tradestat.ingest.formats.{name}.adapter")
