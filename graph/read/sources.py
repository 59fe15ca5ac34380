"""Reading source reports: discovery, decoding, manifest.

Government files come as UTF-8 (with or without BOM), UTF-16 or CP949/EUC-KR.
Anything that is empty, binary or undecodable raises :class:`SourceError`
naming the file, before any output is touched.
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

MANIFEST = "manifest.csv"
_CODECS = ("utf-8", "cp949")


@dataclass(frozen=True)
class SourceText:
    """One decoded report: its file name, lines (1-based via ``line(n)``) and checksum."""

    name: str
    path: Path
    lines: tuple[str, ...]
    encoding: str
    sha256: str

    def line(self, number: int) -> str:
        """The text of 1-based line ``number``."""
        return self.lines[number - 1]


def discover(paths: list[Path]) -> list[Path]:
    """Expand files and folders into a sorted list of ``.txt`` reports."""
    found: list[Path] = []
    for p in paths:
        if p.is_dir():
            with os.scandir(p) as entries:  # one pass, no stat per file (thousands of reports)
                names = sorted(e.name for e in entries if e.name.endswith(".txt") and e.is_file())
            found.extend(p / name for name in names)
        elif p.is_file():
            found.append(p)
        else:
            raise SourceError(p, "no such file or folder")
    if not found:
        raise SourceError(", ".join(map(str, paths)) or ".", "no .txt reports found")
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
    """Read and decode one report file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(path, f"cannot read: {exc.strerror or exc}") from None
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
