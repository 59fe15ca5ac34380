"""Phrases of a result line: where the date is, which trigger word rules, what is named.

Small text functions the item rules share; no state.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from ..parse.document import Block, Item
from ..model.statements import Mention, When
from ..rules import load
from ..read.textnorm import clean
from .context import Context
from .mentions import classify, strip_name


@lru_cache(maxsize=1)
def triggers() -> dict:
    return load("triggers")


_COLON = re.compile(r"[:：]")
_DATE_IN_BRACKET_AT_END = re.compile(r"\(([^()]*\d[^()]*)\)\s*$")
_QUOTED = re.compile(r"[「『‘'“]([^」』’'”]{2,})[」』’'”]")
_JOINER_AT_END = re.compile(r"\s*(및|과|와|·|,)\s*$")


@dataclass
class Parsed:
    """An item split into what it says and when."""

    what: str
    when_text: str
    dates: list[When]


#: What may follow a word for it to stand as a word (not glued to the next syllable).
_WORD_END = r"(?=$|[\s:：(),/·」』’'\]]|및|예정|추진|완료|하|했|함)"


@lru_cache(maxsize=1024)
def _word_re(word: str) -> re.Pattern[str]:
    """The compiled pattern of ``word`` standing as a word."""
    return re.compile(re.escape(word) + _WORD_END)


def has_word(text: str, word: str) -> bool:
    """``word`` occurs as a word: not glued to a following syllable (참여형, 개최로)."""
    return word in text and _word_re(word).search(text) is not None


@lru_cache(maxsize=1)
def _trigger_words() -> tuple[tuple[int, bool, str, re.Pattern[str]], ...]:
    """Every trigger word as (its rule's order, the rule reads the whole line, word, pattern), in order."""
    return tuple((order, rule.get("scope") == "line", w, _word_re(w))
                 for order, rule in enumerate(triggers()["rule"]) for w in rule["words"])


def rules_by_position(line: str, what: str) -> list[tuple[dict, list[str]]]:
    """Trigger rules that match, the one whose word comes last first (Korean is predicate-final)."""
    hits: dict[int, list[str]] = {}
    for order, whole_line, word, pattern in _trigger_words():
        text = line if whole_line else what
        if word in text and pattern.search(text):  # has_word, inlined
            hits.setdefault(order, []).append(word)
    found = []
    rules = triggers()["rule"]
    for order, words in hits.items():
        rule = rules[order]
        text = line if rule.get("scope") == "line" else what
        pos = max(text.rfind(w) + len(w) for w in words)
        found.append((-pos, order, rule, sorted(words, key=lambda w: -text.rfind(w))))
    return [(rule, words) for _, _, rule, words in sorted(found, key=lambda f: (f[0], f[1]))]


def split_item(ctx: Context, item: Item, year: int) -> Parsed:
    """Split ``WHAT: WHEN`` at the colon whose right side holds a date."""
    text = item.text
    for m in reversed(list(_COLON.finditer(text))):
        right = text[m.end():]
        dates = ctx.dates(right, year)
        if dates:
            return Parsed(clean(text[: m.start()]), right.strip(), dates)
    m = _DATE_IN_BRACKET_AT_END.search(text)  # "열린공론장 개최(7.5.)"
    if m:
        dates = ctx.dates(m.group(1), year)
        if dates:
            return Parsed(clean(text[: m.start()]), m.group(1), dates)
    dates = ctx.dates(text, year)
    return Parsed(clean(text.split(":")[0]) if ":" in text and not dates else clean(text), "", dates)


@lru_cache(maxsize=1)
def _not_held() -> re.Pattern[str]:
    words = sorted(triggers()["status"]["not_held"], key=len, reverse=True)
    return re.compile(rf"({'|'.join(map(re.escape, words))})\s*(?:됨|되었음|하였음|함)?\s*[).]*\s*$")


def not_held(text: str) -> str | None:
    """The word with which ``text`` ends saying its thing did not take place (취소, 연기 …), if any."""
    m = _not_held().search(text)
    return m.group(1) if m else None


def status_of(ctx: Context, block: Block, text: str) -> tuple[str, str | None]:
    """(status, note): ``planned`` if the line says so (예정, (안)) or says it did not take place
    (the note is then the word: 취소, 연기 …); else its block's."""
    word = not_held(text)
    if word or any(w in text for w in triggers()["status"]["planned"]):
        return "planned", word
    return block.status, None


def thing_named(what: str, words: list[str]) -> str:
    """The thing a line names: 「…」 if quoted, else the text before the trigger word."""
    q = _QUOTED.search(what)
    if q:
        return clean(q.group(1))
    cut = what
    for w in sorted(words, key=len, reverse=True):
        i = cut.rfind(w)
        if i > 0:
            cut = cut[:i]
            break
    cut = _JOINER_AT_END.sub("", cut.strip())
    for suffix in triggers()["names"]["drop_suffix"]:
        if cut.endswith(" " + suffix):
            cut = cut[: -len(suffix) - 1]
    return strip_name(cut)


def top_level_split(text: str, seps: str = ",，") -> list[str]:
    """Split at separators outside brackets."""
    out, depth, cur = [], 0, []
    for ch in text:
        depth += ch == "("
        depth -= ch == ")" and depth > 0
        if ch in seps and depth == 0:
            out.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    out.append("".join(cur))
    return [c.strip() for c in out if c.strip()]


def kv_children(item: Item) -> dict[str, tuple[str, int]]:
    out: dict[str, tuple[str, int]] = {}
    for child in item.children:
        kv = child.key_value
        if kv:
            out.setdefault(kv[0], (kv[1], child.line))
    return out


def party_before_particle(what: str, is_self: Callable[[str], bool]) -> Mention | None:
    """``X와/과 … 협약``: the party X, unless ``is_self`` says it is the reporting district."""
    # "(주)X과 …", "KOTRA(대한무역투자진흥공사)와 …" too
    m = re.match(r"^((?:\([^()]{1,3}\))?[^()]+?(?:\([^()]+\))?)(?:와|과)(?:의)?(?=\s|「|『)", what)
    if not m:
        return None
    name = strip_name(m.group(1))
    if len(name) < 2 or is_self(name):
        return None
    return Mention(name, classify(name, "Agency"))


def bracket_groups(text: str) -> list[str]:
    """Top-level bracketed groups, nesting kept: ``협약(구청-(주)X-Y)`` → ``["구청-(주)X-Y"]``."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "(":
            if depth == 0:
                start = i + 1
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
            if depth == 0:
                out.append(text[start:i])
    return out


def parties_in_brackets(what: str, is_self: Callable[[str], bool]) -> list[Mention]:
    """``협약(구청-A-B)``, or ``구청-A-B 협약`` (the joined names first): the parties A and B (the
    reporting district left out by ``is_self``)."""
    group = next((g for g in bracket_groups(what) if "-" in g), None)
    if group is None:
        first = what.split(" ", 1)[0]
        parts = first.split("-")
        if len(parts) < 2 or not any(is_self(strip_name(p)) for p in parts):
            return []
        group = first
    out = []
    for part in group.split("-"):
        name = strip_name(part)
        if name and not is_self(name):
            out.append(Mention(name, classify(name, "Company")))
    return out
