"""What a build keeps so that ``brief``, ``query`` and ``viz`` need not re-parse the corpus.

``ydkg build --out OUT`` writes, besides the outputs:

- ``OUT/kb.pickle``: a stamp, then the :class:`KnowledgeBase` (two pickles in
  one file, written atomically), for ``brief`` and ``viz``;
- ``OUT/store/``: a pyoxigraph store on disk holding the dataset and the
  ontology graph (built in a temporary folder, then renamed), for ``query``;
  its stamp is ``OUT/store.stamp.json``, written last.

A stamp records the sources (every report and ``manifest.csv``, with its
sha256), the inputs they were discovered from, ``--year`` and the code
fingerprint of :mod:`graph.cache`. :func:`load_kb` and
:func:`open_persisted_store` return None when the files are absent or their
stamp no longer matches: a report edited, added or removed, or the code or
rules changed. Callers then build from the sources as before.
"""
from __future__ import annotations

import contextlib
import dataclasses
import gc
import hashlib
import json
import os
import pickle
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .atomic import atomic_open, atomic_write
from .model import KnowledgeBase

KB_FILE = "kb.pickle"
STORE_DIR = "store"
STORE_STAMP = "store.stamp.json"
#: Bump when the layout of the persisted files changes.
FORMAT = 1


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def source_files(sources: Iterable[Path]) -> list[Path]:
    """The reports ``sources`` name (as the build discovers them), plus each folder's ``manifest.csv``."""
    from .sources import MANIFEST, discover

    files = discover([Path(p) for p in sources])
    manifests = {p.parent / MANIFEST for p in files}
    return sorted({p.resolve() for p in files} | {m.resolve() for m in manifests if m.is_file()})


def make_stamp(sources: Iterable[Path], year: int | None = None) -> dict[str, Any]:
    """The stamp of a build from ``sources``: files and their sha256, inputs, year, code fingerprint."""
    from .cache import code_fingerprint

    sources = [Path(p) for p in sources]
    return {
        "format": FORMAT,
        "fingerprint": code_fingerprint(),
        "year": year,
        "inputs": [str(p.resolve()) for p in sources],
        "files": {str(p): _sha256(p) for p in source_files(sources)},
    }


def is_fresh(stamp: Any, sources: Iterable[Path] | None = None, year: int | None = None) -> bool:
    """True if ``stamp`` still matches the sources on disk and the code.

    With ``sources``, they must also be the very files the stamp was made
    from; without, the stamp's own inputs are checked.
    """
    from .cache import code_fingerprint
    from .errors import YdkgError

    if not isinstance(stamp, dict) or stamp.get("format") != FORMAT:
        return False
    if stamp.get("fingerprint") != code_fingerprint() or stamp.get("year") != year:
        return False
    inputs = [Path(p) for p in sources] if sources is not None else [Path(p) for p in stamp.get("inputs", [])]
    try:
        files = source_files(inputs)
    except (YdkgError, OSError):
        return False
    recorded = stamp.get("files") or {}
    if [str(p) for p in files] != sorted(recorded):
        return False
    try:
        return all(_sha256(p) == recorded[str(p)] for p in files)
    except OSError:
        return False


def _default_sources(sources: Iterable[Path] | None) -> list[Path]:
    from .resources import SOURCES_DIR

    return [Path(p) for p in sources] if sources else [SOURCES_DIR]


# -------------------------------------------------------------------- the knowledge base

def save_kb(kb: KnowledgeBase, out: Path, sources: Iterable[Path] | None = None, year: int | None = None,
            stamp: dict[str, Any] | None = None) -> Path:
    """Write ``OUT/kb.pickle`` atomically: the stamp of ``sources`` (default: the embedded corpus),
    the knowledge base without its coverage rows, then the coverage rows (read only on demand)."""
    stamp = stamp or make_stamp(_default_sources(sources), year)
    path = Path(out) / KB_FILE
    with atomic_open(path, "wb") as fh:
        pickle.dump(stamp, fh, protocol=pickle.HIGHEST_PROTOCOL)
        pickle.dump(dataclasses.replace(kb, coverage=[]), fh, protocol=pickle.HIGHEST_PROTOCOL)
        pickle.dump(kb.coverage, fh, protocol=pickle.HIGHEST_PROTOCOL)
    return path


def load_kb(out: Path, sources: Iterable[Path] | None = None, year: int | None = None,
            coverage: bool = True) -> KnowledgeBase | None:
    """The knowledge base saved in ``OUT/kb.pickle``; None if absent, unreadable or stale.

    With ``sources``, the saved build must have been made from exactly those
    files; without, from its own recorded inputs as they are now. With
    ``coverage=False`` the coverage rows (unused by briefings and pages) are
    not read. The loaded objects are long-lived: they are moved out of the
    cyclic garbage collector's way (``gc.freeze``), which halves the time of
    what follows (e.g. ``to_networkx``) on big graphs.
    """
    path = Path(out) / KB_FILE
    enabled = gc.isenabled()
    gc.disable()  # unpickling millions of objects: 3× faster without collections
    try:
        with open(path, "rb") as fh:
            stamp = pickle.load(fh)
            if not is_fresh(stamp, sources, year):
                return None
            kb = pickle.load(fh)
            if coverage and isinstance(kb, KnowledgeBase):
                kb.coverage = pickle.load(fh)
    except FileNotFoundError:
        return None
    except Exception:  # truncated, or pickled by incompatible code
        return None
    finally:
        if enabled:
            gc.enable()
    if not isinstance(kb, KnowledgeBase):
        return None
    gc.freeze()
    return kb


def kb_is_fresh(out: Path, sources: Iterable[Path] | None = None, year: int | None = None) -> bool:
    """True if ``OUT/kb.pickle`` exists and its stamp matches (reads the stamp only, not the kb)."""
    try:
        with open(Path(out) / KB_FILE, "rb") as fh:
            return is_fresh(pickle.load(fh), sources, year)
    except Exception:
        return False


# -------------------------------------------------------------------- the oxigraph store

def save_store(kb: KnowledgeBase, out: Path, sources: Iterable[Path] | None = None, year: int | None = None,
               stamp: dict[str, Any] | None = None, dataset: Path | None = None) -> Path:
    """Write ``OUT/store/`` (dataset + ontology graph) via a temporary folder, then its stamp.

    ``dataset`` is the build's ``dataset.trig`` if already written: oxigraph
    then bulk-loads that file (the same quads) instead of mapping ``kb`` again.
    """
    from .store import OxigraphStore

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    stamp = stamp or make_stamp(_default_sources(sources), year)
    final = out / STORE_DIR
    tmp = Path(tempfile.mkdtemp(prefix=f".{STORE_DIR}.", dir=out))
    os.chmod(tmp, 0o755)
    old: Path | None = None
    try:
        st = OxigraphStore.from_file(dataset, tmp) if dataset is not None else OxigraphStore.from_kb(kb, tmp)
        st.store.optimize()  # compacted: ~30% faster reads when reopened
        st.store.flush()
        del st
        gc.collect()  # the store closes when its last reference goes
        with contextlib.suppress(FileNotFoundError):
            os.unlink(out / STORE_STAMP)
        if final.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{STORE_DIR}.old.", dir=out))
            os.replace(final, old / STORE_DIR)
        os.replace(tmp, final)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    atomic_write(out / STORE_STAMP, json.dumps(stamp, ensure_ascii=False, indent=1) + "\n")
    return final


def store_is_fresh(out: Path, sources: Iterable[Path] | None = None, year: int | None = None) -> bool:
    """True if ``OUT/store/`` exists and its stamp matches the sources and the code."""
    out = Path(out)
    try:
        stamp = json.loads((out / STORE_STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (out / STORE_DIR).is_dir() and is_fresh(stamp, sources, year)


def open_persisted_store(out: Path, sources: Iterable[Path] | None = None, year: int | None = None):
    """The persisted store of ``OUT`` opened read-only (an ``OxigraphStore``), or None if absent or stale."""
    import pyoxigraph as ox

    from .store import OxigraphStore

    out = Path(out)
    if not store_is_fresh(out, sources, year):
        return None
    try:
        return OxigraphStore(ox.Store.read_only(str(out / STORE_DIR)))
    except OSError:
        return None


def save_all(kb: KnowledgeBase, out: Path, sources: Iterable[Path] | None = None,
             year: int | None = None, dataset: Path | None = None) -> list[Path]:
    """Write ``kb.pickle`` and ``store/`` (with one stamp) for the build of ``sources`` into ``out``."""
    stamp = make_stamp(_default_sources(sources), year)
    return [save_kb(kb, out, stamp=stamp), save_store(kb, out, stamp=stamp, dataset=dataset)]
