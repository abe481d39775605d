"""RESULTS.md is written by several benchmarks, each owning one ``## title`` section."""

from __future__ import annotations

from pathlib import Path


def replace_section(results_md: Path, title: str, lines: list[str]) -> None:
    """Replace (or append) the section ``## title`` of RESULTS.md, leaving the rest."""
    text = results_md.read_text().splitlines() if results_md.exists() else []
    start = next((i for i, ln in enumerate(text) if ln.strip() == f"## {title}"), None)
    if start is None:
        text += ["", *lines]
    else:
        end = next((i for i in range(start + 1, len(text)) if text[i].startswith("## ")), len(text))
        text[start:end] = lines
    results_md.write_text("\n".join(text).rstrip() + "\n")
