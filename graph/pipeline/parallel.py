"""Run the per-report step (:mod:`graph.pipeline.report`) over many reports: cached, and across processes.

:func:`process_reports` returns one
:class:`ReportResult` per report *in file order*, whatever ran where, so the
serial resolution that follows, and so every output, is byte-identical to a
serial build.

Worker processes pay off only with many reports: below
:data:`MIN_PARALLEL` reports (or with ``jobs <= 1``) everything runs in the
calling process.
"""
from __future__ import annotations

import gc
import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from ..model.statements import ReportMeta
from ..read.sources import SourceText
from .report import ReportResult, process_report

#: Fewest uncached reports for which worker processes are started.
MIN_PARALLEL = 64


def _process_chunk(chunk: list[tuple[SourceText, ReportMeta]], default_district: str | None) -> list[ReportResult]:
    gc.enable()  # a forked worker inherits the parent's disabled GC; parse trees hold cycles
    return [process_report(src, meta, default_district) for src, meta in chunk]


def effective_jobs(jobs: int, n: int) -> int:
    """How many processes to use for ``n`` reports: 1 below :data:`MIN_PARALLEL`."""
    if jobs <= 1 or n < MIN_PARALLEL:
        return 1
    return max(1, min(jobs, os.cpu_count() or 1, n))


def _run_parallel(pairs: Sequence[tuple[SourceText, ReportMeta]], todo: list[int], default_district: str | None,
                  n_jobs: int, results: list, progress=None) -> None:
    """Fill ``results[i]`` for ``i`` in ``todo`` with ``n_jobs`` processes: this one and ``n_jobs - 1`` workers.

    This process parses the first share itself (nothing to pickle for it) while
    each worker parses one contiguous share of the rest and sends it back in
    one message; shares stay in file order.
    """
    own = min(len(todo) - 1, round(len(todo) / n_jobs * 1.08))  # workers also pickle their results
    rest = todo[own:]
    size = -(-len(rest) // (n_jobs - 1))
    shares = [rest[k:k + size] for k in range(0, len(rest), size)]
    with ProcessPoolExecutor(max_workers=len(shares)) as pool:
        futures = [pool.submit(_process_chunk, [pairs[i] for i in idx], default_district) for idx in shares]
        for k, i in enumerate(todo[:own]):
            if progress is not None:  # this process's share, scaled to the whole
                progress("parsing", k * len(todo) // max(own, 1), len(todo))
            results[i] = process_report(pairs[i][0], pairs[i][1], default_district)
        enabled = gc.isenabled()
        gc.disable()  # unpickling the workers' results (no cycles): 5x faster without collections
        try:
            for idx, fut in zip(shares, futures):
                for i, res in zip(idx, fut.result()):
                    results[i] = res
        finally:
            if enabled:
                gc.enable()


def process_reports(pairs: Sequence[tuple[SourceText, ReportMeta]], default_district: str | None,
                    jobs: int = 1, cache=None, progress=None) -> list[ReportResult]:
    """One :class:`ReportResult` per ``(source, meta)`` pair, in the given order.

    ``cache`` is an optional :class:`graph.pipeline.cache.ExtractionCache`: hits are
    taken from it, misses are computed (in ``jobs`` processes when there are
    enough) and stored. ``progress`` hears ``("parsing", done, total)``.
    """
    from .cache import report_key

    results: list[ReportResult | None] = [None] * len(pairs)
    keys: list[str | None] = [None] * len(pairs)
    todo: list[int] = []
    enabled = gc.isenabled()
    gc.disable()  # unpickling many small objects: no collections meanwhile
    try:
        for i, (_src, meta) in enumerate(pairs):
            if cache is not None:
                keys[i] = report_key(meta, default_district)
                hit = cache.get(keys[i])
                if hit is not None:
                    results[i] = hit
                    continue
            todo.append(i)
    finally:
        if enabled:
            gc.enable()

    n_jobs = effective_jobs(jobs, len(todo))
    if n_jobs == 1:
        for k, i in enumerate(todo):
            if progress is not None:
                progress("parsing", k, len(todo))
            results[i] = process_report(pairs[i][0], pairs[i][1], default_district)
    else:
        _run_parallel(pairs, todo, default_district, n_jobs, results, progress)

    if cache is not None:
        for i in todo:
            cache.put(keys[i], results[i])  # type: ignore[arg-type]
        cache.retain({k for k in keys if k is not None})  # entries of edited or removed reports go
    return results  # type: ignore[return-value]
