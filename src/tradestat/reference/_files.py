"""Where reference files live and how they are read.

Packaged files are under ``tradestat/reference/data``. Users add their own group files (and
exchange-rate tables) in directories listed in ``TRADESTAT_REFERENCE_PATH`` (``os.pathsep``
separated), each with optional sub-folders ``partner_groups/``, ``product_groups/`` and
``fx/``. Only the standard library is imported here, so ``import tradestat.reference`` stays
cheap; YAML and JSON Schema are imported when a group file is first read.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
from functools import cache
from pathlib import Path
from typing import Any

from tradestat.reference.errors import ReferenceError

DATA_DIR = Path(__file__).resolve().parent / "data"
ENV_PATH = "TRADESTAT_REFERENCE_PATH"

__all__ = [
    "DATA_DIR",
    "ENV_PATH",
    "display",
    "load_yaml",
    "read_csv",
    "user_dirs",
    "user_files",
    "validate_schema",
]


def display(path: Path) -> str:
    """How a file is named in error messages: packaged files relative to the package."""
    try:
        return "tradestat/reference/data/" + path.resolve().relative_to(DATA_DIR).as_posix()
    except ValueError:
        return str(path)


def read_csv(name: str | Path) -> list[dict[str, str]]:
    """Rows of a packaged (or given) UTF-8 CSV, optionally gzip-compressed."""
    path = name if isinstance(name, Path) else DATA_DIR / name
    if not path.exists():
        raise ReferenceError(display(path), "file", "missing")
    raw = path.read_bytes()
    if path.suffix == ".gz":
        raw = gzip.decompress(raw)
    text = raw.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def user_dirs() -> list[Path]:
    """Directories named in ``TRADESTAT_REFERENCE_PATH``, in order; missing ones are an error."""
    value = os.environ.get(ENV_PATH, "")
    dirs = [Path(p) for p in value.split(os.pathsep) if p.strip()]
    for d in dirs:
        if not d.is_dir():
            raise ReferenceError(str(d), ENV_PATH, "is not a directory")
    return dirs


def user_files(subfolder: str, pattern: str) -> list[Path]:
    """Files matching ``pattern`` in ``subfolder`` of every user directory, sorted per folder."""
    found: list[Path] = []
    for d in user_dirs():
        found.extend(sorted((d / subfolder).glob(pattern)))
    return found


@cache
def _yaml_loader() -> type:
    import yaml

    # libyaml's parser where PyYAML has it: the reference groups are about 80 files, and
    # the pure-Python parser took 2 s to read them in every new process
    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class _Loader(base):  # type: ignore[misc,valid-type]
        """SafeLoader that keeps dates as text so JSON Schema sees strings."""

    _Loader.yaml_implicit_resolvers = {
        key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return _Loader


def load_yaml(path: Path) -> Any:
    import yaml

    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_yaml_loader())
    except yaml.YAMLError as exc:
        raise ReferenceError(display(path), "yaml", f"cannot be parsed: {exc}") from exc


@cache
def _schema(name: str) -> dict[str, Any]:
    return json.loads((DATA_DIR / "schemas" / name).read_text(encoding="utf-8"))


def validate_schema(doc: Any, schema_name: str, path: Path) -> None:
    """Validate ``doc`` against a packaged JSON Schema; the first error names its location."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(_schema(schema_name))
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
    if errors:
        err = errors[0]
        where = "/".join(str(p) for p in err.absolute_path) or "(top level)"
        raise ReferenceError(display(path), where, err.message)
