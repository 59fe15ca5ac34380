"""What a build keeps so that ``brief``, ``query`` and ``viz`` need not re-parse the corpus.

``ydkg build --out OUT`` writes, besides the outputs:

- ``OUT/kb.pickle``: a stamp, then the :class:`KnowledgeBase` (two pickles in
  one file, written atomically), for ``brief`` and ``viz``;
- ``OUT/brief.sqlite``: beside it and with the same stamp, the knowledge base
  indexed for briefings (:class:`BriefIndex`: names, nodes, the statements
  touching each node), so that ``ydkg brief`` reads only what one briefing
  needs instead of unpickling the whole knowledge base;
- ``OUT/store/``: a pyoxigraph store on disk holding the dataset and the
  ontology graph (built in a temporary folder, then renamed), for ``query``;
  its stamp is ``OUT/store.stamp.json``, written last.

A stamp records the sources (every report and ``manifest.csv``, with its
sha256), the inputs they were discovered from, ``--year`` and the code
fingerprint of :mod:`graph.build_id`. Checking a stamp hashes the sources again,
except those whose size, times and inode are as ``OUT/.cache/sources-stat.json``
recorded them at the build (as git's index does; a file changed within two
seconds before that record is always hashed), so that ``ydkg brief`` on
thousands of reports does not read them all. :func:`load_kb` and
:func:`open_persisted_store` return None when the files are absent or their
stamp no longer matches: a report edited, added or removed, or the code or
rules changed. Callers then build from the sources as before.
:func:`open_brief_index` also requires ``brief.sqlite`` to carry the stamp of
``kb.pickle`` and the ontology it was written with.
"""
from __future__ import annotations

import contextlib
import dataclasses
import gc
import hashlib
import io
import json
import os
import pickle
import sqlite3
import time
from array import array
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from viz.focus import NameIndex, from_le, le_bytes

from ..atomic import atomic_open, atomic_write
from ..export.persisted_store import STORE_DIR, STORE_STAMP, StoreLoader, install_store
from ..build_id import holds
from .brief import BriefData, KbData
from ..model.statements import Citation, KnowledgeBase, Statement, When

KB_FILE = "kb.pickle"
BRIEF_FILE = "brief.sqlite"
#: Bump when the layout of the persisted files changes.
FORMAT = 1
#: Bump when the tables of ``brief.sqlite`` change.
BRIEF_FORMAT = 3


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


#: Per source file: its [size, mtime_ns, ctime_ns, inode, sha256] when the build stamped it.
STAT_MEMO = Path(".cache") / "sources-stat.json"
#: A file changed this close before its stat was recorded may change again unseen by its stat.
_RACY_NS = 2_000_000_000


def _stat_key(path: Path) -> list[int]:
    st = os.stat(path)
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


def _read_memo(out: Path | None) -> dict[str, list]:
    """The stat memo of ``OUT`` ({} if none, unreadable or not one)."""
    if out is None:
        return {}
    try:
        memo = json.loads((Path(out) / STAT_MEMO).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return memo if isinstance(memo, dict) else {}


def _digest(path: Path, memo: Mapping[str, list]) -> str:
    """The sha256 of ``path``: the memo's when its stat is unchanged, else read from the file."""
    rec = memo.get(str(path))
    if isinstance(rec, list) and len(rec) == 5 and rec[:4] == _stat_key(path):
        return rec[4]
    return _sha256(path)


def source_files(sources: Iterable[Path]) -> list[Path]:
    """The reports ``sources`` name (as the build discovers them), plus each folder's ``manifest.csv``.

    Each path is resolved, its folder once (not the file, unless a symlink); the work is done on
    strings, as ``pathlib`` costs more than the system calls over thousands of reports.
    """
    from ..read.manifest import MANIFEST
    from ..read.sources import discover

    folders: dict[str, str] = {}

    def resolved(path: str) -> str:
        if os.path.islink(path):
            return os.path.realpath(path)
        head, name = os.path.split(path)
        folder = folders.get(head)
        if folder is None:
            folder = folders[head] = os.path.realpath(head or os.curdir)
        return os.path.join(folder, name)

    files = [str(p) for p in discover([Path(p) for p in sources])]
    manifests = {os.path.join(os.path.dirname(p), MANIFEST) for p in files}
    found = {resolved(p) for p in files} | {resolved(m) for m in manifests if os.path.isfile(m)}
    return [Path(p) for p in sorted(found, key=lambda p: p.split(os.sep))]  # Path order


def review_stamp(review: Iterable[Path] | None) -> dict[str, Any]:
    """What a build's judgements were: the files or folders named (``None``: ``data/review/``) and
    each judgement file's sha256, so that editing, adding or removing one makes the outputs stale."""
    from ..model.judgements import review_files, review_paths

    paths = review_paths(review)
    try:
        files = {str(p.resolve()): _sha256(p) for p in review_files(paths)}
    except Exception:  # a folder gone or unreadable: nothing matches it
        files = {"?": "missing"}
    return {"inputs": [str(p.resolve()) for p in paths], "files": files}


def stamp_sources(sources: Iterable[Path], year: int | None = None,
                  out: Path | None = None, review: Iterable[Path] | None = None) -> tuple[dict[str, Any], dict[str, list]]:
    """The stamp of a build from ``sources``, and the stat memo of its files (see :data:`STAT_MEMO`).

    ``review`` names the build's judgement files (``None``: ``data/review/``; see :func:`review_stamp`).

    Files whose stat ``OUT``'s memo holds unchanged are not hashed again. Each
    file's stat is taken before it is hashed; a file changed in the two seconds
    before that is left out of the memo. Write the memo with :func:`save_memo`
    once the build has succeeded.
    """
    from ..build_id import code_fingerprint

    sources = [Path(p) for p in sources]
    memo = _read_memo(out)
    settled = time.time_ns() - _RACY_NS
    files: dict[str, str] = {}
    fresh_memo: dict[str, list] = {}
    for p in source_files(sources):
        key = _stat_key(p)
        files[str(p)] = digest = _digest(p, memo)
        if max(key[1], key[2]) < settled:
            fresh_memo[str(p)] = [*key, digest]
    stamp = {
        "format": FORMAT,
        "fingerprint": code_fingerprint(),
        "year": year,
        "inputs": [str(p.resolve()) for p in sources],
        "files": files,
        "review": review_stamp(review),
    }
    return stamp, fresh_memo


def make_stamp(sources: Iterable[Path], year: int | None = None) -> dict[str, Any]:
    """The stamp of a build from ``sources``: files and their sha256, inputs, year, code fingerprint."""
    return stamp_sources(sources, year)[0]


def save_memo(out: Path, memo: Mapping[str, list]) -> None:
    """Write ``OUT/.cache/sources-stat.json`` (a cache: errors are ignored)."""
    path = Path(out) / STAT_MEMO
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, json.dumps(memo, sort_keys=True))


def is_fresh(stamp: Any, sources: Iterable[Path] | None = None, year: int | None = None,
             out: Path | None = None) -> bool:
    """True if ``stamp`` still matches the sources on disk and the code.

    With ``sources``, they must also be the very files the stamp was made
    from; without, the stamp's own inputs are checked. With ``out``, files
    whose stat is as ``OUT``'s memo recorded it are not hashed again.
    """
    from ..build_id import code_fingerprint
    from ..errors import YdkgError

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
    judged = stamp.get("review")
    if judged is not None and review_stamp([Path(p) for p in judged.get("inputs", [])]) != judged:
        return False
    try:
        memo = _read_memo(out)
        return all(_digest(p, memo) == recorded[str(p)] for p in files)
    except OSError:
        return False


def _default_sources(sources: Iterable[Path] | None) -> list[Path]:
    from ..resources import SOURCES_DIR

    return [Path(p) for p in sources] if sources else [SOURCES_DIR]


# -------------------------------------------------------------------- the knowledge base

def save_kb(kb: KnowledgeBase, out: Path, sources: Iterable[Path] | None = None, year: int | None = None,
            stamp: dict[str, Any] | None = None) -> Path:
    """Write ``OUT/kb.pickle`` atomically: the stamp of ``sources`` (default: the embedded corpus),
    the knowledge base without its coverage rows, then the coverage rows (read only on demand);
    then ``OUT/brief.sqlite`` with the same stamp (:func:`save_brief_index`)."""
    stamp = stamp or make_stamp(_default_sources(sources), year)
    path = Path(out) / KB_FILE
    with atomic_open(path, "wb") as fh:
        pickle.dump(stamp, fh, protocol=pickle.HIGHEST_PROTOCOL)
        fh.write(_canonical_pickle(dataclasses.replace(kb, coverage=[])))
        fh.write(_canonical_pickle(kb.coverage))
    save_brief_index(kb, out, stamp)
    return path


def _canonical_pickle(obj: Any) -> bytes:
    """``obj`` pickled so that equal data gives equal bytes, however its objects are shared.

    A pickle refers back to an object met before, so two equal knowledge bases whose
    strings are shared differently (one built fresh, one from the extraction cache)
    would pickle differently. A pickler without memo (``fast``) writes every object in
    full, so the bytes depend on the data alone (a knowledge base holds no cycles).
    """
    buf = io.BytesIO()
    flat = pickle.Pickler(buf, protocol=pickle.HIGHEST_PROTOCOL)
    flat.fast = True  # no memo: every object written in full
    flat.dump(obj)
    return buf.getvalue()


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
            if not holds(out, stamp) or not is_fresh(stamp, sources, year, out):
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
            stamp = pickle.load(fh)
            return holds(out, stamp) and is_fresh(stamp, sources, year, out)
    except Exception:
        return False


# -------------------------------------------------------------------- the briefing index

#: Columns of the ``stmt`` table after its key ``i`` (the statement's position in the knowledge base).
_STMT_COLUMNS = ("subject", "relation", "object", "source", "line", "quote", "status", "dated", "start", "end",
                 "precision", "date_text", "amount_krw", "role", "basis", "fiscal_year", "note", "review", "sid")
_SCHEMA = f"""
CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB) WITHOUT ROWID;
CREATE TABLE node (id TEXT PRIMARY KEY, data TEXT NOT NULL, first TEXT, stmts BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE stmt (i INTEGER PRIMARY KEY, {", ".join(f'"{c}"' for c in _STMT_COLUMNS)});
CREATE TABLE report (file TEXT PRIMARY KEY, year INTEGER, kind TEXT) WITHOUT ROWID;
"""
#: Rows fetched per query when a briefing asks for many nodes.
_CHUNK = 500


def _stmt_row(i: int, s: Statement) -> tuple:
    w = s.when
    return (i, s.subject, s.relation, s.object, s.citation.source, s.citation.line, s.citation.quote, s.status,
            w is not None, w.start if w else None, w.end if w else None, w.precision if w else None,
            w.text if w else None, s.amount_krw, s.role, s.basis, s.fiscal_year, s.note, " ".join(s.review) or None,
            s.origin)


def _statement(row: tuple) -> Statement:
    (_, subject, relation, obj, source, line, quote, status, dated, start, end, precision, text, amount, role,
     basis, fiscal_year, note, review, sid) = row
    when = When(start, end, precision, text) if dated else None
    return Statement(subject, relation, obj, Citation(source, line, quote), status, when, amount, role, basis,
                     fiscal_year, note, tuple(review.split()) if review else (), sid)


def _terms() -> str:
    """The ontology's class and relation labels, as JSON: ``{"classes": {key: [ko, en]}, "relations": …}``."""
    from ..model import schema

    return json.dumps({"classes": {k: [t.label_ko, t.label_en] for k, t in schema.classes().items()},
                       "relations": {k: [t.label_ko, t.label_en] for k, t in schema.relations().items()}},
                      ensure_ascii=False, sort_keys=True)


def _ontology_sha256() -> str:
    from ..resources import ONTOLOGY_FILE

    return _sha256(ONTOLOGY_FILE)


def save_brief_index(kb: KnowledgeBase, out: Path, stamp: dict[str, Any]) -> Path:
    """Write ``OUT/brief.sqlite`` atomically: ``kb`` indexed for briefings, under ``stamp``.

    Tables: ``meta`` (stamp, format, ontology hash and labels, the
    :class:`viz.focus.NameIndex`), ``node`` (attributes as JSON, first
    citation, positions of the statements touching it), ``stmt`` (one row per
    statement) and ``report`` (file → year).
    """
    data = KbData(kb)
    by_node, firsts = data.by_node, data.firsts
    path = Path(out) / BRIEF_FILE
    with atomic_open(path, "wb") as fh:
        fh.close()
        con = sqlite3.connect(fh.name)
        try:
            con.execute("PRAGMA journal_mode = OFF")  # a temporary file: nothing to roll back to
            con.execute("PRAGMA synchronous = OFF")
            con.executescript(_SCHEMA)
            marks = ", ".join("?" * (len(_STMT_COLUMNS) + 1))
            con.executemany(f"INSERT INTO stmt VALUES ({marks})", (_stmt_row(i, s) for i, s in enumerate(kb.statements)))
            con.executemany("INSERT INTO node VALUES (?, ?, ?, ?)", (
                (n, json.dumps(d, ensure_ascii=False), json.dumps(firsts[n], ensure_ascii=False) if n in firsts else None,
                 le_bytes(array("q", by_node.get(n, ())))) for n, d in data.nodes.items()))
            con.executemany("INSERT INTO report VALUES (?, ?, ?)", ((r.file, r.year, r.kind) for r in kb.reports))
            meta = {"format": str(BRIEF_FORMAT), "stamp": json.dumps(stamp, ensure_ascii=False, sort_keys=True),
                    "ontology": _ontology_sha256(), "terms": _terms(),
                    **{f"names.{k}": v for k, v in data.names.dump().items()}}
            con.executemany("INSERT INTO meta VALUES (?, ?)", sorted(meta.items()))
            con.commit()
        finally:
            con.close()
    return path


class _Nodes(Mapping):
    """Node id → attributes, read from ``brief.sqlite`` on first access."""

    def __init__(self, con: sqlite3.Connection, names: NameIndex) -> None:
        self.con = con
        self.ids = names.ids
        self.rows: dict[str, tuple[dict[str, Any], dict[str, Any] | None, bytes]] = {}

    def row(self, node: str) -> tuple[dict[str, Any], dict[str, Any] | None, bytes]:
        """(attributes, first citation, statement positions) of ``node``."""
        got = self.rows.get(node)
        if got is None:
            self.fetch([node])
            got = self.rows.get(node)
            if got is None:
                raise KeyError(node)
        return got

    def fetch(self, nodes: Iterable[str]) -> None:
        """Read the rows of ``nodes`` not read yet, a chunk at a time."""
        todo = sorted({n for n in nodes if n not in self.rows})
        for k in range(0, len(todo), _CHUNK):
            chunk = todo[k:k + _CHUNK]
            sql = f"SELECT id, data, first, stmts FROM node WHERE id IN ({', '.join('?' * len(chunk))})"
            for n, d, first, stmts in self.con.execute(sql, chunk):
                self.rows[n] = (json.loads(d), json.loads(first) if first is not None else None, stmts)

    def __getitem__(self, node: str) -> dict[str, Any]:
        return self.row(node)[0]

    def __iter__(self) -> Iterator[str]:
        return iter(self.ids)

    def __len__(self) -> int:
        return len(self.ids)


class BriefIndex(BriefData):
    """A briefing's data read from ``OUT/brief.sqlite`` (see :func:`open_brief_index`)."""

    def __init__(self, con: sqlite3.Connection, meta: dict[str, Any]) -> None:
        self.con = con
        self.names = NameIndex.load({k[6:]: v for k, v in meta.items() if k.startswith("names.")})
        self.nodes = _Nodes(con, self.names)
        self.terms = json.loads(meta["terms"])
        self._years: dict[str, int] | None = None
        self._kinds: dict[str, str] | None = None

    def statements(self, nodes: Iterable[str]) -> list[Statement]:
        nodes = list(nodes)
        self.nodes.fetch(nodes)
        found: set[int] = set()
        for n in nodes:
            got = self.nodes.rows.get(n)
            if got is not None:
                found.update(from_le("q", got[2]))
        out: list[Statement] = []
        wanted = sorted(found)
        for k in range(0, len(wanted), _CHUNK):
            chunk = wanted[k:k + _CHUNK]
            sql = f"SELECT * FROM stmt WHERE i IN ({', '.join('?' * len(chunk))}) ORDER BY i"
            out += map(_statement, self.con.execute(sql, chunk))
        self.nodes.fetch(n for s in out for n in (s.subject, s.object) if n)
        return out

    def first(self, node: str) -> dict[str, Any] | None:
        try:
            return self.nodes.row(node)[1]
        except KeyError:
            return None

    def report_years(self) -> dict[str, int]:
        if self._years is None:
            self._years = dict(self.con.execute("SELECT file, year FROM report"))
        return self._years

    def report_kinds(self) -> dict[str, str]:
        if self._kinds is None:
            self._kinds = dict(self.con.execute("SELECT file, kind FROM report"))
        return self._kinds

    def _label(self, kind: str, key: str, lang: str) -> str:
        t = self.terms[kind].get(key)
        return ((t[1] if lang == "en" else t[0]) or key) if t else key

    def rel_label(self, rel: str, lang: str) -> str:
        return self._label("relations", rel, lang)

    def type_label(self, cls: str, lang: str) -> str:
        return self._label("classes", cls, lang)

    def close(self) -> None:
        """Close the database."""
        self.con.close()


def kb_stamp(out: Path) -> Any:
    """The stamp at the head of ``OUT/kb.pickle`` (None if unreadable)."""
    try:
        with open(Path(out) / KB_FILE, "rb") as fh:
            return pickle.load(fh)
    except Exception:
        return None


def open_brief_index(out: Path, sources: Iterable[Path] | None = None, year: int | None = None) -> BriefIndex | None:
    """``OUT/brief.sqlite`` opened read-only; None if absent, unreadable or stale.

    Fresh means: its stamp is that of ``OUT/kb.pickle`` and passes
    :func:`is_fresh` (as for :func:`load_kb`), and the ontology (whose labels
    it holds) has not changed since.
    """
    path = Path(out) / BRIEF_FILE
    if not path.is_file():
        return None
    con = None
    try:
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        meta = dict(con.execute("SELECT key, value FROM meta"))
        stamp = json.loads(meta["stamp"])
        if (meta.get("format") != str(BRIEF_FORMAT) or meta.get("ontology") != _ontology_sha256()
                or stamp != kb_stamp(out) or not holds(out, stamp) or not is_fresh(stamp, sources, year, out)):
            con.close()
            return None
        return BriefIndex(con, meta)
    except Exception:  # not a database, a missing table or key, written by incompatible code
        if con is not None:
            con.close()
        return None


# -------------------------------------------------------------------- the oxigraph store

def save_store(kb: KnowledgeBase, out: Path, sources: Iterable[Path] | None = None, year: int | None = None,
               stamp: dict[str, Any] | None = None) -> Path:
    """Write ``OUT/store/`` (dataset + ontology graph) via a temporary folder, then its stamp."""
    from ..export.rdf import prefix_header, write_dataset

    out = Path(out)
    stamp = stamp or make_stamp(_default_sources(sources), year)
    with StoreLoader(out, prefix_header()) as loader:
        write_dataset(kb, out, files=(), sink=loader)
    return install_store(loader.close(), out, stamp)


def store_is_fresh(out: Path, sources: Iterable[Path] | None = None, year: int | None = None) -> bool:
    """True if ``OUT/store/`` exists and its stamp matches the sources and the code."""
    out = Path(out)
    try:
        stamp = json.loads((out / STORE_STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (out / STORE_DIR).is_dir() and holds(out, stamp) and is_fresh(stamp, sources, year, out)


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
             year: int | None = None) -> list[Path]:
    """Write ``kb.pickle`` and ``store/`` (with one stamp) for the build of ``sources`` into ``out``."""
    stamp, memo = stamp_sources(_default_sources(sources), year, out)
    written = [save_kb(kb, out, stamp=stamp), save_store(kb, out, stamp=stamp)]
    save_memo(out, memo)
    return written
