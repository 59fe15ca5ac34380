"""``ydkg serve`` (a SPARQL endpoint on 127.0.0.1) and ``ydkg push`` (Graph Store Protocol)."""
from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

import typer

from ..errors import EndpointError


def register(app: typer.Typer) -> None:
    """Add the ``serve`` and ``push`` commands to ``app``."""
    app.command("serve", short_help="A SPARQL endpoint on 127.0.0.1 · SPARQL 엔드포인트")(serve)
    app.command("push", short_help="PUT the graphs to a Graph Store · 그래프 저장소로 올리기")(push)


def serve(
    data: Path = typer.Option(Path("out"), "--data", metavar="DIR", help="Build folder holding dataset.trig (or the dataset file itself)."),
    port: int = typer.Option(7878, "--port", metavar="PORT", help="Port on 127.0.0.1; 0 picks a free one."),
    location: Path | None = typer.Option(None, "--location", metavar="DIR", help="Store folder (default: DIR/.oxigraph)."),
    writable: bool = typer.Option(False, "--writable", help="Also accept SPARQL updates and Graph Store writes."),
    watch: bool = typer.Option(False, "--watch", help="Reload the changed report graphs when the dataset is rebuilt."),
    ready_timeout: float = typer.Option(20.0, "--ready-timeout", metavar="SECONDS", help="Seconds to wait for the server to answer."),
    query_timeout: float = typer.Option(30.0, "--query-timeout", min=0.1, metavar="SECONDS",
                                        help="Seconds a query may run; then it is answered 503 and the engine restarted."),
    max_query_kb: int = typer.Option(64, "--max-query-kb", min=0, metavar="KB", help="Longest query text accepted, in KB (0: no limit)."),
    max_depth: int = typer.Option(64, "--max-depth", min=0, metavar="N",
                                  help="Deepest nesting of braces and parentheses accepted (0: no limit)."),
) -> None:
    """Serve the built dataset (named graphs kept) over SPARQL 1.1: the oxigraph server behind a guard.

    빌드한 데이터셋을 127.0.0.1의 SPARQL 1.1 엔드포인트로 제공합니다 (docs/SERVER.md).
    """
    from ..serve.guard import Limits
    from ..serve.proxy import GuardedEndpoint
    from ..serve.server import ServedDataset, dataset_file

    dataset = dataset_file(data)
    base = data if data.is_dir() else data.parent
    served = ServedDataset(dataset, location or base / ".oxigraph", 0, writable, ready_timeout=ready_timeout)
    endpoint = GuardedEndpoint(served, port, Limits(max_query_kb * 1000, max_depth, query_timeout), log=_say)
    stop = _install_stop_handlers(served)
    try:
        endpoint.start()
        _say(served.last_sync.summary() if served.last_sync else "store ready")
        print(f"SPARQL endpoint: {endpoint.query_url}", flush=True)
        if writable:
            _say(f"SPARQL update: {endpoint.update_url}")
            _say(f"Graph Store: {endpoint.store_url}")
        _say(f"read-{'write' if writable else 'only'}; queries time out after {query_timeout:g} s; press Ctrl-C to stop"
             + ("; kill -HUP %d or rebuild (--watch) to reload" % os.getpid() if hasattr(signal, "SIGHUP") else ""))
        while not stop.requested:
            time.sleep(0.2)
            if stop.reload or (watch and served.changed_on_disk()):
                stop.reload = False
                time.sleep(0.5 if watch else 0)  # let a build finish renaming its files
                try:
                    _say(endpoint.supervisor.reload())
                except EndpointError as exc:  # keep serving what we have
                    _say(f"ydkg: reload failed: {exc}")
    except KeyboardInterrupt:
        pass
    finally:
        endpoint.stop()
    _say("server stopped")


class _Stop:
    """Flags set by signal handlers."""

    requested = False
    reload = False


def _install_stop_handlers(served: object) -> _Stop:
    """SIGTERM/SIGINT stop the loop, SIGHUP asks for a reload (main thread only)."""
    flags = _Stop()

    def _stop(signum: int, frame: object) -> None:
        flags.requested = True

    def _reload(signum: int, frame: object) -> None:
        flags.reload = True

    try:
        signal.signal(signal.SIGTERM, _stop)
        signal.signal(signal.SIGINT, _stop)
        if hasattr(signal, "SIGHUP"):
            signal.signal(signal.SIGHUP, _reload)
    except ValueError:  # not the main thread (e.g. in tests)
        pass
    return flags


def _say(text: str) -> None:
    """A progress line on stderr (stdout carries the endpoint URL)."""
    print(text, file=sys.stderr, flush=True)


def push(
    endpoint: str = typer.Argument(..., metavar="ENDPOINT", show_default=False,
                                   help="SPARQL or Graph Store URL, e.g. http://127.0.0.1:7878/query."),
    data: Path = typer.Option(Path("out"), "--data", metavar="DIR", help="Build folder holding dataset.trig (or the dataset file itself)."),
    graph_store: str | None = typer.Option(None, "--graph-store", metavar="URL", help="Graph Store Protocol URL if it differs from ENDPOINT."),
    user: str | None = typer.Option(None, "--user", metavar="USER", help="User for HTTP digest or basic auth."),
    password_env: str | None = typer.Option(None, "--password-env", metavar="VAR", help="Environment variable holding the password."),
    token_env: str | None = typer.Option(None, "--token-env", metavar="VAR", help="Environment variable holding a bearer token (instead of --user)."),
    timeout: float = typer.Option(30.0, "--timeout", metavar="SECONDS", help="Seconds per HTTP request."),
    ontology: bool = typer.Option(True, "--ontology/--no-ontology", help="Also push the ontology graph (the named queries read it)."),
    auth: str = typer.Option("auto", "--auth", metavar="SCHEME", help="auto (from the server's challenge), digest (Virtuoso) or basic."),
    chunk_mb: float = typer.Option(4.0, "--chunk-mb", min=0, metavar="MB",
                                   help="Largest request body in MB; a larger graph goes as PUT + POSTs (0: no limit)."),
    merge_entities: bool = typer.Option(False, "--merge-entities",
                                        help="Add to the store's entities graph instead of replacing it: builds of "
                                             "different districts pushed into one store (docs/SERVER.md)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress line per graph."),
) -> None:
    """PUT each named graph of the build to a SPARQL 1.1 Graph Store (pushing twice changes nothing).

    빌드의 이름 붙은 그래프를 SPARQL 1.1 Graph Store에 PUT으로 올립니다.
    """
    from ..export.rdf import ENTITIES_GRAPH
    from ..serve import gsp
    from ..serve.server import dataset_file

    password = None
    if password_env:
        password = os.environ.get(password_env)
        if password is None:
            raise EndpointError(f"environment variable {password_env} (--password-env) is not set")
    elif user:
        raise EndpointError("--user needs --password-env VAR naming the variable that holds the password")
    token = None
    if token_env:
        token = os.environ.get(token_env)
        if token is None:
            raise EndpointError(f"environment variable {token_env} (--token-env) is not set")
    if auth not in gsp.AUTH_SCHEMES:
        raise EndpointError(f"--auth {auth}: choose one of {', '.join(gsp.AUTH_SCHEMES)}")
    report = gsp.push(dataset_file(data), endpoint, graph_store, user, password, timeout,
                      with_ontology=ontology, token=token, auth=auth,
                      chunk_bytes=int(chunk_mb * 1_000_000) or None, progress=None if quiet else _say,
                      merge=[ENTITIES_GRAPH] if merge_entities else [])
    print(report.summary())
