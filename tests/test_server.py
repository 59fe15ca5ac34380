"""The real oxigraph server: serve, push (Graph Store Protocol), named queries over HTTP, errors.

Every server started here binds to 127.0.0.1 and is stopped in a ``finally``.
"""
from __future__ import annotations

import contextlib
import http.server
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.serve import gsp
from graph.errors import EndpointError
from graph.serve.server import OxigraphServer, ServedDataset, find_oxigraph, free_port, sync_store

pytestmark = pytest.mark.server

try:
    find_oxigraph()
except EndpointError:  # pragma: no cover - the server extra is missing
    pytest.skip("the oxigraph server is not installed", allow_module_level=True)

ROOT = Path(__file__).resolve().parent.parent
REPORT = "https://w3id.org/ydkg/report/"
ENTITIES = "https://w3id.org/ydkg/graph/entities"
COUNT_QUERY = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"

SMALL_TRIG = """\
@prefix ydk: <https://w3id.org/ydkg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<https://w3id.org/ydkg/graph/entities> {
  <https://w3id.org/ydkg/id/district/yeongdeungpo-gu> a ydk:District ; rdfs:label "영등포구"@ko .
  <https://w3id.org/ydkg/id/district/ulaanbaatar> a ydk:District ; rdfs:label "울란바토르"@ko .
  <https://w3id.org/ydkg/id/hospital/kim-eye> a ydk:Hospital ; rdfs:label "김안과병원"@ko .
}
<https://w3id.org/ydkg/report/r2019> {
  <https://w3id.org/ydkg/id/district/yeongdeungpo-gu> ydk:agreement <https://w3id.org/ydkg/id/district/ulaanbaatar> .
  <https://w3id.org/ydkg/statement/s1> ydk:subject <https://w3id.org/ydkg/id/district/yeongdeungpo-gu> ;
      ydk:object <https://w3id.org/ydkg/id/district/ulaanbaatar> ; ydk:date "2019-05-24"^^xsd:date .
}
<https://w3id.org/ydkg/report/r2020> {
  <https://w3id.org/ydkg/id/district/yeongdeungpo-gu> ydk:designated <https://w3id.org/ydkg/id/hospital/kim-eye> .
  <https://w3id.org/ydkg/statement/s2> ydk:subject <https://w3id.org/ydkg/id/district/yeongdeungpo-gu> ;
      ydk:object <https://w3id.org/ydkg/id/hospital/kim-eye> ; ydk:date "2020"^^xsd:gYear ; ydk:amount 1500000 .
}
"""

#: r2020 corrected: one more triple, one changed value.
CORRECTED_R2020 = SMALL_TRIG.replace('ydk:amount 1500000 .', 'ydk:amount 2500000 ; rdfs:comment "corrected" .')


# ----------------------------------------------------------------------------- helpers


def graph_counts(query_url: str) -> dict[str, int]:
    """Triples per named graph, as the server sees them."""
    res = gsp.sparql_select(query_url, COUNT_QUERY)
    return {b["g"]["value"]: int(b["n"]["value"]) for b in res["results"]["bindings"]}


def remote_graph_hash(server: OxigraphServer, graph: str) -> str:
    """Content hash of one graph fetched back with a Graph Store GET."""
    import pyoxigraph as ox

    _, body = gsp.request("GET", gsp.graph_url(server.store_url, graph), headers={"Accept": gsp.NTRIPLES})
    return gsp.graph_hash([q.triple for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)])


def clear(server: OxigraphServer) -> None:
    """Empty a writable server."""
    gsp.request("POST", server.update_url, body=b"update=CLEAR%20ALL",
                headers={"Content-Type": "application/x-www-form-urlencoded"})


@pytest.fixture(scope="module")
def small_trig(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("small") / "dataset.trig"
    path.write_text(SMALL_TRIG, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def writable_server() -> Iterator[OxigraphServer]:
    """An in-memory writable oxigraph server on a free loopback port."""
    server = OxigraphServer(None, port=0, writable=True)
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture
def stub_server() -> Iterator[tuple[str, dict]]:
    """A local HTTP stub answering every request with the status in ``state['status']``."""
    state = {"status": 500, "requests": 0}

    class Handler(http.server.BaseHTTPRequestHandler):
        def _answer(self) -> None:
            state["requests"] += 1
            length = int(self.headers.get("Content-Length") or 0)
            self.rfile.read(length)
            body = b"stub says no\n"
            self.send_response(state["status"])
            if state["status"] == 401:
                self.send_header("WWW-Authenticate", 'Basic realm="stub"')
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_PUT = do_POST = do_DELETE = _answer

        def log_message(self, *args: object) -> None:
            pass

    with serving(Handler) as url:
        yield url, state


@contextlib.contextmanager
def serving(handler: type[http.server.BaseHTTPRequestHandler]) -> Iterator[str]:
    """``handler`` answering on a free port of 127.0.0.1 in a thread; its base URL."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def _cli_ready() -> bool:
    """True once every command module the CLI lists exists (others land them in parallel)."""
    import re

    text = (ROOT / "graph" / "cli" / "__init__.py").read_text(encoding="utf-8")
    names = re.findall(r'"(\w+)"', re.search(r"COMMAND_MODULES[^=]*=\s*\(([^)]*)\)", text).group(1))
    return all((ROOT / "graph" / "cli" / f"{n}.py").is_file() for n in names)


needs_cli = pytest.mark.skipif(not _cli_ready(), reason="a CLI command module listed in COMMAND_MODULES is missing")


def run_cli(*args: str) -> tuple[int, str]:
    """Run ``ydkg ARGS`` in-process; return (exit code, stderr)."""
    import contextlib
    import io

    from graph.cli import main

    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(list(args))
    return code, err.getvalue()


# ----------------------------------------------------------------------------- push


def test_push_keeps_named_graphs_and_counts(writable_server: OxigraphServer, small_trig: Path) -> None:
    clear(writable_server)
    expected = {g: len(t) for g, t in gsp.publish_graphs(small_trig).items()}
    assert gsp.ONTOLOGY_GRAPH in expected
    report = gsp.push(small_trig, writable_server.query_url)
    assert report.graph_store == writable_server.store_url
    assert [p.graph for p in report.pushed] == sorted(expected)
    assert graph_counts(writable_server.query_url) == expected


def test_push_twice_changes_nothing(writable_server: OxigraphServer, small_trig: Path) -> None:
    clear(writable_server)
    gsp.push(small_trig, writable_server.base_url)
    first = graph_counts(writable_server.query_url)
    hashes = {g: remote_graph_hash(writable_server, g) for g in first}
    gsp.push(small_trig, writable_server.base_url)
    assert graph_counts(writable_server.query_url) == first
    assert {g: remote_graph_hash(writable_server, g) for g in first} == hashes


def test_push_corrected_report_replaces_only_its_graph(
    writable_server: OxigraphServer, small_trig: Path, tmp_path: Path
) -> None:
    clear(writable_server)
    gsp.push(small_trig, writable_server.query_url)
    before = {g: remote_graph_hash(writable_server, g) for g in graph_counts(writable_server.query_url)}
    corrected = tmp_path / "dataset.trig"
    corrected.write_text(CORRECTED_R2020, encoding="utf-8")
    gsp.push(corrected, writable_server.query_url, graph_store_url=writable_server.store_url)
    after = {g: remote_graph_hash(writable_server, g) for g in graph_counts(writable_server.query_url)}
    assert set(after) == set(before)
    assert [g for g in before if before[g] != after[g]] == [REPORT + "r2020"]
    assert after[REPORT + "r2020"] == gsp.graph_hash(gsp.read_graphs(corrected)[REPORT + "r2020"])


# ----------------------------------------------------------------------------- serve / reload


def test_serve_read_only_and_reload_changed_graphs_only(small_trig: Path, tmp_path: Path) -> None:
    data = tmp_path / "dataset.trig"
    shutil.copy(small_trig, data)
    location = tmp_path / "store"
    served = ServedDataset(data, location, port=0)
    try:
        first = served.start()
        assert first.mode == "load"
        expected = {g: len(t) for g, t in gsp.publish_graphs(data).items()}
        assert graph_counts(served.server.query_url) == expected
        # a read-only server refuses writes
        with pytest.raises(EndpointError, match="HTTP|refused"):
            gsp.push(data, served.server.query_url)
        # new build: r2020 corrected, r2019 gone
        text = CORRECTED_R2020
        start = text.index("<https://w3id.org/ydkg/report/r2019>")
        end = text.index("<https://w3id.org/ydkg/report/r2020>")
        data.write_text(text[:start] + text[end:], encoding="utf-8")
        os.utime(data, (time.time() + 5, time.time() + 5))
        assert served.changed_on_disk()
        again = served.reload()
        assert (again.mode, again.replaced, again.dropped) == ("update", [REPORT + "r2020"], [REPORT + "r2019"])
        assert again.unchanged == [ENTITIES, gsp.ONTOLOGY_GRAPH]
        assert graph_counts(served.server.query_url) == {g: len(t) for g, t in gsp.publish_graphs(data).items()}
    finally:
        served.stop()
    # a restart on the same location finds nothing to do
    assert sync_store(data, location).mode == "unchanged"


@needs_cli
def test_cli_serve_prints_endpoint_and_stops_on_sigterm(small_trig: Path, tmp_path: Path) -> None:
    shutil.copy(small_trig, tmp_path / "dataset.trig")
    code = "import sys; from graph.cli import main; sys.exit(main(sys.argv[1:]))"
    proc = subprocess.Popen(
        [sys.executable, "-c", code, "serve", "--data", str(tmp_path), "--port", "0"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        line = proc.stdout.readline().strip()
        assert line.startswith("SPARQL endpoint: http://127.0.0.1:") and line.endswith("/query"), line
        url = line.split(": ", 1)[1]
        assert graph_counts(url)[ENTITIES] == 6
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(15) == 0
        with pytest.raises(EndpointError, match="connection refused"):
            gsp.sparql_select(url, "ASK {}", timeout=2)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(5)
        proc.stdout.close()
        proc.stderr.close()


# ----------------------------------------------------------------------------- errors


def test_down_server_is_one_line_error_and_nonzero_exit(small_trig: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}/query"
    with pytest.raises(EndpointError) as err:
        gsp.push(small_trig, url, timeout=3)
    msg = str(err.value)
    assert "connection refused" in msg and "127.0.0.1" in msg and "\n" not in msg
    if _cli_ready():
        code, stderr = run_cli("push", url, "--data", str(small_trig), "--timeout", "3")
        assert code != 0
        assert stderr.count("\n") == 1 and "connection refused" in stderr


@pytest.mark.parametrize("status, words", [(401, "authentication failed"), (403, "the store is read-only"),
                                           (413, "too large for the server"), (500, "HTTP 500")])
def test_http_errors_are_one_line_and_nonzero_exit(
    stub_server: tuple[str, dict], small_trig: Path, status: int, words: str
) -> None:
    url, state = stub_server
    state["status"] = status
    with pytest.raises(EndpointError) as err:
        gsp.push(small_trig, url + "/store", timeout=3)
    assert words in str(err.value) and "nothing was pushed" in str(err.value)
    assert "\n" not in str(err.value)
    if not _cli_ready():
        return
    os.environ["YDKG_TEST_PW"] = "secret"
    try:
        code, stderr = run_cli("push", url + "/query", "--data", str(small_trig), "--user", "u",
                               "--password-env", "YDKG_TEST_PW", "--timeout", "3")
    finally:
        del os.environ["YDKG_TEST_PW"]
    assert code != 0
    assert stderr.count("\n") == 1 and words in stderr


def test_failure_midway_names_pushed_and_missing_graphs(stub_server: tuple[str, dict], small_trig: Path) -> None:
    url, state = stub_server
    state["status"] = 204

    original = gsp.put_graph
    calls = {"n": 0}

    def flaky(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            state["status"] = 503
        return original(*args, **kwargs)

    gsp.put_graph = flaky
    try:
        with pytest.raises(EndpointError) as err:
            gsp.push(small_trig, url + "/store", timeout=3)
    finally:
        gsp.put_graph = original
    msg = str(err.value)
    assert "HTTP 503" in msg and "pushed 1 graphs, each complete (entities)" in msg
    assert "not pushed 3 (ontology, r2019, r2020)" in msg and "\n" not in msg


def test_timeout_is_one_line(small_trig: Path) -> None:
    import socket

    with socket.socket() as sock:  # accepts (backlog) but never answers
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)
        url = f"http://127.0.0.1:{sock.getsockname()[1]}/store"
        with pytest.raises(EndpointError, match=r"timed out after 0.5 s"):
            gsp.push(small_trig, url, timeout=0.5)


def test_missing_binary_says_how_to_install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python"))
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(EndpointError, match=r"pip install 'ydkg\[server\]'"):
        find_oxigraph()


# ----------------------------------------------------------------------------- named queries over HTTP


def json_rows(result: dict) -> tuple[list[str], list[tuple]]:
    """SPARQL JSON results as (variables, rows of plain values), the way graph.query.store gives them."""
    from graph.query.store import _plain

    if "boolean" in result:
        return ["ask"], [(bool(result["boolean"]),)]
    names = list(result["head"]["vars"])
    rows = []
    for b in result["results"]["bindings"]:
        row = []
        for n in names:
            cell = b.get(n)
            if cell is None:
                row.append(None)
            elif cell["type"] == "literal" or cell["type"] == "typed-literal":
                row.append(_plain(cell.get("datatype"), cell["value"]))
            else:
                row.append(cell["value"])
        rows.append(tuple(row))
    return names, rows


@pytest.fixture(scope="module")
def corpus_server(corpus_trig: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    """The corpus served read-only by the real oxigraph server, loaded the way ``ydkg serve`` loads it."""
    served = ServedDataset(corpus_trig, tmp_path_factory.mktemp("corpus-store") / "store", port=0)
    try:
        served.start()
        yield served.server
    finally:
        served.stop()


def query_cases() -> list[tuple[str, dict[str, str]]]:
    """Every named query with its declared defaults, plus a few with explicit parameters."""
    from graph.query.sparql import library

    cases = [(name, {}) for name in library()]
    # Only cheap extras: with substitutions, entity/organisation/timeline take 5-8 s each in-process.
    extra = [
        ("funding", {"year": "2020"}),
        ("agreements", {"name": "중국 상해시 황포구 우호협력의향서"}),
        ("agreements", {"name": 'x" } ; DROP ALL ; #\\'}),  # quotes and braces travel as data
        ("sister-cities", {"as_of": "2019-06"}),
        ("events-by-year", {"year": "2019"}),
    ]
    return cases + [(n, p) for n, p in extra if n in library()]


def test_every_named_query_over_http_equals_in_process(corpus_server: OxigraphServer, corpus_trig: Path) -> None:
    from graph.query import sparql
    from graph.query.store import OxigraphStore

    local = OxigraphStore.from_file(corpus_trig)
    assert graph_counts(corpus_server.query_url) == {g: len(t) for g, t in gsp.publish_graphs(corpus_trig).items()}
    nonempty = 0
    for name, given in query_cases():
        query = sparql.library()[name]
        names, rows = sparql.run(local, query, given)
        remote_names, remote_rows = json_rows(gsp.sparql_select(corpus_server.query_url, sparql.bind(query, given)))
        assert remote_names == names, name
        assert remote_rows == rows, (name, given)  # the same text: the same rows, in the same order
        if not given:  # the .rq file sent as it is, as YASGUI or SPARQLWrapper would send it
            assert json_rows(gsp.sparql_select(corpus_server.query_url, query.text)) == (names, rows), name
        nonempty += bool(rows)
    assert nonempty >= len(sparql.library()) // 2


def test_union_count_over_http_is_the_count_of_distinct_triples(corpus_server: OxigraphServer) -> None:
    """Every triple once in the union default graph: COUNT(*) means the same on every store."""
    count = gsp.sparql_select(corpus_server.query_url, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    distinct = gsp.sparql_select(corpus_server.query_url,
                                 "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }")
    n = int(count["results"]["bindings"][0]["n"]["value"])
    assert n == int(distinct["results"]["bindings"][0]["n"]["value"]) and n > 10_000
    sisters = gsp.sparql_select(corpus_server.query_url, "PREFIX ydk: <https://w3id.org/ydkg/ontology#> "
                                "SELECT (COUNT(*) AS ?n) WHERE { ?s ydk:sisterCity ?o }")
    assert int(sisters["results"]["bindings"][0]["n"]["value"]) == 10  # as rdflib counts them


def test_push_corpus_twice_same_counts(writable_server: OxigraphServer, corpus_trig: Path) -> None:
    clear(writable_server)
    gsp.push(corpus_trig, writable_server.query_url)
    first = graph_counts(writable_server.query_url)
    assert first == {g: len(t) for g, t in gsp.publish_graphs(corpus_trig).items()}
    gsp.push(corpus_trig, writable_server.query_url)
    assert graph_counts(writable_server.query_url) == first


def test_builds_of_two_districts_pushed_into_one_store(writable_server: OxigraphServer, tmp_path: Path) -> None:
    """The nationwide path (docs/SERVER.md): each district built apart, both pushed into one store with
    --merge-entities. Each district's year-wide queries answer from the store as from its own build,
    the entities graph holds both builds' entities, and every triple is in the union once."""
    from graph.export import rdf
    from graph.pipeline.build import build_kb
    from graph.query import sparql
    from graph.query.store import open_store
    from graph.resources import SOURCES_DIR

    report = SOURCES_DIR / "001_12c0e7fe743c4ed0.txt"
    mapo = tmp_path / "mapo" / "mapo_2020.txt"
    mapo.parent.mkdir()
    mapo.write_text(report.read_text(encoding="utf-8").replace("영등포구", "마포구").replace("영등포", "마포"),
                    encoding="utf-8")
    builds = {"영등포구": build_kb([report], year=2020), "마포구": build_kb([mapo], year=2020)}
    clear(writable_server)
    for district, kb in builds.items():
        rdf.write_dataset(kb, tmp_path / district, ["dataset.trig"])
        gsp.push(tmp_path / district / "dataset.trig", writable_server.query_url, merge=[rdf.ENTITIES_GRAPH])
    lib = sparql.library()
    for district, kb in builds.items():
        alone = sparql.run(open_store("oxigraph", kb=kb), "organisation", {"year": "2020", "district": district})[1]
        res = gsp.sparql_select(writable_server.query_url, sparql.bind(lib["organisation"],
                                                                       {"year": "2020", "district": district}))
        shared = [tuple(b.get(v, {}).get("value") for v in res["head"]["vars"]) for b in res["results"]["bindings"]]
        assert alone and sorted(map(str, shared)) == sorted(str(tuple(map(str_or_none, row))) for row in alone)
    entities = {b["s"]["value"] for b in gsp.sparql_select(
        writable_server.query_url,
        f"SELECT DISTINCT ?s WHERE {{ GRAPH <{rdf.ENTITIES_GRAPH}> {{ ?s a ?t }} }}")["results"]["bindings"]}
    assert {rdf.entity_iri(e) for kb in builds.values() for e in kb.entities} <= entities
    counts = gsp.sparql_select(writable_server.query_url, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    distinct = gsp.sparql_select(writable_server.query_url, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }")
    assert counts["results"]["bindings"][0]["n"]["value"] == distinct["results"]["bindings"][0]["n"]["value"]
    # without --merge-entities the second build's entities graph replaces the first's
    gsp.push(tmp_path / "마포구" / "dataset.trig", writable_server.query_url)
    after = {b["s"]["value"] for b in gsp.sparql_select(
        writable_server.query_url,
        f"SELECT DISTINCT ?s WHERE {{ GRAPH <{rdf.ENTITIES_GRAPH}> {{ ?s a ?t }} }}")["results"]["bindings"]}
    assert rdf.entity_iri("division/영등포구/비전협력과") not in after


def str_or_none(value: object) -> str | None:
    return None if value is None else str(value)
