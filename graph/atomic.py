"""Writing outputs safely: a file is written to a temporary sibling, then renamed.

A failure half-way never leaves a truncated or mixed output behind, and an
existing output stays as it was until its replacement is complete.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO


@contextlib.contextmanager
def atomic_open(path: Path, mode: str = "w", encoding: str | None = "utf-8") -> Iterator[IO]:
    """Open a temporary file beside ``path``; rename it over ``path`` on success."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        from .errors import OutputError

        raise OutputError(f"{path}: cannot write: {exc.strerror or exc}") from None
    os.close(fd)
    try:
        kwargs = {"newline": ""} if "b" not in mode else {}
        with open(tmp, mode, encoding=None if "b" in mode else encoding, **kwargs) as fh:
            yield fh
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write ``data`` (text as UTF-8, or bytes) to ``path`` atomically."""
    if isinstance(data, bytes):
        with atomic_open(path, "wb") as fh:
            fh.write(data)
    else:
        with atomic_open(path, "w") as fh:
            fh.write(data)


#: Name prefix of the temporary folders and files a build writes inside its output folder.
STAGING_PREFIX = ".staging."


@contextlib.contextmanager
def staging_dir(out: Path) -> Iterator[Path]:
    """A temporary folder inside ``out`` (``.staging.*``) whose files replace those in ``out`` on success.

    Files are moved in one by one with :func:`os.replace`; files in ``out``
    that the build did not produce are left alone. A folder a killed build
    left is removed by the next build (:mod:`graph.pipeline.folder`).
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out))
    try:
        yield tmp
        out.mkdir(parents=True, exist_ok=True)
        for src in sorted(tmp.rglob("*")):
            if src.is_file():
                dest = out / src.relative_to(tmp)
                dest.parent.mkdir(parents=True, exist_ok=True)
                os.replace(src, dest)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
