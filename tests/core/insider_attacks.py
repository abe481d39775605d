"""Insider attacks on the threshold cell of tests/core/attacks.py: VNM exports, two
enterprises (V0: 300 a month, V1: 350) in January-June, hidden by the threshold.

The threshold rule (and the p % rule) protect each respondent against the others of
its cell. So the attacker here is one of the two: it knows its own exact value, and
-- the strongest insider -- its own perturbed value too (an attacker may find a cell
of its own rows alone by differencing; the test grants it that, computed from the
method's description). It asks for [VNM, USA] - [USA] and subtracts what it knows of
itself to estimate the other enterprise's value (the list rule of
tradestat.engine.patterns refuses the pair: tests/core/test_insider_attacks.py).
"""

from __future__ import annotations

from tests.core import attacks as A

# the hidden cell's periods -> its months
PERIODS = {"2023-03": [3], "2023-01..2023-06": [1, 2, 3, 4, 5, 6]}
ENTERPRISES = ("V0", "V1")


def differenced(ask: A.Ask, period: str) -> float:
    """The hidden VNM cell as two answered queries differenced."""
    pair = A.value(ask, period=period, where={"partner": ["VNM", "USA"]})
    return pair - A.value(ask, period=period, where={"partner": ["USA"]})


def insider(ask: A.Ask, seed: str, period: str, attacker: str, knows: str = "perturbed"):
    """(estimate of the other enterprise's value, its true value, that enterprise).

    ``knows``: "perturbed" subtracts the attacker's own perturbed value, "exact" its
    own exact value."""
    per = A.contributions(PERIODS[period], "X", ("VNM",))
    assert sorted(per) == list(ENTERPRISES), per
    victim = next(e for e in per if e != attacker)
    own = per[attacker]
    mine = float(A.perturbed(seed, {attacker: own})) if knows == "perturbed" else own
    return differenced(ask, period) - mine, per[victim], victim
