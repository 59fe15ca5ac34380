"""``manifest.csv``: each report's year, kind and division, validated like code.

A manifest sits beside the reports it describes. Every cell is checked against
``data/rules/manifest.toml`` before anything is built: an unknown column or
``kind``, a duplicate file, a year that is not a plausible year, a short or long
row, a row naming a file that is not there. Each gives a one-line
:class:`~graph.errors.ManifestError` naming the manifest and its line.
"""
from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path

from .. import rules
from ..errors import ManifestError

MANIFEST = "manifest.csv"
_AS_OF = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def read_manifest(folder: Path) -> dict[str, dict[str, str]]:
    """Rows of ``manifest.csv`` in ``folder`` keyed by file name ({} if absent), each checked."""
    from .sources import decode

    path = folder / MANIFEST
    if not path.is_file():
        return {}
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ManifestError(path, f"cannot read: {exc.strerror or exc}") from None
    text, _ = decode(data, path)
    reader = csv.reader(io.StringIO(text))
    header = [h.strip() for h in next(reader, [])]
    _check_header(path, header)
    rows: dict[str, dict[str, str]] = {}
    first_line: dict[str, int] = {}
    for row in reader:
        n = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise ManifestError(path, f"line {n}: {len(row)} cells where the header has {len(header)}")
        cells = {k: v.strip() for k, v in zip(header, row)}
        name = cells["file"]
        if not name:
            raise ManifestError(path, f"line {n}: empty 'file' cell")
        if name in first_line:
            raise ManifestError(path, f"line {n}: {name} is listed twice (first on line {first_line[name]})")
        _check_row(path, n, cells)
        if not (folder / name).is_file():
            raise ManifestError(path, f"line {n}: no file {name} in {folder}")
        first_line[name] = n
        rows[name] = cells
    return rows


def _check_header(path: Path, header: list[str]) -> None:
    """Every required column present, every column known, none twice."""
    table = rules.load("manifest")
    known = set(table["required"]) | set(table["optional"])
    if not header or not any(header):
        raise ManifestError(path, "empty file: the first line must name the columns (file, report_year, …)")
    for col in table["required"]:
        if col not in header:
            raise ManifestError(path, f"line 1: no {col!r} column in the header")
    for col in header:
        if col not in known:
            raise ManifestError(path, f"line 1: unknown column {col!r} (known: {', '.join(sorted(known))})")
        if header.count(col) > 1:
            raise ManifestError(path, f"line 1: column {col!r} appears twice")


def _year(path: Path, n: int, column: str, value: str) -> int | None:
    """A cell that must be a plausible year (empty: None)."""
    if not value:
        return None
    table = rules.load("manifest")
    if not (value.isascii() and value.isdigit() and len(value) == 4):
        raise ManifestError(path, f"line {n}: {column} {value!r} is not a year")
    year = int(value)
    if not table["first_year"] <= year <= table["last_year"]:
        raise ManifestError(path, f"line {n}: {column} {year} is not a plausible year "
                                  f"({table['first_year']}–{table['last_year']})")
    return year


def _check_row(path: Path, n: int, cells: dict[str, str]) -> None:
    """The cells of one row: kind, years and as_of."""
    table = rules.load("manifest")
    kind = cells.get("kind", "")
    if kind and kind not in table["kinds"]:
        raise ManifestError(path, f"line {n}: unknown kind {kind!r} (known: {', '.join(table['kinds'])})")
    report_year = _year(path, n, "report_year", cells.get("report_year", ""))
    plan_year = _year(path, n, "plan_year", cells.get("plan_year", ""))
    if report_year and plan_year and not report_year <= plan_year <= report_year + table["plan_years_ahead"]:
        raise ManifestError(path, f"line {n}: plan_year {plan_year} does not follow report_year {report_year}")
    as_of = cells.get("as_of", "")
    if as_of:
        m = _AS_OF.match(as_of)
        try:
            if not m:
                raise ValueError
            date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))
        except ValueError:
            raise ManifestError(path, f"line {n}: as_of {as_of!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)") from None
