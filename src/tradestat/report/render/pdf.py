"""PDF through WeasyPrint from the same HTML, with a CJK font embedded for Chinese text."""

from __future__ import annotations

from typing import Any

from tradestat.report.figures import ReportError


def font_face_css(lang: str) -> str:
    """Fonts from files, so the PDF looks the same whatever fonts the system has: the
    DejaVu faces matplotlib ships for Latin text, and the CJK font for Chinese glyphs."""
    from pathlib import Path

    import matplotlib

    from tradestat.report.fonts import cjk_font, require_cjk_font

    ttf = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    faces = [("TradestatSans", "DejaVuSans.ttf", "normal"),
             ("TradestatSans", "DejaVuSans-Bold.ttf", "bold"),
             ("TradestatMono", "DejaVuSansMono.ttf", "normal")]  # fmt: skip
    css = [
        f'@font-face {{ font-family: "{fam}"; font-weight: {weight}; '
        f'src: url("{(ttf / file).as_uri()}"); }}'
        for fam, file, weight in faces
        if (ttf / file).is_file()
    ]
    font = require_cjk_font() if lang == "zh" else cjk_font()
    if font is not None:
        css.append(f'@font-face {{ font-family: "TradestatCJK"; src: url("{font.uri}"); }}')
    css.append('html, body { font-family: "TradestatSans", "TradestatCJK", sans-serif; }')
    css.append('pre, code { font-family: "TradestatMono", "TradestatCJK", monospace; }')
    return "\n".join(css)


def render_pdf(bulletin: Any) -> bytes:
    try:
        from weasyprint import HTML
    except ImportError as exc:  # also raised when the pango libraries are missing
        raise ReportError(
            f"PDF output needs WeasyPrint and its system libraries (pango): {exc}"
        ) from None
    from tradestat.report.fonts import FontMissing
    from tradestat.report.render.html import render_html

    try:
        page = render_html(bulletin, font_face=font_face_css(bulletin.lang))
    except FontMissing as exc:
        raise ReportError(str(exc)) from None
    return HTML(string=page, base_url=None).write_pdf()
