"""The input formats, as front ends offer them: their names and file suffixes, and a
drafted mapping for ``--format mapped`` (the adapters themselves stay in ingest)."""

from __future__ import annotations

from pathlib import Path

from tradestat.ingest.formats.base import FORMAT_NAMES  # the --format choices, unloaded

__all__ = ["FORMAT_NAMES", "draft_mapping", "ingest_formats"]


def ingest_formats() -> dict[str, tuple[str, ...]]:
    """Input format name -> the file suffixes it reads, by name."""
    from tradestat.ingest.formats.base import ADAPTERS, load_builtin

    load_builtin()
    return {name: tuple(cls.suffixes) for name, cls in sorted(ADAPTERS.items())}


def draft_mapping(path: str | Path) -> str:
    """A mapping YAML drafted from a file's header and a sample of its rows."""
    from tradestat.ingest.formats.mapped.suggest import draft

    return draft(Path(path))
