"""PDF output rendered back to images with pdftoppm: every page has content, Chinese too."""

from __future__ import annotations

import shutil
import subprocess

import pytest

pytestmark = pytest.mark.slow


def _require(tool: str) -> None:
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} (poppler-utils) is not installed; cannot render the PDF to check it")


def _require_weasyprint() -> None:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as exc:
        pytest.skip(f"WeasyPrint is not usable here: {exc}")


def _page_spreads(pdf, tmp_path) -> list[float]:
    from PIL import Image, ImageStat

    subprocess.run(["pdftoppm", "-r", "30", "-gray", "-png", str(pdf), str(tmp_path / "page")],
                   check=True, timeout=120)  # fmt: skip
    pages = sorted(tmp_path.glob("page*.png"))
    return [ImageStat.Stat(Image.open(p)).stddev[0] for p in pages]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_pdf_pages_are_not_blank(bulletins, tmp_path, lang, request):
    _require("pdftoppm")
    _require_weasyprint()
    if lang == "zh":
        request.getfixturevalue("cjk_font")
    pdf = bulletins("customs", "customs", "2023", lang).write(tmp_path / f"customs-{lang}.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    spreads = _page_spreads(pdf, tmp_path)
    assert len(spreads) >= 3
    assert all(s > 8 for s in spreads), spreads  # a blank page has a spread of 0


def test_chinese_text_is_embedded_with_a_cjk_font(bulletins, tmp_path, cjk_font):
    _require("pdftotext")
    _require_weasyprint()
    pdf = bulletins("platform", "platform", "2011", "zh").write(tmp_path / "platform-zh.pdf")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True, timeout=60).stdout  # fmt: skip
    assert "平台交易额以美元计为" in text and "买家来自15个国家和地区" in text
    if shutil.which("pdffonts"):
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                               check=True, timeout=60).stdout  # fmt: skip
        assert "TradestatCJK" in fonts
