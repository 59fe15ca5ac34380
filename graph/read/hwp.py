"""Read an HWP 5 (binary, OLE compound file) document through hwpforge, then as HWPX.

hwpforge (MIT OR Apache-2.0, a Rust library with wheels for Linux, macOS and
Windows on CPython ≥ 3.9) converts an HWP 5 file into the HWPX package 한글 itself
would save, in memory; :mod:`graph.read.hwpx` then reads that package, so an
``.hwp`` report gives the same lines and locators as the same report saved as
``.hwpx``. pyhwp, the older reader, is AGPL-3.0 and is not used.

A file named ``.hwp`` that is really an HWPX package (a zip) is read as HWPX.
HWP 3 files, HWPML (XML) files, password-protected or distribution-only (배포용)
documents and damaged files stop with a one-line :class:`SourceError` that says
to save the report as HWPX or PDF.
"""
from __future__ import annotations

from pathlib import Path

from ..errors import SourceError
from .extracted import Extracted
from .hwpx import read_hwpx

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_SAVE_AS = "open it in 한글 and save it as HWPX (or PDF), then build"


def read_hwp(path: Path, data: bytes) -> Extracted:
    """The text of an HWP file's bytes (HWP 5, or an HWPX package under an .hwp name)."""
    if data.startswith(b"PK\x03\x04"):
        return read_hwpx(path, data)
    if data.startswith(b"HWP Document File V3"):
        raise SourceError(path, f"an HWP 3 file, which ydkg does not read: {_SAVE_AS}")
    if data.lstrip().startswith(b"<?xml") or data.lstrip().startswith(b"<HWPML"):
        raise SourceError(path, f"an HWPML (XML) file, which ydkg does not read: {_SAVE_AS}")
    if not data.startswith(OLE_MAGIC):
        raise SourceError(path, f"not an HWP 5 file (no OLE compound-file signature): {_SAVE_AS}")
    try:
        import hwpforge
    except ImportError:
        raise SourceError(path, f"HWP 5 needs the hwpforge package (pip install hwpforge), or {_SAVE_AS}") from None
    try:
        package = hwpforge.convert_hwp5(data).document.to_bytes()
    except Exception as exc:  # hwpforge.errors.HwpForgeError and its kin: the file is not a readable HWP 5
        reason = " ".join(str(exc).split("\n")[0].split())[:120] or type(exc).__name__
        raise SourceError(path, f"cannot read this HWP 5 file ({reason}): {_SAVE_AS}") from None
    return read_hwpx(path, package, fmt="hwp")
