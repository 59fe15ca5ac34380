"""``ydkg build``'s outputs: the formats asked for, written side by side, the same bytes either way."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from graph.errors import OutputError
from graph.export.persisted_store import StoreLoader
from graph.export.rdf import prefix_header, write_dataset
from graph.pipeline import outputs
from graph.pipeline.build import build_kb
from graph.resources import SOURCES_DIR

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def kb():
    return build_kb([SOURCES_DIR])


def test_formats_default_all_and_lists() -> None:
    assert outputs.parse_formats(None) == outputs.default_formats()
    assert {"nq", "ttl", "jsonld"}.isdisjoint(outputs.default_formats())
    assert outputs.parse_formats("all") == frozenset(outputs.formats())
    assert outputs.parse_formats("CSV, trig") == {"csv", "trig"}
    with pytest.raises(OutputError, match=r"--formats: unknown format 'turtle' \(known: csv, .*all\)"):
        outputs.parse_formats("csv,turtle")
    with pytest.raises(OutputError, match="name at least one"):
        outputs.parse_formats(" , ")


def test_tasks_run_heaviest_first_rdf_writing_every_serialisation() -> None:
    tasks = outputs._tasks_for(frozenset(outputs.formats()), stamp={"x": 1})
    assert tasks == ["rdf", "network", "tables", "kb"]  # outputs.toml's weights
    assert outputs.format_files({"trig", "nq", "ttl", "jsonld", "store"}, "rdf") == {
        "dataset.trig", "dataset.nq", "dataset.ttl", "dataset.jsonld", "store", "store.stamp.json"}


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_every_format_twice_gives_the_same_bytes(kb, tmp_path: Path) -> None:
    """Every format written twice gives the same files; the store holds the dataset."""
    import pyoxigraph as ox

    every = frozenset(outputs.formats())
    one = outputs.write_outputs(kb, tmp_path / "one", every, stamp={"x": 1})
    two = outputs.write_outputs(kb, tmp_path / "two", every, stamp={"x": 1})
    assert _files(tmp_path / "one") == _files(tmp_path / "two")
    names = {p.name for p in two.files}
    assert names == outputs.format_files(every) - {"store", "store.stamp.json"} | set(outputs.always_files())
    for written in (one, two):
        store = ox.Store.read_only(str(written.store))
        trig = ox.Store()
        trig.bulk_load(path=str(tmp_path / "one" / "dataset.trig"), format=ox.RdfFormat.TRIG)
        ontology = ox.NamedNode("https://w3id.org/ydkg/ontology")
        assert len(store) - sum(1 for _ in store.quads_for_pattern(None, None, None, ontology)) == len(trig)
        del store


def test_only_the_formats_asked_for(kb, tmp_path: Path) -> None:
    written = outputs.write_outputs(kb, tmp_path, {"csv"})
    assert {p.name for p in written.files} == {"facts.csv", "facts.csv-metadata.json", "coverage.csv", "coverage.md",
                                                "unresolved.csv", "merges.csv", "review.csv"}
    assert written.store is None  # no stamp, no kb.pickle; no store asked for


def test_a_failing_task_removes_the_half_built_store(kb, tmp_path: Path, monkeypatch) -> None:
    def refuse(*args):
        raise OutputError("graph.gexf: cannot write: disk full")

    monkeypatch.setitem(outputs._TASKS, "network", refuse)  # after the store began loading
    with pytest.raises(OutputError, match="disk full"):
        outputs.write_outputs(kb, tmp_path / "c", {"csv", "graphml", "trig", "store"})
    assert not [p.name for p in (tmp_path / "c").iterdir() if p.name.startswith(".store.")]  # no half-built store left


def test_store_loaded_in_small_chunks_holds_every_quad(kb, tmp_path: Path) -> None:
    import pyoxigraph as ox

    loader = StoreLoader(tmp_path, prefix_header(), chunk_quads=50, first_chunk_quads=10)  # 10, 20, 40, 50 …
    write_dataset(kb, tmp_path, ["dataset.nq"], sink=loader)
    store = ox.Store(str(loader.close()))  # read-write: the loader's handle is gone (RocksDB's lock is free)
    whole = ox.Store()
    whole.bulk_load(path=str(tmp_path / "dataset.nq"), format=ox.RdfFormat.N_QUADS)
    assert {q for q in store if q.graph_name != ox.NamedNode("https://w3id.org/ydkg/ontology")} == set(whole)


def _build(out: Path, *args: str, seed: str = "0") -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    return subprocess.run([sys.executable, "-m", "graph.cli", "build", str(SOURCES_DIR), "--out", str(out), "-q", *args],
                          cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=300)


def test_build_writes_the_formats_asked_and_removes_the_others(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _build(out, "--formats", "all").returncode == 0
    assert (out / "dataset.nq").is_file() and (out / "graph.gexf").is_file()
    done = _build(out, "--formats", "csv,trig,store")
    assert done.returncode == 0, done.stderr
    record = json.loads((out / "build.json").read_text(encoding="utf-8"))
    on_disk = {p.name for p in out.iterdir() if not p.name.startswith(".")}
    assert on_disk == set(record["outputs"])
    assert {"facts.csv", "dataset.trig", "store", "kb.pickle", "brief.sqlite"} <= on_disk
    assert not {"dataset.nq", "graph.gexf", "graph.html", "facts.jsonl"} & on_disk
    bad = _build(out, "--formats", "csv,xml")
    assert bad.returncode == 2 and bad.stderr.strip().endswith("(known: csv, jsonl, trig, nq, ttl, jsonld, store, "
                                                               "graphml, gexf, json, html, all)")


def test_the_page_is_the_same_whatever_the_hash_seed(tmp_path: Path) -> None:
    """A set's order changes with the string hash seed; the page (its layout) must not."""
    pages = []
    for seed in ("1", "2"):
        out = tmp_path / seed
        assert _build(out, "--formats", "html,json", seed=seed).returncode == 0
        pages.append(((out / "graph.html").read_bytes(), (out / "graph.json").read_bytes()))
    assert pages[0] == pages[1]


def test_export_adds_formats_to_a_finished_build(tmp_path: Path) -> None:
    """`ydkg export nq,jsonld` writes what `build --formats all` writes for them, and lists them in build.json."""
    out, every = tmp_path / "out", tmp_path / "all"
    assert _build(out).returncode == 0 and _build(every, "--formats", "all").returncode == 0
    code = "import sys; from graph.cli import main; sys.exit(main())"
    done = subprocess.run([sys.executable, "-c", code, "export", "nq,jsonld", "--out", str(out)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    for name in ("dataset.nq", "dataset.jsonld"):
        assert (out / name).read_bytes() == (every / name).read_bytes()
    assert {"dataset.nq", "dataset.jsonld", "graph.html"} <= set(json.loads((out / "build.json").read_text())["outputs"])
    missing = subprocess.run([sys.executable, "-c", code, "export", "nq", "--out", str(tmp_path / "none")], cwd=ROOT,
                             capture_output=True, text=True, timeout=300)
    assert missing.returncode == 2 and "holds no finished build" in missing.stderr
