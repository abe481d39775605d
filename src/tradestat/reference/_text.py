"""Text normalisation shared by the loaders and the build scripts.

``name_key`` turns a messy partner / region / enterprise-type name into a lookup key:
Unicode NFKC (full-width "，" becomes ","), accents removed, case folded, "&" read as "and",
a trailing "(the)" dropped, and everything that is not a letter or a digit removed. So
"Hong Kong，China", "Hong Kong, China" and "HONG KONG CHINA" share one key, and so do
"Côte d'Ivoire" and "Cote dIvoire". Chinese text keeps its characters (only punctuation and
spaces go), so "刚果（布）" and "刚果(布)" match.
"""

from __future__ import annotations

import unicodedata

__all__ = ["name_key"]


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", kept)


def name_key(text: str) -> str:
    """Lookup key of a name; "" when nothing but punctuation is left."""
    norm = unicodedata.normalize("NFKC", text).casefold()
    norm = _strip_accents(norm).replace("&", " and ")
    norm = norm.replace("(the)", " ").strip()
    if norm.startswith("the "):
        norm = norm[4:]
    return "".join(ch for ch in norm if ch.isalnum())
