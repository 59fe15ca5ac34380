"""Small text helpers shared by the parsing and resolution stages."""
from __future__ import annotations

import re
import unicodedata

#: Private-use characters, the BOM, and control characters (C0 but TAB and line ends, DEL, C1): never part of a
#: name or a quote, and an ESC or CSI would reach a terminal as an escape sequence.
_PRIVATE = re.compile("[\ue000-\uf8ff\ufeff\x00-\x08\x0e-\x1f\x7f-\x9f]")
_DROP_MARKUP = str.maketrans("", "", "#*`_")  # markdown marks
_PUNCT_KEEP_HANGUL = re.compile(r"[^\w가-힣]+")
_BRACKETED = re.compile(r"\([^()]*\)")


def clean(text: str) -> str:
    """Collapse runs of whitespace and trim; keep everything else as written."""
    return " ".join(_PRIVATE.sub("", text).split())


def despace(text: str) -> str:
    """Remove whitespace and markdown marks: ``"## 비 전 협 력 과"`` → ``"비전협력과"``.

    Fast paths, same result as deleting ``[\\s#*`_]``: every whitespace
    character but the space is unprintable, so a printable line only needs its
    spaces dropped (``str.split()`` handles the rest, splitting at exactly what
    ``\\s`` matches); the marks are dropped only when a line has one.
    """
    out = unicodedata.normalize("NFC", text).replace(" ", "")
    if not out.isprintable():
        out = "".join(out.split())
    if "#" in out or "*" in out or "`" in out or "_" in out:
        return out.translate(_DROP_MARKUP)
    return out


def key(text: str) -> str:
    """A matching key: NFKC, lower case, no spaces or punctuation.

    >>> key("씨엠(CM) 병원") == key("씨엠CM병원")
    True
    """
    text = unicodedata.normalize("NFKC", text).lower()
    return _PUNCT_KEEP_HANGUL.sub("", text).replace("_", "")


def strip_brackets(text: str) -> str:
    """Drop bracketed asides: ``"중국 황포구(우호)"`` → ``"중국 황포구"``."""
    return clean(_BRACKETED.sub(" ", text))
