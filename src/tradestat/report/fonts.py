"""Find a font with Chinese glyphs for charts (matplotlib) and PDF (WeasyPrint).

Looked up in order: the file named by ``TRADESTAT_CJK_FONT``; the Noto Sans CJK SC
bundled by the ``mplfonts`` package; a CJK font installed on the system (fontconfig,
e.g. Debian's fonts-noto-cjk). English bulletins need none.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from tradestat.report.figures import ReportError

ENV = "TRADESTAT_CJK_FONT"
FAMILIES = ("Noto Sans CJK SC", "Source Han Sans SC", "Noto Sans SC", "WenQuanYi Micro Hei",
            "WenQuanYi Zen Hei", "Droid Sans Fallback", "AR PL UMing CN")  # fmt: skip
MPLFONTS_FILE = "NotoSansCJKsc-Regular.otf"


@dataclass(frozen=True)
class Font:
    path: Path
    family: str

    @property
    def uri(self) -> str:
        return self.path.resolve().as_uri()


class FontMissing(ReportError):
    """Chinese output was asked for and no CJK font is installed."""


def require_cjk_font() -> Font:
    font = cjk_font()
    if font is None:
        raise FontMissing(
            "no font with Chinese glyphs found: install the Python package mplfonts, or a "
            f"system CJK font (e.g. fonts-noto-cjk), or set {ENV} to a .otf/.ttf/.ttc file"
        )
    return font


@lru_cache(maxsize=1)
def cjk_font() -> Font | None:
    for finder in (_from_env, _from_mplfonts, _from_fontconfig):
        font = finder()
        if font is not None:
            return font
    return None


def _family(path: Path) -> str:
    from matplotlib import font_manager

    try:
        return font_manager.FontProperties(fname=str(path)).get_name()
    except (OSError, RuntimeError):
        return path.stem


def _from_env() -> Font | None:
    text = os.environ.get(ENV)
    if not text:
        return None
    path = Path(text)
    if not path.is_file():
        raise FontMissing(f"{ENV} names {text}, which is not a font file")
    return Font(path, _family(path))


def _from_mplfonts() -> Font | None:
    import importlib.util

    spec = importlib.util.find_spec("mplfonts")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "fonts" / MPLFONTS_FILE
    return Font(path, "Noto Sans CJK SC") if path.is_file() else None


def _from_fontconfig() -> Font | None:
    if shutil.which("fc-list") is None:
        return None
    try:
        out = subprocess.run(["fc-list", ":lang=zh", "file", "family"], capture_output=True,
                             text=True, timeout=20, check=False).stdout  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return None
    found: dict[str, Path] = {}
    for line in out.splitlines():
        file, _, families = line.partition(":")
        for fam in families.split(","):
            found.setdefault(fam.strip(), Path(file.strip()))
    for fam in FAMILIES:
        if fam in found and found[fam].is_file():
            return Font(found[fam], fam)
    return None


def setup_matplotlib(lang: str) -> list[str]:
    """Register the CJK font with matplotlib; the font family list to draw with."""
    families = ["DejaVu Sans"]
    font = cjk_font() if lang != "zh" else require_cjk_font()
    if font is not None:
        from matplotlib import font_manager

        font_manager.fontManager.addfont(str(font.path))
        families.append(_family(font.path))
    return families
