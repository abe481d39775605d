"""Packaged data files of the input formats: header aliases, unit names, code tables.

Each format keeps its files in its own folder's ``data/`` (``formats/gac/data/`` ...);
these helpers read one by package and name. Code lists and header variants are data,
not Python: adding a header spelling or a unit name is an edit to a YAML/CSV file.
"""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources
from typing import Any


def data_text(package: str, name: str) -> str:
    return resources.files(package).joinpath("data", name).read_text(encoding="utf-8")


@cache
def load_yaml(package: str, name: str) -> Any:
    import yaml

    return yaml.safe_load(data_text(package, name))


@cache
def load_csv(package: str, name: str) -> tuple[dict[str, str], ...]:
    lines = [ln for ln in data_text(package, name).splitlines() if ln and not ln.startswith("#")]
    return tuple(csv.DictReader(lines))


def header_aliases(package: str, name: str) -> dict[str, str]:
    """{normalised header: target} from a YAML file of ``target: [header, ...]``."""
    out: dict[str, str] = {}
    for target, headers in load_yaml(package, name).items():
        for h in headers:
            out[norm_header(h)] = target
    return out


def norm_header(text: str) -> str:
    """Headers compare case-, space- and full-width-insensitively (GAC mixes them)."""
    import unicodedata

    return " ".join(unicodedata.normalize("NFKC", text).strip().lower().split())
