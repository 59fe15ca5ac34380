"""The endpoint ``ydkg serve`` opens: a guard in front of the oxigraph server, and a supervisor behind it.

The oxigraph server listens on a private port; :class:`GuardedEndpoint` listens
on the public one (127.0.0.1) and passes every request through, except that:

- a query or update that is too long or nested too deeply (:mod:`graph.serve.guard`)
  is answered ``400`` and never reaches the engine, which such a query can crash;
- a query still running after the timeout is answered ``503`` and the engine is
  restarted, because oxigraph 0.5 does not stop a running query (``--timeout-s``
  leaves an aggregate over a cartesian product running for minutes); the store
  is on disk, so a restart loses nothing but the other queries in flight, which
  are retried once;
- the supervisor checks the engine twice a second and restarts it if it died,
  logging why (its exit code and the last line it printed).
"""
from __future__ import annotations

import http.client
import socket
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .guard import Limits, refusal
from .server import HOST, Endpoints, ServedDataset

#: Headers not passed on between the client and the engine (hop-by-hop, or set again here).
_HOP = frozenset({"connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer",
                  "upgrade", "content-length", "host"})
_CHUNK = 1 << 16
#: A query answer up to this size is read whole before it is passed on (a retry stays possible).
BUFFERED = 64 << 20


class QueryTimeout(Exception):
    """The engine did not answer within the endpoint's timeout."""


class Supervisor:
    """Keeps the engine of a :class:`ServedDataset` running: restarts it when it dies or must be stopped."""

    def __init__(self, served: ServedDataset, log: Callable[[str], None]) -> None:
        self.served = served
        self.log = log
        self.restarts = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._pending: str | None = None
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        """The engine's private port."""
        return self.served.server.port

    def restart(self, why: str, only_if_dead: bool = False) -> None:
        """Stop the engine (if running) and start it again on its port; log why."""
        with self._lock:
            server = self.served.server
            if only_if_dead and (server.alive() or self._stop.is_set()):
                return
            code = server.process.poll() if server.process is not None else None
            tail = server.first_error_line() if code is not None else ""
            start = time.perf_counter()
            server.stop(timeout=2)
            server.requested_port = server.port  # the same private port
            server.start()
            self.restarts += 1
            exited = f" (exit code {code}: {tail})" if code is not None else ""
            self.log(f"ydkg serve: engine restarted in {time.perf_counter() - start:.1f} s: {why}{exited}")

    def ensure_alive(self) -> None:
        """Restart the engine if it died."""
        self.restart("the engine stopped", only_if_dead=True)

    def request_restart(self, why: str) -> None:
        """Have the supervisor's thread restart the engine soon.

        The engine must be started from a long-lived thread: on Linux it is
        asked to stop when the thread that started it ends (``PR_SET_PDEATHSIG``),
        and a request's thread ends with the request.
        """
        with self._lock:
            self._pending = why
        self._wake.set()

    def wait_ready(self, seconds: float) -> None:
        """Wait (at most ``seconds``) until no restart is pending and the engine runs."""
        deadline = time.monotonic() + seconds
        self._wake.set()
        while time.monotonic() < deadline:
            with self._lock:
                if self._pending is None and self.served.server.alive():
                    return
            time.sleep(0.05)

    def reload(self) -> str:
        """Load a rebuilt dataset's changed graphs (no restart races with it); a summary line."""
        with self._lock:
            return self.served.reload().summary()

    def _watch(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(0.5)
            self._wake.clear()
            if self._stop.is_set():
                break
            with self._lock:
                why, self._pending = self._pending, None
            try:
                if why:
                    self.restart(why)
                else:
                    self.ensure_alive()
            except Exception as exc:  # noqa: BLE001 - keep watching; the next round tries again
                self.log(f"ydkg serve: restarting the engine failed: {exc}")

    def start(self) -> None:
        """Watch the engine in a background thread."""
        self._thread = threading.Thread(target=self._watch, name="ydkg-supervisor", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop watching (the engine itself is stopped by its owner)."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(2)


#: The last path segments of the SPARQL query and update endpoints.
_SPARQL_ROUTES = ("query", "update", "sparql")


def is_sparql_route(path: str) -> bool:
    """True for the query and update endpoints (their text is checked, their answers timed)."""
    return path.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1] in _SPARQL_ROUTES


def sparql_text(path: str, query: str, body: bytes, content_type: str) -> str | None:
    """The query or update a request carries (GET parameter, form field or direct body), or None."""
    if not is_sparql_route(path):
        return None
    texts = urllib.parse.parse_qs(query).get("query", []) + urllib.parse.parse_qs(query).get("update", [])
    kind = content_type.split(";", 1)[0].strip().lower()
    if kind == "application/x-www-form-urlencoded":
        form = urllib.parse.parse_qs(body.decode("utf-8", "replace"))
        texts += form.get("query", []) + form.get("update", [])
    elif kind in ("application/sparql-query", "application/sparql-update"):
        texts.append(body.decode("utf-8", "replace"))
    return "\n".join(texts) if texts else None


class _Handler(BaseHTTPRequestHandler):
    """One client request, checked and passed to the engine."""

    protocol_version = "HTTP/1.1"
    server: "_Front"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        """Quiet: the endpoint logs restarts and refusals, not every request."""

    def _reply(self, status: int, message: str, extra: dict[str, str] | None = None) -> None:
        data = (message + "\n").encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _body(self) -> bytes | None:
        length = int(self.headers.get("Content-Length") or 0)
        limits = self.server.limits
        if is_sparql_route(self.path):
            if limits.max_bytes and length > 4 * limits.max_bytes:  # a form encodes a query in up to ~3×
                self._reply(413, f"request of {length:,} bytes is longer than this endpoint accepts")
                return None
        return self.rfile.read(length) if length else b""

    def _handle(self) -> None:
        body = self._body()
        if body is None:
            return
        path, _, query = self.path.partition("?")
        text = sparql_text(path, query, body, self.headers.get("Content-Type", ""))
        if text is not None:
            why = refusal(text, self.server.limits)
            if why:
                self.server.log(f"ydkg serve: refused a query: {why}")
                self._reply(400, f"ydkg serve: {why}")
                return
        try:
            self._forward(body, is_query=text is not None)
        except QueryTimeout:
            seconds = self.server.limits.timeout_s
            self._reply(503, f"ydkg serve: query timed out after {seconds:g} s (--query-timeout); "
                             "narrow it, or add a LIMIT", {"Retry-After": "1"})
            self.server.supervisor.request_restart(f"a query ran over {seconds:g} s")

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_OPTIONS = do_PATCH = _handle

    def _forward(self, body: bytes, is_query: bool) -> None:
        """Send the request to the engine and pass its answer back; retry once if the engine restarted.

        A query's answer is read whole before it is passed on (up to :data:`BUFFERED` bytes), so that an
        engine restarted mid-answer means a retry, never a truncated answer; a longer one is streamed.
        """
        for attempt in (0, 1):
            try:
                resp, conn = self._upstream(body, is_query)
                try:
                    data = self._read_answer(resp) if is_query else None
                except BaseException:
                    conn.close()
                    raise
                break
            except (ConnectionError, http.client.HTTPException, socket.gaierror):
                if attempt:
                    self._reply(503, "ydkg serve: the engine is restarting; try again", {"Retry-After": "1"})
                    return
                self.server.supervisor.wait_ready(self.server.limits.timeout_s)
        try:
            self._send_head(resp, None if data is None or len(data) > BUFFERED else len(data))
            if self.command == "HEAD":
                return
            if data is not None:
                self.wfile.write(data)
                if len(data) <= BUFFERED:
                    return
            while chunk := resp.read(_CHUNK):
                self.wfile.write(chunk)
        finally:
            conn.close()

    def _read_answer(self, resp: http.client.HTTPResponse) -> bytes:
        """Up to :data:`BUFFERED` + 1 bytes of the answer, within the query timeout."""
        deadline = time.monotonic() + self.server.limits.timeout_s
        parts: list[bytes] = []
        size = 0
        while size <= BUFFERED:
            try:
                chunk = resp.read1(_CHUNK)
            except (TimeoutError, socket.timeout):
                raise QueryTimeout from None
            if not chunk:
                break
            parts.append(chunk)
            size += len(chunk)
            if time.monotonic() > deadline:
                raise QueryTimeout
        return b"".join(parts)

    def _send_head(self, resp: http.client.HTTPResponse, length: int | None) -> None:
        """The engine's status and headers, with our own length or ``Connection: close``."""
        self.send_response(resp.status, resp.reason)
        for k, v in resp.getheaders():
            if k.lower() not in _HOP:
                self.send_header(k, v)
        if length is None:
            length_header = resp.getheader("Content-Length")
            if length_header is not None and resp.length is not None and not resp.isclosed():
                self.send_header("Content-Length", length_header)
            else:
                self.send_header("Connection", "close")
                self.close_connection = True
        else:
            self.send_header("Content-Length", str(length))
        self.end_headers()

    def _upstream(self, body: bytes, is_query: bool) -> tuple[http.client.HTTPResponse, http.client.HTTPConnection]:
        timeout = self.server.limits.timeout_s if is_query else None
        conn = http.client.HTTPConnection(HOST, self.server.supervisor.port, timeout=timeout or None)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP}
        headers["Content-Length"] = str(len(body))
        try:
            conn.request(self.command, self.path, body=body if body or self.command in ("POST", "PUT") else None,
                         headers=headers)
            return conn.getresponse(), conn
        except (TimeoutError, socket.timeout):
            conn.close()
            raise QueryTimeout from None
        except BaseException:
            conn.close()
            raise


class _Front(ThreadingHTTPServer):
    """The public listening socket, with what every handler needs."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, port: int, limits: Limits, supervisor: Supervisor, log: Callable[[str], None]) -> None:
        super().__init__((HOST, port), _Handler)
        self.limits = limits
        self.supervisor = supervisor
        self.log = log


class GuardedEndpoint(Endpoints):
    """A served dataset behind the guard: start, then read :attr:`query_url`; stop when done."""

    def __init__(self, served: ServedDataset, port: int, limits: Limits = Limits(),
                 log: Callable[[str], None] | None = None) -> None:
        self.served = served
        self.limits = limits
        self.requested_port = port
        self.log = log or (lambda text: print(text, file=sys.stderr, flush=True))
        self.supervisor = Supervisor(served, self.log)
        self._front: _Front | None = None
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        """The public port."""
        return self._front.server_address[1] if self._front is not None else self.requested_port

    def start(self) -> GuardedEndpoint:
        """Open the public port, start the engine behind it, then the supervisor."""
        from ..errors import EndpointError

        try:
            self._front = _Front(self.requested_port, self.limits, self.supervisor, self.log)
        except OSError as exc:
            raise EndpointError(f"cannot listen on {HOST}:{self.requested_port}: {exc.strerror or exc}; "
                                "choose another --port (0 = any free port)") from None
        try:
            self.served.start()
        except BaseException:
            self._front.server_close()
            self._front = None
            raise
        self._thread = threading.Thread(target=self._front.serve_forever, name="ydkg-endpoint", daemon=True)
        self._thread.start()
        self.supervisor.start()
        return self

    def stop(self) -> None:
        """Stop the supervisor, the public port and the engine; safe to call twice."""
        self.supervisor.stop()
        if self._front is not None:
            self._front.shutdown()
            self._front.server_close()
            self._front = None
        self.served.stop()

    def __enter__(self) -> GuardedEndpoint:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
