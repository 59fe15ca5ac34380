"""``ydkg push`` against local HTTP stubs: chunking, 413, partial graphs, auth selection, one-line errors.

The real stores are in tests/test_server.py (oxigraph) and tests/test_virtuoso.py.
"""
from __future__ import annotations

import http.server
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.errors import EndpointError
from graph.serve import auth, gsp
from test_server import serving

G = "https://w3id.org/ydkg/report/r1"


def triples(n: int) -> list[ox.Triple]:
    """``n`` distinct triples."""
    p = ox.NamedNode("https://w3id.org/ydkg/ontology#p")
    return [ox.Triple(ox.NamedNode(f"https://w3id.org/ydkg/id/s{i:05d}"), p, ox.Literal(f"값 {i}")) for i in range(n)]


@pytest.fixture
def stub() -> Iterator[tuple[str, dict]]:
    """A Graph Store stub: records (method, body) per request; answers ``state['answer'](method, body, n)``."""
    state: dict = {"log": [], "answer": lambda method, body, n: 201, "challenge": None}

    class Handler(http.server.BaseHTTPRequestHandler):
        def _answer(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            state["log"].append((self.command, body, self.headers.get("Authorization")))
            status = state["answer"](self.command, body, len(state["log"]))
            text = b"stub says no\n" if status >= 400 else b""
            self.send_response(status)
            if status == 401 and state["challenge"]:
                self.send_header("WWW-Authenticate", state["challenge"])
            self.send_header("Content-Length", str(len(text)))
            self.end_headers()
            self.wfile.write(text)

        do_GET = do_PUT = do_POST = do_DELETE = _answer

        def log_message(self, *args: object) -> None:
            pass

    with serving(Handler) as url:
        yield url + "/store", state


def test_small_graph_is_one_put(stub: tuple[str, dict]) -> None:
    url, state = stub
    done = gsp.put_graph(url, G, triples(10), {}, 5, max_bytes=10_000)
    assert (done.requests, [m for m, _, _ in state["log"]]) == (1, ["PUT"])


def test_large_graph_is_put_then_posts_and_carries_every_triple(stub: tuple[str, dict]) -> None:
    url, state = stub
    data = triples(500)
    done = gsp.put_graph(url, G, data, {}, 5, max_bytes=5_000)
    methods = [m for m, _, _ in state["log"]]
    assert methods[0] == "PUT" and set(methods[1:]) == {"POST"} and done.requests == len(methods) > 1
    assert all(len(body) <= 5_000 for _, body, _ in state["log"])
    assert b"".join(sorted(b for _, body, _ in state["log"] for b in body.splitlines(keepends=True))) \
        == gsp.ntriples(data)
    # deterministic: the same chunks every time
    assert gsp.chunk_bodies(data, 5_000) == gsp.chunk_bodies(list(reversed(data)), 5_000)


def test_blank_nodes_stay_in_one_chunk() -> None:
    p = ox.NamedNode("https://w3id.org/ydkg/ontology#p")
    b1, b2 = ox.BlankNode("a"), ox.BlankNode("b")
    data = triples(200) + [ox.Triple(b1, p, ox.Literal(f"x{i}")) for i in range(50)] + [
        ox.Triple(b1, p, b2), ox.Triple(b2, p, ox.Literal("end"))]
    bodies = gsp.chunk_bodies(data, 2_000)
    holding = [i for i, body in enumerate(bodies) if b"_:" in body]
    assert len(holding) == 1 and bodies[holding[0]].count(b"\n") == 52


def test_413_halves_the_chunks_and_starts_the_graph_over(stub: tuple[str, dict]) -> None:
    url, state = stub
    state["answer"] = lambda method, body, n: 413 if len(body) > 8_000 else 201
    done = gsp.put_graph(url, G, triples(400), {}, 5, max_bytes=None)
    methods = [m for m, _, _ in state["log"]]
    assert methods[0] == "PUT" and done.requests > 1
    last = state["log"][-done.requests:]  # the attempt that went through started over with a PUT
    assert [m for m, _, _ in last] == ["PUT"] + ["POST"] * (done.requests - 1)
    assert all(len(b) <= 8_000 for _, b, _ in last) and methods.count("PUT") > 1


def test_413_at_the_smallest_chunk_is_one_line(stub: tuple[str, dict]) -> None:
    url, state = stub
    state["answer"] = lambda method, body, n: 413
    with pytest.raises(EndpointError) as err:
        gsp.put_graph(url, G, triples(10), {}, 5)
    assert "too large for the server (HTTP 413)" in str(err.value) and "\n" not in str(err.value)


def test_failure_after_the_first_chunk_names_the_partial_graph(stub: tuple[str, dict], tmp_path: Path) -> None:
    url, state = stub
    state["answer"] = lambda method, body, n: 500 if n == 3 else 201
    with pytest.raises(EndpointError) as err:
        gsp.put_graph(url, G, triples(500), {}, 5, max_bytes=5_000)
    msg = str(err.value)
    assert "HTTP 500" in msg and "graph r1 is partial (2 of" in msg and "replaces it whole" in msg
    assert "\n" not in msg


@pytest.mark.parametrize("status, words", [
    (401, "authentication failed (HTTP 401"),
    (403, "refused (HTTP 403"),
    (413, "too large for the server (HTTP 413)"),
    (500, "HTTP 500"),
])
def test_push_errors_are_one_line(stub: tuple[str, dict], tmp_path: Path, status: int, words: str) -> None:
    url, state = stub
    state["answer"] = lambda method, body, n: status
    trig = tmp_path / "dataset.trig"
    trig.write_text(f"<{G}> {{ <urn:s> <urn:p> \"o\" . }}\n", encoding="utf-8")
    with pytest.raises(EndpointError) as err:
        gsp.push(trig, url, timeout=5)
    assert words in str(err.value) and "nothing was pushed" in str(err.value) and "\n" not in str(err.value)


@pytest.mark.parametrize("challenge, scheme", [
    ('Digest realm="SPARQL", nonce="abc", qop="auth", algorithm="MD5"', "digest"),
    ('Basic realm="store"', "basic"),
    (None, "basic"),
])
def test_auto_auth_follows_the_challenge(stub: tuple[str, dict], challenge: str | None, scheme: str) -> None:
    url, state = stub
    state["challenge"] = challenge
    state["answer"] = lambda method, body, n: 401 if n == 1 else 404
    assert auth.challenge_scheme(gsp.graph_url(url, auth.PROBE_GRAPH), 5) == ("basic" if challenge is None
                                                                               else scheme)
    assert state["log"][0][0] == "GET" and state["log"][0][1] == b""
    state["log"].clear()
    session = auth.session_for(gsp.graph_url(url, auth.PROBE_GRAPH), "u", "pw", auth="auto", timeout=5)
    assert session.scheme == scheme


def test_forced_schemes_and_bearer() -> None:
    assert auth.session_for("http://x/store", "u", "pw", auth="basic").headers["Authorization"].startswith("Basic ")
    assert auth.session_for("http://x/store", "u", "pw", auth="digest").opener is not None
    assert auth.session_for("http://x/store", None, None, token="t").headers == {"Authorization": "Bearer t"}
    assert auth.session_for("http://x/store", None, None).scheme == "none"
    with pytest.raises(EndpointError, match="--auth"):
        auth.session_for("http://x/store", "u", "pw", auth="ntlm")


def test_virtuoso_sparql_url_maps_to_its_graph_store() -> None:
    assert gsp.graph_store_for("http://h:8890/sparql") == "http://h:8890/sparql-graph-crud-auth"
    assert gsp.graph_store_for("http://h:3030/ds/sparql") == "http://h:3030/ds/sparql"
    assert gsp.graph_store_for("http://h:7878/query") == "http://h:7878/store"
