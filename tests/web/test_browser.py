"""The explorer in a real browser: Debian's Chromium driven by Playwright against
`tradestat serve` running as its own process on a free port."""

from __future__ import annotations

import csv
import os
import shutil
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from tests.web.conftest import copy_warehouse, make_keys

pytestmark = pytest.mark.browser

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


def chromium_path() -> str:
    for candidate in (os.environ.get("TRADESTAT_CHROMIUM"), "/usr/bin/chromium",
                      shutil.which("chromium"), shutil.which("chromium-browser")):  # fmt: skip
        if candidate and Path(candidate).exists():
            return candidate
    pytest.skip("no Chromium found (apt-get install chromium); browser tests skipped")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_server(path: Path):
    """`tradestat serve` on ``path`` in a subprocess on a free port: its base URL."""
    port = free_port()
    cmd = [sys.executable, "-m", "tradestat.cli", "serve", "--host", "127.0.0.1",
           "--port", str(port), "--warehouse", str(path)]  # fmt: skip
    log = open(path.parent / "server.log", "w")  # noqa: SIM115 - closed below
    # its own process: a browser talks to a real server over a socket
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            if httpx.get(f"{base}/api/v1/health", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            log.close()
            pytest.fail("server did not start:\n" + (path.parent / "server.log").read_text())
        time.sleep(0.2)
    try:
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.close()


@pytest.fixture(scope="module")
def server(web_source, tmp_path_factory):
    """`tradestat serve` in a subprocess, stopped after the module's tests."""
    path = copy_warehouse(web_source, tmp_path_factory.mktemp("served"))
    keys = make_keys(path)
    with running_server(path) as base:
        yield base, keys


@pytest.fixture(scope="module")
def browser():
    executable = chromium_path()
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


def signed_in(browser, base: str, key: str):
    """A new page, signed in with ``key``."""
    page = browser.new_page()
    page.goto(f"{base}/login")
    page.fill("#key", key)
    page.click("#login-button")
    return page


def read_table(page) -> list[list[str]]:
    return page.eval_on_selector_all(
        "#result-table tbody tr",
        "rows => rows.map(r => Array.from(r.cells).map(c => c.textContent.trim()))",
    )


def test_build_groups_share_growth_download_and_screenshot(server, browser, tmp_path):
    base, keys = server
    page = browser.new_page(accept_downloads=True, viewport={"width": 1280, "height": 900})
    page.goto(f"{base}/explore")
    assert "/login" in page.url  # no session yet
    page.fill("#key", keys["analyst"])
    page.click("#login-button")
    page.wait_for_url(f"{base}/explore")

    page.select_option("#f-dataset", "customs")
    page.fill("#f-period", "2023")
    page.fill("#f-base_period", "2022")
    page.select_option("#f-flow", "export")
    page.select_option("#f-by0", "partner_group")
    page.check("#f-compare-share")
    page.check("#f-compare-growth")
    page.click("#run")
    page.wait_for_selector("#result-table")
    page.wait_for_selector("#chart[data-rendered='true']")
    assert "by=partner_group" in page.url and "compare=growth" in page.url  # shareable

    table = read_table(page)
    query = {"dataset": "customs", "period": "2023", "base_period": "2022", "flow": "export",
             "by": ["partner_group"], "compare": ["share", "growth"]}  # fmt: skip
    api = httpx.post(f"{base}/api/v1/query", json=query, timeout=30,
                     headers={"Authorization": f"Bearer {keys['analyst']}"}).json()  # fmt: skip
    assert len(table) == len(api["rows"]) > 3
    for cells, row in zip(table, api["rows"], strict=True):
        assert cells[1] == f"{row['value']:,.2f}"
        assert cells[3] == f"{row['growth_pct']:,.1f}"

    with page.expect_download() as download:
        page.click("#csv-link")
    target = tmp_path / "groups.csv"
    download.value.save_as(target)
    with open(target, newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [float(r["value"]) for r in rows] == [r["value"] for r in api["rows"]]

    shot = tmp_path / "explorer-groups.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000

    shared = page.url
    page.click("#lang-switch")
    page.wait_for_selector("#result-table")
    assert "伙伴组别" in page.inner_text("#result-table thead")
    page.goto(shared)  # the shared link reproduces the view
    assert read_table(page) == table
    page.close()


def test_monthly_line_chart_and_hidden_cells_for_a_reader(server, browser, tmp_path):
    base, keys = server
    page = signed_in(browser, base, keys["reader"])
    page.goto(f"{base}/explore?dataset=cells&period=2023-03&by=partner&compare=growth")
    page.wait_for_selector("#result-table")
    hidden = page.eval_on_selector_all("#result-table tr.suppressed", "rows => rows.length")
    assert hidden >= 2
    assert page.is_visible("#disclosure-note")
    page.goto(f"{base}/explore?dataset=customs&period=2023&by=month&compare=growth")
    page.wait_for_selector("#chart[data-rendered='true']")
    kind = page.evaluate("window.tradestatChart.config.type")
    assert kind == "line"
    page.screenshot(path=str(tmp_path / "explorer-monthly.png"))
    page.close()


def test_axes_name_units_and_zh_labels(server, browser):
    """Chart.js draws the unit on the value axis; the Chinese page has no English left
    in the builder's chart and scale selectors or the axis titles."""
    base, keys = server
    page = signed_in(browser, base, keys["analyst"])
    page.goto(f"{base}/explore?dataset=customs&period=2023&by=month&compare=growth&lang=en")
    page.wait_for_selector("#chart[data-rendered='true']")
    titles = page.evaluate("""() => {
        const s = window.tradestatChart.options.scales;
        return [s.y.title.display, s.y.title.text, s.y2.title.text];
    }""")
    assert titles == [True, "Value (CNY)", "Growth %"]
    assert page.inner_text("#result-caption") == "Total trade by month, 2023, CNY, with growth"
    page.goto(f"{base}/explore?dataset=customs&period=2023&by=month&compare=growth&lang=zh")
    page.wait_for_selector("#chart[data-rendered='true']")
    y_title = page.evaluate("window.tradestatChart.options.scales.y.title.text")
    assert y_title == "金额（元）"
    builder = page.inner_text("#builder")
    assert "图表" in builder and "自动" in builder and "单位" in builder
    assert "Chart" not in builder and "auto" not in builder
    legend = page.evaluate("window.tradestatChart.data.datasets.map(d => d.label)")
    assert legend == ["金额", "基期金额", "增长 %"]
    page.goto(f"{base}/explore?dataset=customs&period=2022&compare=growth&lang=en")
    page.wait_for_selector("#chart[data-rendered='true']")
    legend = page.evaluate("window.tradestatChart.data.datasets.map(d => d.label)")
    assert legend == ["Value"]  # no base (2021 has no data): no "Base value" entry
    page.close()
