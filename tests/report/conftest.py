"""Warehouse with the report fixtures, and bulletins built once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "report"


@pytest.fixture(scope="session")
def report_wh(tmp_path_factory: pytest.TempPathFactory):
    """customs (declarations, every dimension), national (period, flow only) and platform
    (orders in GBP of a UK shop: partner = buyer country, category, order_id)."""
    import tradestat

    w = tradestat.connect(tmp_path_factory.mktemp("report") / "w.duckdb")
    # the platform is a UK shop: its home market (reporter) is GBR, its currency GBP
    for name, home, reporter in (("declarations", None, None), ("national", None, None),
                                 ("platform", "GBP", "GBR")):  # fmt: skip
        dataset = "customs" if name == "declarations" else name
        report = w.ingest(FIXTURES / f"{name}.csv", dataset, home_currency=home,
                          reporter=reporter)  # fmt: skip
        assert report.rows_rejected == 0, report.reject_reasons
    yield w
    w.close()


@pytest.fixture(scope="session")
def bulletins(report_wh):
    """Built bulletins by (spec, dataset, period, lang), built on first use."""
    from tradestat.report import build_bulletin

    cache: dict[tuple, object] = {}

    def get(spec: str, dataset: str, period: str, lang: str = "en", base: str | None = None):
        key = (spec, dataset, period, lang, base)
        if key not in cache:
            cache[key] = build_bulletin(report_wh, spec, dataset, period, base, lang)
        return cache[key]

    return get


@pytest.fixture(scope="session")
def customs_en(bulletins):
    return bulletins("customs", "customs", "2023", "en")


@pytest.fixture(scope="session")
def customs_zh(bulletins):
    return bulletins("customs", "customs", "2023", "zh")


@pytest.fixture(scope="session")
def platform_en(bulletins):
    return bulletins("platform", "platform", "2011", "en")


@pytest.fixture(scope="session")
def platform_zh(bulletins):
    return bulletins("platform", "platform", "2011", "zh")


@pytest.fixture
def cjk_font():
    """Chinese charts and PDFs need a CJK font; skip (saying so) where none is installed."""
    from tradestat.report.fonts import cjk_font

    font = cjk_font()
    if font is None:
        pytest.skip("no CJK font (install mplfonts or fonts-noto-cjk, or set TRADESTAT_CJK_FONT)")
    return font
