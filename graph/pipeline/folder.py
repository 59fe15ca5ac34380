"""The output folder of a build: one build at a time, a record of which build it holds.

A build holds ``OUT/.build.lock`` (an advisory ``flock``, released by the kernel
even when the build is killed) for as long as it writes, so a second build into
the same folder stops with a one-line error instead of mixing outputs. Holding
the lock, it removes what a killed build left (staging folders, temporary files
and stores), then writes ``OUT/build.json``: the build id, ``"state":
"building"``, the inputs and ``--year`` once it starts writing (a build that
fails before leaves the folder as it was). When every output is written, the
record becomes ``"complete"`` and lists the outputs.

The build id is a hash of the build's stamp (the sources' sha256, the inputs,
``--year`` and the code fingerprint, :mod:`graph.query.persist`), so the same
inputs give the same id and outputs stay byte-identical. ``kb.pickle``,
``brief.sqlite`` and ``store.stamp.json`` carry the stamp; readers trust them
only if :func:`build_id` of their stamp is the id of a complete record.
"""
from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from ..atomic import STAGING_PREFIX, atomic_write
from ..build_id import RECORD, BuildRecord, build_id, holds, read_record, unfinished  # noqa: F401 (re-exported)
from ..errors import OutputError

LOCK = ".build.lock"
#: Leftovers of a killed build inside OUT: staging folders, half-written files and stores.
_LEFTOVERS = (f"{STAGING_PREFIX}*", ".*.tmp", ".store.*", ".cache/.entry.*.tmp")


def _write_record(out: Path, record: BuildRecord) -> None:
    payload = {"build_id": record.build_id, "state": record.state, "inputs": record.inputs,
               "year": record.year, "outputs": sorted(record.outputs)}
    atomic_write(Path(out) / RECORD, json.dumps(payload, ensure_ascii=False, indent=1) + "\n")


def clean_leftovers(out: Path) -> list[Path]:
    """Remove what a killed build left inside ``OUT``; return what was removed."""
    removed = []
    for pattern in _LEFTOVERS:
        for path in sorted(Path(out).glob(pattern)):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                with contextlib.suppress(OSError):
                    path.unlink()
            removed.append(path)
    return removed


def _lock(out: Path) -> Any:
    """Open and lock ``OUT/.build.lock``; a one-line error if the folder is not writable or locked."""
    import fcntl

    try:
        out.mkdir(parents=True, exist_ok=True)
        fh = open(out / LOCK, "a+", encoding="utf-8")
    except OSError as exc:
        raise OutputError(f"{out}: cannot write the outputs here: {exc.strerror or exc}") from None
    try:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        fh.seek(0)
        holder = fh.read().strip() or "another process"
        fh.close()
        if exc.errno in (errno.EAGAIN, errno.EACCES):
            raise OutputError(f"{out}: another ydkg build ({holder}) is writing into this folder; "
                              "wait for it to finish or choose another --out") from None
        raise OutputError(f"{out}: cannot lock the folder: {exc.strerror or exc}") from None
    fh.seek(0)
    fh.truncate()
    fh.write(f"pid {os.getpid()}\n")
    fh.flush()
    return fh


class BuildFolder:
    """``OUT`` held by one build: :meth:`begin` before the first output is written, :meth:`finish` after the last.

    A build that fails before :meth:`begin` (a bad report) leaves the folder, its
    record included, as it was.
    """

    def __init__(self, out: Path, stamp: Any, inputs: Sequence[Path], year: int | None) -> None:
        self.out = Path(out)
        self.record = BuildRecord(build_id(stamp), "building", [str(Path(p).resolve()) for p in inputs], year)

    def begin(self) -> None:
        """Record that this build is now writing (readers stop trusting the old outputs)."""
        try:
            _write_record(self.out, self.record)
        except OSError as exc:
            raise OutputError(f"{self.out}: cannot write the outputs here: {exc.strerror or exc}") from None

    def finish(self, written: Sequence[Path]) -> Path:
        """Mark the build complete, listing its outputs (relative to ``OUT``)."""
        out = self.out
        self.record.state = "complete"
        self.record.outputs = sorted({Path(p).relative_to(out).as_posix() if Path(p).is_relative_to(out)
                                      else Path(p).name for p in written} | {RECORD})
        _write_record(out, self.record)
        return out / RECORD


@contextlib.contextmanager
def build_folder(out: Path, stamp: Any, inputs: Sequence[Path], year: int | None) -> Iterator[BuildFolder]:
    """Hold ``OUT`` for one build: lock it and clean a killed build's leftovers.

    Until :meth:`BuildFolder.finish`, readers that see the record of an
    unfinished build do not trust the folder's stores.
    """
    out = Path(out)
    fh = _lock(out)
    try:
        clean_leftovers(out)
        yield BuildFolder(out, stamp, inputs, year)
    finally:
        fh.close()  # closing releases the lock; the file stays (an empty lock is harmless)
