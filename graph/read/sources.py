"""Reading source reports: discovery, decoding, manifest.

Reports come as text (``.txt``, ``.md``: UTF-8 with or without BOM, UTF-16 or
CP949/EUC-KR) or as published: PDF (:mod:`graph.read.pdf`), HWPX
(:mod:`graph.read.hwpx`) and HWP 5 (:mod:`graph.read.hwp`), each read into text
lines in reading order. Anything that is empty, binary, undecodable, damaged,
locked or without text raises :class:`SourceError` naming the file, before any
output is touched.
"""
from __future__ import annotations

import csv
import hashlib
import io
import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..errors import ManifestError, SourceError
from .extracted import Dropped, Extracted

MANIFEST = "manifest.csv"
_CODECS = ("utf-8", "cp949")
#: The file name endings a folder is searched for (a file named on the command line is read whatever its name).
EXTENSIONS = (".txt", ".md", ".pdf", ".hwpx", ".hwp")
#: Formats read from their layout, by file name ending (lower case); any other file is read as text.
LAID_OUT = {".pdf": "pdf", ".hwpx": "hwpx", ".hwp": "hwp"}


@dataclass(frozen=True)
class SourceText:
    """One decoded report: its file name, lines (1-based via ``line(n)``) and checksum.

    A text report has only the first five fields. A PDF, HWPX or HWP report also
    has its ``format``, the number of its pages or sections (``units``), the page
    (``pages``) or locator (``locators``) of each line, the running headers,
    footers and page numbers left out of the lines (``dropped``), and the lines
    that head the document's own outline with their level (``outline``).
    """

    name: str
    path: Path
    lines: tuple[str, ...]
    encoding: str
    sha256: str
    format: str = "txt"
    units: int = 0
    pages: tuple[int, ...] | None = None
    locators: tuple[str, ...] | None = None
    dropped: tuple[Dropped, ...] = ()
    outline: tuple[tuple[int, int], ...] = ()

    def line(self, number: int) -> str:
        """The text of 1-based line ``number``."""
        return self.lines[number - 1]

    def page(self, number: int) -> int | None:
        """The PDF page of 1-based line ``number`` (None for other formats)."""
        return self.pages[number - 1] if self.pages is not None and 0 < number <= len(self.pages) else None

    def where(self, number: int) -> str | None:
        """Where 1-based line ``number`` stands in the file: ``page 3``, ``section 1 paragraph 12`` … (None for text)."""
        if self.locators is not None and 0 < number <= len(self.locators):
            return self.locators[number - 1]
        page = self.page(number)
        return f"page {page}" if page is not None else None


#: Markdown files a folder holds beside its reports that are about the folder, not reports: skipped
#: when a folder is searched (a file named on the command line is still read).
FOLDER_DOCS = frozenset({"readme", "changelog", "license", "licence", "contributing", "notes", "index"})


def _accepted(name: str) -> bool:
    lower = name.lower()
    if lower.endswith(".md") and lower[:-3] in FOLDER_DOCS:
        return False  # a folder's README.md is its documentation (shared/devset/ has one)
    return lower.endswith(EXTENSIONS)


def discover(paths: list[Path]) -> list[Path]:
    """Expand files and folders into a sorted list of reports (``.txt``, ``.md``, ``.pdf``, ``.hwpx``, ``.hwp``)."""
    found: list[Path] = []
    for p in paths:
        if p.is_dir():
            with os.scandir(p) as entries:  # one pass, no stat per file (thousands of reports)
                names = sorted(e.name for e in entries if _accepted(e.name) and e.is_file())
            found.extend(p / name for name in names)
        elif p.is_file():
            found.append(p)
        else:
            raise SourceError(p, "no such file or folder")
    if not found:
        raise SourceError(", ".join(map(str, paths)) or ".",
                          f"no reports found (looked for {', '.join(EXTENSIONS)} files)")
    seen: dict[str, Path] = {}
    for p in found:
        if p.name in seen and seen[p.name].resolve() != p.resolve():
            raise SourceError(p, f"two sources share the file name {p.name!r}")
        seen[p.name] = p
    return sorted(seen.values(), key=lambda q: q.name)


def _looks_binary(data: bytes) -> bool:
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    sample = data[:4096]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > max(8, len(sample) // 50)


def decode(data: bytes, path: Path) -> tuple[str, str]:
    """Decode report bytes, returning (text, encoding name)."""
    if not data.strip():
        raise SourceError(path, "empty file")
    if data.startswith(b"\xef\xbb\xbf"):
        candidates: tuple[str, ...] = ("utf-8-sig",)
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ("utf-16",)
    elif _looks_binary(data):
        raise SourceError(path, "binary file, not a text report")
    else:
        candidates = _CODECS
    for codec in candidates:
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError:
            continue
    raise SourceError(path, "cannot decode as UTF-8 or CP949/EUC-KR text")


def read_source(path: Path) -> SourceText:
    """Read one report file: decode a text report, or read a PDF, HWPX or HWP one from its layout."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(path, f"cannot read: {exc.strerror or exc}") from None
    fmt = LAID_OUT.get(path.suffix.lower())
    if fmt is not None:
        return _laid_out(path, data, fmt)
    text, codec = decode(data, path)
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise SourceError(path, "empty file")
    return SourceText(
        name=path.name,
        path=path,
        lines=tuple(text.split("\n")),
        encoding=codec,
        sha256=hashlib.sha256(data).hexdigest(),
    )


def _read_format(path: Path, data: bytes, fmt: str) -> Extracted:
    """Dispatch to the reader of ``fmt`` (imported only when a file of that format is read)."""
    if fmt == "pdf":
        from .pdf import read_pdf

        return read_pdf(path, data)
    if fmt == "hwpx":
        from .hwpx import read_hwpx

        return read_hwpx(path, data)
    from .hwp import read_hwp

    return read_hwp(path, data)


def _laid_out(path: Path, data: bytes, fmt: str) -> SourceText:
    """A PDF, HWPX or HWP report as a :class:`SourceText` with its pages or locators."""
    if not data.strip():
        raise SourceError(path, "empty file")
    doc = _read_format(path, data, fmt)
    lines = tuple(unicodedata.normalize("NFC", " ".join(t.replace("\r", " ").split("\n"))) for t in doc.lines)
    if not any(t.strip() for t in lines):
        raise SourceError(path, f"no text in this {fmt.upper()} file")
    return SourceText(
        name=path.name,
        path=path,
        lines=lines,
        encoding=doc.format,
        sha256=hashlib.sha256(data).hexdigest(),
        format=doc.format,
        units=doc.units,
        pages=doc.pages,
        locators=doc.locators,
        dropped=doc.dropped,
        outline=doc.outline,
    )


def read_manifest(folder: Path) -> dict[str, dict[str, str]]:
    """Rows of ``manifest.csv`` in ``folder`` keyed by file name ({} if absent)."""
    path = folder / MANIFEST
    if not path.is_file():
        return {}
    text, _ = decode(path.read_bytes(), path)
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "file" not in reader.fieldnames:
        raise ManifestError(path, "no 'file' column in the header")
    rows: dict[str, dict[str, str]] = {}
    for n, row in enumerate(reader, start=2):
        name = (row.get("file") or "").strip()
        if not name:
            raise ManifestError(path, f"line {n}: empty 'file' cell")
        year = (row.get("report_year") or "").strip()
        if year and not (year.isdigit() and len(year) == 4):
            raise ManifestError(path, f"line {n}: report_year {year!r} is not a year")
        rows[name] = {k: (v or "").strip() for k, v in row.items() if k}
    return rows
