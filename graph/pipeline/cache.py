"""A per-report extraction cache for incremental builds.

Each report's parse → extract result (claims, used lines, coverage rows,
warnings; see :class:`graph.pipeline.report.ReportResult`) is pickled under
``OUT/.cache/<fingerprint>/<key>.pickle``. The key hashes the report's bytes
(sha256), its metadata and the default district; the fingerprint hashes the
code and the rules that extraction depends on (``graph/*.py``,
``graph/extract/*.py``, ``data/rules/*.toml``, ``data/gazetteer/*.toml``), so
changing any of them starts a fresh cache. Entries of older fingerprints are
removed when a new one is opened.

The cache is an optimisation only: an unreadable or mismatched entry counts
as a miss, and a failed write is ignored.
"""
from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import pickle
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from ..build_id import CACHE_FORMAT as FORMAT, code_fingerprint, fingerprint_files  # noqa: F401 (re-exported)
from ..model.statements import ReportMeta

if TYPE_CHECKING:
    from .report import ReportResult

CACHE_DIRNAME = ".cache"
STATS_FILE = "last-build.json"


def report_key(meta: ReportMeta, default_district: str | None) -> str:
    """The cache key of one report: its bytes' sha256, its metadata and the default district."""
    doc = {"meta": dataclasses.asdict(meta), "district": default_district}
    text = json.dumps(doc, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class ExtractionCache:
    """Pickled :class:`ReportResult` entries in one folder per code fingerprint.

    ``hits`` and ``misses`` count lookups; ``stored`` counts entries written.
    """

    def __init__(self, root: Path, fingerprint: str | None = None) -> None:
        self.root = Path(root)
        self.fingerprint = fingerprint or code_fingerprint()
        self.folder = self.root / self.fingerprint
        self.hits = 0
        self.misses = 0
        self.stored = 0
        self._pruned = False

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.pickle"

    def get(self, key: str) -> "ReportResult | None":
        """The cached result for ``key``, or None (a miss)."""
        try:
            with open(self._path(key), "rb") as fh:
                stored_key, result = pickle.load(fh)
        except FileNotFoundError:
            self.misses += 1
            return None
        except Exception:  # a truncated or foreign entry is only a miss
            self.misses += 1
            return None
        if stored_key != key:
            self.misses += 1
            return None
        self.hits += 1
        return result

    def put(self, key: str, result: "ReportResult") -> None:
        """Store ``result`` under ``key`` (atomically; errors are ignored)."""
        try:
            self._prune()
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".entry.", suffix=".tmp", dir=self.folder)
            try:
                with os.fdopen(fd, "wb") as fh:
                    pickle.dump((key, result), fh, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(tmp, self._path(key))
                self.stored += 1
            except BaseException:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(tmp)
                raise
        except OSError:
            pass

    def retain(self, keys: set[str]) -> int:
        """Remove the entries of this fingerprint whose key is not in ``keys`` (edited or removed
        reports); return how many were removed."""
        removed = 0
        if not self.folder.is_dir():
            return 0
        for path in self.folder.glob("*.pickle"):
            if path.stem not in keys:
                with contextlib.suppress(OSError):
                    path.unlink()
                    removed += 1
        return removed

    def _prune(self) -> None:
        """Remove the folders of other fingerprints (once per cache object)."""
        if self._pruned:
            return
        self._pruned = True
        if not self.root.is_dir():
            return
        for child in self.root.iterdir():
            if child.is_dir() and child.name != self.fingerprint:
                shutil.rmtree(child, ignore_errors=True)

    def stats(self) -> dict[str, int]:
        """Hits, misses and entries written so far."""
        return {"hits": self.hits, "misses": self.misses, "stored": self.stored}

    def save_stats(self) -> None:
        """Write :meth:`stats` of this build to ``ROOT/last-build.json`` (errors are ignored)."""
        with contextlib.suppress(OSError):
            self.root.mkdir(parents=True, exist_ok=True)
            (self.root / STATS_FILE).write_text(json.dumps(self.stats()) + "\n", encoding="utf-8")


def last_stats(root: Path) -> dict[str, int] | None:
    """The hits/misses/stored counts of the last build that used the cache at ``root``."""
    try:
        return json.loads((Path(root) / STATS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
