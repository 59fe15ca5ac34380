#!/usr/bin/env python3
"""Publish a built dataset into Virtuoso and the oxigraph server; time it beside Virtuoso's bulk loader.

    python bench/push_stores.py --data OUT [--chunk-mb 4,0] [--twice] [--skip oxigraph,bulk]

``--data`` is a build folder (``ydkg build … --out OUT``) or its ``dataset.trig``.
Every row starts from an empty store on a free loopback port, stopped in a
``finally``:

- ``virtuoso push``: ``ydkg push`` (graph by graph, digest auth, chunks of
  ``--chunk-mb``; one row per value, 0 = one request per graph) into a fresh Virtuoso;
  with ``--twice`` a second push of the same build, which replaces every graph.
- ``virtuoso bulk``: the same graphs written to one N-Quads file and loaded with
  Virtuoso's own bulk loader (``ld_dir`` + ``rdf_loader_run`` + ``checkpoint`` via
  ``isql-vt``): the floor.
- ``oxigraph push``: ``ydkg push`` into the oxigraph server (in memory, writable).
- with ``--one-graph N``: one synthetic graph of N triples (about 100 bytes each)
  put into a fresh Virtuoso with each ``--chunk-mb``: how the size of one
  request weighs on Virtuoso.

Prints graphs, triples, requests, seconds and triples per second per row, and
checks after each load that the store holds as many distinct triples per graph
as the dataset (exit 1 if not). Figures, not assertions: nothing here fails on time.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pyoxigraph as ox  # noqa: E402

from graph.errors import YdkgError  # noqa: E402
from graph.serve import gsp  # noqa: E402
from graph.serve.server import OxigraphServer, dataset_file  # noqa: E402
from graph.serve.virtuoso import PUSH_USER, VirtuosoServer  # noqa: E402

COUNTS = ("SELECT ?g (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } } "
          "GROUP BY ?g")


def counts(query_url: str) -> dict[str, int]:
    """Distinct triples per ydkg graph on a server."""
    res = gsp.sparql_select(query_url, COUNTS, timeout=600)
    return {b["g"]["value"]: int(b["n"]["value"]) for b in res["results"]["bindings"]
            if b["g"]["value"].startswith("https://w3id.org/ydkg/")}


def row(label: str, graphs: int, triples: int, requests: int, seconds: float, ok: bool) -> str:
    """One line of the result table."""
    rate = triples / seconds if seconds else 0.0
    return (f"{label:<28} {graphs:>7} {triples:>10} {requests:>9} {seconds:>9.1f} {rate:>10.0f}"
            f"  {'ok' if ok else 'COUNTS DIFFER'}")


def virtuoso_push(trig: Path, tmp: Path, chunk_mb: float, twice: bool, expected: dict[str, int],
                  buffers: int) -> list[str]:
    """``ydkg push`` into a fresh Virtuoso (twice if asked); table rows."""
    rows = []
    with VirtuosoServer(tmp / f"virtuoso-push-{chunk_mb:g}", buffers=buffers) as server:
        for attempt in ("first", "again")[: 2 if twice else 1]:
            start = time.perf_counter()
            report = gsp.push(trig, server.query_url, user=PUSH_USER, password=server.push_password, timeout=600,
                              auth="digest", chunk_bytes=int(chunk_mb * 1_000_000) or None)
            seconds = time.perf_counter() - start
            label = f"virtuoso push {chunk_mb:g} MB" + (" (again)" if attempt == "again" else "")
            rows.append(row(label, len(report.pushed), report.triples, sum(p.requests for p in report.pushed),
                            seconds, counts(server.query_url) == expected))
            print(rows[-1], flush=True)
    return rows


def virtuoso_bulk(graphs: dict[str, list[ox.Triple]], tmp: Path, expected: dict[str, int], buffers: int) -> str:
    """Virtuoso's bulk loader on the same graphs (one N-Quads file); a table row."""
    server = VirtuosoServer(tmp / "virtuoso-bulk", buffers=buffers)
    with server:
        folder = server.folder / "load"
        folder.mkdir()
        quads = (ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(g)) for g, ts in graphs.items() for t in ts)
        ox.serialize(quads, folder / "dataset.nq", format=ox.RdfFormat.N_QUADS)
        start = time.perf_counter()
        server.bulk_load(folder, "*.nq")
        seconds = time.perf_counter() - start
        triples = sum(len(t) for t in graphs.values())
        line = row("virtuoso bulk (ld_dir)", len(graphs), triples, 1, seconds, counts(server.query_url) == expected)
    print(line, flush=True)
    return line


def oxigraph_push(trig: Path, chunk_mb: float, expected: dict[str, int]) -> str:
    """``ydkg push`` into an in-memory oxigraph server; a table row."""
    with OxigraphServer(None, port=0, writable=True) as server:
        start = time.perf_counter()
        report = gsp.push(trig, server.query_url, timeout=600, chunk_bytes=int(chunk_mb * 1_000_000) or None)
        seconds = time.perf_counter() - start
        line = row(f"oxigraph push {chunk_mb:g} MB", len(report.pushed), report.triples,
                   sum(p.requests for p in report.pushed), seconds, counts(server.query_url) == expected)
    print(line, flush=True)
    return line


def one_graph(n: int, tmp: Path, sizes: list[float], buffers: int) -> list[str]:
    """One graph of ``n`` triples put into a fresh Virtuoso per chunk size; table rows."""
    p = ox.NamedNode("https://w3id.org/ydkg/ontology#note")
    triples = [ox.Triple(ox.NamedNode(f"https://w3id.org/ydkg/statement/b{i:08d}"), p,
                         ox.Literal(f"보고서 문장 {i}: some text of a statement")) for i in range(n)]
    graph = "https://w3id.org/ydkg/report/one-graph"
    rows = []
    for size in sizes:
        with VirtuosoServer(tmp / f"virtuoso-one-{size:g}", buffers=buffers) as server:
            session = gsp.open_session(server.store_url, PUSH_USER, server.push_password, auth="digest")
            start = time.perf_counter()
            done = gsp.put_graph(server.store_url, graph, triples, session.headers, 900, session.opener,
                                 int(size * 1_000_000) or None)
            seconds = time.perf_counter() - start
            rows.append(row(f"virtuoso one graph {size:g} MB", 1, n, done.requests, seconds,
                            counts(server.query_url) == {graph: n}))
        print(rows[-1], flush=True)
    return rows


def main(argv: list[str] | None = None) -> int:
    """Run the rows asked for; 0 if every store holds the dataset's counts."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, required=True, help="build folder or dataset .trig")
    ap.add_argument("--chunk-mb", default="4", help="comma-separated chunk sizes for the Virtuoso push (0: none)")
    ap.add_argument("--twice", action="store_true", help="push into Virtuoso a second time (replacing every graph)")
    ap.add_argument("--skip", default="", help="comma-separated: virtuoso, bulk, oxigraph")
    ap.add_argument("--one-graph", type=int, default=0, help="also: one graph of N triples, per chunk size")
    ap.add_argument("--buffers", type=int, default=100_000, help="Virtuoso NumberOfBuffers (8 KB pages)")
    args = ap.parse_args(argv)
    skip = set(filter(None, args.skip.split(",")))
    sizes = [float(x) for x in args.chunk_mb.split(",") if x.strip()]
    try:
        trig = dataset_file(args.data)
        graphs = gsp.publish_graphs(trig)
        expected = {g: len(set(t)) for g, t in graphs.items()}
        print(f"# {trig}: {len(graphs)} graphs, {sum(expected.values())} triples, "
              f"{trig.stat().st_size / 1e6:.1f} MB TriG", flush=True)
        print(f"{'row':<28} {'graphs':>7} {'triples':>10} {'requests':>9} {'seconds':>9} {'triples/s':>10}")
        rows = []
        with tempfile.TemporaryDirectory(prefix="ydkg-push-bench-") as tmp:
            if "virtuoso" not in skip:
                for size in sizes:
                    rows += virtuoso_push(trig, Path(tmp), size, args.twice, expected, args.buffers)
            if "bulk" not in skip:
                rows.append(virtuoso_bulk(graphs, Path(tmp), expected, args.buffers))
            if "oxigraph" not in skip:
                rows.append(oxigraph_push(trig, sizes[0] if sizes else 4.0, expected))
            if args.one_graph:
                rows += one_graph(args.one_graph, Path(tmp), sizes, args.buffers)
    except YdkgError as exc:
        print(f"push_stores: error: {exc}", file=sys.stderr)
        return 2
    return 1 if any(r.endswith("COUNTS DIFFER") for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
