"""A dataset: one fact table with a declared grain, home currency and description.

Datasets of different grain are never mixed in one table (that double counts), so
the grain is fixed when the dataset is created and checked on every ingest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tradestat.errors import DatasetError
from tradestat.model.schema import DIMENSION_FIELDS

NAME_RE = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
REQUIRED_GRAIN = ("period", "flow")
# How much time one row covers. Official tables are often annual or quarterly: such a
# row is never placed in one month, and no query finer than the grain is answered.
TIME_GRAINS = ("month", "quarter", "year")
MONTHS_PER_GRAIN = {"month": 1, "quarter": 3, "year": 12}
GRAIN_WORDS = {"month": "monthly", "quarter": "quarterly", "year": "annual"}
FX_BASIS_RE = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
# ISO 3166-1 alpha-3, or a code trade data use outside ISO (BLX Belgium-Luxembourg,
# S19 "Asia, not elsewhere specified"): three characters, a letter first
REPORTER_RE = re.compile(r"^[A-Z][A-Z0-9]{2}$")


DOMINANCE_RULES = ("nk", "p_percent")
NUMBERS = ("min_enterprises", "dominance_pct", "protection_pct", "noise_min_pct",
           "noise_max_pct", "p_pct")  # fmt: skip


@dataclass(frozen=True)
class DisclosurePolicy:
    """Statistical disclosure control applied to callers without the confidential scope.

    Cells with fewer than ``min_enterprises`` enterprises are hidden, and so are cells
    the dominance rule finds sensitive: with ``dominance_rule="nk"`` (the default),
    where one enterprise makes up ``dominance_pct`` % or more; with ``"p_percent"``,
    where the rest after the two largest enterprises is less than ``p_pct`` % of the
    largest (the second largest could estimate the largest within ``p_pct`` %). Every
    figure shown is computed from perturbed values (docs/api.md): each enterprise's
    values are moved by a fixed factor between ``noise_min_pct`` and ``noise_max_pct``
    %, up or down. The bounds must keep a hidden sensitive cell's largest enterprise at
    least ``protection_pct`` % of itself away from its estimate (see ``_noise_check``).
    """

    min_enterprises: int = 3
    dominance_pct: float = 85.0
    protection_pct: float = 10.0
    noise_min_pct: float = 15.0
    noise_max_pct: float = 25.0
    dominance_rule: str = "nk"
    p_pct: float = 10.0

    def __post_init__(self) -> None:
        for name in NUMBERS:
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise DatasetError(f"disclosure: {name} must be a number, not {value!r}")
        lo, hi, p, d = (
            self.noise_min_pct,
            self.noise_max_pct,
            self.protection_pct,
            self.dominance_pct,
        )
        if self.dominance_rule not in DOMINANCE_RULES:
            raise DatasetError(
                f"disclosure: dominance_rule must be one of {', '.join(DOMINANCE_RULES)}, "
                f"not {self.dominance_rule!r}"
            )
        if not 0 < lo < hi <= 100 or not p > 0 or not 0 < d <= 100 or not 0 < self.p_pct < 100:
            raise DatasetError(
                "disclosure: need 0 < noise_min_pct < noise_max_pct <= 100, protection_pct > 0, "
                "0 < dominance_pct <= 100 and 0 < p_pct < 100, got "
                f"{lo:g}, {hi:g}, {p:g}, {d:g}, {self.p_pct:g}"
            )
        _noise_check(self)

    def as_dict(self) -> dict[str, object]:
        """The policy's parameters, as provenance and the REST API show them."""
        return dict(self.__dict__)


def _noise_check(policy: DisclosurePolicy) -> None:
    """Refuse bounds that cannot keep the protection interval (docs/api.md).

    n-k: an outsider's estimate of a dominated cell is off by at least lo % of its
    largest enterprise minus hi % of the others (at most (100 - d) / d of it).
    p %: the second largest enterprise, knowing its own perturbed value, estimates the
    largest as the rest of the cell: off by at least lo % of it, less the remainder
    (under p % of it) and that remainder's noise."""
    lo, hi, p = policy.noise_min_pct, policy.noise_max_pct, policy.protection_pct
    if policy.dominance_rule == "nk":
        d = policy.dominance_pct
        if lo - hi * (100 - d) / d <= p:
            raise DatasetError(
                f"disclosure: noise of {lo:g}-{hi:g} % cannot keep a cell dominated at "
                f"{d:g} % outside a {p:g} % protection interval (need noise_min_pct - "
                "noise_max_pct * (100 - dominance_pct) / dominance_pct > protection_pct)"
            )
    elif lo - (100 + hi) * policy.p_pct / 100 <= p:
        raise DatasetError(
            f"disclosure: noise of {lo:g}-{hi:g} % cannot keep a cell hidden by the "
            f"{policy.p_pct:g} % rule outside a {p:g} % protection interval (need "
            "noise_min_pct - (100 + noise_max_pct) * p_pct / 100 > protection_pct; "
            "e.g. noise_min_pct=25, noise_max_pct=30 for p_pct=10, protection_pct=10)"
        )


@dataclass(frozen=True)
class Dataset:
    name: str
    grain: tuple[str, ...]
    home_currency: str = "CNY"
    description: str = ""
    published: bool = False
    disclosure: DisclosurePolicy = field(default_factory=DisclosurePolicy)
    time_grain: str = "month"  # month | quarter | year: the time one row covers
    fx_basis: str = "market"  # the exchange-rate basis its CNY/USD values were converted at
    reporter: str | None = None  # default reporter of rows that carry none (CHN for GAC data)

    def __post_init__(self) -> None:
        check_name(self.name)
        check_time_grain(self.time_grain)
        check_fx_basis(self.fx_basis)
        if self.reporter is not None:
            object.__setattr__(self, "reporter", check_reporter(self.reporter))
        unknown = [g for g in self.grain if g not in DIMENSION_FIELDS]
        if unknown:
            raise DatasetError(
                f"dataset {self.name!r}: unknown grain field(s) {unknown}; "
                f"allowed: {', '.join(DIMENSION_FIELDS)}"
            )
        missing = [g for g in REQUIRED_GRAIN if g not in self.grain]
        if missing:
            raise DatasetError(f"dataset {self.name!r}: grain must include {missing}")
        if not re.fullmatch(r"[A-Z]{3}", self.home_currency):
            raise DatasetError(f"dataset {self.name!r}: home currency must be ISO 4217")

    @property
    def table(self) -> str:
        return f"facts_{self.name}"

    def has(self, grain_field: str) -> bool:
        # a default reporter gives every row one, whether the source carried it or not
        return grain_field in self.grain or (grain_field == "reporter" and bool(self.reporter))

    @property
    def months_per_row(self) -> int:
        return MONTHS_PER_GRAIN[self.time_grain]

    @property
    def grain_word(self) -> str:
        return GRAIN_WORDS[self.time_grain]


def check_time_grain(grain: str) -> str:
    if grain not in TIME_GRAINS:
        raise DatasetError(f"time grain must be one of {', '.join(TIME_GRAINS)}, not {grain!r}")
    return grain


def check_fx_basis(basis: str) -> str:
    if not FX_BASIS_RE.match(basis or ""):
        raise DatasetError(
            f"invalid exchange-rate basis {basis!r}: 'market', 'customs' or a lower-case name"
        )
    return basis


def check_reporter(code: str) -> str:
    """A reporter code, upper-cased: ISO alpha-3 or a trade-data code such as BLX."""
    text = str(code).strip().upper()
    if not REPORTER_RE.match(text):
        raise DatasetError(
            f"invalid reporter {code!r}: an ISO 3166-1 alpha-3 code (CHN) or a 3-character "
            "code trade data use (BLX)"
        )
    return text


def check_name(name: str) -> str:
    if not NAME_RE.match(name or ""):
        raise DatasetError(
            f"invalid dataset name {name!r}: use lower-case letters, digits and _ "
            "(starting with a letter)"
        )
    return name


def order_grain(fields: set[str] | list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Grain fields in canonical order."""
    chosen = set(fields)
    return tuple(f for f in DIMENSION_FIELDS if f in chosen)
