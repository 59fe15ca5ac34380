"""``ydkg push`` into a real Virtuoso (Debian's virtuoso-opensource 7.2), and the named queries on it.

One throwaway Virtuoso for the module (:class:`graph.serve.virtuoso.VirtuosoServer`:
its own database, ini and loopback ports in a tmp folder), stopped in a
``finally``. ``make test`` installs Virtuoso first (``make virtuoso``); without it
the module is skipped, saying how to install it.

Queries are sent to Virtuoso without ``FROM``: Virtuoso's default dataset is
every graph it holds (its own system graphs too), which answers the named
queries as the oxigraph server's ``--union-default-graph`` does.
"""
from __future__ import annotations

import collections
import os
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.errors import EndpointError
from graph.serve import gsp
from graph.serve.server import OxigraphServer, ServedDataset, free_port
from graph.serve.virtuoso import PUSH_USER, VirtuosoServer, find_virtuoso

pytestmark = [pytest.mark.virtuoso, pytest.mark.server]

try:
    find_virtuoso()
except EndpointError as exc:  # pragma: no cover - depends on the machine
    pytest.skip(f"{exc} (make test installs it; it could not here)", allow_module_level=True)

from test_server import json_rows, query_cases, run_cli  # noqa: E402

YDKG = "https://w3id.org/ydkg/"
PW_ENV = "YDKG_VIRTUOSO_TEST_PW"
_XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtuosoServer]:
    server = VirtuosoServer(tmp_path_factory.mktemp("virtuoso"))
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def oxigraph(corpus_trig: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    served = ServedDataset(corpus_trig, tmp_path_factory.mktemp("ox") / "store", port=0)
    try:
        served.start()
        yield served.server
    finally:
        served.stop()


def push_cli(server: VirtuosoServer, data: Path, *extra: str) -> tuple[int, str]:
    """``ydkg push`` into ``server`` as the push user (digest chosen from the challenge)."""
    os.environ[PW_ENV] = server.push_password
    try:
        return run_cli("push", server.query_url, "--data", str(data), "--user", PUSH_USER,
                       "--password-env", PW_ENV, *extra)
    finally:
        del os.environ[PW_ENV]


def ydkg_graphs(server: VirtuosoServer) -> dict[str, int]:
    """Distinct triples per ydkg graph on Virtuoso (its system graphs left out)."""
    res = gsp.sparql_select(server.query_url, "SELECT ?g (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?g ?s ?p ?o "
                            "WHERE { GRAPH ?g { ?s ?p ?o } } } GROUP BY ?g")
    return {b["g"]["value"]: int(b["n"]["value"]) for b in res["results"]["bindings"]
            if b["g"]["value"].startswith(YDKG)}


def distinct_total(server: VirtuosoServer) -> int:
    """Distinct triples over every ydkg graph together."""
    query = ('SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } '
             f'FILTER(STRSTARTS(STR(?g), "{YDKG}")) }} }}')
    return int(gsp.sparql_select(server.query_url, query)["results"]["bindings"][0]["n"]["value"])


def fetched(server: VirtuosoServer, graph: str) -> str:
    """Hash of one graph read back over Virtuoso's public (read-only) Graph Store.

    Virtuoso 7.2 stores an xsd:integer beyond 32 bits as xsd:decimal (same
    value, e.g. an amount of 2685940000 won); such literals are read back as integers.
    """
    _, body = gsp.request("GET", gsp.graph_url(server.public_store_url, graph), headers={"Accept": gsp.NTRIPLES})
    triples = []
    for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES):
        o = q.object
        if isinstance(o, ox.Literal) and o.datatype.value == _XSD + "decimal" and o.value.lstrip("-").isdigit():
            o = ox.Literal(o.value, datatype=ox.NamedNode(_XSD + "integer"))
        triples.append(ox.Triple(q.subject, q.predicate, o))
    return gsp.graph_hash(triples)


def expected_counts(trig: Path) -> dict[str, int]:
    return {g: len(set(t)) for g, t in gsp.publish_graphs(trig).items()}


def test_push_corpus_counts_and_round_trip(virtuoso: VirtuosoServer, corpus_trig: Path) -> None:
    code, err = push_cli(virtuoso, corpus_trig)
    assert code == 0, err
    graphs = gsp.publish_graphs(corpus_trig)
    assert ydkg_graphs(virtuoso) == expected_counts(corpus_trig)
    assert distinct_total(virtuoso) == len({t for ts in graphs.values() for t in ts})
    assert {g: fetched(virtuoso, g) for g in graphs} == {g: gsp.graph_hash(t) for g, t in graphs.items()}
    assert f"[{len(graphs)}/{len(graphs)}]" in err  # progress, one line per graph


def test_every_named_query_on_virtuoso_equals_oxigraph(
    virtuoso: VirtuosoServer, oxigraph: OxigraphServer, corpus_trig: Path
) -> None:
    from graph.query import sparql
    from graph.query.store import OxigraphStore

    if ydkg_graphs(virtuoso) != expected_counts(corpus_trig):
        assert push_cli(virtuoso, corpus_trig)[0] == 0
    local = OxigraphStore.from_file(corpus_trig)
    nonempty = 0
    for name, given in query_cases():
        query = sparql.library()[name]
        text = sparql.bind(query, given)  # the .rq file with its VALUES row replaced, as any client sends it
        try:
            names, on_virtuoso = json_rows(gsp.sparql_select(virtuoso.query_url, text, timeout=60))
        except gsp.EndpointError as exc:
            raise AssertionError(f"{name} {given}: {exc}") from None
        ox_names, on_oxigraph = json_rows(gsp.sparql_select(oxigraph.query_url, text, timeout=60))
        assert names == ox_names, name
        assert collections.Counter(on_virtuoso) == collections.Counter(on_oxigraph), (name, given)
        assert collections.Counter(on_virtuoso) == collections.Counter(sparql.run(local, query, given)[1])
        nonempty += bool(on_virtuoso)
    assert nonempty >= len(sparql.library()) // 2


def corrected(trig: Path, out: Path) -> tuple[Path, str]:
    """The corpus with one report corrected (a triple changed, one added): (dataset, that report's graph)."""
    ds = ox.Dataset(ox.parse(path=trig, format=ox.RdfFormat.TRIG))
    report = sorted(g for g in gsp.publish_graphs(trig) if g.startswith(YDKG + "report/"))[0]
    graph = ox.NamedNode(report)
    first = min((q for q in ds if q.graph_name == graph), key=str)
    ds.remove(first)
    ds.add(ox.Quad(first.subject, first.predicate, ox.Literal("corrected"), graph))
    ds.add(ox.Quad(ox.NamedNode(YDKG + "statement/correction"), ox.NamedNode(YDKG + "ontology#note"),
                   ox.Literal("정정"), graph))
    path = out / "dataset.trig"
    ox.serialize(ds, path, format=ox.RdfFormat.TRIG)
    return path, report


def test_push_twice_changes_nothing_and_a_correction_replaces_only_its_graph(
    virtuoso: VirtuosoServer, corpus_trig: Path, tmp_path: Path
) -> None:
    assert push_cli(virtuoso, corpus_trig)[0] == 0
    graphs = sorted(gsp.publish_graphs(corpus_trig))
    before = {g: fetched(virtuoso, g) for g in graphs}
    assert push_cli(virtuoso, corpus_trig, "--quiet")[0] == 0
    assert {g: fetched(virtuoso, g) for g in graphs} == before
    assert ydkg_graphs(virtuoso) == expected_counts(corpus_trig)

    fixed, report = corrected(corpus_trig, tmp_path)
    assert push_cli(virtuoso, fixed, "--quiet")[0] == 0
    after = {g: fetched(virtuoso, g) for g in graphs}
    assert [g for g in graphs if after[g] != before[g]] == [report]
    assert after[report] == gsp.graph_hash(gsp.publish_graphs(fixed)[report])
    assert ydkg_graphs(virtuoso) == expected_counts(fixed)
    assert push_cli(virtuoso, corpus_trig, "--quiet")[0] == 0  # and back
    assert {g: fetched(virtuoso, g) for g in graphs} == before


def test_chunked_push_gives_the_same_graphs(virtuoso: VirtuosoServer, corpus_trig: Path) -> None:
    report = gsp.push(corpus_trig, virtuoso.query_url, user=PUSH_USER, password=virtuoso.push_password,
                      auth="digest", chunk_bytes=60_000)
    assert report.auth == "digest" and all(p.requests > 1 for p in report.pushed if p.triples > 1000)
    graphs = gsp.publish_graphs(corpus_trig)
    assert {g: fetched(virtuoso, g) for g in graphs} == {g: gsp.graph_hash(t) for g, t in graphs.items()}
    assert ydkg_graphs(virtuoso) == expected_counts(corpus_trig)


def test_virtuoso_errors_are_one_line(virtuoso: VirtuosoServer, corpus_trig: Path) -> None:
    def failure(*args: object, **kwargs: object) -> str:
        with pytest.raises(EndpointError) as err:
            gsp.push(corpus_trig, *args, timeout=10, **kwargs)
        assert "\n" not in str(err.value)
        return str(err.value)

    assert "authentication failed (HTTP 401" in failure(virtuoso.query_url, user=PUSH_USER, password="wrong")
    assert "authentication failed (HTTP 401" in failure(virtuoso.query_url)  # no user at all
    assert "refused (HTTP 403" in failure(virtuoso.query_url, graph_store_url=virtuoso.public_store_url)
    virtuoso.isql("DB.DBA.USER_CREATE('reader', 'readerpw');")  # a user without SPARQL_UPDATE
    assert "HTTP 403" in failure(virtuoso.query_url, user="reader", password="readerpw")
    assert "connection refused" in failure(f"http://127.0.0.1:{free_port()}/sparql", user=PUSH_USER, password="x")
    session = gsp.open_session(virtuoso.store_url, PUSH_USER, virtuoso.push_password)
    with pytest.raises(EndpointError) as err:  # a body Virtuoso cannot parse: its 500, one line
        gsp.request("PUT", gsp.graph_url(virtuoso.store_url, YDKG + "report/broken"), body=b"<broken",
                    headers={"Content-Type": gsp.NTRIPLES}, timeout=10, opener=session.opener)
    assert "HTTP 500" in str(err.value) and "\n" not in str(err.value)
