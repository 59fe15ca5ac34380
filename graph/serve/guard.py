"""What a SPARQL request may be before it reaches the engine: size and nesting depth.

The oxigraph server parses a query recursively: a few thousand nested braces
overflow its stack and the process dies. :func:`refusal` reads the query text
once, skipping string literals, IRIs and comments, and says why a query is
refused (too long, nested too deeply), or returns None. It never parses the
query itself, so no query can crash it.
"""
from __future__ import annotations

from dataclasses import dataclass

#: Characters that open and close a nesting level in SPARQL: groups, expressions, blank node property lists.
_OPEN = "{(["
_CLOSE = "})]"


@dataclass(frozen=True)
class Limits:
    """What ``ydkg serve`` accepts: query text size, nesting depth, and seconds per query."""

    max_bytes: int = 64_000
    max_depth: int = 64
    timeout_s: float = 30.0


def _skip_string(text: str, i: int) -> int:
    """The index after the string literal that starts at ``i`` (short or long form, with escapes)."""
    quote = text[i]
    if text.startswith(quote * 3, i):
        end = text.find(quote * 3, i + 3)
        while end != -1 and text[end - 1] == "\\":
            end = text.find(quote * 3, end + 1)
        return len(text) if end == -1 else end + 3
    j = i + 1
    while j < len(text):
        c = text[j]
        if c == "\\":
            j += 2
            continue
        if c == quote or c == "\n":
            return j + 1
        j += 1
    return j


def _skip_iri(text: str, i: int) -> int:
    """The index after an IRI ``<…>`` at ``i``, or ``i + 1`` if ``<`` is an operator there."""
    j = i + 1
    while j < len(text) and text[j] not in "<>\"{}|^`\\ \t\r\n":
        j += 1
    return j + 1 if j < len(text) and text[j] == ">" else i + 1


def depth(text: str) -> int:
    """The deepest nesting of braces, brackets and parentheses in a SPARQL text (outside strings, IRIs, comments)."""
    deepest = level = 0
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in "\"'":
            i = _skip_string(text, i)
            continue
        if c == "<":
            i = _skip_iri(text, i)
            continue
        if c == "#":
            end = text.find("\n", i)
            i = n if end == -1 else end + 1
            continue
        if c in _OPEN:
            level += 1
            deepest = max(deepest, level)
        elif c in _CLOSE:
            level = max(0, level - 1)
        i += 1
    return deepest


def refusal(text: str, limits: Limits) -> str | None:
    """Why the SPARQL text is refused (too long, nested too deeply), or None if the engine may see it."""
    size = len(text.encode("utf-8"))
    if limits.max_bytes and size > limits.max_bytes:
        return f"query of {size:,} bytes is longer than this endpoint accepts ({limits.max_bytes:,})"
    deepest = depth(text)
    if limits.max_depth and deepest > limits.max_depth:
        return f"query nests {deepest} levels deep; this endpoint accepts {limits.max_depth}"
    return None
