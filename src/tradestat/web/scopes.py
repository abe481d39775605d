"""Scopes of an API key and what they allow, per dataset.

A scope is ``ACTION:DATASET``; DATASET is a dataset name or ``*`` (every dataset,
including ones created later). Actions:

- ``read``: query and read bulletins of the dataset once it is *published*, with
  disclosure control applied to every figure.
- ``confidential``: read without disclosure control; also reads the dataset while it
  is still private (not published), e.g. to check a release before publishing it.
- ``ingest``: upload batches to the dataset (creating it on first upload) and read
  the report and rejects of those batches; it does not grant reading figures.
- ``admin``: everything above, plus publishing and unpublishing the dataset.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ACTIONS = ("read", "ingest", "confidential", "admin")
_DATASET = re.compile(r"^(\*|[a-z][a-z0-9_]{0,62})$")


class AccessDenied(Exception):
    """The key is valid but its scopes do not allow this (HTTP 403)."""


@dataclass(frozen=True)
class Scope:
    action: str
    dataset: str

    def __str__(self) -> str:
        return f"{self.action}:{self.dataset}"

    def covers(self, dataset: str) -> bool:
        return self.dataset in ("*", dataset)


def parse_scope(text: str) -> Scope:
    action, sep, dataset = str(text).strip().partition(":")
    if not sep or action not in ACTIONS or not _DATASET.match(dataset):
        raise ValueError(
            f"invalid scope {text!r}: use ACTION:DATASET with ACTION one of "
            f"{', '.join(ACTIONS)} and DATASET a dataset name or *"
        )
    return Scope(action, dataset)


@dataclass(frozen=True)
class Principal:
    """Who is calling: an active API key and its scopes."""

    key_id: str
    name: str
    scopes: tuple[Scope, ...]

    def _has(self, dataset: str, *actions: str) -> bool:
        return any(s.action in actions and s.covers(dataset) for s in self.scopes)

    def confidential(self, dataset: str) -> bool:
        """May see figures without disclosure control (and private datasets)."""
        return self._has(dataset, "confidential", "admin")

    def could_read(self, dataset: str) -> bool:
        """Has some scope to read ``dataset`` (whether it is published is checked later)."""
        return self._has(dataset, "read", "confidential", "admin")

    def actions(self, dataset: str) -> list[str]:
        return [a for a in ACTIONS if self._has(dataset, a)]

    def may_read(self, dataset: str, published: bool) -> bool:
        if self.confidential(dataset):
            return True
        return published and self._has(dataset, "read")

    def check_read(self, dataset: str, published: bool) -> None:
        if self.may_read(dataset, published):
            return
        if self._has(dataset, "read"):
            raise AccessDenied(
                f"dataset {dataset!r} is not published: reading it needs the "
                f"confidential:{dataset} or admin:{dataset} scope"
            )
        raise AccessDenied(f"this key has no read scope for dataset {dataset!r}")

    def check_ingest(self, dataset: str) -> None:
        if not self._has(dataset, "ingest", "admin"):
            raise AccessDenied(f"this key has no ingest scope for dataset {dataset!r}")

    def check_admin(self, dataset: str) -> None:
        if not self._has(dataset, "admin"):
            raise AccessDenied(f"this key has no admin scope for dataset {dataset!r}")

    def scope_names(self) -> list[str]:
        return [str(s) for s in self.scopes]
