"""The README's unit values and indices section runs as written: its Python block on
the tour's warehouse prints what it says, and its bulletin spec writes the quoted
sentences on the demo's synthetic declarations."""

from __future__ import annotations

import contextlib
import io
from datetime import date
from pathlib import Path

import pytest
import yaml

import tradestat

ROOT = Path(__file__).resolve().parents[2]
SECTION = (
    (ROOT / "README.md")
    .read_text(encoding="utf-8")
    .split("## Unit values, price and volume indices", 1)[1]
    .split("\n## ", 1)[0]
)


def test_the_python_block_prints_what_it_says(tmp_path):
    block = SECTION.split("```python\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "tour.duckdb"
    with tradestat.connect(path) as w:
        w.ingest(ROOT / "tests/fixtures/core/customs.csv", "customs")
    expected = [line[2:] for line in block.splitlines() if line.startswith("# ")]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(block.replace('"tour.duckdb"', repr(str(path))), {})
    assert out.getvalue().splitlines() == expected


def test_the_spec_writes_the_quoted_sentences(tmp_path):
    pytest.importorskip("jinja2")
    from tradestat.demo import SYNTHETIC, SYNTHETIC_TODAY
    from tradestat.report import build_bulletin
    from tradestat.synth import generate

    cfg = SYNTHETIC  # the demo's synthetic declarations, as `make demo` makes them
    generate(cfg["rows"], cfg["years"], cfg["seed"], tmp_path / "syn", calibrate=True,
             today=date(*SYNTHETIC_TODAY))  # fmt: skip
    spec = yaml.safe_load(SECTION.split("```yaml\n", 1)[1].split("```", 1)[0])
    quoted = [line[2:] for line in SECTION.splitlines() if line.startswith("> ") and "20" in line]
    with tradestat.connect(tmp_path / "w.duckdb") as w:
        w.ingest(tmp_path / "syn", cfg["dataset"])
        for lang, sentence in zip(("en", "zh"), quoted, strict=True):
            b = build_bulletin(w, spec, cfg["dataset"], "2024", lang=lang)
            assert b.statement("exports").text == sentence
