"""Customs trade modes: 4-digit supervision modes (监管方式) and GAC's 2-digit statistical
trade modes (贸易方式), the mapping between them, and trade-mode groups.

- ``stat_trade_modes.csv``: GAC's 20 statistical trade modes (query-platform list);
- ``trade_modes.csv``: supervision modes in common use, typed by hand (see PROVENANCE.md),
  each with ``stat_code``: GAC's convention makes the last two digits of a supervision
  mode its statistical code (0110 -> 10, 0715 -> 15, 9610 -> 10, 1239 -> 39); modes whose
  last two digits are not a statistical code (0255, 4561, ...) have none;
- ``trade_mode_groups.yaml``: named groups (cbec, cbec_b2b_export, general, processing,
  bonded, ...); ``trade_mode_groups()`` adds one derived group per statistical code
  (``stat_10`` = every supervision mode counted as statistical "ordinary trade").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from tradestat.reference._files import DATA_DIR, load_yaml, read_csv
from tradestat.reference.errors import ReferenceError, UnknownCode


@dataclass(frozen=True)
class TradeMode:
    code: str
    name_zh: str
    name_en: str
    stat_code: str  # "" when the mode has no statistical trade-mode code
    introduced: str
    confidence: str
    note: str


@cache
def _stat() -> dict[str, tuple[str, str]]:
    out = {}
    for r in read_csv("stat_trade_modes.csv"):
        if len(r["code"]) != 2 or not r["code"].isdigit() or r["code"] in out:
            raise ReferenceError("stat_trade_modes.csv", r["code"], "bad or duplicate code")
        out[r["code"]] = (r["name_zh"], r["name_en"])
    return out


@cache
def _modes() -> dict[str, TradeMode]:
    out: dict[str, TradeMode] = {}
    for r in read_csv("trade_modes.csv"):
        m = TradeMode(**r)
        if len(m.code) != 4 or not m.code.isdigit() or m.code in out:
            raise ReferenceError("trade_modes.csv", m.code, "bad or duplicate code")
        if m.stat_code and m.stat_code not in _stat():
            raise ReferenceError("trade_modes.csv", m.code, f"unknown stat_code {m.stat_code}")
        out[m.code] = m
    return out


def trade_mode_codes() -> frozenset[str]:
    """Known 4-digit customs supervision modes."""
    return frozenset(_modes())


def stat_trade_mode_codes() -> frozenset[str]:
    """GAC's 2-digit statistical trade modes."""
    return frozenset(_stat())


def trade_mode(code: str) -> TradeMode:
    try:
        return _modes()[str(code).strip()]
    except KeyError:
        raise UnknownCode(str(code), "supervision mode (4 digits)") from None


def stat_code_of(code: str) -> str | None:
    """Statistical trade mode of a supervision mode; None if it has none."""
    return trade_mode(code).stat_code or None


def trade_mode_name(code: str, lang: str = "en") -> str:
    """Name of a 4-digit supervision mode or a 2-digit statistical trade mode."""
    if lang not in ("en", "zh"):
        raise UnknownCode(lang, "language", "use 'en' or 'zh'")
    code = str(code).strip()
    if len(code) == 2:
        if code not in _stat():
            raise UnknownCode(code, "statistical trade mode (2 digits)")
        zh, en = _stat()[code]
        return zh if lang == "zh" else en
    m = trade_mode(code)
    return m.name_zh if lang == "zh" else m.name_en


@cache
def trade_mode_group_info() -> dict[str, dict[str, str]]:
    """{group id: {"name_en", "name_zh", "note"}} for the named and the derived groups."""
    info = {
        gid: {"name_en": g["name_en"], "name_zh": g["name_zh"], "note": g.get("note", "")}
        for gid, g in _yaml_groups().items()
    }
    for code, (zh, en) in sorted(_stat().items()):
        info[f"stat_{code}"] = {
            "name_en": f"Statistical trade mode {code}: {en}",
            "name_zh": f"贸易方式{code}：{zh}",
            "note": "derived",
        }
    return info


@cache
def _yaml_groups() -> dict[str, dict]:
    path = DATA_DIR / "trade_mode_groups.yaml"
    doc = load_yaml(path)
    if not isinstance(doc, dict):
        raise ReferenceError("trade_mode_groups.yaml", "(top level)", "must be a mapping")
    for gid, g in doc.items():
        if not isinstance(g, dict) or not {"name_en", "name_zh", "codes"} <= set(g):
            raise ReferenceError(
                "trade_mode_groups.yaml", str(gid), "needs name_en, name_zh, codes"
            )
        for code in g["codes"]:
            if str(code) not in _modes():
                raise ReferenceError("trade_mode_groups.yaml", f"{gid}: {code}", "unknown mode")
    return doc


@cache
def trade_mode_groups() -> dict[str, frozenset[str]]:
    """Group id -> 4-digit supervision modes (named groups and derived ``stat_XX`` groups)."""
    groups = {gid: frozenset(str(c) for c in g["codes"]) for gid, g in _yaml_groups().items()}
    for code in sorted(_stat()):
        groups[f"stat_{code}"] = frozenset(m.code for m in _modes().values() if m.stat_code == code)
    return groups
