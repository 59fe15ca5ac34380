"""What identifies a build: the fingerprint of the code and rules, the id of a build's stamp, and the
record (``OUT/build.json``) saying which build an output folder holds and whether it finished.

Both the pipeline that writes a build (:mod:`graph.pipeline.folder`, :mod:`graph.pipeline.cache`)
and the readers of what it keeps (:mod:`graph.query.persist`) need them, so they live below both.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .resources import GAZETTEER_DIR, ONTOLOGY_FILE, ROOT, RULES_DIR

#: Bump when the layout of an extraction cache entry changes.
CACHE_FORMAT = 4
RECORD = "build.json"


def fingerprint_files() -> list[Path]:
    """The files whose content the extraction (and the pickled records) depend on, and the ontology and
    RDF mapping that the persisted store holds the output of (a store built before either changed is
    not fresh: it may lack a term a named query reads)."""
    graph_dir = ROOT / "graph"
    stages = ("", "read", "parse", "extract", "model", "build")
    files = [*(p for s in stages for p in (graph_dir / s).glob("*.py")), graph_dir / "export" / "rdf.py",
             ONTOLOGY_FILE, *RULES_DIR.glob("*.toml"), *GAZETTEER_DIR.glob("*.toml")]
    return sorted(p for p in files if p.is_file())


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of the code and rules extraction depends on (hex, 16 characters)."""
    h = hashlib.sha256(f"ydkg-cache-{CACHE_FORMAT}".encode())
    for p in fingerprint_files():
        h.update(p.relative_to(ROOT).as_posix().encode("utf-8") + b"\0")
        h.update(hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()[:16]


def build_id(stamp: Any) -> str:
    """The id of the build a stamp describes (16 hex digits)."""
    text = json.dumps(stamp, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass
class BuildRecord:
    """What ``OUT/build.json`` says: which build the folder holds, and whether it finished."""

    build_id: str
    state: str  # "building" or "complete"
    inputs: list[str] = field(default_factory=list)
    year: int | None = None
    outputs: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """True once every output of the build was written."""
        return self.state == "complete"


def read_record(out: Path) -> BuildRecord | None:
    """``OUT/build.json``, or None if absent or unreadable (a folder written before records existed)."""
    try:
        data = json.loads((Path(out) / RECORD).read_text(encoding="utf-8"))
        return BuildRecord(str(data["build_id"]), str(data["state"]), list(data.get("inputs", [])),
                           data.get("year"), list(data.get("outputs", [])))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def holds(out: Path, stamp: Any) -> bool:
    """True if ``OUT`` holds the complete build ``stamp`` describes (or keeps no record at all)."""
    record = read_record(out)
    if record is None:
        return not (Path(out) / RECORD).exists()
    return record.complete and record.build_id == build_id(stamp)


def unfinished(out: Path) -> BuildRecord | None:
    """The record of ``OUT`` if the build it names did not finish (killed, or still running)."""
    record = read_record(out)
    return record if record is not None and not record.complete else None
