"""One benchmark table: build stages, stores, queries and briefings at several corpus sizes.

``bench/run`` (or ``python -m bench.run``) generates synthetic corpora
(:mod:`bench.synth`, cached in ``--work``), then, for each size, in a fresh
subprocess (so peak memory is that size's own), measures:

- ``ydkg facts`` and ``ydkg build`` as a user runs them (each a fresh process, cold cache;
  the build with the default formats, then ``--formats all``; ``--cli-reps`` runs of each, in
  turn): the best wall time, the build's ratio to ``facts``, and the highest peak PSS of the
  process tree (the build's worker processes included, shared pages counted once);
- the build through TriG on disk, stage by stage: read (decode + manifest),
  parse, extract (+ coverage rows), resolve, RDF quads, TriG serialisation;
  reports/s and MB/s; statements, entities, triples; peak RSS;
- the same build with ``jobs=2`` and a cold cache, then again with a warm one;
- the named queries (``graph/queries/*.rq``) p50/p95 on two workloads (each
  bound to the corpus' busiest names; up to 10 seeded lookups per query drawn
  from the values a user could type) and SPARQL briefings (``entity`` +
  ``timeline``) of the busiest entity and of each sampled one, on rdflib in
  memory, pyoxigraph in memory and the persisted store reopened read-only;
  the briefing on the knowledge base (``graph.query.brief``), busiest and sampled,
  and ``ydkg brief`` from a cold start;
- the year-wide queries (``events-by-year``, ``organisation``) scoped to the busiest district and
  unscoped (``district='*'``) on the persisted store: p50, rows, and the ratio to the result
  floor for that many rows (:mod:`bench.result_floor`, measured in the same run);
- baselines measured in the same run: a bare regex scan of the same lines
  (bullets and dates) as the floor for parsing (best of three passes, against
  the best of three passes of the parser alone), and plain rdflib for the RDF
  steps (a ``Dataset`` filled triple by triple, ``Dataset.serialize("trig")``,
  rdflib SPARQL). rdflib steps estimated (from a sample) to exceed
  ``--rdflib-budget`` seconds are skipped and reported as such; each query
  workload stops at ``--rdflib-query-budget`` (default: the same), a call
  running past it stopped there and its time kept as a lower bound. A Dataset
  estimated to need more than ``--rdflib-memory-share`` (default 60%) of the
  memory available is skipped, and the table says why.

Nothing here is a timed test; the figures depend on the machine and its load.
"""
from __future__ import annotations

import argparse
import contextlib
import gc
import json
import math
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SIZES = (100, 1000, 5000)
DEFAULT_WORK = Path(tempfile.gettempdir()) / "ydkg-bench"

#: The floor for parsing: what any line-based reader must at least do (bullets and dates).
_BULLET = re.compile(r"^\s*(?:[□■○◦●▪\-·※*]|\d{1,2}\.|\(\d{1,2}\)|[①-⑳]|[가-하]\.)")
_DATE = re.compile(r"[’'`‘]?\d{2,4}\s*\.\s*\d{1,2}\s*\.(?:\s*\d{1,2}\s*\.)?")


def _rss_mib() -> float:
    """Peak resident set size of this process so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _available_mib() -> float:
    """Memory the system can still give (MemAvailable), in MiB; infinite if unknown."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return math.inf


def _log(msg: str) -> None:
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


def _pct(values: list[float], p: float) -> float:
    """Nearest-rank percentile of ``values`` (p in 0..100)."""
    s = sorted(values)
    return s[max(0, math.ceil(p / 100 * len(s)) - 1)]


def corpus(n: int, work: Path, seed: int) -> Path:
    """The synthetic corpus of ``n`` reports (generated once into ``work``)."""
    folder = work / f"synth-{n}-s{seed}"
    if not (folder / "truth.jsonl").is_file() or len(list(folder.glob("*.txt"))) != n:
        from bench.synth import generate

        shutil.rmtree(folder, ignore_errors=True)
        t = time.perf_counter()
        generate(n, folder, seed)
        _log(f"generated {n} reports in {time.perf_counter() - t:.1f} s -> {folder}")
    return folder


# ---------------------------------------------------------------------------- one size

def _build_stages(folder: Path, out: Path) -> tuple[Any, dict[str, Any], list]:
    """The build through TriG on disk, timed stage by stage (one report at a time, like build_kb)."""
    from graph.export import rdf
    from graph.atomic import atomic_open
    from graph.export.coverage import classify_lines
    from graph.extract import extract
    from graph.pipeline.report import ReportResult
    from graph.parse.parser import parse
    from graph.pipeline.build import read_reports, resolve_results
    from graph.model.resolve import load_gazetteer
    from graph.resources import GAZETTEER_DIR

    m: dict[str, Any] = {}
    gaz = load_gazetteer(GAZETTEER_DIR)
    d = gaz.reporting_district()
    district = d.label if d else None

    t = time.perf_counter()
    pairs = read_reports([folder])
    m["read_s"] = time.perf_counter() - t
    m["reports"] = len(pairs)
    m["mb"] = sum(p.stat().st_size for p in folder.glob("*.txt")) / 1e6
    m["lines"] = sum(len(src.lines) for src, _ in pairs)

    t_parse = t_extract = 0.0
    results = []
    for src, meta in pairs:
        t0 = time.perf_counter()
        report = parse(src, meta)
        t1 = time.perf_counter()
        ex = extract(report, district)
        res = ReportResult(tuple(ex.claims), dict(ex.used), tuple(classify_lines(report, ex.used)),
                           tuple(ex.warnings), ex.district)  # as graph.pipeline.report does
        t2 = time.perf_counter()
        t_parse += t1 - t0
        t_extract += t2 - t1
        results.append(res)
    m["parse_s"], m["extract_s"] = t_parse, t_extract

    t = time.perf_counter()
    kb = resolve_results([meta for _, meta in pairs], results, gaz)
    m["resolve_s"] = time.perf_counter() - t
    del results

    # RDF and TriG stream together, one graph at a time (as ydkg build writes them); the two
    # stages are timed separately around each step.
    out.mkdir(parents=True, exist_ok=True)
    m["quads_s"] = m["trig_s"] = 0.0
    n_quads = 0
    writer = rdf.DatasetWriter("trig")
    with atomic_open(out / "dataset.trig", "w") as fh:
        fh.write(writer.head())
        graphs = rdf.graphs(kb)
        while True:
            t0 = time.perf_counter()
            item = next(graphs, None)
            t1 = time.perf_counter()
            m["quads_s"] += t1 - t0
            if item is None:
                break
            fh.write(writer.graph(*item))
            n_quads += len(item[1])
            m["trig_s"] += time.perf_counter() - t1
        t = time.perf_counter()
        fh.write(writer.tail())
    m["trig_s"] += time.perf_counter() - t
    m["trig_mb"] = (out / "dataset.trig").stat().st_size / 1e6

    m["build_s"] = sum(m[k] for k in ("read_s", "parse_s", "extract_s", "resolve_s", "quads_s", "trig_s"))
    m["statements"], m["entities"], m["quads"] = len(kb.statements), len(kb.entities), n_quads
    m["rss_build_mib"] = _rss_mib()
    return kb, m, pairs


def _regex_floor(sources: list) -> float:
    """Seconds for a bare regex scan (bullets and dates) over every line of the same text."""
    t = time.perf_counter()
    n = 0
    for src in sources:
        for line in src.lines:
            n += len(_BULLET.findall(line)) + len(_DATE.findall(line))
    return time.perf_counter() - t


def _parse_and_floor(pairs: list, reps: int = 3) -> tuple[float, float]:
    """Best of ``reps`` passes of the parser alone, and of the bare regex scan, over the same reports.

    Both run alone and keep their best pass: on this shared 2-core machine two
    passes of the same code differ by up to 70%, so single passes let the noise
    pick the ratio. (The build's parse stage, interleaved with extraction, is
    reported apart.)
    """
    from graph.parse.parser import parse

    parse_best = floor_best = math.inf
    for _ in range(reps):
        t = time.perf_counter()
        for src, meta in pairs:
            parse(src, meta)
        parse_best = min(parse_best, time.perf_counter() - t)
        floor_best = min(floor_best, _regex_floor([src for src, _ in pairs]))
    return parse_best, floor_best


def _targets(kb) -> dict[str, str]:
    """Bindings a user would type on a synthetic corpus: its main reporting district, busiest year,
    hospital, program and zone (deterministic: the most frequent, ties by id)."""
    touch: Counter[str] = Counter()
    for s in kb.statements:
        touch[s.subject] += 1
        if s.object:
            touch[s.object] += 1
    ents = kb.entities

    def busiest(types: tuple[str, ...]) -> str | None:
        ranked = sorted((-c, eid) for eid, c in touch.items() if eid in ents and ents[eid].type in types)
        return ents[ranked[0][1]].label if ranked else None

    year = Counter(r.year for r in kb.reports).most_common(1)[0][0]
    district = (Counter(r.district for r in kb.reports if r.district).most_common(1) or [("영등포구", 0)])[0][0]
    partner = busiest(("Hospital",)) or busiest(("Agency", "Country", "City")) or district
    fiscal = Counter(s.fiscal_year for s in kb.statements if s.fiscal_year).most_common(1)
    # the district a user of that year's reports would ask about: the one with most reports that year
    in_year = Counter(r.district for r in kb.reports if r.district and r.year == year).most_common(1)
    return {"district": district, "scope": in_year[0][0] if in_year else district, "year": str(year), "partner": partner,
            "program": busiest(("Program",)) or "", "zone": busiest(("Zone",)) or "",
            "fiscal_year": str(fiscal[0][0]) if fiscal else "0"}


_BINDINGS = {
    "agreements": {"name": "partner"},
    "designated-hospitals": {"zone": "zone"},
    "entity": {"name": "partner"},
    "timeline": {"name": "partner"},
    "funding": {"name": "program", "year": "fiscal_year"},
    "events-by-year": {"year": "year"},
    "organisation": {"year": "year"},
    "sister-cities": {"district": "district"},
}


def _query_plan(targets: dict[str, str]) -> list[tuple[str, dict[str, str]]]:
    """(named query, bindings): every named query once, its filters bound to the corpus' names."""
    from graph.query.sparql import library

    plan = []
    for name, q in library().items():
        wanted = _BINDINGS.get(name, {})
        given = {p.name: targets[wanted[p.name]] for p in q.params if p.name in wanted and targets.get(wanted[p.name])}
        plan.append((name, given))
    return plan


def _sampled_plan(kb, k: int, seed: int) -> list[tuple[str, dict[str, str]]]:
    """(named query, bindings): up to ``k`` lookups per named query, drawn (seeded) from the values a
    user could type on this corpus: any entity for ``entity``/``timeline``, an agreement partner, a
    funded program with one of its fiscal years, a zone, a district with sister or friendship ties, a
    report year."""
    import random

    from graph.query.brief import MONEY_RELATIONS

    ents = kb.entities

    def label(eid: str | None) -> str | None:
        return ents[eid].label if eid in ents else None

    st = kb.statements
    named = sorted({x for s in st for x in (label(s.subject), label(s.object)) if x})
    years = [{"year": y} for y in sorted({str(r.year) for r in kb.reports})]
    pools: dict[str, list[dict[str, str]]] = {
        "agreements": [{"name": x} for x in sorted({label(s.object) for s in st if s.relation == "agreement"} - {None})],
        "designated-hospitals": [{"zone": x} for x in sorted({e.label for e in ents.values() if e.type == "Zone"})],
        "entity": [{"name": x} for x in named],
        "events-by-year": years,
        "funding": [{"name": p, "year": y} for p, y in sorted(
            {(label(s.subject), str(s.fiscal_year)) for s in st
             if s.relation in MONEY_RELATIONS and s.fiscal_year and label(s.subject)})],
        "organisation": years,
        "sister-cities": [{"district": x} for x in sorted(
            {label(e) for s in st if s.relation in ("sister_city", "friendship_city") for e in (s.subject, s.object)
             if e in ents and ents[e].type == "District"})],
        "timeline": [{"name": x} for x in named],
    }
    rng = random.Random(seed)
    return [(name, b) for name in sorted(pools) for b in rng.sample(pools[name], min(k, len(pools[name])))]


def _brief_names(plan: list[tuple[str, dict[str, str]]]) -> list[str]:
    """The entities a sampled plan looks up with ``entity``: the names its briefings are timed on."""
    return [given["name"] for name, given in plan if name == "entity"]


def _unfiltered_plan() -> list[tuple[str, dict[str, str]]]:
    """The named queries whose filters default to "all" (``""``/``0``), run with those defaults."""
    from graph.query.sparql import library

    return [(name, {}) for name, q in library().items() if any(p.default in ("", "0") for p in q.params)]


class _Stopped(BaseException):
    """A timed call ran past what was left of its budget (a BaseException, as KeyboardInterrupt
    is, so that no ``except Exception`` in the code under test swallows it)."""


@contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    """Raise :class:`_Stopped` in the block after ``seconds`` of wall time.

    SIGALRM, so main thread only; it lands between Python bytecodes, which is
    where rdflib's SPARQL spends its time (and where ``run`` reads Oxigraph's
    rows). Without it, one rdflib lookup at 1,000 reports ran 1,336 s past a
    400 s budget.
    """
    def _stop(signum: int, frame: Any) -> None:
        raise _Stopped

    old = signal.signal(signal.SIGALRM, _stop)
    signal.setitimer(signal.ITIMER_REAL, max(seconds, 1e-3))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _time_queries(store, plan: list[tuple[str, dict[str, str]]], reps: int, budget: float,
                  brief_names: list[str]) -> dict[str, Any]:
    """p50/p95 of the named queries and of a SPARQL briefing (entity + timeline) of each of
    ``brief_names`` on ``store``.

    Calls run while less than ``budget`` seconds have been spent; later ones
    are listed as ``skipped``. A call that would run past the budget is stopped
    there: it is listed under ``stopped`` and its time, a lower bound, is kept
    (so a ratio against it is a lower bound too: the table prints "≥").
    """
    from graph.query.sparql import library, run

    lib = library()
    per: dict[str, list[float]] = {}
    brief: list[float] = []
    spent = 0.0
    skipped: list[str] = []
    stopped: list[str] = []

    def timed(calls: list[tuple[str, dict[str, str]]], label: str) -> float:
        nonlocal spent
        t = time.perf_counter()
        try:
            with _deadline(budget - spent):
                for name, given in calls:
                    run(store, lib[name], given)
        except _Stopped:
            stopped.append(label)
        dt = time.perf_counter() - t
        spent += dt
        return dt

    for rep in range(reps):
        for name, given in plan:
            if spent > budget:
                if rep == 0:
                    skipped.append(name)
                continue
            per.setdefault(name, []).append(timed([(name, given)], name))
        for name in brief_names:
            if spent > budget:
                break
            brief.append(timed([("entity", {"name": name}), ("timeline", {"name": name})], "briefing"))
    if not per:
        return {"skipped": f"over budget ({budget:.0f} s)"}
    runs = [x for v in per.values() for x in v]
    p50s = {k: _pct(v, 50) for k, v in per.items()}
    slow = max(p50s, key=p50s.__getitem__)
    return {
        "p50": _pct(runs, 50), "p95": _pct(runs, 95), "per_query_p50": p50s, "slowest": slow,
        "slowest_p50": p50s[slow], "brief_p50": _pct(brief, 50) if brief else None,
        "brief_p95": _pct(brief, 95) if brief else None, "runs": len(runs), "skipped": skipped,
        "stopped": stopped,
    }


def _estimate(sample_seconds: float, sample_n: int, total_n: int) -> float:
    return sample_seconds * total_n / max(1, sample_n)


def _rdflib_new() -> Any:
    """An empty rdflib ``Dataset`` (default graph = union), with our prefixes."""
    from rdflib import Dataset

    from graph.export import rdf

    ds = Dataset(default_union=True)
    for prefix, ns in rdf.PREFIXES.items():
        ds.bind(prefix, ns)
    return ds


def _rdflib_fill(ds: Any, items: Iterable[tuple[str, str, Any, str]]) -> None:
    """Add quads to their named graphs in the ``Dataset`` ``ds``, triple by triple."""
    from rdflib import URIRef

    from graph.export import rdf

    graphs: dict[str, Any] = {}
    for s, p, o, g in items:
        graph = graphs.get(g)
        if graph is None:
            graph = graphs[g] = ds.graph(URIRef(g))
        graph.add((URIRef(s), URIRef(p), rdf._rdflib_term(o)))


def _memory_guarded(items: Iterable[Any], floor_mib: float = 1536.0, every: int = 100_000) -> Iterator[Any]:
    """``items``, raising MemoryError once less than ``floor_mib`` of memory is available
    (checked every ``every`` items)."""
    for i, item in enumerate(items):
        if i % every == 0 and _available_mib() < floor_mib:
            raise MemoryError(f"ran out of memory (under {floor_mib:.0f} MiB free after {i:,} quads)")
        yield item


def needs_named_graphs(name: str) -> bool:
    """True if the named query reads named graphs (``GRAPH ?report``): a plain Graph cannot answer it."""
    from graph.query.sparql import library

    return re.search(r"\bGRAPH\s*[?$<]", library()[name].text) is not None


def _rdflib_store(ds: Any) -> Any:
    """The Dataset ``ds`` with the ontology, as a store the named queries run on."""
    from graph.query.store import RdflibStore

    return RdflibStore(ds).with_ontology()


def _rdflib_est_mib(sample: list, total: int) -> float:
    """Memory (MiB) an rdflib Dataset of ``total`` quads would take, from 10,000 of ``sample``."""
    tracemalloc.start()  # memory the sample's store allocates (RSS may reuse freed heap)
    _rdflib_fill(_rdflib_new(), sample[:10_000])
    mib = tracemalloc.get_traced_memory()[0] / 2**20
    tracemalloc.stop()
    return _estimate(mib, min(len(sample), 10_000), total)


def _rdflib_baselines(kb, out: Path, plan, sampled, reps: int, budget: float, brief_name: str,
                      m: dict[str, Any], query_budget: float | None = None, memory_share: float = 0.6,
                      trig_budget: float | None = None) -> None:
    """Plain rdflib: fill a Dataset triple by triple, run the same SPARQL, serialise TriG.

    When the Dataset would not fit in memory, the baseline is skipped and says why: a plain
    ``Graph`` of the union would hold about 30% less, but every named query reads the report
    graphs, which it has not.
    """
    from itertools import islice

    from graph.export import rdf

    qs_len = m["quads"]
    sample = list(islice(rdf.quads(kb), 50_000))

    room = _available_mib() * memory_share  # its SPARQL needs room too
    mib = _rdflib_est_mib(sample, qs_len)
    small = _rdflib_new()
    t = time.perf_counter()
    _rdflib_fill(small, sample)
    est_fill = _estimate(time.perf_counter() - t, len(sample), qs_len)
    t = time.perf_counter()
    small.serialize(format="trig")
    est_ser = _estimate(time.perf_counter() - t, len(sample), qs_len)
    del small

    why = (f"est. {est_fill:.0f} s > {budget:.0f} s" if est_fill > budget else
           f"est. {mib / 1024:.1f} GiB > {room / 1024:.1f} GiB free" + (
               " (every named query reads named graphs: a Graph is no smaller stand-in)"
               if all(needs_named_graphs(q) for q, _ in plan) else "") if mib > room else None)
    ds = None
    if why is None:
        ds = _rdflib_new()
        t = time.perf_counter()
        try:
            _rdflib_fill(ds, _memory_guarded(rdf.quads(kb)))
        except MemoryError as exc:  # the estimate was short: stop before the system kills us
            why, ds = str(exc), None
            gc.collect()
    if ds is None:
        m["rdflib_fill_s"] = {"skipped": why}
        m["rdflib_trig_s"] = {"skipped": f"needs the rdflib store ({why})"}
        m["q_rdflib"] = m["q_rdflib_sampled"] = {"skipped": f"needs the rdflib store ({why})"}
        return
    m["rdflib_fill_s"] = time.perf_counter() - t - m["quads_s"]  # the mapping is counted apart
    t = time.perf_counter()
    store = _rdflib_store(ds)
    m["load_rdflib_s"] = m["quads_s"] + m["rdflib_fill_s"] + time.perf_counter() - t
    qb = budget if query_budget is None else query_budget
    briefs, sampled_briefs = [brief_name], _brief_names(sampled)
    m["q_rdflib"] = _time_queries(store, plan, reps, qb, briefs)
    m["q_rdflib_sampled"] = _time_queries(store, sampled, 1, qb, sampled_briefs)
    del store
    m["rdflib_trig_s"] = _rdflib_trig(ds, out, est_ser, budget if trig_budget is None else trig_budget)
    del ds


def _rdflib_trig(ds: Any, out: Path, est: float, cap: float) -> Any:
    """Seconds ``Dataset.serialize(format="trig")`` takes, or why it was skipped or stopped: its
    cost grows faster than the sample it is estimated from (at 5,000 reports it wrote 100 of
    about 600 MB in 21 minutes), so it runs under a deadline of ``cap`` seconds."""
    if est > cap:
        return {"skipped": f"est. {est:.0f} s > {cap:.0f} s"}
    path = out / "rdflib.trig"
    t = time.perf_counter()
    try:
        with _deadline(cap):
            ds.serialize(destination=str(path), format="trig")
    except _Stopped:
        return {"skipped": f"stopped at {cap:.0f} s (est. {est:.0f} s)"}
    finally:
        path.unlink(missing_ok=True)
    return time.perf_counter() - t


def _cli_brief(kb, folder: Path, out: Path, name: str, tries: int = 3) -> list[float]:
    """Wall seconds of ``ydkg brief NAME --data OUT`` in a fresh process, ``tries`` times.

    ``kb.pickle`` must be fresh, or the command would rebuild: if the code changed
    during the run (a new fingerprint), the kb is saved again first.
    """
    from graph.query import persist
    from graph.pipeline.cache import code_fingerprint

    exe = Path(sys.executable).parent / "ydkg"
    cmd = [str(exe)] if exe.is_file() else [sys.executable, "-m", "graph.cli"]
    times = []
    for _ in range(tries):
        code_fingerprint.cache_clear()  # the code may have changed during the run
        if not persist.kb_is_fresh(out):
            persist.save_kb(kb, out, sources=[folder])
            _log("kb.pickle saved again (the code changed during the run)")
        t = time.perf_counter()
        proc = subprocess.run([*cmd, "brief", name, "--data", str(out)], cwd=str(out),
                              capture_output=True, text=True, check=False)
        times.append(time.perf_counter() - t)
        if proc.returncode != 0:
            raise RuntimeError(f"ydkg brief failed: {proc.stderr.strip()[:300]}")
    return times


def _tree_pss_mib(pid: int) -> float:
    """The proportional set size of process ``pid`` and its descendants, in MiB (shared pages split)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
                children.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(int(entry))
            except (OSError, ValueError, IndexError):
                continue
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        todo += children.get(p, [])
        try:
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


#: The share of one core the memory sampler of :func:`_run_measured` may take. Reading a process's
#: PSS walks its page tables: 22 ms of CPU for a 1.7 GiB process, so sampling every 0.2 s took 11%
#: of a core from a build that keeps both cores busy (a 5,000-report build measured 202 s under it
#: and 181 s alone).
SAMPLER_SHARE = 0.02


def _run_measured(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds of ``cmd`` and the peak PSS of its process tree in MiB, sampled every 0.2 s or
    less often, so that sampling takes at most :data:`SAMPLER_SHARE` of a core."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = 0.0
    while proc.poll() is None:
        cpu = time.process_time()
        peak = max(peak, _tree_pss_mib(proc.pid))
        with contextlib.suppress(subprocess.TimeoutExpired):  # returns as soon as it ends
            proc.wait(timeout=max(0.2, (time.process_time() - cpu) / SAMPLER_SHARE))
    wall = time.perf_counter() - t
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:2])} failed: {(proc.stderr.read() or '').strip()[-300:]}")
    return wall, peak


def _cli_builds(folder: Path, out: Path, reps: int = 2) -> dict[str, Any]:
    """``ydkg facts`` and ``ydkg build`` (default formats, then every format) on ``folder``, each a
    fresh process with a cold cache, in turn ``reps`` times: the best wall seconds of each and the
    highest peak PSS of its process tree (MiB), with every run's seconds beside them.

    The best of a few runs, as ``timeit`` reports: a single run of a build that keeps both cores
    busy is slowed by whatever else the machine does, more than ``ydkg facts``, which leaves one idle.
    """
    exe = Path(sys.executable).parent / "ydkg"
    cmd = [str(exe)] if exe.is_file() else [sys.executable, "-m", "graph.cli"]
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    commands = {"facts": [*cmd, "facts", str(folder), "-o", str(out / "facts.csv"), "-q"]}
    for key, extra in (("build", []), ("build_all", ["--formats", "all"])):
        commands[key] = [*cmd, "build", str(folder), "--out", str(out / key), "--no-cache", "-q", *extra]
    runs: dict[str, list[tuple[float, float]]] = {key: [] for key in commands}
    for _ in range(max(1, reps)):
        for key, command in commands.items():
            shutil.rmtree(out / key, ignore_errors=True)
            runs[key].append(_run_measured(command))
    res: dict[str, Any] = {"reps": max(1, reps)}
    for key, measured in runs.items():
        res[f"{key}_s"] = min(s for s, _ in measured)
        res[f"{key}_pss"] = max(p for _, p in measured)
        res[f"{key}_runs"] = [s for s, _ in measured]
    shutil.rmtree(out, ignore_errors=True)
    return res


#: The queries timed scoped to a district and unscoped: the year-wide ones, and the lookups of the
#: busiest partner and program, whose names recur in every district's reports (``entity`` and
#: ``timeline`` of the partner make its SPARQL briefing).
SCOPED = ("events-by-year", "organisation", "agreements", "funding", "entity", "timeline")


def _scoped_plan(targets: dict[str, str]) -> list[tuple[str, dict[str, str]]]:
    """The queries of :data:`SCOPED` scoped to the district with most reports in the busiest year (the
    scope a user of that year's reports asks in), and unscoped."""
    given = {"events-by-year": {"year": targets["year"]}, "organisation": {"year": targets["year"]},
             "agreements": {"name": targets["partner"]},
             "funding": {"name": targets["program"], "year": targets["fiscal_year"]},
             "entity": {"name": targets["partner"]}, "timeline": {"name": targets["partner"]}}
    return [(name, {**given[name], "district": district}) for name in SCOPED for district in (targets["scope"], "*")]


def _floor_s(store: Any, query: str) -> float:
    """Best of five reads of every row of ``query`` on ``store`` as Python values, in seconds."""
    from bench.result_floor import best_ms

    return best_ms(lambda: [tuple(t.value for t in row) for row in store.query(query)], 5) / 1000


def _time_scoped(store, targets: dict[str, str], reps: int) -> dict[str, Any]:
    """p50 of each scoped and unscoped year-wide query, its row count, and its ratio to the result floor
    (:mod:`bench.result_floor`: pyoxigraph's cost to hand that many rows of that width to Python)."""
    from bench.result_floor import persisted_copy, star_query, store_of
    from graph.query.sparql import library, run

    lib = library()
    out = {}
    for name, given in _scoped_plan(targets):
        names, rows = run(store, lib[name], given)
        times = []
        for _ in range(max(5, reps)):
            t = time.perf_counter()
            run(store, lib[name], given)
            times.append(time.perf_counter() - t)
        floor_store = store_of(max(1, len(rows)), len(names))
        query = star_query(len(names), True)
        floor = _floor_s(floor_store, query)
        with tempfile.TemporaryDirectory(prefix="ydkg-floor-") as tmp:  # the floor on the kind of store queried
            floor_disk = _floor_s(persisted_copy(floor_store, tmp), query)  # closed before its folder goes
        key = f"{name} {'all' if given['district'] == '*' else 'district'}"
        out[key] = {"p50": _pct(times, 50), "rows": len(rows), "floor": floor, "floor_disk": floor_disk}
    return out


def measure(n: int, work: Path, seed: int, reps: int, budget: float, baselines: bool,
            query_budget: float | None = None, memory_share: float = 0.6,
            trig_budget: float | None = None, cli_reps: int = 2) -> dict[str, Any]:
    """Every figure of the table for one size (run in its own process)."""

    from graph.query import persist
    from graph.query.brief import briefing
    from graph.gcpause import paused_gc
    from graph.export.network import to_networkx
    from graph.pipeline.build import build_kb
    from graph.query.store import OxigraphStore

    folder = corpus(n, work, seed)
    out = work / f"out-{n}"
    shutil.rmtree(out, ignore_errors=True)
    _log(f"{n}: build stages")
    with paused_gc():  # as build_kb and write_outputs do
        kb, m, pairs = _build_stages(folder, out)
        m["parse_alone_s"], m["regex_s"] = _parse_and_floor(pairs)
    del pairs
    targets = _targets(kb)
    m["targets"] = targets
    plan = _query_plan(targets)
    sampled = _sampled_plan(kb, 10, seed)
    m["sampled_plan"] = sampled
    try:
        from bench.recall import evaluate, read_truth

        score = evaluate(kb, read_truth(folder), examples=0)
        m["recall"], m["precision"] = score["recall"], score["precision"]
    except Exception as exc:  # the scorer is optional here
        m["recall"] = {"skipped": f"bench.recall: {type(exc).__name__}"}

    if baselines:
        _log(f"{n}: plain rdflib baselines (budget {budget:.0f} s per step)")
        _rdflib_baselines(kb, out, plan, sampled, max(1, min(reps, 3)), budget, targets["partner"], m,
                          query_budget, memory_share, trig_budget)
    else:
        for k in ("rdflib_fill_s", "rdflib_trig_s", "q_rdflib", "q_rdflib_sampled"):
            m[k] = {"skipped": "--no-baselines"}
    gc.collect()

    if baselines:
        _log(f"{n}: build with jobs=2 (cold cache), then warm cache")
        cache = work / f"cache-{n}"
        shutil.rmtree(cache, ignore_errors=True)
        t = time.perf_counter()
        build_kb([folder], cache_dir=cache, jobs=2)
        m["build_j2_cold_s"] = time.perf_counter() - t
        gc.collect()
        t = time.perf_counter()
        build_kb([folder], cache_dir=cache, jobs=2)
        m["build_warm_s"] = time.perf_counter() - t
        shutil.rmtree(cache, ignore_errors=True)
        gc.collect()

    trig = out / "dataset.trig"
    _log(f"{n}: pyoxigraph in memory (bulk load of dataset.trig)")
    t = time.perf_counter()
    ox_mem = OxigraphStore.from_file(trig)
    m["load_ox_s"] = time.perf_counter() - t
    m["q_ox"] = _time_queries(ox_mem, plan, reps, budget, [targets["partner"]])
    m["q_ox_sampled"] = _time_queries(ox_mem, sampled, 1, budget, _brief_names(sampled))
    m["q_ox_all"] = _time_queries(ox_mem, _unfiltered_plan(), max(1, min(reps, 3)), budget, [])
    del ox_mem
    gc.collect()

    _log(f"{n}: persisted store and kb.pickle")
    t = time.perf_counter()
    stamp, memo = persist.stamp_sources([folder], None, out)  # as `ydkg build` does: one stamp, the stat memo
    persist.save_kb(kb, out, stamp=stamp)
    m["save_kb_s"] = time.perf_counter() - t
    t = time.perf_counter()
    persist.save_store(kb, out, stamp=stamp)
    persist.save_memo(out, memo)
    m["save_store_s"] = time.perf_counter() - t
    t = time.perf_counter()
    ox_disk = persist.open_persisted_store(out)
    m["open_store_s"] = time.perf_counter() - t
    if ox_disk is None:
        raise RuntimeError("the persisted store did not reopen")
    m["q_disk"] = _time_queries(ox_disk, plan, reps, budget, [targets["partner"]])
    m["q_disk_sampled"] = _time_queries(ox_disk, sampled, 1, budget, _brief_names(sampled))
    m["scoped"] = _time_scoped(ox_disk, targets, reps)
    del ox_disk
    gc.collect()

    _log(f"{n}: ydkg facts and ydkg build as a user runs them (each in its own process)")
    m["cli"] = _cli_builds(folder, work / f"cli-{n}", cli_reps)

    _log(f"{n}: briefing on the knowledge base, and ydkg brief from a cold start")
    t = time.perf_counter()
    G = to_networkx(kb)
    m["networkx_s"] = time.perf_counter() - t
    times = []
    for _ in range(max(3, reps)):
        t = time.perf_counter()
        briefing(kb, targets["partner"], G=G)
        times.append(time.perf_counter() - t)
    m["brief_kb_p50"] = _pct(times, 50)
    m["brief_kb_first"] = times[0]  # builds the kb's briefing index
    times = []
    for name in _brief_names(sampled):
        t = time.perf_counter()
        briefing(kb, name, G=G)
        times.append(time.perf_counter() - t)
    m["brief_kb_sampled"] = {"p50": _pct(times, 50), "p95": _pct(times, 95)} if times else None
    del G
    m["cli_brief_s"] = _cli_brief(kb, folder, out, targets["partner"])
    m["rss_peak_mib"] = _rss_mib()
    return m


# ---------------------------------------------------------------------------- the table

def _skipped(v: Any) -> str | None:
    return f"n/a ({v['skipped']})" if isinstance(v, dict) and "skipped" in v and len(v) == 1 else None


def _s(v: Any) -> str:
    if v is None:
        return "–"
    return _skipped(v) or (f"{v:.2f} s" if v < 100 else f"{v:.0f} s")


def _ms(v: Any) -> str:
    if v is None:
        return "–"
    return f"{v * 1000:.1f} ms" if v < 1 else f"{v:.2f} s"


def _ratio(ours: Any, base: Any) -> str:
    if not isinstance(ours, (int, float)) or not isinstance(base, (int, float)) or ours <= 0:
        return ""
    return f" ({base / ours:.1f}×)"


def _queries(q: Any, ref: Any = None) -> str:
    sk = _skipped(q)
    if sk or not isinstance(q, dict):
        return sk or "–"
    text = f"{_ms(q['p50'])} / {_ms(q['p95'])}"
    if isinstance(ref, dict) and "p50" in ref:
        common = [k for k in q["per_query_p50"] if k in ref["per_query_p50"]]
        ratios = [ref["per_query_p50"][k] / q["per_query_p50"][k] for k in common if q["per_query_p50"][k] > 0]
        if ratios:
            text += f"; rdflib {_ge(ref)}{ref['p50'] / q['p50']:.0f}× (min {min(ratios):.0f}×)"
    if q.get("skipped"):
        text += f"; skipped {len(q['skipped'])} (>budget)"
    if q.get("stopped"):
        text += f"; stopped {len(q['stopped'])} at the budget (times are lower bounds)"
    return text


def _ge(ref: dict[str, Any]) -> str:
    """"≥" when some of the baseline's calls were stopped at the budget (their times are lower bounds)."""
    return "≥" if ref.get("stopped") else ""


def _slowest(q: Any) -> str:
    if not isinstance(q, dict) or "slowest" not in q:
        return _skipped(q) or "–"
    return f"{q['slowest']} {_ge(q)}{_ms(q['slowest_p50'])}"


def _parse_floor(m: dict[str, Any]) -> str:
    alone = m.get("parse_alone_s", m["parse_s"])  # figures saved before the best-of-3 pass
    return f"{_s(m['parse_s'])} · {_s(alone)} · {_s(m['regex_s'])} ({alone / m['regex_s']:.1f}×)"


def _cli_build(m: dict[str, Any], key: str) -> str:
    cli = m["cli"]
    return f"{_s(cli[f'{key}_s'])} ({cli[f'{key}_s'] / cli['facts_s']:.1f}×) · {cli[f'{key}_pss']:,.0f}"


def _scoped_cell(m: dict[str, Any], key: str) -> str:
    q = m.get("scoped", {}).get(key)
    if q is None:  # figures saved before the query was timed scoped
        return "–"
    if q["floor"] <= 0:
        return _ms(q["p50"])
    disk = f" · {q['p50'] / q['floor_disk']:.1f}× on disk" if q.get("floor_disk") else ""
    return f"{_ms(q['p50'])} ({q['rows']:,} rows, {q['p50'] / q['floor']:.1f}×{disk})"


def _scoped_brief(m: dict[str, Any]) -> str:
    """The busiest partner's SPARQL briefing (``entity`` + ``timeline``) scoped to one district, on disk."""
    parts = [m.get("scoped", {}).get(f"{q} district") for q in ("entity", "timeline")]
    return _ms(sum(q["p50"] for q in parts)) if all(parts) else "–"


def _each_query(q: Any) -> str:
    """Every named query's p50, slowest first (a p50 over all of them hides the slow ones)."""
    if not isinstance(q, dict) or "per_query_p50" not in q:
        return _skipped(q) or "–"
    return ", ".join(f"{k} {_ms(v)}" for k, v in sorted(q["per_query_p50"].items(), key=lambda kv: -kv[1]))


def _pct_pair(d: Any) -> str:
    return f"{_ms(d['p50'])} / {_ms(d['p95'])}" if isinstance(d, dict) else "–"


def _brief(q: Any, ref: Any = None) -> str:
    if not isinstance(q, dict) or q.get("brief_p50") is None:
        return _skipped(q) or (q.get("brief_skipped") if isinstance(q, dict) else None) or "n/a (over budget)"
    text = f"{_ms(q['brief_p50'])} / {_ms(q['brief_p95'])}"
    if isinstance(ref, dict) and ref.get("brief_p50"):
        text += f"; rdflib {_ge(ref)}{ref['brief_p50'] / q['brief_p50']:.0f}×"
    return text


def _per_store(label: str, fmt: Callable[[Any, Any], str],
               workload: str) -> list[tuple[str, Callable[[dict[str, Any]], str]]]:
    """Three rows of ``label``: rdflib, oxigraph in memory and on disk (``m["q_<store><workload>"]``),
    the last two with their ratio to rdflib."""
    ref = f"q_rdflib{workload}"
    return [(f"{label}: rdflib mem", lambda m: fmt(m.get(ref), None)),
            (f"{label}: oxigraph mem", lambda m: fmt(m.get(f"q_ox{workload}"), m.get(ref))),
            (f"{label}: oxigraph disk", lambda m: fmt(m.get(f"q_disk{workload}"), m.get(ref)))]


ROWS: list[tuple[str, Callable[[dict[str, Any]], str]]] = [
    ("reports / MB / lines", lambda m: f"{m['reports']:,} / {m['mb']:.1f} / {m['lines']:,}"),
    ("ydkg facts · peak PSS (MiB)", lambda m: f"{_s(m['cli']['facts_s'])} · {m['cli']['facts_pss']:,.0f}"),
    ("ydkg build (× facts) · peak PSS", lambda m: _cli_build(m, "build")),
    ("ydkg build --formats all (× facts) · peak", lambda m: _cli_build(m, "build_all")),
    ("read (decode + manifest)", lambda m: _s(m["read_s"])),
    ("parse in the build · alone · regex floor (×)", lambda m: _parse_floor(m)),
    ("extract (+ coverage rows)", lambda m: _s(m["extract_s"])),
    ("resolve", lambda m: _s(m["resolve_s"])),
    ("RDF quads · rdflib Dataset¹ (×)", lambda m: f"{_s(m['quads_s'])} · "
     + (_s(m['quads_s'] + m['rdflib_fill_s']) + _ratio(m['quads_s'], m['quads_s'] + m['rdflib_fill_s'])
        if isinstance(m['rdflib_fill_s'], (int, float)) else _s(m['rdflib_fill_s']))),
    ("serialise TriG · rdflib (×)", lambda m: f"{_s(m['trig_s'])} ({m['trig_mb']:.0f} MB) · "
     + _s(m['rdflib_trig_s']) + _ratio(m['trig_s'], m['rdflib_trig_s'])),
    ("build through TriG (serial)", lambda m: _s(m["build_s"])),
    ("  reports/s · MB/s", lambda m: f"{m['reports'] / m['build_s']:.0f} · {m['mb'] / m['build_s']:.2f}"),
    ("build_kb jobs=2, cold cache", lambda m: _s(m.get("build_j2_cold_s"))),
    ("build_kb warm cache", lambda m: _s(m.get("build_warm_s"))),
    ("recall · precision vs truth.jsonl", lambda m: _skipped(m["recall"]) or f"{m['recall']:.2%} · {m['precision']:.2%}"),
    ("statements / entities / triples", lambda m: f"{m['statements']:,} / {m['entities']:,} / {m['quads']:,}"),
    ("peak RSS: build · all (MiB)", lambda m: f"{m['rss_build_mib']:,.0f} · {m['rss_peak_mib']:,.0f}"),
    ("load: rdflib (quads+add) · ox (TriG)", lambda m: f"{_s(m.get('load_rdflib_s') or m['rdflib_fill_s'])} · {_s(m['load_ox_s'])}"),
    ("persist: kb.pickle · store · reopen", lambda m: f"{_s(m['save_kb_s'])} · {_s(m['save_store_s'])} · {_ms(m['open_store_s'])}"),
    *_per_store("busiest lookups p50/p95", _queries, ""),
    *_per_store("sampled lookups p50/p95", _queries, "_sampled"),
    ("unfiltered defaults p50/p95: ox mem", lambda m: _queries(m["q_ox_all"]) + "; " + _slowest(m["q_ox_all"])),
    ("slowest query p50: rdflib", lambda m: _slowest(m["q_rdflib"])),
    ("slowest query p50: oxigraph mem", lambda m: _slowest(m["q_ox"])),
    ("slowest query p50: oxigraph disk", lambda m: _slowest(m["q_disk"])),
    *[(f"{q} {scope} p50 (rows, × result floor: memory · disk)", lambda m, key=f"{q} {scope}": _scoped_cell(m, key))
      for q in SCOPED for scope in ("district", "all")],
    ("busiest lookups, each query p50: oxigraph disk", lambda m: _each_query(m.get("q_disk"))),
    *_per_store("busiest SPARQL briefing p50/p95", _brief, ""),
    ("busiest SPARQL briefing, one district: entity + timeline p50", _scoped_brief),
    *_per_store("sampled SPARQL briefings p50/p95", _brief, "_sampled"),
    ("briefing() on the kb, busiest p50 · 1st (index) · to_networkx",
     lambda m: f"{_ms(m['brief_kb_p50'])} · {_ms(m.get('brief_kb_first'))} · {_s(m['networkx_s'])}"),
    ("briefing() on the kb, sampled p50/p95", lambda m: _pct_pair(m.get("brief_kb_sampled"))),
    ("ydkg brief, cold process (1st · median)", lambda m: f"{_s(m['cli_brief_s'][0])} · {_s(sorted(m['cli_brief_s'])[len(m['cli_brief_s']) // 2])}"),
]


def table(results: dict[int, dict[str, Any]]) -> str:
    """The results as one aligned text table (rows: figures; columns: corpus sizes)."""
    sizes = sorted(results)
    head = ["", *[f"{n:,} reports" for n in sizes]]
    rows = [head]
    for label, fmt in ROWS:
        cells = [label]
        for n in sizes:
            try:
                cells.append(fmt(results[n]))
            except (KeyError, TypeError, ZeroDivisionError) as exc:
                cells.append(f"– ({type(exc).__name__})")
        rows.append(cells)
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    lines = []
    for k, r in enumerate(rows):
        lines.append("| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |")
        if k == 0:
            lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    targets = {n: results[n].get("targets", {}) for n in sizes}
    notes = ["queries bound to: " + "; ".join(
        f"{n:,}: district {t.get('district')}, year {t.get('year')}, entity/briefing {t.get('partner')}, "
        f"program {t.get('program')} ({t.get('fiscal_year')}), zone {t.get('zone')}"
        for n, t in targets.items())]
    reps = sorted({results[n].get("cli", {}).get("reps", 1) for n in sizes})
    notes.append("ydkg facts and ydkg build: the best wall time of " + "/".join(map(str, reps))
                 + " run(s) each, taken in turn, and the highest peak")
    graphs = {n: results[n]["rdflib_kind"] for n in sizes if results[n].get("rdflib_kind")}
    notes.append("¹ rdflib baseline: a Dataset" + (" at every size" if not graphs else ", except " + "; ".join(
        f"{n:,}: a {k}" for n, k in graphs.items())))
    return "\n".join(lines + notes) + "\n"


# ---------------------------------------------------------------------------- command line

def main(argv: list[str] | None = None) -> int:
    """Run the benchmark for each size in its own process and print one table."""
    ap = argparse.ArgumentParser(prog="bench/run", description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES), help="corpus sizes (reports)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--reps", type=int, default=7, help="runs of each query per store")
    ap.add_argument("--cli-reps", type=int, default=2,
                    help="runs of ydkg facts and of each ydkg build (the best time is kept, the highest peak)")
    ap.add_argument("--rdflib-budget", type=float, default=180.0,
                    help="seconds allowed per plain-rdflib step (longer ones are skipped, estimated from a sample)")
    ap.add_argument("--rdflib-query-budget", type=float,
                    help="seconds allowed for each plain-rdflib query workload (default: --rdflib-budget); "
                         "a call that would run past it is stopped there")
    ap.add_argument("--rdflib-trig-budget", type=float,
                    help="seconds allowed for rdflib's TriG serialisation (default: --rdflib-budget; 0 skips it)")
    ap.add_argument("--rdflib-memory-share", type=float, default=0.6,
                    help="share of the available memory the rdflib store may be estimated to take (default 0.6)")
    ap.add_argument("--no-baselines", action="store_true",
                    help="skip the rdflib baselines and the jobs=2/cache builds (quick smoke run)")
    ap.add_argument("--work", type=Path, default=DEFAULT_WORK, help="corpora and outputs (kept between runs)")
    ap.add_argument("--json", type=Path, help="also write the raw figures here")
    ap.add_argument("--report", type=Path, nargs="+", metavar="JSON",
                    help="print the table from figures saved with --json (several files are merged)")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)  # internal: measure one size, print JSON
    args = ap.parse_args(argv)
    if args.report:
        saved: dict[int, dict[str, Any]] = {}
        for path in args.report:
            saved.update({int(k): v for k, v in json.loads(path.read_text(encoding="utf-8")).items()})
        sys.stdout.write(table(saved))
        return 0
    args.work.mkdir(parents=True, exist_ok=True)

    if args.one is not None:
        res = measure(args.one, args.work, args.seed, args.reps, args.rdflib_budget, not args.no_baselines,
                      args.rdflib_query_budget, args.rdflib_memory_share, args.rdflib_trig_budget,
                      args.cli_reps)
        print(json.dumps(res, default=str))
        return 0

    results: dict[int, dict[str, Any]] = {}
    failed = False
    for n in args.sizes:
        cmd = [sys.executable, "-m", "bench.run", "--one", str(n), "--seed", str(args.seed), "--reps",
               str(args.reps), "--cli-reps", str(args.cli_reps), "--rdflib-budget", str(args.rdflib_budget),
               "--work", str(args.work)]
        if args.rdflib_query_budget is not None:
            cmd += ["--rdflib-query-budget", str(args.rdflib_query_budget)]
        cmd += ["--rdflib-memory-share", str(args.rdflib_memory_share)]
        if args.rdflib_trig_budget is not None:
            cmd += ["--rdflib-trig-budget", str(args.rdflib_trig_budget)]
        if args.no_baselines:
            cmd.append("--no-baselines")
        t = time.perf_counter()
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
        proc = subprocess.run(cmd, cwd=str(ROOT), env=env, stdout=subprocess.PIPE, text=True, check=False)
        if proc.returncode != 0 or not proc.stdout.strip():
            print(f"bench: size {n} failed (exit {proc.returncode}); left out of the table", file=sys.stderr)
            failed = True
            continue
        results[n] = json.loads(proc.stdout.strip().splitlines()[-1])
        _log(f"{n}: done in {time.perf_counter() - t:.0f} s")
        if args.json:
            args.json.write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    if results:
        sys.stdout.write(table(results))
    return 1 if failed or not results else 0


if __name__ == "__main__":
    raise SystemExit(main())
