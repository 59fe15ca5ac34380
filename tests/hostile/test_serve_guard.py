"""``ydkg serve`` stays up: hostile query shapes are refused, long queries time out, a dead engine restarts."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.cli import main
from graph.errors import EndpointError
from graph.serve.guard import Limits, depth, refusal
from graph.serve.server import find_oxigraph

from .conftest import DATA

ROOT = Path(__file__).resolve().parents[2]
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.mark.parametrize("text, expected", [
    ("SELECT * WHERE { ?s ?p ?o }", 1),
    ("SELECT * WHERE { { ?s ?p ?o } UNION { ?s ?q ?o FILTER((?o > 1)) } }", 4),
    ('SELECT * WHERE { ?s ?p "{{{{ (( [[" }', 1),                 # inside a string
    ("SELECT * WHERE { ?s ?p '''}}}\n{{{''' }", 1),              # a long string
    ("SELECT * WHERE { ?s <http://x/a(b)[c]> ?o } # {{{{", 1),   # an IRI, a comment
    ("SELECT * WHERE { ?s ?p ?o FILTER(?o < 3 && (?o > 1)) }", 3),  # < as an operator
])
def test_depth(text, expected):
    assert depth(text) == expected


def test_refusal_names_size_and_depth():
    limits = Limits(max_bytes=1000, max_depth=10)
    assert refusal("SELECT * WHERE " + "{" * 11 + "}" * 11, limits) == "query nests 11 levels deep; this endpoint accepts 10"
    assert "longer than this endpoint accepts (1,000)" in refusal("#" * 1001, limits)
    assert refusal("SELECT * WHERE " + "{" * 10 + "}" * 10, limits) is None


def _children(pid: int) -> list[int]:
    try:
        tasks = Path(f"/proc/{pid}/task").iterdir()
        return [int(c) for t in tasks for c in (t / "children").read_text().split()]
    except OSError:
        return []


def _ask(url: str, query: str, timeout: float = 30) -> tuple[int, str]:
    data = urllib.parse.urlencode({"query": query}).encode()
    req = urllib.request.Request(url, data=data, headers={"Accept": "text/csv"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory) -> Iterator[tuple[str, subprocess.Popen]]:
    try:
        find_oxigraph()
    except EndpointError:  # pragma: no cover
        pytest.skip("the oxigraph server is not installed")
    out = tmp_path_factory.mktemp("serve") / "out"
    assert main(["build", str(DATA / "unseen_mapo_2022.txt"), "--out", str(out)]) == 0
    code = "import sys; from graph.cli import main; sys.exit(main(sys.argv[1:]))"
    proc = subprocess.Popen([sys.executable, "-c", code, "serve", "--data", str(out), "--port", "0",
                             "--query-timeout", "1.5"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline().strip()
        assert line.startswith("SPARQL endpoint: "), (line, proc.stderr.read() if proc.poll() is not None else "")
        yield line.split(": ", 1)[1], proc
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:  # pragma: no cover
            proc.kill()
        proc.stdout.close()
        proc.stderr.close()


@pytest.mark.server
def test_a_deeply_nested_query_is_refused_and_the_endpoint_stays_up(endpoint):
    url, proc = endpoint
    status, body = _ask(url, "SELECT * WHERE " + "{" * 5000 + "}" * 5000)
    assert status == 400 and "nests 5000 levels deep" in body
    status, body = _ask(url, COUNT)
    assert status == 200 and int(body.split()[1]) > 100
    assert proc.poll() is None


@pytest.mark.server
def test_a_cartesian_query_times_out_and_frees_the_engine(endpoint):
    url, proc = endpoint
    engines = _children(proc.pid)
    status, body = _ask(url, CARTESIAN)
    assert status == 503 and "timed out after 1.5 s" in body
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and _children(proc.pid) == engines:
        time.sleep(0.1)
    assert _children(proc.pid) != engines  # the busy engine was replaced
    for pid in engines:
        assert not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text().lower()
    assert _ask(url, COUNT)[0] == 200


@pytest.mark.server
def test_a_dead_engine_is_restarted(endpoint):
    url, proc = endpoint
    (engine,) = _children(proc.pid)
    os.kill(engine, signal.SIGKILL)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        kids = _children(proc.pid)
        if kids and kids != [engine]:
            break
        time.sleep(0.1)
    assert _ask(url, COUNT)[0] == 200
    assert proc.poll() is None


@pytest.mark.server
def test_pushing_to_the_read_only_endpoint_says_so(endpoint, tmp_path, capsys):
    url, _ = endpoint
    data = tmp_path / "out"
    assert main(["build", str(DATA / "unseen_mapo_2022.txt"), "--out", str(data)]) == 0
    capsys.readouterr()
    assert main(["push", url.replace("/query", "/store"), "--data", str(data), "--timeout", "10"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "HTTP 403" in err[0] and "read-only" in err[0] and "authentication" not in err[0], err
