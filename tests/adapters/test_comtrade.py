"""--format comtrade: China's view of Comtrade rows, totals vs parts, mirror data."""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from decimal import Decimal

import pytest

from tests.adapters.conftest import FIX, read_csv
from tradestat.errors import IngestError
from tradestat.ingest.options import IngestOptions

SAMPLE = FIX / "comtrade" / "china-comtrade-sample.csv"


def _opts(**extra) -> IngestOptions:
    return IngestOptions(extra=extra)


def test_default_keeps_china_reported_detail_rows_only(wh):
    rows = read_csv(SAMPLE)
    report = wh.ingest(SAMPLE, "ct", "comtrade")
    leaf = [r for r in rows if r["reporterISO"] == "CHN" and r["partnerCode"] != "0"
            and r["cmdCode"] != "TOTAL"]  # fmt: skip
    assert report.rows_read == len(rows) == 368 and report.rows_accepted == len(leaf) == 214
    assert report.balanced and report.currencies == ["USD"]
    reasons = Counter(r["field"] for r in wh.rejects("ct").to_pylist())
    assert reasons == {"reporter": 131, "slice": 23}  # mirror rows; World and TOTAL rows
    assert wh.dataset("ct").grain == ("period", "flow", "hs_code", "partner")
    by_hs = defaultdict(Decimal)
    for r in leaf:
        by_hs[r["cmdCode"]] += Decimal(r["primaryValue"])
    got = wh.query({"dataset": "ct", "period": "2024-Q1", "by": "hs_code", "flow": "export",
                    "currency": "USD"}).rows()  # fmt: skip
    assert {r["hs_code"]: r["value"] for r in got} == by_hs
    # Taiwan arrives as code 490 with ISO column "S19": resolved by its Comtrade code
    twn = sum(Decimal(r["primaryValue"]) for r in leaf if r["partnerCode"] == "490")
    got = wh.query({"dataset": "ct", "period": "2024-Q1", "where": {"partner": ["TWN"]},
                    "currency": "USD"}).scalar()  # fmt: skip
    assert twn > 0 and got == twn


def test_grand_totals_as_a_separate_dataset(wh):
    report = wh.ingest(SAMPLE, "ct_total", "comtrade", options=_opts(keep="total"))
    assert report.rows_accepted == 22 and wh.dataset("ct_total").grain == ("period", "flow")
    assert any("annual row(s): the dataset is annual" in n for n in report.notes)
    assert wh.dataset("ct_total").time_grain == "year"
    q = {"dataset": "ct_total", "period": "2023", "currency": "USD"}
    assert wh.query({**q, "flow": "export"}).scalar() == Decimal("3379747834884")
    assert wh.query({**q, "flow": "import"}).scalar() == Decimal("2556763018595")


def test_totals_match_the_raw_extract(wh, raw):
    import pandas as pd

    sheet = pd.read_excel(raw / "comtrade-cipf" / "China_1.1_trade_balance_2014-2025.xlsx")
    wh.ingest(SAMPLE, "ct_total", "comtrade", options=_opts(keep="total"))
    for _, r in sheet[sheet.period <= 2024].iterrows():
        q = {"dataset": "ct_total", "period": str(int(r.period)), "currency": "USD"}
        assert wh.query({**q, "flow": "export"}).scalar() == Decimal(int(r.X))
        assert wh.query({**q, "flow": "import"}).scalar() == Decimal(int(r.M))


def test_mirror_rows_turn_round_and_never_mix_with_china_reported(wh):
    rows = read_csv(SAMPLE)
    report = wh.ingest(SAMPLE, "mirror", "comtrade",
                       options=_opts(perspective="mirror", keep="by_partner"))  # fmt: skip
    mirror = [r for r in rows if r["partnerISO"] == "CHN" and r["reporterISO"] != "CHN"]
    assert report.rows_accepted == len(mirror) == 131
    own = {r["reason"] for r in wh.rejects("mirror").to_pylist()}
    assert all(reason.startswith("CHN's own figures") for reason in own)
    assert wh.dataset("mirror").grain == ("period", "flow", "partner")
    usa = next(r for r in mirror if r["reporterISO"] == "USA")  # the USA's imports from China
    q = {"dataset": "mirror", "period": "2024", "currency": "USD"}
    assert wh.query({**q, "flow": "import"}).scalar() == 0  # partners' imports are China's X
    got = wh.query({**q, "flow": "export", "where": {"partner": ["USA"]}}).scalar()
    assert got == round(Decimal(usa["primaryValue"]), 2)


def _write(tmp_path, rows: list[dict[str, str]]):
    path = tmp_path / "ct.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


BASE = {"freqCode": "M", "period": "202403", "reporterCode": "156", "reporterISO": "CHN",
        "flowCode": "X", "partnerCode": "842", "partnerISO": "USA", "partner2Code": "0",
        "classificationCode": "H6", "cmdCode": "850760", "customsCode": "C00", "motCode": "0",
        "primaryValue": "100", "isAggregate": "False"}  # fmt: skip


def test_re_exports_breakdowns_and_coarser_codes_are_not_added(wh, tmp_path):
    rows = [
        BASE,
        {**BASE, "flowCode": "RX", "primaryValue": "10"},  # part of X
        {**BASE, "motCode": "2100", "primaryValue": "60"},  # sea part of motCode 0
        {**BASE, "cmdCode": "85", "primaryValue": "500"},  # chapter over 850760 & others
        {**BASE, "cmdCode": "850760", "partnerCode": "0", "partnerISO": "W00"},  # World
        {**BASE, "classificationCode": "S4", "cmdCode": "77812"},  # SITC
        {**BASE, "reporterCode": "842", "reporterISO": "USA", "partnerCode": "36",
         "partnerISO": "AUS"},  # neither side is China
    ]  # fmt: skip
    report = wh.ingest(_write(tmp_path, rows), "ct", "comtrade")
    assert (report.rows_read, report.rows_accepted) == (7, 1)
    got = {r["row_number"]: r for r in wh.rejects("ct").to_pylist()}
    assert {n: r["field"] for n, r in got.items()} == {
        3: "flowCode", 4: "breakdown", 5: "cmdCode", 6: "slice", 7: "classification",
        8: "reporter",
    }  # fmt: skip
    assert "re-exports (RX) are part of exports (X)" in got[3]["reason"]
    assert got[5]["reason"].endswith(": 85") and "6-digit" in got[5]["reason"]
    re_only = wh.ingest(_write(tmp_path, rows[:2]), "ct_re", "comtrade", options=_opts(flows="re"))
    assert re_only.rows_accepted == 1
    assert wh.query({"dataset": "ct_re", "period": "2024-03", "currency": "USD"}).scalar() == 10


def test_settings_are_validated_and_flow_option_refused(wh):
    with pytest.raises(IngestError, match="keep: 'leaves' is not one of"):
        wh.ingest(SAMPLE, "x", "comtrade", options=_opts(keep="leaves"))
    with pytest.raises(IngestError, match="drop --flow"):
        wh.ingest(SAMPLE, "x", "comtrade", flow="X")


def test_settings_file_via_mapping(wh, tmp_path):
    settings = tmp_path / "mirror.yaml"
    settings.write_text("version: 1\nperspective: mirror\nkeep: by_partner\n", encoding="utf-8")
    report = wh.ingest(SAMPLE, "mirror", "comtrade", mapping=settings)
    assert report.rows_accepted == 131
