"""Small text helpers shared by the parsing and resolution stages."""
from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_PRIVATE = re.compile("[\ue000-\uf8ff\ufeff]")
_MARKUP = re.compile(r"[#*`_]+")
_PUNCT_KEEP_HANGUL = re.compile(r"[^\w가-힣]+")


def clean(text: str) -> str:
    """Collapse runs of whitespace and trim; keep everything else as written."""
    return _SPACES.sub(" ", _PRIVATE.sub("", text)).strip()


def despace(text: str) -> str:
    """Remove whitespace and markdown marks: ``"## 비 전 협 력 과"`` → ``"비전협력과"``."""
    return _SPACES.sub("", _MARKUP.sub("", unicodedata.normalize("NFC", text)))


def key(text: str) -> str:
    """A matching key: NFKC, lower case, no spaces or punctuation.

    >>> key("씨엠(CM) 병원") == key("씨엠CM병원")
    True
    """
    text = unicodedata.normalize("NFKC", text).lower()
    return _PUNCT_KEEP_HANGUL.sub("", text).replace("_", "")


def strip_brackets(text: str) -> str:
    """Drop bracketed asides: ``"중국 황포구(우호)"`` → ``"중국 황포구"``."""
    return clean(re.sub(r"\([^()]*\)", " ", text))
