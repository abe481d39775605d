"""Declarative mappings (YAML, validated by ``mapping.schema.json``) for ``--format mapped``."""

from tradestat.ingest.mapping.spec import Mapping, Sheet, load_mapping

__all__ = ["Mapping", "Sheet", "load_mapping"]
