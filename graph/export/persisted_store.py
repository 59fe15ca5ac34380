"""The persisted store of a build, ``OUT/store/``: a pyoxigraph store on disk holding the dataset and
the ontology graph, built in a temporary folder inside ``OUT`` and renamed into place, then stamped
(``OUT/store.stamp.json``, written last; read by :mod:`graph.query.persist`)."""
from __future__ import annotations

import contextlib
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
    """Builds a new ``OUT/store/`` from TriG text handed over graph by graph, in bounded memory,
    without ever making the writer wait.

    The text is gathered into chunks of about ``chunk_quads`` quads and appended to a spool
    file beside the store; a background thread reads the chunks back one at a time and
    bulk-loads each (pyoxigraph releases the GIL meanwhile, so the caller goes on writing
    the other outputs while the store fills). Memory holds one chunk on each side rather
    than the dataset: oxigraph's bulk loader keeps what it is given in memory (1.5 GB for
    one 2.1 M-quad file, 0.6 GB in chunks of 500,000 quads). After the last chunk the
    thread adds the ontology graph and compacts the store, still beside the caller;
    :meth:`close` waits for it, and :func:`install_store` puts the store in place.
    """

    def __init__(self, out: Path, prefix_header: str, chunk_quads: int = 500_000,
                 first_chunk_quads: int = 50_000) -> None:
        import queue
        import threading

        import pyoxigraph as ox

        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        self.path = Path(tempfile.mkdtemp(prefix=f".{STORE_DIR}.", dir=out))
        os.chmod(self.path, 0o755)
        self.store = ox.Store(str(self.path))
        self._header = prefix_header.encode("utf-8")
        self._chunk_quads = chunk_quads
        # The chunks grow from a small first one to ``chunk_quads``, doubling: the loader, the
        # slower side, starts as soon as the first graphs are written rather than after 500,000
        # quads (about 2 s at 1,000 reports), at no cost in its own time.
        self._next_chunk = min(first_chunk_quads, chunk_quads)
        self._parts: list[str] = []
        self._quads = 0
        self._spool_path = self.path.with_name(self.path.name + ".spool")  # .store.*: a build's leftover
        self._spool = open(self._spool_path, "wb")
        self._offset = 0
        self._queue: queue.Queue = queue.Queue()  # (offset, length) of each spooled chunk; None ends
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._load, name="ydkg-store-loader", daemon=True)
        self._thread.start()

    def _load(self) -> None:
        import pyoxigraph as ox

        with open(self._spool_path, "rb") as spool:
            while (span := self._queue.get()) is not None:
                if self._error is None:
                    try:
                        spool.seek(span[0])
                        data = self._header + spool.read(span[1])
                        self.store.bulk_load(data, format=ox.RdfFormat.TRIG, lenient=True)  # our own, valid IRIs
                    except BaseException as exc:  # reported by close()
                        self._error = exc
        if self._error is None:  # the last chunk is in: finish here too, while the caller writes on
            try:
                self.store.bulk_load(path=str(ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE,
                                     to_graph=ox.NamedNode(ONTOLOGY_GRAPH))
                self.store.optimize()  # compacted: reads twice as fast when reopened (1,000 reports)
                self.store.flush()
            except BaseException as exc:
                self._error = exc

    def add(self, trig: str, n_quads: int) -> None:
        """Take one graph's TriG text (without the prefix header) holding ``n_quads`` quads."""
        self._parts.append(trig)
        self._quads += n_quads
        if self._quads >= self._next_chunk:
            self._flush()
            self._next_chunk = min(2 * self._next_chunk, self._chunk_quads)

    def _flush(self) -> None:
        if self._parts:
            data = "".join(self._parts).encode("utf-8")
            self._spool.write(data)
            self._spool.flush()  # the loader reads it through its own handle
            self._queue.put((self._offset, len(data)))
            self._offset += len(data)
            self._parts, self._quads = [], 0

    def __enter__(self) -> "StoreLoader":
        return self

    def __exit__(self, kind: type | None, *exc: object) -> None:
        """Hand over the last chunk; if the writer failed, remove the half-built store instead."""
        if kind is None:
            self.finish_writing()
        else:
            self.abort()

    def finish_writing(self) -> None:
        """Hand over the last chunk: the writer is done, the loader goes on alone."""
        self._flush()
        self._spool.close()
        self._queue.put(None)

    def close(self) -> Path:
        """Wait for the loader to finish (the ontology graph added, the store compacted); the folder of
        the finished store."""
        if not self._spool.closed:
            self.finish_writing()
        self._thread.join()
        if self._error is not None:  # nothing half-built stays behind
            self._remove()
            raise self._error
        # The store closes as its only reference goes; no gc.collect(): one full collection over
        # a build's heap took 4 s at 5,000 reports.
        self._remove(keep_store=True)
        return self.path

    def abort(self) -> None:
        """Stop loading and remove the half-built store and its spool."""
        self._error = self._error or RuntimeError("aborted")  # the loader skips what is left
        if not self._spool.closed:
            self._spool.close()
            self._queue.put(None)
        self._thread.join()
        self._remove()

    def _remove(self, keep_store: bool = False) -> None:
        """Drop the store handle and the spool file, and the store's folder unless ``keep_store``."""
        self.store = None
        if not keep_store:
            shutil.rmtree(self.path, ignore_errors=True)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self._spool_path)


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
