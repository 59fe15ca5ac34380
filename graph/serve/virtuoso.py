"""A throwaway Virtuoso on loopback (Debian's ``virtuoso-opensource``, 7.2): for tests and benchmarks.

:class:`VirtuosoServer` writes a ``virtuoso.ini`` into a folder of its own
(database files, its own HTTP and ISQL ports on 127.0.0.1, ``DirsAllowed``
limited to that folder), starts ``virtuoso-t`` in the foreground, waits until
it answers, sets the ``dba`` password and creates a user for ``ydkg push``
with the ``SPARQL_UPDATE`` role (Virtuoso's Graph Store, ``/sparql-graph-crud-auth``,
wants HTTP digest authentication of such a user). :meth:`VirtuosoServer.bulk_load`
runs Virtuoso's own bulk loader (``ld_dir`` + ``rdf_loader_run``) through ``isql-vt``.
Passwords are generated per server; nothing here listens beyond loopback.
"""
from __future__ import annotations

import contextlib
import secrets
import shutil
import subprocess
import time
from pathlib import Path

from ..errors import EndpointError
from .server import HOST, _die_with_parent, free_port, stop_process

INSTALL_HINT = "install Debian's Virtuoso: apt-get install virtuoso-opensource (or make virtuoso)"
#: The user ``ydkg push`` authenticates as (digest), with the SPARQL_UPDATE role.
PUSH_USER = "ydkg"

_INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = {host}:{isql_port}
DirsAllowed = ., {d}
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}
MaxClientConnections = 8
ServerThreads = 8
ThreadsPerQuery = 2
CheckpointInterval = 60
O_DIRECT = 0

[HTTPServer]
ServerPort = {host}:{http_port}
ServerRoot = {d}
ServerThreads = 8
MaxClientConnections = 8
MaxKeepAlives = 8

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
MaxQueryCostEstimationTime = 0
DefaultQuery = SELECT ?g (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} GROUP BY ?g
"""


def find_virtuoso() -> tuple[str, str]:
    """The paths of ``virtuoso-t`` and ``isql-vt``, or a one-line error saying how to install them."""
    server, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    if not server or not isql:
        raise EndpointError(f"Virtuoso is not installed; {INSTALL_HINT}")
    return server, isql


class VirtuosoServer:
    """One ``virtuoso-t`` process with a fresh database in ``folder``, on free loopback ports."""

    def __init__(self, folder: Path, buffers: int = 20_000, ready_timeout: float = 90.0) -> None:
        self.folder = Path(folder).resolve()
        self.buffers = buffers
        self.ready_timeout = ready_timeout
        self.http_port = 0
        self.isql_port = 0
        self.dba_password = secrets.token_hex(12)
        self.push_password = secrets.token_hex(12)
        self.proc: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT``."""
        return f"http://{HOST}:{self.http_port}"

    @property
    def query_url(self) -> str:
        """The SPARQL protocol endpoint (queries need no login)."""
        return f"{self.base_url}/sparql"

    @property
    def store_url(self) -> str:
        """The Graph Store that takes writes (digest authentication)."""
        return f"{self.base_url}/sparql-graph-crud-auth"

    @property
    def public_store_url(self) -> str:
        """The Graph Store without login: reads only (a write is answered 403)."""
        return f"{self.base_url}/sparql-graph-crud"

    def write_ini(self) -> Path:
        """Write ``virtuoso.ini`` for this folder and fresh ports; its path."""
        self.folder.mkdir(parents=True, exist_ok=True)
        self.http_port, self.isql_port = free_port(), free_port()
        while self.isql_port == self.http_port:
            self.isql_port = free_port()
        ini = self.folder / "virtuoso.ini"
        ini.write_text(_INI.format(d=self.folder, host=HOST, http_port=self.http_port, isql_port=self.isql_port,
                                   buffers=self.buffers, dirty=self.buffers * 3 // 4), encoding="utf-8")
        return ini

    def start(self) -> VirtuosoServer:
        """Start the server, wait until it answers SPARQL, set the passwords and the push user."""
        binary, _ = find_virtuoso()
        ini = self.write_ini()
        log = open(self.folder / "stdout.log", "wb")  # noqa: SIM115 - closed with the process
        try:
            self.proc = subprocess.Popen([binary, "+foreground", "+configfile", str(ini)], cwd=self.folder,
                                         stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                         preexec_fn=_die_with_parent)
        finally:
            log.close()
        try:
            self._wait_ready()
            self.isql(f"USER_SET_PASSWORD('dba', '{self.dba_password}');", password="dba")
            self.isql(f"DB.DBA.USER_CREATE('{PUSH_USER}', '{self.push_password}'); "
                      f'GRANT SPARQL_UPDATE TO "{PUSH_USER}";')
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_ready(self) -> None:
        """Poll the SPARQL endpoint until it answers (bounded by ``ready_timeout``)."""
        from . import gsp

        deadline = time.monotonic() + self.ready_timeout
        while True:
            if self.proc is not None and self.proc.poll() is not None:
                raise EndpointError(f"virtuoso-t stopped (exit code {self.proc.returncode}): {self.log_tail()}")
            try:
                gsp.sparql_select(self.query_url, "ASK {}", timeout=5)
                return
            except EndpointError:
                if time.monotonic() > deadline:
                    raise EndpointError(f"Virtuoso did not answer within {self.ready_timeout:g} s: "
                                        f"{self.log_tail()}") from None
                time.sleep(0.5)

    def log_tail(self) -> str:
        """The last line of Virtuoso's log, for error messages."""
        for name in ("virtuoso.log", "stdout.log"):
            with contextlib.suppress(OSError):
                lines = (self.folder / name).read_text("utf-8", "replace").strip().splitlines()
                if lines:
                    return lines[-1].strip()
        return "no log"

    def isql(self, sql: str, password: str | None = None, timeout: float = 600) -> str:
        """Run SQL statements as ``dba`` through ``isql-vt``; their output, or a one-line error."""
        _, isql = find_virtuoso()
        cmd = [isql, str(self.isql_port), "dba", password or self.dba_password, "VERBOSE=OFF", f"EXEC={sql}"]
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise EndpointError(f"isql-vt: no answer within {timeout:g} s") from None
        errors = [ln.strip() for ln in (done.stdout + done.stderr).splitlines() if ln.startswith("*** Error")]
        if done.returncode != 0 or errors:
            raise EndpointError(f"isql-vt: {errors[0] if errors else f'exit code {done.returncode}'}")
        return done.stdout

    def bulk_load(self, folder: Path, pattern: str = "*.nq", graph: str = "urn:x-ydkg:bulk") -> None:
        """Load every file matching ``pattern`` in ``folder`` (inside this server's folder) with
        Virtuoso's bulk loader; N-Quads keep their graphs (``graph`` is for triples files)."""
        folder = Path(folder).resolve()
        if self.folder not in (folder, *folder.parents):
            raise EndpointError(f"{folder}: the bulk loader reads only inside {self.folder} (DirsAllowed)")
        self.isql("DELETE FROM DB.DBA.LOAD_LIST; "
                  f"ld_dir('{_sql_text(str(folder))}', '{_sql_text(pattern)}', '{_sql_text(graph)}'); "
                  "rdf_loader_run(); checkpoint;")
        failed = self.isql("SELECT COUNT(*) FROM DB.DBA.LOAD_LIST WHERE ll_error IS NOT NULL;")
        if [ln.strip() for ln in failed.splitlines() if ln.strip().isdigit()] != ["0"]:
            first = self.isql("SELECT TOP 1 ll_error FROM DB.DBA.LOAD_LIST WHERE ll_error IS NOT NULL;")
            raise EndpointError(f"bulk load failed: {' '.join(first.split())[-300:]}")

    def stop(self, timeout: float = 30.0) -> None:
        """Stop the server (SIGTERM, then SIGKILL after ``timeout`` s); idempotent."""
        proc, self.proc = self.proc, None
        stop_process(proc, timeout, kill_wait=10)

    def __enter__(self) -> VirtuosoServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _sql_text(text: str) -> str:
    """``text`` for a single-quoted SQL string of our own (paths, patterns, IRIs we chose)."""
    if any(c in text for c in "'\\\n\r\x00"):
        raise EndpointError(f"{text!r}: quotes, backslashes and line breaks are not allowed here")
    return text

