"""The persisted store of a build, ``OUT/store/``: a pyoxigraph store on disk holding the dataset and
the ontology graph, built in a temporary folder inside ``OUT`` and renamed into place, then stamped
(``OUT/store.stamp.json``, written last; read by :mod:`graph.query.persist`)."""
from __future__ import annotations

import contextlib
import gc
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from ..atomic import atomic_write
from ..resources import ONTOLOGY_FILE, ONTOLOGY_GRAPH

STORE_DIR = "store"
STORE_STAMP = "store.stamp.json"


class StoreLoader:
    """Builds a new ``OUT/store/`` from TriG text handed over graph by graph, in bounded memory.

    The text is gathered into chunks of about ``chunk_quads`` quads; a background thread
    bulk-loads each chunk (pyoxigraph releases the GIL meanwhile, so the caller goes on
    writing the other outputs). At most two chunks wait, so memory holds a few chunks
    rather than the dataset: oxigraph's bulk loader keeps what it is given in memory
    (1.5 GB for one 2.1 M-quad file, 0.3 GB in chunks of 200,000 quads).
    :meth:`close` adds the ontology graph and compacts the store; :func:`install_store`
    puts it in place.
    """

    def __init__(self, out: Path, prefix_header: str, chunk_quads: int = 200_000) -> None:
        import queue
        import threading

        import pyoxigraph as ox

        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        self.path = Path(tempfile.mkdtemp(prefix=f".{STORE_DIR}.", dir=out))
        os.chmod(self.path, 0o755)
        self.store = ox.Store(str(self.path))
        self._header = prefix_header
        self._chunk_quads = chunk_quads
        self._parts: list[str] = []
        self._quads = 0
        self._queue: queue.Queue = queue.Queue(maxsize=2)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._load, name="ydkg-store-loader", daemon=True)
        self._thread.start()

    def _load(self) -> None:
        import pyoxigraph as ox

        while (data := self._queue.get()) is not None:
            if self._error is None:
                try:
                    self.store.bulk_load(data, format=ox.RdfFormat.TRIG, lenient=True)  # our own, valid IRIs
                except BaseException as exc:  # reported by close()
                    self._error = exc

    def add(self, trig: str, n_quads: int) -> None:
        """Take one graph's TriG text (without the prefix header) holding ``n_quads`` quads."""
        self._parts.append(trig)
        self._quads += n_quads
        if self._quads >= self._chunk_quads:
            self._flush()

    def _flush(self) -> None:
        if self._parts:
            self._queue.put((self._header + "".join(self._parts)).encode("utf-8"))
            self._parts, self._quads = [], 0

    def close(self) -> Path:
        """Load what is left, the ontology graph, compact; the folder of the finished store."""
        self._flush()
        self._queue.put(None)
        self._thread.join()
        if self._error is not None:
            raise self._error
        import pyoxigraph as ox

        self.store.bulk_load(path=str(ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE,
                             to_graph=ox.NamedNode(ONTOLOGY_GRAPH))
        self.store.optimize()  # compacted: ~30% faster reads when reopened
        self.store.flush()
        self.store = None
        gc.collect()  # the store closes when its last reference goes
        return self.path

    def abort(self) -> None:
        """Stop loading and remove the half-built store."""
        with contextlib.suppress(Exception):
            self._queue.put_nowait(None)
        self.store = None
        shutil.rmtree(self.path, ignore_errors=True)


def install_store(tmp: Path, out: Path, stamp: dict[str, Any]) -> Path:
    """Put the store built in ``tmp`` (inside ``out``) in place as ``OUT/store/``, then write its stamp."""
    final = Path(out) / STORE_DIR
    old: Path | None = None
    try:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(Path(out) / STORE_STAMP)
        if final.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{STORE_DIR}.old.", dir=out))
            os.replace(final, old / STORE_DIR)
        os.replace(tmp, final)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    atomic_write(Path(out) / STORE_STAMP, json.dumps(stamp, ensure_ascii=False, indent=1) + "\n")
    return final
