"""Synthetic customs declarations for tests, demos and benchmarks.

>>> from tradestat.synth import generate
>>> result = generate(1_000_000, "2019..2024", seed=7, to="data/synth", calibrate=True)
>>> result.description  # says SYNTHETIC; pass it to ``tradestat ingest --description``

The output is canonical Parquet (one zstd file per month) with realistic structure:
Zipf-like concentration over HS codes, partners, cities and enterprises; enterprise ids
with a stable type, city and zone; customs supervision modes including cross-border
e-commerce (9610, 1210, 1239, 9710, 9810) and processing trade; returns as negative
values; revisions as later vintages of part of the previous year's records; and,
with ``calibrate=True``, yearly totals equal to published GAC figures. See
``PROVENANCE.md`` for the data behind the weights.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tradestat.synth.generator import SynthResult, generate

__all__ = ["SynthResult", "generate"]


def __getattr__(name: str) -> Any:
    # numpy and pyarrow load only when the generator is used
    if name in __all__:
        from tradestat.synth import generator as module

        return getattr(module, name)
    raise AttributeError(name)
