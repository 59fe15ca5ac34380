"""Reading source reports: discovery, decoding, manifest.

Reports come as text (``.txt``, ``.md``: UTF-8 with or without BOM, UTF-16 or
CP949/EUC-KR) or as published: PDF (:mod:`graph.read.pdf`), HWPX
(:mod:`graph.read.hwpx`) and HWP 5 (:mod:`graph.read.hwp`), each read into text
lines in reading order. Anything that is empty, binary, undecodable, damaged,
locked or without text raises :class:`SourceError` naming the file, before any
output is touched.
"""
from __future__ import annotations

import hashlib
import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..errors import SourceError
from .extracted import Dropped, Extracted

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


def _is_report_file(entry: os.DirEntry) -> bool:
    """True for a regular file (or a link to one); a link that leads nowhere is an error, not a skip."""
    try:
        if entry.is_file():
            return True
    except OSError:  # a loop of links
        raise SourceError(entry.path, "a symbolic link that leads nowhere (a loop, or its target is gone)") from None
    if entry.is_symlink() and not os.path.exists(entry.path):
        raise SourceError(entry.path, "a symbolic link that leads nowhere (a loop, or its target is gone)")
    return False


def discover(paths: list[Path]) -> list[Path]:
    """Expand files and folders into a sorted list of reports (``.txt``, ``.md``, ``.pdf``, ``.hwpx``, ``.hwp``)."""
    found: list[Path] = []
    for p in paths:
        if p.is_dir():
            try:
                with os.scandir(p) as entries:  # one pass, no stat per file (thousands of reports)
                    names = sorted(e.name for e in entries if _accepted(e.name) and _is_report_file(e))
            except OSError as exc:
                raise SourceError(p, f"cannot read the folder: {exc.strerror or exc}") from None
            found.extend(p / name for name in names)
        elif p.is_file():
            found.append(p)
        elif p.is_symlink():
            raise SourceError(p, "a symbolic link that leads nowhere (a loop, or its target is gone)")
        elif p.exists():
            raise SourceError(p, "not a regular file or folder")
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


@dataclass
class Limits:
    """The largest report a build reads, in bytes (``--max-report-mb``; 0: no limit).

    A text report's limit is 50 times the largest real one (under 100 KB); a PDF,
    HWPX or HWP file also holds fonts and pictures, so its limit is larger.
    """

    text_bytes: int = 5_000_000
    file_bytes: int = 100_000_000


#: The limits in force (the CLI sets them from ``--max-report-mb``).
LIMITS = Limits()


def set_max_report_mb(mb: float | None) -> None:
    """Set the size limit of a text report (a laid-out file's stays 20 times it); 0 lifts both."""
    if mb is None:
        return
    LIMITS.text_bytes = int(mb * 1_000_000)
    LIMITS.file_bytes = int(mb * 20_000_000)


def _check_size(path: Path, size: int, laid_out: bool) -> None:
    limit = LIMITS.file_bytes if laid_out else LIMITS.text_bytes
    if limit and size > limit:
        raise SourceError(path, f"{size / 1e6:.1f} MB, above the limit of {limit / 1e6:g} MB per "
                                f"{'file' if laid_out else 'text report'}; split it, or raise --max-report-mb")


def read_source(path: Path) -> SourceText:
    """Read one report file: decode a text report, or read a PDF, HWPX or HWP one from its layout."""
    fmt = LAID_OUT.get(path.suffix.lower())
    try:
        _check_size(path, path.stat().st_size, fmt is not None)
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(path, f"cannot read: {exc.strerror or exc}") from None
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
