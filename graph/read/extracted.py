"""What a reader of a laid-out format (PDF, HWPX, HWP) hands to :mod:`graph.read.sources`.

A reader returns the document as text lines in reading order, with, per line,
where it stands in the file: the PDF page, or the HWPX/HWP locator (section,
paragraph, table and row). Running headers, footers and page numbers are not
lines of the text: they come back apart, in :attr:`Extracted.dropped`, so the
coverage report can count them as structure.
"""
from __future__ import annotations

from dataclasses import dataclass

#: How the cells of one table row are joined into one line: a pipe table row (``| a | b |``), which
#: the layout stage (:mod:`graph.read.layout`) reads as cells and a reader of the facts table sees as cells.
CELL_SEP = " | "


@dataclass(frozen=True, order=True)
class Dropped:
    """A line the reader recognised as page furniture and left out of the text.

    ``kind`` is ``running header``, ``running footer`` or ``page number``; ``page`` is the PDF
    page (1-based), or 0 where the format has no pages (an HWPX header counts once per section).
    ``where`` is the locator of the line (``page 3`` or ``section 1 header``).
    """

    page: int
    kind: str
    text: str
    where: str


@dataclass(frozen=True)
class Extracted:
    """A document read as lines: ``pages`` (PDF) or ``locators`` (HWPX) run parallel to ``lines``.

    ``units`` is the number of pages (PDF) or sections (HWPX, HWP). ``outline`` holds, for each
    line that is a heading of the document's own outline, its 1-based line number and level (1 =
    top).
    """

    format: str
    lines: tuple[str, ...]
    units: int
    pages: tuple[int, ...] | None = None
    locators: tuple[str, ...] | None = None
    dropped: tuple[Dropped, ...] = ()
    outline: tuple[tuple[int, int], ...] = ()


def cell_text(text: str) -> str:
    """One cell's text on one line: its lines and runs of white space become single spaces, and a ``|``
    in it becomes ``¦`` so it cannot split the cell."""
    return " ".join(text.split()).replace("|", "¦")


def table_row(cells: list[str]) -> str:
    """One table row as one line of text: ``| a | b |`` (empty cells keep their place)."""
    return "| " + CELL_SEP.join(cell_text(c) for c in cells) + " |"
