#!/usr/bin/env python3
"""Bounded load test of the named queries against the real oxigraph server on 127.0.0.1.

    python bench/load_sparql.py [--data out] [--clients 8] [--duration 30] [--max-requests 200000] [--hostile]

Loads the built dataset (``--data``: a build folder or a ``.trig``; without
one, the embedded corpus is built into a temporary folder) into a read-only
oxigraph server on a free loopback port, then runs ``--clients`` threads that
send the named queries (with their declared default parameters, round-robin)
over the SPARQL protocol for ``--duration`` seconds. Every answer must be HTTP
200 with SPARQL JSON results holding the same number of rows as the first
answer to that query. Prints, per query: requests, errors, throughput (req/s),
p50 and p95 latency (ms). Exits 1 if any request failed.

With ``--hostile``, a second phase runs the same load through the endpoint
``ydkg serve`` opens (the guard of :mod:`graph.serve.proxy` in front of the
engine, ``--query-timeout`` seconds per query), while one more client sends the
hostile shapes in turn: a query nested 5,000 deep and one of 100 KB (each must be
answered 400) and a cartesian product (503 after the timeout, the engine
restarted). It prints the second table, the hostile answers, the restarts, and
the ratio of each guarded phase's throughput and p50 to the direct phase's
(the baseline, measured in the same run); a guarded phase without the hostile
client comes first, so the guard's own cost shows apart from the hostile load. Named queries must not fail in
either phase: one in flight when the engine restarts is retried by the guard.

Hard caps: at most 32 clients, 300 s and 1,000,000 requests, whatever is asked.
"""
from __future__ import annotations

import argparse
import http.client
import json
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph import gsp  # noqa: E402
from graph.errors import YdkgError  # noqa: E402
from graph.serve.server import ServedDataset, dataset_file  # noqa: E402

MAX_CLIENTS = 32
MAX_DURATION_S = 300.0
MAX_REQUESTS = 1_000_000


@dataclass
class Stats:
    """Latencies (s) and errors of one query."""

    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    first_error: str = ""


def workload() -> list[tuple[str, str]]:
    """(name, query text) for every named query: the .rq file as it is (its VALUES row holds the defaults)."""
    from graph.query import sparql

    return [(name, sparql.bind(query, {})) for name, query in sparql.library().items()]


def expected_rows(query_url: str, queries: list[tuple[str, str]]) -> dict[str, int]:
    """Row count of each query's first answer (every later answer must match it)."""
    counts = {}
    for name, text in queries:
        res = gsp.sparql_select(query_url, text, timeout=60)
        counts[name] = len(res["results"]["bindings"]) if "results" in res else 1
    return counts


def client(
    port: int, queries: list[tuple[str, str]], expected: dict[str, int], offset: int, deadline: float,
    budget: list[int], lock: threading.Lock, stats: dict[str, Stats], timeout: float,
) -> None:
    """One client: a keep-alive connection sending queries round-robin until the deadline or budget."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": gsp.SPARQL_JSON}
    bodies = [(name, urllib.parse.urlencode({"query": text})) for name, text in queries]
    i = offset
    try:
        while time.monotonic() < deadline:
            with lock:
                if budget[0] <= 0:
                    return
                budget[0] -= 1
            name, body = bodies[i % len(bodies)]
            i += 1
            start = time.perf_counter()
            problem = ""
            try:
                conn.request("POST", "/query", body=body, headers=headers)
                resp = conn.getresponse()
                data = resp.read()
                if resp.status != 200:
                    problem = f"HTTP {resp.status}"
                else:
                    res = json.loads(data)
                    rows = len(res["results"]["bindings"]) if "results" in res else 1
                    if rows != expected[name]:
                        problem = f"{rows} rows, expected {expected[name]}"
            except (OSError, http.client.HTTPException, ValueError, KeyError) as exc:
                problem = f"{type(exc).__name__}: {exc}"
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
            elapsed = time.perf_counter() - start
            with lock:
                st = stats[name]
                if problem:
                    st.errors += 1
                    st.first_error = st.first_error or problem
                else:
                    st.latencies.append(elapsed)
    finally:
        conn.close()


def percentile(values: list[float], q: float) -> float:
    """The q-quantile (0..1) of ``values`` (nearest rank), 0 if empty."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]


def table(stats: dict[str, Stats], wall: float) -> str:
    """The result table as aligned text."""
    head = ("query", "requests", "errors", "req/s", "p50 ms", "p95 ms")
    rows = []
    all_lat: list[float] = []
    for name, st in stats.items():
        n = len(st.latencies) + st.errors
        all_lat += st.latencies
        rows.append((name, str(n), str(st.errors), f"{n / wall:.1f}",
                     f"{percentile(st.latencies, .5) * 1000:.2f}", f"{percentile(st.latencies, .95) * 1000:.2f}"))
    total_n = sum(len(s.latencies) + s.errors for s in stats.values())
    rows.append(("TOTAL", str(total_n), str(sum(s.errors for s in stats.values())), f"{total_n / wall:.1f}",
                 f"{percentile(all_lat, .5) * 1000:.2f}", f"{percentile(all_lat, .95) * 1000:.2f}"))
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    fmt = lambda r: "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths)))  # noqa: E731
    lines = [fmt(head), fmt(tuple("-" * w for w in widths))] + [fmt(r) for r in rows]
    return "\n".join(lines)


#: The hostile shapes: (name, query text, the status the guard must answer).
HOSTILE = (
    ("nested 5,000 deep", "SELECT * WHERE " + "{" * 5000 + "}" * 5000, 400),
    ("100 KB long", "SELECT * WHERE { ?s ?p ?o } #" + "x" * 100_000, 400),
    ("cartesian product", "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }", 503),
)


def hostile_client(port: int, deadline: float, answers: dict[str, list[int]], timeout: float) -> None:
    """Send the hostile shapes in turn until the deadline; record each answer's status."""
    i = 0
    while time.monotonic() < deadline:
        name, text, _ = HOSTILE[i % len(HOSTILE)]
        i += 1
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        try:
            conn.request("POST", "/query", body=urllib.parse.urlencode({"query": text}),
                         headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": gsp.SPARQL_JSON})
            resp = conn.getresponse()
            resp.read()
            answers[name].append(resp.status)
        except (OSError, http.client.HTTPException) as exc:
            answers[name].append(-1)
            print(f"# hostile {name}: {type(exc).__name__}: {exc}", file=sys.stderr)
        finally:
            conn.close()
        time.sleep(1.0)


def run_phase(port: int, queries: list[tuple[str, str]], expected: dict[str, int], clients: int,
              duration: float, budget: int, timeout: float, hostile: dict[str, list[int]] | None = None,
              ) -> tuple[dict[str, Stats], float]:
    """``clients`` threads of named queries (and one hostile client) against ``port`` for ``duration`` s."""
    stats = {name: Stats() for name, _ in queries}
    lock = threading.Lock()
    start = time.monotonic()
    deadline = start + duration
    left = [budget]
    threads = [threading.Thread(target=client, daemon=True, args=(
        port, queries, expected, k, deadline, left, lock, stats, timeout)) for k in range(clients)]
    if hostile is not None:
        threads.append(threading.Thread(target=hostile_client, daemon=True, args=(port, deadline, hostile, timeout)))
    for t in threads:
        t.start()
    for t in threads:
        t.join(duration + timeout + 5)
    return stats, time.monotonic() - start


def _totals(stats: dict[str, Stats], wall: float) -> tuple[float, float]:
    """(requests per second, p50 seconds) over every query of a phase."""
    lat = [x for s in stats.values() for x in s.latencies]
    return sum(len(s.latencies) + s.errors for s in stats.values()) / wall, percentile(lat, .5)


def guarded_phase(trig: Path, tmp: Path, queries: list[tuple[str, str]], expected: dict[str, int], clients: int,
                  duration: float, budget: int, timeout: float, query_timeout: float, hostile: bool,
                  ) -> tuple[dict[str, Stats], float, dict[str, list[int]], int]:
    """The load through ``ydkg serve``'s guard (with the hostile client if asked); (stats, wall, hostile answers, restarts)."""
    from graph.serve.guard import Limits
    from graph.serve.proxy import GuardedEndpoint

    served = ServedDataset(trig, tmp / "store", port=0)
    endpoint = GuardedEndpoint(served, 0, Limits(timeout_s=query_timeout), log=lambda t: print(f"# {t}", file=sys.stderr))
    answers: dict[str, list[int]] = {name: [] for name, _, _ in HOSTILE}
    with endpoint:
        stats, wall = run_phase(endpoint.port, queries, expected, clients, duration, budget, timeout,
                                answers if hostile else None)
        restarts = endpoint.supervisor.restarts
    return stats, wall, answers, restarts


def build_corpus(tmp: Path) -> Path:
    """Build the embedded corpus's dataset into ``tmp``."""
    try:
        from graph.pipeline.build import build_kb
    except ImportError:
        raise YdkgError("the pipeline is not available; pass --data with a built dataset") from None
    from graph.export.rdf import write_dataset
    from graph.resources import SOURCES_DIR

    write_dataset(build_kb([SOURCES_DIR]), tmp)
    return tmp / "dataset.trig"


def main(argv: list[str] | None = None) -> int:
    """Run the load test; 0 if no request failed."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=None, help="build folder or dataset .trig (default: build the corpus)")
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--duration", type=float, default=30.0, help="seconds of load (per phase)")
    ap.add_argument("--max-requests", type=int, default=200_000, help="stop after this many requests (per phase)")
    ap.add_argument("--timeout", type=float, default=30.0, help="seconds per request")
    ap.add_argument("--hostile", action="store_true", help="a second phase through the guard, with hostile queries")
    ap.add_argument("--query-timeout", type=float, default=10.0, help="the guard's query timeout in the hostile phase")
    args = ap.parse_args(argv)
    clients = max(1, min(args.clients, MAX_CLIENTS))
    duration = max(0.5, min(args.duration, MAX_DURATION_S))
    budget = max(1, min(args.max_requests, MAX_REQUESTS))

    with tempfile.TemporaryDirectory(prefix="ydkg-bench-") as tmp:
        try:
            trig = dataset_file(args.data) if args.data else build_corpus(Path(tmp))
            served = ServedDataset(trig, Path(tmp) / "store", port=0)
            try:
                sync = served.start()
                queries = workload()
                expected = expected_rows(served.server.query_url, queries)
                print(f"# {sync.summary()}", file=sys.stderr)
                print(f"# {served.server.query_url}: {len(queries)} named queries, {clients} clients, "
                      f"{duration:g} s, at most {budget} requests", file=sys.stderr)
                stats, wall = run_phase(served.server.port, queries, expected, clients, duration, budget, args.timeout)
            finally:
                served.stop()
            if args.hostile:
                phases = [guarded_phase(trig, Path(tmp), queries, expected, clients, duration, budget,
                                        args.timeout, args.query_timeout, hostile) for hostile in (False, True)]
        except YdkgError as exc:
            print(f"load_sparql: error: {exc}", file=sys.stderr)
            return 2
    print("direct to the engine (baseline)")
    print(table(stats, wall))
    failed = {n: s for n, s in stats.items() if s.errors}
    if args.hostile:
        base = _totals(stats, wall)
        for (g_stats, g_wall, answers, restarts), hostile in zip(phases, (False, True)):
            print(f"\nthrough ydkg serve's guard{', with one hostile client' if hostile else ''} "
                  f"(query timeout {args.query_timeout:g} s)")
            print(table(g_stats, g_wall))
            if hostile:
                for name, want, got in ((n, w, answers[n]) for n, _, w in HOSTILE):
                    print(f"hostile {name}: {len(got)} sent, {sum(1 for x in got if x == want)} answered {want}"
                          + ("" if all(x == want for x in got) else f", others: {sorted(set(got) - {want})}"))
                if any(x != w for n, _, w in HOSTILE for x in answers[n]):
                    failed["hostile"] = Stats(errors=1, first_error="a hostile shape got another answer")
            rate, p50 = _totals(g_stats, g_wall)
            print(f"engine restarts: {restarts}; against the direct phase: throughput {rate / base[0]:.2f}×, "
                  f"p50 {p50 / base[1] if base[1] else 0:.2f}×")
            failed |= {f"guarded{' + hostile' if hostile else ''} {n}": s for n, s in g_stats.items() if s.errors}
    print(f"# wall {wall:.1f} s per phase, {clients} clients", file=sys.stderr)
    for name, st in failed.items():
        print(f"# {name}: {st.errors} errors, first: {st.first_error}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
