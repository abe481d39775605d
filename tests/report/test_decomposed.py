"""A bulletin sentence with the growth decomposed: "exports rose 0.6%: volume +3.1%,
prices −2.4%", in English and Chinese, every number traced to its query."""

from __future__ import annotations

import math

import pytest

from tests.core.test_indices import FISHER_P, FISHER_Q, w  # noqa: F401  (the fixture)
from tradestat.report.build import build_bulletin
from tradestat.report.templating import plain

QUERY = {"flow": "export", "compare": ["growth", "price_index", "volume_index"]}
SPEC = {
    "title": {"en": "Prices and volumes", "zh": "价格与数量"},
    "sections": [{"id": "trade", "title": {"en": "Trade", "zh": "贸易"}, "statements": [
        {"id": "ready", "template": "growth_decomposed", "queries": {"decomposed": QUERY}},
        {"id": "own", "queries": {"x": QUERY},
         "en": "Export prices {{ x.price_index|index_change('rose') }}.",
         "zh": "出口价格{{ x.price_index|index_change }}。"},
    ]}],
}  # fmt: skip


def _one_decimal(x: float) -> str:
    return f"{abs(x):.1f}"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_growth_decomposed_sentence(w, lang):  # noqa: F811
    b = build_bulletin(w, SPEC, "hand", "2023-03", lang=lang)
    text = plain(b.statement("ready").text)
    growth = (4300 - 3580) * 100 / 3580
    volume, price = (FISHER_Q - 1) * 100, (FISHER_P - 1) * 100
    assert volume > 0 > price
    if lang == "en":
        expected = (f"In March 2023, exports rose {_one_decimal(growth)}%: volume "
                    f"+{_one_decimal(volume)}%, prices \u2212{_one_decimal(price)}%.")  # fmt: skip
        assert text == expected
        assert plain(b.statement("own").text) == f"Export prices fell {_one_decimal(price)}%."
    else:
        g, v, p = (_one_decimal(x) for x in (growth, volume, price))
        assert text.endswith(f"出口增长{g}%，其中数量增长{v}%，价格下降{p}%。")
    traced = [f for f in b.figures if f.source.statement == "ready"]
    assert [f.source.column for f in traced] == ["growth_pct", "volume_index", "price_index"]
    assert math.isclose(traced[2].exact, price, rel_tol=1e-12)
    assert "index minus 100" in traced[2].rounding


def test_template_and_sentences_are_exclusive():
    from tradestat.report.spec.loader import load_spec
    from tradestat.report.spec.model import SpecError

    bad = {**SPEC, "sections": [{"id": "s", "title": {"en": "S", "zh": "S"}, "statements": [
        {"id": "both", "template": "growth_decomposed", "queries": {"decomposed": QUERY},
         "en": "x", "zh": "x"}]}]}  # fmt: skip
    with pytest.raises(SpecError):
        load_spec(bad)
    wrong = {**SPEC, "sections": [{"id": "s", "title": {"en": "S", "zh": "S"}, "statements": [
        {"id": "name", "template": "growth_decomposed", "queries": {"q": QUERY}}]}]}  # fmt: skip
    with pytest.raises(SpecError, match="decomposed"):
        load_spec(wrong)
