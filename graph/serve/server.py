"""Run the real ``oxigraph`` server (from PyPI) on a built dataset.

- :func:`find_oxigraph` locates the binary (beside ``sys.executable``, else on PATH).
- :class:`OxigraphServer` starts one process on 127.0.0.1, waits until it
  answers (bounded), and stops it (SIGTERM, then SIGKILL).
- :func:`sync_store` brings a store location up to date with a dataset: a
  fresh location is bulk-loaded with ``oxigraph load``; an existing one only
  gets the graphs whose content hash changed (Graph Store ``PUT``) and loses
  the graphs of reports that disappeared (``DELETE``). The hashes live in a
  small JSON file beside the location (``<location>.graphs.json``).
"""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from . import gsp
from ..atomic import atomic_write
from ..errors import EndpointError

INSTALL_HINT = "install the server extra: pip install 'ydkg[server]'"
HOST = "127.0.0.1"
DEFAULT_PORT = 7878


def find_oxigraph() -> str:
    """The path of the ``oxigraph`` server binary, or a one-line error saying how to install it."""
    exe = "oxigraph.exe" if os.name == "nt" else "oxigraph"
    beside = Path(sys.executable).parent / exe
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which("oxigraph")
    if found:
        return found
    raise EndpointError(f"the oxigraph server is not installed; {INSTALL_HINT}")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def port_in_use(port: int) -> bool:
    """True if something accepts connections on 127.0.0.1:``port``."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((HOST, port)) == 0


def _die_with_parent() -> None:  # pragma: no cover - runs in the child
    """Linux: have the kernel SIGTERM the server if the Python process dies."""
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def stop_process(proc: subprocess.Popen | None, timeout: float, kill_wait: float = 5.0) -> None:
    """Stop a server process: SIGTERM, then SIGKILL if it has not ended after ``timeout`` s (None or ended: nothing)."""
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(kill_wait)


def _remove_stale_logs() -> None:
    """Remove the server logs that processes killed before they could stop their server left behind."""
    if not Path("/proc/self").exists():  # no way to tell a live pid here
        return
    for path in Path(tempfile.gettempdir()).glob("ydkg-oxigraph-*-*.log"):
        pid = path.name.split("-")[2]
        if pid.isascii() and pid.isdigit() and not Path(f"/proc/{pid}").exists():
            with contextlib.suppress(OSError):
                path.unlink()


class Endpoints:
    """The URLs of an oxigraph-style server on 127.0.0.1 at ``self.port``."""

    port: int

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT``."""
        return f"http://{HOST}:{self.port}"

    @property
    def query_url(self) -> str:
        """The SPARQL query endpoint."""
        return f"{self.base_url}/query"

    @property
    def update_url(self) -> str:
        """The SPARQL update endpoint (writable servers only)."""
        return f"{self.base_url}/update"

    @property
    def store_url(self) -> str:
        """The Graph Store Protocol endpoint (writes need a writable server)."""
        return f"{self.base_url}/store"


class OxigraphServer(Endpoints):
    """One ``oxigraph serve`` (or ``serve-read-only``) process on 127.0.0.1.

    ``location=None`` serves an in-memory store (writable only); ``port=0``
    picks a free port. Queries see the union of the named graphs as their
    default graph (``--union-default-graph``), like the in-process stores.
    Use as a context manager so the process always stops.
    """

    def __init__(
        self,
        location: Path | None,
        port: int = DEFAULT_PORT,
        writable: bool = False,
        binary: str | None = None,
        ready_timeout: float = 20.0,
        query_timeout_s: int | None = None,
        union_default_graph: bool = True,
    ) -> None:
        if location is None and not writable:
            raise EndpointError("a read-only server needs a store location (--location)")
        self.location = Path(location) if location is not None else None
        self.requested_port = port
        self.port = port
        self.writable = writable
        self.binary = binary or find_oxigraph()
        self.ready_timeout = ready_timeout
        self.query_timeout_s = query_timeout_s
        self.union_default_graph = union_default_graph
        self.process: subprocess.Popen | None = None
        self._log: tempfile._TemporaryFileWrapper | None = None

    # life cycle -----------------------------------------------------------
    def command(self) -> list[str]:
        """The command line that starts this server."""
        cmd = [self.binary, "serve" if self.writable else "serve-read-only"]
        if self.location is not None:
            cmd += ["--location", str(self.location)]
        cmd += ["--bind", f"{HOST}:{self.port}"]
        if self.query_timeout_s:
            cmd += ["--timeout-s", str(self.query_timeout_s)]
        if self.union_default_graph:
            cmd.append("--union-default-graph")
        return cmd

    def start(self) -> OxigraphServer:
        """Start the process and wait until it answers queries; retry once on a port race."""
        attempts = 3 if self.requested_port == 0 else 1
        for attempt in range(attempts):
            if self.requested_port == 0:
                self.port = free_port()
            elif port_in_use(self.port):
                raise EndpointError(f"port {self.port} on {HOST} is already in use; choose another with --port (0 = any free port)")
            try:
                self._spawn()
                self._wait_ready()
                return self
            except EndpointError:
                self.stop()
                if attempt == attempts - 1 or not port_in_use(self.port):
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    def _spawn(self) -> None:
        """Start the server process, its output going to a temporary log (named by our pid)."""
        _remove_stale_logs()
        self._log = tempfile.NamedTemporaryFile(prefix=f"ydkg-oxigraph-{os.getpid()}-", suffix=".log", delete=False)
        kwargs: dict = {"stdout": self._log, "stderr": subprocess.STDOUT, "stdin": subprocess.DEVNULL}
        if os.name == "posix":
            # Own session: the terminal's Ctrl-C reaches us, and we stop the server in order.
            kwargs["start_new_session"] = True
            if sys.platform.startswith("linux"):
                kwargs["preexec_fn"] = _die_with_parent
        try:
            self.process = subprocess.Popen(self.command(), **kwargs)
        except OSError as exc:
            raise EndpointError(f"cannot start {self.binary}: {exc.strerror or exc}; {INSTALL_HINT}") from None

    def log_text(self) -> str:
        """What the server printed so far."""
        if self._log is None:
            return ""
        with contextlib.suppress(OSError):
            return Path(self._log.name).read_text("utf-8", "replace")
        return ""

    def first_error_line(self) -> str:
        """The most telling line of the server log, for one-line errors."""
        lines = [ln.strip() for ln in self.log_text().splitlines() if ln.strip()]
        for ln in lines:
            if "rror" in ln or "lock" in ln.lower():
                return ln[:300]
        return lines[-1][:300] if lines else "no output"

    def _wait_ready(self) -> None:
        """Poll the query endpoint until it answers, the process dies, or the timeout passes."""
        assert self.process is not None
        deadline = time.monotonic() + self.ready_timeout
        probe = f"{self.query_url}?query=ASK%7B%7D"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise EndpointError(
                    f"oxigraph exited with code {self.process.returncode} on {self.base_url}: {self.first_error_line()}"
                )
            try:
                with urllib.request.urlopen(
                    urllib.request.Request(probe, headers={"Accept": gsp.SPARQL_JSON}), timeout=2
                ) as resp:
                    if resp.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.05)
        raise EndpointError(f"oxigraph did not answer on {self.base_url} within {self.ready_timeout:g} s")

    def alive(self) -> bool:
        """True while the server process runs."""
        return self.process is not None and self.process.poll() is None

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the process (SIGTERM, then SIGKILL after ``timeout``); safe to call twice."""
        proc, self.process = self.process, None
        stop_process(proc, timeout)
        if self._log is not None:
            self._log.close()
            with contextlib.suppress(OSError):
                os.unlink(self._log.name)
            self._log = None

    def __enter__(self) -> OxigraphServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


# --------------------------------------------------------------------------- sync


@dataclass
class SyncReport:
    """What :func:`sync_store` changed in a store location."""

    location: Path
    mode: str  # "load" (fresh bulk load), "update" (per graph) or "unchanged"
    replaced: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        """One line for the user."""
        if self.mode == "load":
            return f"loaded {len(self.replaced)} graphs into {self.location} in {self.seconds:.2f} s"
        if self.mode == "unchanged":
            return f"store {self.location} is up to date ({len(self.unchanged)} graphs)"
        return (
            f"updated {self.location}: {len(self.replaced)} graphs replaced, {len(self.dropped)} dropped, "
            f"{len(self.unchanged)} unchanged ({self.seconds:.2f} s)"
        )


def manifest_path(location: Path) -> Path:
    """The JSON file beside ``location`` that records each loaded graph's content hash."""
    location = Path(location)
    return location.with_name(location.name + ".graphs.json")


def read_manifest(location: Path) -> dict[str, dict]:
    """Graph IRI → {"sha256", "triples"} as last loaded into ``location`` (empty if unknown)."""
    path = manifest_path(location)
    try:
        data = json.loads(path.read_text("utf-8"))
        return dict(data.get("graphs", {}))
    except (OSError, ValueError, AttributeError):
        return {}


def write_manifest(location: Path, dataset: Path, graphs: dict[str, dict]) -> None:
    """Record the graphs now in ``location`` (written atomically)."""
    payload = {"dataset": str(dataset), "graphs": dict(sorted(graphs.items()))}
    atomic_write(manifest_path(location), json.dumps(payload, indent=1, ensure_ascii=False) + "\n")


def dataset_file(data: Path) -> Path:
    """The dataset to serve: ``data`` itself if a file, else ``data/dataset.trig``."""
    data = Path(data)
    path = data if data.is_file() else data / "dataset.trig"
    if not path.is_file():
        raise EndpointError(f"{path}: no dataset (run `ydkg build --out {data}` first)")
    return path


def _is_empty_dir(path: Path) -> bool:
    return not path.exists() or (path.is_dir() and not any(path.iterdir()))


def _oxigraph_load(binary: str, location: Path, file: Path, fmt: str, graph: str | None, timeout: float) -> None:
    """One ``oxigraph load`` run (atomic: the file is loaded whole or not at all)."""
    cmd = [binary, "load", "--location", str(location), "--file", str(file), "--format", fmt]
    if graph:
        cmd += ["--graph", graph]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise EndpointError(f"oxigraph load of {file} into {location} took more than {timeout:g} s") from None
    if done.returncode != 0:
        lines = [ln for ln in (done.stderr + done.stdout).splitlines() if ln.strip()]
        raise EndpointError(f"oxigraph load into {location} failed: {lines[-1] if lines else 'exit ' + str(done.returncode)}")


def bulk_load(location: Path, dataset: Path, binary: str | None = None, timeout: float = 600,
              with_ontology: bool = True) -> None:
    """Load a whole dataset (named graphs kept), and the ontology graph, with ``oxigraph load``."""
    from ..resources import ONTOLOGY_FILE

    binary = binary or find_oxigraph()
    _oxigraph_load(binary, location, dataset, "nq" if dataset.suffix == ".nq" else "trig", None, timeout)
    if with_ontology:  # the built dataset never holds the ontology graph itself
        _oxigraph_load(binary, location, ONTOLOGY_FILE, "ttl", gsp.ONTOLOGY_GRAPH, timeout)


def _plan(current: dict[str, dict], stored: dict[str, dict]) -> tuple[list[str], list[str]]:
    """(graphs whose content changed or is new, graphs no longer in the dataset)."""
    changed = sorted(g for g in current if stored.get(g, {}).get("sha256") != current[g]["sha256"])
    gone = sorted(g for g in stored if g not in current)
    return changed, gone


def _hashes(graphs: dict[str, list]) -> dict[str, dict]:
    return {g: {"sha256": gsp.graph_hash(t), "triples": len(t)} for g, t in graphs.items()}


def dataset_hashes(dataset: Path) -> dict[str, dict]:
    """Graph IRI → {"sha256", "triples"} for the graphs served from a dataset file (ontology included)."""
    return _hashes(gsp.publish_graphs(dataset))


def needs_sync(dataset: Path, location: Path) -> bool:
    """True if the store at ``location`` does not hold exactly the dataset's graphs."""
    if _is_empty_dir(Path(location)):
        return True
    changed, gone = _plan(dataset_hashes(dataset), read_manifest(location))
    return bool(changed or gone)


def sync_store(
    dataset: Path,
    location: Path,
    binary: str | None = None,
    running: OxigraphServer | None = None,
    timeout: float = 60,
) -> SyncReport:
    """Make the store at ``location`` hold exactly the dataset's graphs, touching only changed ones.

    ``running`` is a writable server already serving ``location``; without it a
    temporary writable server is started on a free port for the update.
    """
    start = time.perf_counter()
    location = Path(location)
    graphs = gsp.publish_graphs(dataset)
    current = _hashes(graphs)
    if running is None and _is_empty_dir(location):
        location.mkdir(parents=True, exist_ok=True)
        bulk_load(location, dataset, binary)
        write_manifest(location, dataset, current)
        return SyncReport(location, "load", replaced=sorted(current), seconds=time.perf_counter() - start)

    stored = read_manifest(location)
    changed, gone = _plan(current, stored)
    report = SyncReport(location, "update", unchanged=sorted(set(current) - set(changed)))
    if not changed and not gone:
        report.mode = "unchanged"
        return report

    ctx = contextlib.nullcontext(running) if running is not None else OxigraphServer(
        location, port=0, writable=True, binary=binary
    )
    record = {g: v for g, v in stored.items() if g in current or g in gone}
    with ctx as server:
        for g in changed:
            gsp.put_graph(server.store_url, g, graphs[g], {}, timeout)
            record[g] = current[g]
            write_manifest(location, dataset, record)
            report.replaced.append(g)
        for g in gone:
            gsp.delete_graph(server.store_url, g, {}, timeout)
            record.pop(g, None)
            write_manifest(location, dataset, record)
            report.dropped.append(g)
    report.seconds = time.perf_counter() - start
    return report


# --------------------------------------------------------------------------- serve


class ServedDataset:
    """A dataset served from a store location, reloadable after a new build.

    Read-only servers are stopped for the (short) per-graph update and started
    again on the same port; writable ones are updated in place.
    """

    def __init__(self, dataset: Path, location: Path, port: int = DEFAULT_PORT, writable: bool = False,
                 binary: str | None = None, ready_timeout: float = 20.0) -> None:
        self.dataset = Path(dataset)
        self.location = Path(location)
        self.binary = binary or find_oxigraph()
        self.server = OxigraphServer(self.location, port, writable, self.binary, ready_timeout)
        self.last_sync: SyncReport | None = None
        self._mtime = 0.0

    def start(self) -> SyncReport:
        """Bring the store up to date with the dataset, then start serving it."""
        if self.server.requested_port != 0 and port_in_use(self.server.port):
            raise EndpointError(f"port {self.server.port} on {HOST} is already in use; choose another with --port (0 = any free port)")
        self._mtime = self.dataset.stat().st_mtime
        self.last_sync = sync_store(self.dataset, self.location, self.binary)
        self.server.start()
        return self.last_sync

    def changed_on_disk(self) -> bool:
        """True if the dataset file was rewritten since the last (re)load."""
        with contextlib.suppress(OSError):
            return self.dataset.stat().st_mtime != self._mtime
        return False

    def reload(self) -> SyncReport:
        """Replace the changed report graphs after a new build."""
        self._mtime = self.dataset.stat().st_mtime
        if not needs_sync(self.dataset, self.location):
            self.last_sync = SyncReport(self.location, "unchanged", unchanged=sorted(read_manifest(self.location)))
            return self.last_sync
        if self.server.writable and self.server.alive():
            self.last_sync = sync_store(self.dataset, self.location, self.binary, running=self.server)
            return self.last_sync
        port = self.server.port
        self.server.stop()
        try:
            self.last_sync = sync_store(self.dataset, self.location, self.binary)
        finally:
            self.server.requested_port = port
            self.server.port = port
            self.server.start()
        return self.last_sync

    def stop(self) -> None:
        """Stop the server."""
        self.server.stop()

    def __enter__(self) -> ServedDataset:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
