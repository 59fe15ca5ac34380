"""Write a build's outputs: the formats asked for, the store loading beside the other writers.

What a build can write is data (``data/rules/outputs.toml``): each format (``csv``,
``trig``, ``store`` …) names its files and the task that writes it. The tasks
(``tables``, ``rdf``, ``network``, ``kb``) each read the finished knowledge base and
write their own files, so they share nothing but it. This process runs them one after
the other, ``rdf`` first: the store it starts is bulk-loaded by a thread that releases the
GIL, so it fills while the other tasks write, and the two cores of a small machine are busy
throughout. Each task writes the same bytes every time, so outputs are byte-identical
between runs.

The ``rdf`` task maps the knowledge base to RDF once (:func:`graph.export.rdf.graphs`) and
streams each graph to every serialisation asked for (TriG, N-Quads, Turtle, JSON-LD) and
to the store, which the thread bulk-loads in chunks beside it
(:class:`graph.export.persisted_store.StoreLoader`).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .. import rules
from ..errors import OutputError
from ..gcpause import paused_gc
from ..model.statements import KnowledgeBase
from .folder import BuildFolder

#: The word that names every format in ``--formats``.
ALL = "all"


@lru_cache(maxsize=1)
def _table() -> dict[str, Any]:
    return rules.load("outputs")


def formats() -> dict[str, dict[str, Any]]:
    """Every format a build can write: name -> ``{"files", "task", "about"}``."""
    return dict(_table()["formats"])


def default_formats() -> frozenset[str]:
    """The formats a build writes when ``--formats`` is not given."""
    return frozenset(_table()["default"])


def always_files() -> tuple[str, ...]:
    """The files every build writes, whatever the formats."""
    return tuple(_table()["always"])


def parse_formats(text: str | Iterable[str] | None) -> frozenset[str]:
    """The formats ``--formats`` names (``csv,trig`` or ``all``); None gives the default ones.

    Raises :class:`OutputError` naming an unknown format and the known ones.
    """
    if text is None:
        return default_formats()
    words = [w.strip().lower() for part in ([text] if isinstance(text, str) else text)
             for w in str(part).split(",") if w.strip()]
    known = formats()
    if ALL in words:
        return frozenset(known)
    unknown = [w for w in words if w not in known]
    if unknown or not words:
        raise OutputError(f"--formats: unknown format {unknown[0]!r} (known: {', '.join(known)}, {ALL})"
                          if unknown else f"--formats: name at least one of {', '.join(known)}, {ALL}")
    return frozenset(words)


def format_files(chosen: Iterable[str], task: str | None = None) -> set[str]:
    """The file names the ``chosen`` formats write (the store as its folder name); of one ``task`` if named."""
    table = formats()
    return {name for f in chosen if task is None or table[f]["task"] == task for name in table[f]["files"]}


def remove_unwritten(out: Path, chosen: Iterable[str]) -> list[Path]:
    """Remove from ``out`` the files of the formats not ``chosen``, left by an earlier build, so that
    the folder holds one build's outputs only; the paths removed."""
    import shutil

    removed = []
    for name in sorted(format_files(formats()) - format_files(chosen)):
        path = Path(out) / name
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        elif path.exists() or path.is_symlink():
            path.unlink()
        else:
            continue
        removed.append(path)
    return removed


@dataclass
class Written:
    """What the tasks wrote: files (in the folder written to) and the store, built apart, to install."""

    files: list[Path] = field(default_factory=list)
    store: Path | None = None
    #: The store still loading in its thread (:class:`graph.export.persisted_store.StoreLoader`);
    #: :meth:`finish` waits for it.
    pending: Any = None

    def merge(self, other: "Written") -> None:
        """Add what another task wrote."""
        self.files += other.files
        self.store = self.store or other.store
        self.pending = self.pending or other.pending

    def finish(self) -> "Written":
        """Wait for the store still loading, if any; then :attr:`store` is its folder."""
        if self.pending is not None:
            loader, self.pending = self.pending, None
            self.store = loader.close()
        return self


# ---------------------------------------------------------------------------- the tasks

@dataclass(frozen=True)
class _Job:
    """What every task reads: the knowledge base, where to write, which formats, and the build's stamp."""

    kb: KnowledgeBase
    out: Path
    chosen: frozenset[str]
    store_dir: Path
    stamp: Any
    always: bool  # also the files every build writes (False: ``ydkg export``, the chosen formats only)


def _tables(job: _Job) -> Written:
    """The facts table (CSV and its CSVW metadata, JSON Lines), and the review files of every build."""
    from ..export import coverage, facts

    kb, out, chosen = job.kb, job.out, job.chosen
    files = facts.write_fact_files(kb, {f: out / f"facts.{f}" for f in ("csv", "jsonl") if f in chosen})
    if "csv" in chosen:
        files.append(facts.write_csvw(out / "facts.csv-metadata.json"))
    if job.always:
        files += [*coverage.write_coverage(kb, out), facts.write_unresolved(kb, out / "unresolved.csv"),
                  facts.write_merges(kb, out / "merges.csv"), facts.write_review(kb, out / "review.csv")]
    return Written(files)


def _rdf(job: _Job) -> Written:
    """The RDF serialisations asked for (``dataset.trig``, ``.nq``, ``.ttl``, ``.jsonld``) and the store,
    from one mapping of the knowledge base to RDF."""
    from ..export.persisted_store import StoreLoader
    from ..export.rdf import prefix_header, write_dataset

    kb, out, chosen = job.kb, job.out, job.chosen
    files = [f for f in format_files(chosen, "rdf") if f.startswith("dataset.")]
    if "store" not in chosen:
        return Written(write_dataset(kb, out, files))
    with StoreLoader(job.store_dir, prefix_header()) as loader:
        files = write_dataset(kb, out, files, sink=loader)
    return Written(files, pending=loader)  # it loads on while the other tasks run


def _network(job: _Job) -> Written:
    """GraphML, GEXF, node-link JSON and the page, from one NetworkX graph."""
    from viz.page import write_page

    from ..export import network

    kb, out, chosen = job.kb, job.out, job.chosen
    G = network.to_networkx(kb)  # built once for the exports and the page
    files = network.write_exports(kb, out, G, format_files(chosen))
    if "html" in chosen:
        files.append(write_page(G, out / "graph.html", title="ydkg: 구청 협력 네트워크"))
    return Written(files)


def _kb(job: _Job) -> Written:
    """``kb.pickle`` and ``brief.sqlite``, stamped with the build's stamp."""
    from ..query.persist import BRIEF_FILE, save_kb

    return Written([save_kb(job.kb, job.out, stamp=job.stamp), job.out / BRIEF_FILE])


_TASKS: dict[str, Callable[..., Written]] = {"tables": _tables, "rdf": _rdf, "network": _network, "kb": _kb}


def _tasks_for(chosen: frozenset[str], stamp: Any, always: bool = True) -> list[str]:
    """The tasks that write the ``chosen`` formats (and, if ``always``, the files of every build;
    ``kb`` only with a stamp), heaviest first."""
    table = formats()
    names = {table[f]["task"] for f in chosen}
    if always:
        names |= {"tables"} | ({"kb"} if stamp is not None else set())
    weight = {name: float(spec["weight"]) for name, spec in _table()["tasks"].items()}
    return sorted(names, key=lambda t: (-weight[t], t))


def write_outputs(kb: KnowledgeBase, out: Path, chosen: Iterable[str] | None = None, *,
                  stamp: Any = None, store_dir: Path | None = None, always: bool = True) -> Written:
    """Write the ``chosen`` formats of ``kb`` (default: :func:`default_formats`) into ``out``.

    The files every build writes come too; ``kb.pickle`` and ``brief.sqlite`` only with the
    build's ``stamp``. The store (format ``store``) is built in a temporary folder inside
    ``store_dir`` (default ``out``) and returned in :attr:`Written.store` for the caller to
    install (:func:`graph.export.persisted_store.install_store`); it loads while the other tasks
    write. ``always=False`` writes the chosen formats only.
    """
    out = Path(out)
    fmts = default_formats() if chosen is None else frozenset(chosen)
    store_dir = Path(store_dir) if store_dir is not None else out
    job = _Job(kb, out, fmts, store_dir, stamp, always)
    # the store starts loading first, beside everything else
    tasks = sorted(_tasks_for(fmts, stamp, always), key=lambda t: t != "rdf")
    written = Written()
    with paused_gc():
        try:
            for t in tasks:
                written.merge(_TASKS[t](job))
            return written.finish()
        except BaseException:
            if written.pending is not None:  # a later task failed: the half-built store goes
                written.pending.abort()
            raise


def publish(kb: KnowledgeBase, folder: BuildFolder, chosen: frozenset[str], *, stamp: Any,
            always: bool = True) -> list[Path]:
    """Write the ``chosen`` formats of ``kb`` into the build folder ``folder`` (held by
    :func:`graph.pipeline.folder.build_folder`): through a staging folder, the record marked
    ``building`` before the first output replaces an old one, the store put in place with its
    stamp. A whole build (``always``) also removes the files of the formats not chosen. The
    paths written, inside the folder."""
    from ..atomic import staging_dir
    from ..export.persisted_store import STORE_STAMP, install_store

    out = folder.out
    with staging_dir(out) as staging:
        done = write_outputs(kb, staging, chosen, stamp=stamp, store_dir=out, always=always)
        folder.begin()
        if always:
            remove_unwritten(out, chosen)  # no file of an earlier build stays beside this one's
    written = [out / p.relative_to(staging) for p in done.files]
    if done.store is not None:
        written += [install_store(done.store, out, stamp), out / STORE_STAMP]
    return written
