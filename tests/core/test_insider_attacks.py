"""Insider attacks (tests/core/insider_attacks.py): an enterprise of a hidden threshold
cell tries to estimate the other one by differencing, over several record-key seeds.

Noise alone would not stop it: subtracting its own exact value leaves both enterprises'
noise in the estimate, and the two can cancel. The list and span rules
(tradestat.engine.patterns) refuse the queries it needs instead, whatever the seed.
"""

from __future__ import annotations

import pytest

from tests.core import attacks as A
from tests.core import insider_attacks as insiders

SEEDS = ("5eed0001", "5eed0002", "5eed0003", "5eed0004")
CASES = [(p, e) for p in insiders.PERIODS for e in insiders.ENTERPRISES]


@pytest.fixture(scope="module", params=SEEDS)
def attacked(request, tmp_path_factory):
    w = A.attacked(tmp_path_factory.mktemp("insider"), request.param)
    yield w, request.param
    w.close()


@pytest.mark.parametrize(("period", "attacker"), CASES)
def test_an_insider_cannot_difference_its_cell(attacked, period, attacker):
    w, seed = attacked
    for knows in ("perturbed", "exact"):
        with pytest.raises(A.Refused, match=r"^list: the filter on partner"):
            insiders.insider(A.reader(w), seed, period, attacker, knows=knows)


@pytest.mark.parametrize("period", list(insiders.PERIODS))
def test_no_answer_holds_the_cell_alone(attacked, period):
    """VNM alone, everything but VNM, and the span's months: all hidden; the lists a
    reader does get hold VNM together with the other hidden cell (KOR) or neither."""
    w, _ = attacked
    ask = A.reader(w)
    for q in ({"where": {"partner": ["VNM"]}}, {"exclude": {"partner": ["VNM"]}}):
        with pytest.raises(A.Refused):
            A.value(ask, period=period, **q)
    with pytest.raises(A.Refused, match=r"^span:"):
        A.value(ask, period="2023-01..2023-07", where={"partner": ["VNM"]})
    both = A.value(ask, period=period, where={"partner": ["KOR", "VNM", "USA"]})
    truth = sum(A.contributions(insiders.PERIODS[period], "X", ("KOR", "VNM", "USA")).values())
    assert both != pytest.approx(truth, abs=0.005)  # shown, and perturbed
