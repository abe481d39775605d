"""Attacks on a published dataset, as a reader without the confidential scope.

Each attack is a pair (or a few) of answered queries whose difference was the hidden
cell exactly before figures were perturbed. Now each is either refused (a query it needs
splits the hidden cells of a breakdown: tradestat.engine.patterns) or gives the hidden
cell's perturbed value (computed here independently, from the method's description),
outside the protection interval: at least protection_pct % of its largest enterprise
away from the truth.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.core import attacks as A

# fixed seeds, so a failure can be reproduced (benchmarks/disclosure_attacks.py runs
# random ones)
SEEDS = ("5eed0001", "5eed0002", "5eed0003")


@pytest.fixture(scope="module", params=SEEDS)
def attacked(request, tmp_path_factory):
    w = A.attacked(tmp_path_factory.mktemp("attack"), request.param)
    yield w, request.param
    w.close()


def published_value(seed: str, name: str) -> Decimal:
    target = A.TARGETS.get(name, A.DEFAULT_TARGET)
    return A.perturbed(seed, A.contributions(*target))


@pytest.mark.parametrize("name", list(A.ATTACKS))
def test_attack_is_refused_or_gives_the_perturbed_hidden_cell(attacked, name):
    w, seed = attacked
    estimate, truth, _, reason = A.attempt(name, A.reader(w))
    if name in A.REFUSED:  # a query it needs splits a pattern of hidden cells
        assert estimate is None and reason.startswith(A.REFUSED[name]), reason
    else:  # differencing reaches the hidden cell's perturbed value, never more
        assert reason is None
        assert estimate != pytest.approx(truth, abs=0.005)
        assert estimate == pytest.approx(float(published_value(seed, name)), abs=0.05)
    # ... which the cell's owner cannot have confirmed: exact figures are not shown
    hidden = w.query({"dataset": A.DS, "period": "2023-03", "flow": "export", "by": ["partner"]},
                     confidential=False).rows()  # fmt: skip
    assert {r["partner"] for r in hidden if r["suppressed"]} >= {"KOR", "VNM"}


@pytest.mark.parametrize("name", list(A.ATTACKS))
def test_attack_misses_the_protection_interval(attacked, name):
    w, _ = attacked
    p = w.dataset(A.DS).disclosure.protection_pct
    estimate, truth, top, _ = A.attempt(name, A.reader(w))
    assert estimate is None or abs(estimate - truth) > p / 100 * top, (estimate, truth, top)


def test_lists_and_spans_that_split_no_hidden_cells_are_shown(attacked):
    """March exports by partner hide KOR (dominated) and VNM (two enterprises): a list
    taking both or neither is shown (at its perturbed value), one taking one is hidden;
    a span is shown only when none of its months is hidden, on either side."""
    w, seed = attacked
    ask = A.reader(w)
    q = {"dataset": A.DS, "period": "2023-03", "flow": "export"}

    def shown(**k):
        (row,) = ask({**q, **k})
        return None if row["suppressed"] else row

    for partners in (["USA"], ["KOR", "VNM", "USA"], ["KOR", "VNM"]):
        row = shown(where={"partner": partners})
        exact = A.contributions([3], "X", tuple(partners))
        assert row["value"] == A.perturbed(seed, exact), partners
    everything_but_usa = {p: v for p, v in A.contributions([3], "X").items() if p[0] != "U"}
    assert shown(exclude={"partner": ["USA"]})["value"] == A.perturbed(seed, everything_but_usa)
    for partners in (["KOR", "USA"], ["VNM", "USA"], ["VNM", "JPN", "DEU"]):
        (row,) = ask({**q, "where": {"partner": partners}})
        assert row["suppressed"] and row["suppression"].startswith("list: the filter on partner")
    (row,) = ask({**q, "exclude": {"partner": ["KOR"]}})  # the rows left out: KOR itself
    assert row["suppressed"] and row["value"] is None
    # spans: January-July of USA is shown; of VNM (January-June hidden) it is not, in a
    # breakdown by partner as well as alone
    usa = shown(period="2023-01..2023-07", where={"partner": ["USA"]})
    assert usa["value"] == A.perturbed(seed, A.contributions(list(A.MONTHS), "X", ("USA",)))
    by = {r["partner"]: r for r in ask({**q, "period": "2023-01..2023-07", "by": ["partner"]})}
    assert by["VNM"]["suppression"] == "span: the period holds a hidden month (current period)"
    assert by["USA"]["value"] == usa["value"]
    # the base side: July 2023 against January-July 2022, whose VNM months are hidden
    by = {r["partner"]: r for r in ask({**q, "period": "2023-07", "by": ["partner"],
          "base_period": "2022-01..2022-07", "compare": ["growth"]})}  # fmt: skip
    assert by["VNM"]["suppression"] == "span: the period holds a hidden month (base period)"
    assert by["VNM"]["growth_pct"] is None and by["VNM"]["base_value"] is None
    assert by["USA"]["growth_pct"] is not None
    # a confidential caller is not held by any of this
    assert w.query({**q, "where": {"partner": ["KOR", "USA"]}}).scalar() == pytest.approx(
        A.cell([3], "X", ("KOR", "USA"))[0]
    )


def test_having_and_top_bisection_only_find_published_values(attacked):
    w, seed = attacked
    ask = A.reader(w)
    q = {"dataset": A.DS, "period": "2023-03", "flow": "export", "by": ["partner"]}
    for threshold in (0, 500, 1000, 1050):  # KOR (1075) never passes, whatever the bound
        rows = ask({**q, "having": f"value > {threshold}"})
        assert "KOR" not in {r["partner"] for r in rows}
    for top in (1, 5):  # a hidden cell is never ranked among the shown ones
        rows = ask({**q, "top": top})
        shown = [r["value"] for r in rows]
        assert None not in shown[: shown.index(None)] if None in shown else True
        assert "KOR" not in [r["partner"] for r in rows if r["value"] is not None]
    # the [KOR, USA] cell is hidden, so no bound lets it through
    pair = {"dataset": A.DS, "period": "2023-03", "flow": "export",
            "where": {"partner": ["KOR", "USA"]}}  # fmt: skip
    for bound in (0, 1500, 2000, 2300):
        assert ask({**pair, "having": f"value > {bound}"}) == []
    # bisecting [KOR, VNM, USA] (shown) converges on its published value, not the exact one
    three = {**pair, "where": {"partner": ["KOR", "VNM", "USA"]}}
    lo, hi = 2000.0, 4000.0
    for _ in range(15):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if ask({**three, "having": f"value > {mid}"}) else (lo, mid)
    exact, _ = A.cell([3], "X", ("KOR", "VNM", "USA"))
    published = A.perturbed(seed, A.contributions([3], "X", ("KOR", "VNM", "USA")))
    assert hi == pytest.approx(float(published), abs=0.1) and abs(hi - exact) > 50


def test_counts_of_hidden_cells_are_hidden(attacked):
    w, _ = attacked
    for measure in ("enterprises", "records"):
        q = {"dataset": A.DS, "period": "2023-03", "flow": "export", "by": ["partner"],
             "measure": measure}  # fmt: skip
        rows = {r["partner"]: r for r in w.query(q, confidential=False).rows()}
        assert rows["KOR"]["value"] is None and rows["VNM"]["value"] is None
        assert rows["KOR"]["suppressed"] and rows["VNM"]["suppressed"]
        exact = {r["partner"]: r["value"] for r in w.query(q).rows()}
        for p in ("DEU", "JPN", "USA"):  # shown counts move by 1 or 2
            assert 1 <= abs(rows[p]["value"] - exact[p]) <= 2


def test_one_cell_one_value_whatever_the_query(attacked):
    """The same rows give the same figure: by partner, filtered, as a base period."""
    w, seed = attacked
    ask = A.reader(w)
    q = {"dataset": A.DS, "period": "2023-03", "flow": "export"}
    by = {r["partner"]: r["value"] for r in ask({**q, "by": ["partner"]})}
    alone = ask({**q, "where": {"partner": ["USA"]}})[0]["value"]
    as_base = ask({**q, "period": "2023-04", "base_period": "2023-03",
                   "where": {"partner": ["USA"]}})[0]["base_value"]  # fmt: skip
    expected = A.perturbed(seed, A.contributions([3], "X", ("USA",)))
    assert by["USA"] == alone == as_base == expected

    # a total is the sum of its parts, a balance the difference of the flows (on a
    # partner whose total and balance are not hidden by secondary suppression)
    def shown_partners(flow):
        rows = ask({**q, "flow": flow, "by": ["partner"]})
        return {r["partner"] for r in rows if not r["suppressed"]}

    (p, *_) = sorted(shown_partners("total") & shown_partners("balance") & {"DEU", "JPN", "USA"})
    export, imports, total, balance = (
        ask({**q, "flow": flow, "where": {"partner": [p]}})[0]["value"]
        for flow in ("export", "import", "total", "balance")
    )
    cent = Decimal("0.01")  # each figure is rounded to the cent on its own
    assert abs(total - (export + imports)) <= cent and abs(balance - (export - imports)) <= cent


def test_provenance_says_perturbed_and_confidential_callers_see_exact(attacked):
    w, _ = attacked
    q = {"dataset": A.DS, "period": "2023-03", "flow": "export", "where": {"partner": ["USA"]}}
    shown = w.query(q, confidential=False)
    prov = shown.provenance
    assert prov["perturbed"] is True and prov["disclosure"]["perturbed"] is True
    assert prov["disclosure"]["protection_pct"] == 10
    assert "list and span rules" in prov["disclosure"]["method"]
    exact, _ = A.cell([3], "X", ("USA",))
    assert float(w.query(q).scalar()) == pytest.approx(exact)
    assert not w.query(q).provenance.get("perturbed")
