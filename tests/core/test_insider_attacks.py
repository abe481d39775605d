"""Insider attacks (tests/core/insider_attacks.py): an enterprise of a hidden threshold
cell estimates the other one by differencing, over several record-key seeds.

The estimate from subtracting its own perturbed value is the other's perturbed value:
off by at least noise_min_pct % of it, outside the protection interval for every seed.
Subtracting its own exact value leaves its own noise in the estimate, which can cancel
the other's (docs/api.md gives the rate measured by benchmarks/disclosure_attacks.py).
"""

from __future__ import annotations

import pytest

from tests.core import attacks as A
from tests.core import insider_attacks as insiders

SEEDS = ("5eed0001", "5eed0002", "5eed0003", "5eed0004", "5eed0005", "5eed0006")
CASES = [(p, e) for p in insiders.PERIODS for e in insiders.ENTERPRISES]


@pytest.fixture(scope="module", params=SEEDS)
def attacked(request, tmp_path_factory):
    w = A.attacked(tmp_path_factory.mktemp("insider"), request.param)
    yield w, request.param
    w.close()


@pytest.mark.parametrize(("period", "attacker"), CASES)
def test_an_insider_knowing_its_perturbed_value_misses_the_interval(attacked, period, attacker):
    w, seed = attacked
    p = w.dataset(A.DS).disclosure.protection_pct
    estimate, truth, victim = insiders.insider(A.reader(w), seed, period, attacker)
    # what it reaches is the other enterprise's perturbed value, never more ...
    assert estimate == pytest.approx(float(A.perturbed(seed, {victim: truth})), abs=0.05)
    # ... which is off by at least noise_min_pct (15 %) of it
    assert abs(estimate - truth) > p / 100 * truth, (seed, period, attacker, estimate, truth)


@pytest.mark.parametrize(("period", "attacker"), CASES)
def test_an_insider_subtracting_its_exact_value_keeps_both_noises(attacked, period, attacker):
    w, seed = attacked
    p = w.dataset(A.DS).disclosure.protection_pct
    estimate, truth, victim = insiders.insider(A.reader(w), seed, period, attacker, knows="exact")
    own = A.contributions(insiders.PERIODS[period], "X", ("VNM",))[attacker]
    f_victim, f_own = float(A.factor(seed, victim)), float(A.factor(seed, attacker))
    # the estimate is the truth plus both enterprises' noise, computed independently
    assert estimate == pytest.approx(truth + f_victim * truth + f_own * own, abs=0.05)
    assert estimate != pytest.approx(truth, abs=0.005)
    if (f_victim > 0) == (f_own > 0):  # noise pointing the same way never cancels
        assert abs(estimate - truth) > p / 100 * truth
