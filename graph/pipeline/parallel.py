"""Run the per-report step (:mod:`graph.pipeline.report`) over many reports: cached, and across processes.

:func:`iter_reports` yields one :class:`ReportResult` per report *in file
order*, whatever ran where, each as soon as it is ready: the serial resolution
that consumes them (:func:`graph.pipeline.build.resolve_results`) works on the
first reports while worker processes still parse the later ones, and every
output is byte-identical to a serial build. :func:`process_reports` is the
same as a list.

Worker processes pay off only with many reports: below
:data:`MIN_PARALLEL` reports (or with ``jobs <= 1``) everything runs in the
calling process.
"""
from __future__ import annotations

import gc
import os
import pickle
import tempfile
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from ..gcpause import paused_gc
from ..model.statements import ReportMeta
from ..read.sources import SourceText
from .report import ReportResult, process_report

#: Fewest uncached reports for which worker processes are started.
MIN_PARALLEL = 64

#: What one report costs besides its parsing, as shares of the time this process takes to parse
#: it, measured in a build of 5,000 synthetic reports with one worker (2026-12-05): this process
#: parsed its own reports in 8.0 ms each and resolved each in 2.2 ms, unpickled and resolved a
#: worker's in 2.4 ms, and the worker parsed and pickled each in 10.1 ms. They set how many
#: reports this process parses itself (:func:`own_share`).
PICKLE, UNPICKLE, RESOLVE = 0.26, 0.03, 0.27

#: Pieces each worker's share is sent back in: the resolution starts on the first while the
#: worker parses the next, and waits at the end for one piece only.
PIECES_PER_WORKER = 16

Pairs = Sequence[tuple[SourceText, ReportMeta]]


#: What a worker was started with: the reports (handed over at start, so a forked worker reads
#: its parent's copy and only indices cross the pipe), the default district and the folder its
#: results are spooled to.
_WORK: dict[str, object] = {}


def _start_worker(pairs: Pairs, default_district: str | None, spool: str) -> None:
    """A forked worker inherits the parent's heap and its paused collector: the inherited objects
    are frozen (never traversed, so never copied on write: at 5,000 reports the worker took 13.9 ms
    a report without this, 12.6 with it) and the collector runs again for the parse trees, which
    hold cycles. Results are spooled to ``spool`` (a folder of the system's temporary files)."""
    gc.freeze()
    gc.enable()
    _WORK.update(pairs=pairs, district=default_district, spool=spool)


def _process_piece(piece: list[int], name: str) -> str:
    """Parse the reports at ``piece`` and spool their results to the file ``name``; return its path.

    Results go through a file rather than the pipe back: a pipe holds 64 KiB, so a worker
    sending megabytes waited, idle, until the parent's busy process read them (0.4-0.6 s of
    each 2.3 s piece at 5,000 reports)."""
    pairs: Pairs = _WORK["pairs"]  # type: ignore[assignment]
    results = [process_report(pairs[i][0], pairs[i][1], _WORK["district"]) for i in piece]  # type: ignore[arg-type]
    path = os.path.join(str(_WORK["spool"]), name)
    with open(path, "wb") as fh:
        pickle.dump(results, fh, protocol=pickle.HIGHEST_PROTOCOL)
    return path


def _unspool(path: str) -> list[ReportResult]:
    """The results a worker spooled to ``path``, which is then removed."""
    try:
        with open(path, "rb") as fh, paused_gc():  # unpickling (no cycles): 5x faster without collections
            return pickle.load(fh)
    finally:
        os.unlink(path)


def effective_jobs(jobs: int, n: int) -> int:
    """How many processes to use for ``n`` reports: 1 below :data:`MIN_PARALLEL`."""
    if jobs <= 1 or n < MIN_PARALLEL:
        return 1
    return max(1, min(jobs, os.cpu_count() or 1, n))


def own_share(n: int, n_jobs: int) -> int:
    """How many of ``n`` reports the resolving process parses itself beside ``n_jobs - 1`` workers.

    It parses and resolves its share, then unpickles and resolves the workers'
    results as they come; each worker parses and pickles. The share that ends
    both at once (:data:`PICKLE`, :data:`UNPICKLE`, :data:`RESOLVE`):

    >>> own_share(1000, 2), own_share(1000, 4), own_share(1000, 1)
    (430, 86, 1000)
    """
    if n_jobs <= 1:
        return n
    worker = (1 + PICKLE) / (n_jobs - 1)
    x = (worker - (UNPICKLE + RESOLVE)) / (1 - UNPICKLE + worker)
    return max(0, min(n - 1, round(n * x)))


def _parallel(pairs: Pairs, todo: list[int], default_district: str | None, n_jobs: int,
              progress=None) -> Iterator[tuple[int, ReportResult]]:
    """``(i, result)`` for each ``i`` of ``todo``, in that order: this process parses the first
    :func:`own_share` itself (nothing to pickle for it) while ``n_jobs - 1`` workers parse the rest
    in pieces, each spooled to a file as soon as it is done."""
    own = own_share(len(todo), n_jobs)
    rest = todo[own:]
    size = max(1, -(-len(rest) // ((n_jobs - 1) * PIECES_PER_WORKER)))
    shares = [rest[k:k + size] for k in range(0, len(rest), size)]
    with tempfile.TemporaryDirectory(prefix="ydkg-parse-") as spool:
        pool = ProcessPoolExecutor(max_workers=min(n_jobs - 1, len(shares)), initializer=_start_worker,
                                   initargs=(pairs, default_district, spool))
        try:
            futures = [pool.submit(_process_piece, idx, f"{k}.pickle") for k, idx in enumerate(shares)]
            yield from _serial(pairs, todo[:own], default_district, progress, total=len(todo))
            for k, (idx, fut) in enumerate(zip(shares, futures)):
                if progress is not None:
                    progress("parsing", own + k * size, len(todo))
                yield from zip(idx, _unspool(fut.result()))
        finally:  # also when the consumer stops early (an error in the resolution): drop what is queued
            pool.shutdown(wait=True, cancel_futures=True)


def iter_reports(pairs: Pairs, default_district: str | None, jobs: int = 1, cache=None,
                 progress=None) -> Iterator[ReportResult]:
    """One :class:`ReportResult` per ``(source, meta)`` pair, in the given order, each as soon as it is ready.

    ``cache`` is an optional :class:`graph.pipeline.cache.ExtractionCache`: hits are
    taken from it, misses are computed (in ``jobs`` processes when there are
    enough) and stored. ``progress`` hears ``("parsing", done, total)``.
    """
    from .cache import report_key

    hits: dict[int, ReportResult] = {}
    keys: list[str | None] = [None] * len(pairs)
    todo: list[int] = []
    with paused_gc():  # unpickling many small objects: no collections meanwhile
        for i, (_src, meta) in enumerate(pairs):
            if cache is not None:
                keys[i] = report_key(meta, default_district)
                hit = cache.get(keys[i])
                if hit is not None:
                    hits[i] = hit
                    continue
            todo.append(i)

    n_jobs = effective_jobs(jobs, len(todo))
    if n_jobs == 1:
        fresh: Iterator[tuple[int, ReportResult]] = _serial(pairs, todo, default_district, progress)
    else:
        fresh = _parallel(pairs, todo, default_district, n_jobs, progress)
    try:
        for i in range(len(pairs)):
            if i in hits:
                yield hits.pop(i)
                continue
            j, result = next(fresh)
            assert j == i, "results out of file order"
            if cache is not None:
                cache.put(keys[i], result)  # type: ignore[arg-type]
            yield result
    finally:
        fresh.close()  # the workers stop, also when the consumer stopped early
    if cache is not None:
        cache.retain({k for k in keys if k is not None})  # entries of edited or removed reports go


def _serial(pairs: Pairs, todo: list[int], default_district: str | None, progress=None,
            total: int | None = None) -> Iterator[tuple[int, ReportResult]]:
    """``(i, result)`` for each ``i`` of ``todo``, parsed in this process; progress counts to ``total``
    (default: ``len(todo)``)."""
    for k, i in enumerate(todo):
        if progress is not None:
            progress("parsing", k, len(todo) if total is None else total)
        yield i, process_report(pairs[i][0], pairs[i][1], default_district)


def process_reports(pairs: Pairs, default_district: str | None, jobs: int = 1, cache=None,
                    progress=None) -> list[ReportResult]:
    """:func:`iter_reports` as a list."""
    return list(iter_reports(pairs, default_district, jobs=jobs, cache=cache, progress=progress))
