"""Spec loading: the JSON Schema and the named rules report every problem with its place."""

from __future__ import annotations

import copy

import pytest

from tradestat.report.spec import BUILTIN, PlaceholderError, Placeholders, SpecError, load_spec

MINIMAL = {
    "title": {"en": "Trade in {{ period }}", "zh": "{{ period }}贸易"},
    "sections": [
        {
            "id": "main",
            "title": {"en": "Main", "zh": "总体"},
            "statements": [
                {
                    "id": "total",
                    "queries": {"total": {"compare": ["growth"]}},
                    "en": "Trade was {{ total.value|money }}.",
                    "zh": "进出口{{ total.value|money }}。",
                }
            ],
        }
    ],
}


def spec_with(**changes) -> dict:
    doc = copy.deepcopy(MINIMAL)
    doc["sections"][0]["statements"][0].update(changes)
    return doc


def problems(doc) -> list[tuple[str, str, str]]:
    with pytest.raises(SpecError) as info:
        load_spec(doc)
    return info.value.problems


@pytest.mark.parametrize("name", BUILTIN)
def test_builtin_specs_are_valid(name):
    spec = load_spec(name)
    assert spec.id == name and spec.statements()


def test_minimal_spec_loads():
    spec = load_spec(MINIMAL)
    assert [st.id for _, st in spec.statements()] == ["total"]


def test_schema_errors_name_the_place():
    doc = spec_with()
    del doc["sections"][0]["statements"][0]["zh"]
    doc["sections"][0]["statements"][0]["chart"] = {"type": "pie", "query": "total"}
    found = problems(doc)
    assert ("sections[0].statements[0]", "schema", "'zh' is a required property") in found
    assert any(w == "sections[0].statements[0].chart.type" for w, _, _ in found)


def test_unknown_query_key_is_a_schema_error():
    found = problems(spec_with(queries={"t": {"mesure": "value"}}))
    assert found[0][1] == "schema" and "mesure" in found[0][2]


@pytest.mark.parametrize(
    "changes,rule,text",
    [
        ({"queries": {"t": {"period": "{perod-1y}"}}, "en": "x", "zh": "x"}, "placeholders",
         "perod"),
        ({"queries": {"t": {"measure": "volume"}}, "en": "x", "zh": "x"}, "query", "measure"),
        ({"queries": {"t": {"by": ["partner"], "order_by": ["-growth_pct"]}}, "en": "x",
          "zh": "x"}, "query", "order_by"),
        ({"en": "Trade was {{ totl.value|money }}."}, "template", "totl"),
        ({"zh": "进出口{{ total.value|money }"}, "template", "line 1"),
        ({"chart": {"type": "monthly", "query": "total"}}, "chart", "by: [month]"),
        ({"chart": {"type": "bars", "query": "nope"}}, "chart", "nope"),
        ({"checks": [{"sum": ["total", "exports"], "equals": "total"}]}, "check-refs", "exports"),
        ({"optional": ["nope"]}, "optional", "nope"),
        ({"optional": ["total"], "checks": [{"share": "total", "of": "total"}]}, "optional",
         "a check cannot read it"),
    ],
)  # fmt: skip
def test_named_rules(changes, rule, text):
    found = problems(spec_with(**changes))
    assert any(r == rule and text in msg for _, r, msg in found), found


def test_duplicate_ids():
    doc = copy.deepcopy(MINIMAL)
    doc["sections"][0]["statements"].append(copy.deepcopy(doc["sections"][0]["statements"][0]))
    found = problems(doc)
    assert found == [("sections[0].statements[1].id", "unique-ids", "duplicate id 'total'")]


def test_yaml_file_errors_name_the_file(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text("title: {en: [unclosed\n", encoding="utf-8")
    with pytest.raises(SpecError, match=r"mine\.yaml"):
        load_spec(path)
    with pytest.raises(SpecError, match="no such spec"):
        load_spec(tmp_path / "missing.yaml")


def test_placeholders():
    p = Placeholders("customs", "2024-01..2024-06", None)
    assert p.fill({"period": "{period}", "base_period": "{period-1y}"}) == {
        "period": "2024-01..2024-06",
        "base_period": "2023-01..2023-06",
    }
    assert p.fill({"period": "{last_quarter}", "base_period": "{last_quarter-1q}"}) == {
        "period": "2024-Q2",
        "base_period": "2024-Q1",
    }
    assert p.fill({"top": "{n}"}, {"n": 5}) == {"top": 5}  # a lone placeholder keeps its type
    assert Placeholders("x", "2023", "2021").fill({"b": "{base_period}"}) == {"b": "2021"}
    with pytest.raises(PlaceholderError, match="no whole calendar quarter"):
        Placeholders("x", "2023-01..2023-02").fill({"period": "{last_quarter}"})
    with pytest.raises(PlaceholderError, match="unknown placeholder"):
        p.fill({"period": "{nope}"})
