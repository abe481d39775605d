"""The differencing attacks of tests/core/attacks.py through the REST API, with a
`read:*` key: each is refused (a query it needs is hidden by a pattern rule) or reaches
only the hidden cell's perturbed value, outside the protection interval."""

from __future__ import annotations

import pytest

from tests.core import attacks as A
from tests.core.test_disclosure_attacks import published_value
from tests.web.conftest import build_api

SEED = "5eed00aa"


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    import tradestat

    folder = tmp_path_factory.mktemp("attack-src")
    with tradestat.connect(folder / "w.duckdb") as w:
        A.load(w, folder, SEED)
    a = build_api(folder / "w.duckdb", tmp_path_factory.mktemp("attack-web"), cache_size=0)
    yield a
    a.client.__exit__(None, None, None)


def asker(api, who="reader"):
    def ask(q: dict) -> list[dict]:
        r = api.query(q, who)
        assert r.status_code == 200, r.text
        return r.json()["rows"]

    return ask


@pytest.mark.parametrize("name", list(A.ATTACKS))
def test_attacks_through_the_api(api, name):
    estimate, truth, top, reason = A.attempt(name, asker(api))
    if name in A.REFUSED:
        assert estimate is None and reason.startswith(A.REFUSED[name]), reason
    else:
        assert estimate == pytest.approx(float(published_value(SEED, name)), abs=0.05)
        assert estimate != pytest.approx(truth, abs=0.005)
    assert estimate is None or abs(estimate - truth) > 0.10 * top


def test_a_confidential_key_gets_the_exact_figures(api):
    for name in A.ATTACKS:  # refused or perturbed for a reader, exact for an admin (to
        # the cent, or to the rounding of the exchange rate read off two totals)
        estimate, truth, _ = A.ATTACKS[name](asker(api, "admin"))
        assert estimate == pytest.approx(truth, abs=0.005 if "USD" not in name else 0.05), name
    r = api.query({"dataset": A.DS, "period": "2023-03"}, "reader").json()["provenance"]
    assert r["perturbed"] is True and r["disclosure"]["noise_max_pct"] == 25
    info = api.get(f"/api/v1/datasets/{A.DS}", "reader").json()
    assert info["disclosure"]["perturbed_for_you"] is True
