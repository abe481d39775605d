"""HS-based product groups (electromechanical, high-tech, "new three", HS sections, ...).

One YAML file per group in ``data/product_groups/`` (schema
``data/schemas/product_group.schema.json``) plus user files through
``TRADESTAT_REFERENCE_PATH``. A group is defined per HS edition by ``include`` and
``exclude`` prefixes (2, 4, 6 or 8 digits). Membership rule: a code belongs to a group when
it starts with an include prefix and lies *entirely* outside the excludes, i.e. it neither
starts with an exclude prefix nor is a shorter code that an exclude prefix cuts into
("84" is not in a group that includes "84" but excludes "8401"). A code shorter than an
include prefix is not in the group ("8703" is not in a group that includes "870380").
A code is only matched against the definition for its own edition; ``None`` means the
group's latest edition. ``official`` tells an official catalogue from an approximation.

Validation rules, checked on first load: ``schema``, ``id-matches-file``, ``known-code``
(2/4/6-digit prefixes exist in that HS edition; 8-digit prefixes extend a 6-digit code that
exists; editions other than HS2017/HS2022 are checked for format only) and
``exclude-within-include`` (every exclude prefix starts with an include prefix).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

from tradestat.reference._group_files import GroupFile, discover
from tradestat.reference.errors import ReferenceError, UnknownCode
from tradestat.reference.hs import EDITIONS, hs_codes


@dataclass(frozen=True)
class EditionSpec:
    edition: str
    include: tuple[str, ...]
    exclude: tuple[str, ...]

    def contains(self, code: str) -> bool:
        if not any(code.startswith(p) for p in self.include):
            return False
        return not any(code.startswith(x) or x.startswith(code) for x in self.exclude)


@dataclass(frozen=True)
class ProductGroup:
    id: str
    name_en: str
    name_zh: str
    kind: str
    official: bool
    source: str
    note: str
    editions: tuple[EditionSpec, ...]
    file: str = ""

    @property
    def latest_edition(self) -> str:
        return max(e.edition for e in self.editions)

    def spec(self, edition: str | None = None) -> EditionSpec | None:
        wanted = edition or self.latest_edition
        return next((e for e in self.editions if e.edition == wanted), None)

    def contains(self, code: str, edition: str | None = None) -> bool:
        spec = self.spec(edition)
        return spec is not None and spec.contains(code)


def _check_prefix(prefix: str, edition: str, file: str, entry: str) -> None:
    if edition not in EDITIONS:
        return
    probe = prefix[:6]
    if probe not in hs_codes(edition, len(probe)):
        raise ReferenceError(file, entry, f"rule known-code: {probe} is not an {edition} code")


def _build(gf: GroupFile) -> ProductGroup:
    doc, file = gf.doc, gf.name
    specs = []
    for edition, spec in sorted(doc["editions"].items(), key=lambda kv: str(kv[0])):
        if not isinstance(edition, str):  # e.g. "2022:" parses as a number, not "HS2022"
            raise ReferenceError(file, f"editions/{edition}", "edition does not match 'HS2022'")
        include = tuple(spec["include"])
        exclude = tuple(spec.get("exclude", ()))
        for kind, prefixes in (("include", include), ("exclude", exclude)):
            for p in prefixes:
                _check_prefix(p, edition, file, f"editions/{edition}/{kind} {p}")
        for x in exclude:
            if not any(x.startswith(p) and x != p for p in include):
                raise ReferenceError(
                    file, f"editions/{edition}/exclude {x}", "rule exclude-within-include"
                )
        specs.append(EditionSpec(edition, include, exclude))
    return ProductGroup(
        id=doc["id"],
        name_en=doc["name_en"],
        name_zh=doc["name_zh"],
        kind=doc["kind"],
        official=doc["official"],
        source=doc["source"],
        note=doc.get("note", ""),
        editions=tuple(specs),
        file=file,
    )


@cache
def _groups() -> dict[str, ProductGroup]:
    files = discover("product_groups", "product_group.schema.json")
    return {gid: _build(gf) for gid, gf in files.items()}


def product_group_ids() -> list[str]:
    return list(_groups())


def product_group(group_id: str) -> ProductGroup:
    try:
        return _groups()[group_id]
    except KeyError:
        raise UnknownCode(group_id, "product group", "see product_group_ids()") from None


@cache
def _index(edition: str | None) -> dict[str, list[tuple[str, EditionSpec]]]:
    """include prefix -> [(group id, spec)] for the groups defined for ``edition``."""
    index: dict[str, list[tuple[str, EditionSpec]]] = {}
    for g in _groups().values():
        spec = g.spec(edition)
        if spec is not None:
            for p in spec.include:
                index.setdefault(p, []).append((g.id, spec))
    return index


@lru_cache(maxsize=500_000)
def groups_of_code(code: str, edition: str | None = None) -> tuple[str, ...]:
    """Ids of every product group that ``code`` (of ``edition``) belongs to, sorted."""
    code = code.strip()
    index = _index(edition)
    hits = set()
    for n in range(2, min(len(code), 8) + 1, 2):
        for gid, spec in index.get(code[:n], ()):
            if spec.contains(code):
                hits.add(gid)
    return tuple(sorted(hits))


def product_groups_for_codes(
    codes: Iterable[tuple[str, str | None]],
) -> list[tuple[str, str, str | None]]:
    """(group_id, hs_code, hs_edition) for every group each (code, edition) belongs to."""
    out: list[tuple[str, str, str | None]] = []
    for code, edition in dict.fromkeys(codes):
        out.extend((gid, code, edition) for gid in groups_of_code(code, edition))
    return out
