"""Incremental and parallel builds: byte-identical outputs, only changed reports re-extracted."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from bench import synth
from graph.pipeline.cache import CACHE_DIRNAME, ExtractionCache, fingerprint_files, last_stats
from graph.cli import main
from graph.query.persist import KB_FILE, STORE_DIR, load_kb, open_persisted_store
from graph.pipeline.build import build_kb
from graph.resources import SOURCES_DIR
from graph.query.store import OxigraphStore

#: Not outputs: the cache, the persisted store and kb.pickle (pickles may share objects differently).
NOT_OUTPUTS = {CACHE_DIRNAME, STORE_DIR, KB_FILE}


def _outputs(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file() and p.name not in NOT_OUTPUTS}


N_SYNTH = 24  # small enough for a fast suite; the parallel threshold is lowered to match


@pytest.fixture(autouse=True)
def _parallel_on_small_corpora(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let 24 reports take the multi-process path that needs 64 in normal builds."""
    import graph.pipeline.parallel

    monkeypatch.setattr(graph.pipeline.parallel, "MIN_PARALLEL", 8)


@pytest.fixture(scope="module")
def synth80(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth")
    synth.generate(N_SYNTH, out, seed=11)
    return out


def _same_build(src: list[str], tmp_path: Path) -> tuple[Path, Path]:
    serial, fast = tmp_path / "serial", tmp_path / "fast"
    assert main(["build", *src, "--out", str(serial), "--no-cache"]) == 0
    assert not (serial / CACHE_DIRNAME).exists()
    assert main(["build", *src, "--out", str(fast), "--jobs", "2"]) == 0  # cold cache, parallel
    assert _outputs(fast) == _outputs(serial)
    assert main(["build", *src, "--out", str(fast), "--jobs", "2"]) == 0  # warm cache
    assert _outputs(fast) == _outputs(serial)
    stats = last_stats(fast / CACHE_DIRNAME)
    assert stats is not None and stats["misses"] == 0 and stats["hits"] > 0
    return serial, fast


def test_real_corpus_cached_parallel_is_byte_identical(tmp_path: Path) -> None:
    serial, fast = _same_build([], tmp_path)
    assert sorted(_outputs(serial)) == sorted(_outputs(fast))
    assert load_kb(serial) == load_kb(fast) == build_kb([SOURCES_DIR])


def test_synthetic_cached_parallel_is_byte_identical(synth80: Path, tmp_path: Path, capsys) -> None:
    _same_build([str(synth80)], tmp_path)
    # Past 20 reports the build prints the coverage totals and the 20 least accounted reports.
    printed = capsys.readouterr().out.splitlines()
    head = printed.index("coverage (non-blank lines):")
    total = printed[head + 1]
    assert total.startswith(f"  all {N_SYNTH} reports: ") and total.endswith("% accounted)")
    listed = printed[head + 3:head + 23]
    shares = [float(line.rsplit("(", 1)[1].split("%")[0]) for line in listed]
    assert len(listed) == 20 and shares == sorted(shares) and printed[head + 23].startswith("wrote ")


def test_editing_one_report_re_extracts_only_it(synth80: Path, tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(synth80, src)
    out = tmp_path / "out"
    assert main(["build", str(src), "--out", str(out), "--jobs", "2"]) == 0
    assert last_stats(out / CACHE_DIRNAME) == {"hits": 0, "misses": N_SYNTH, "stored": N_SYNTH}
    victim = sorted(src.glob("*.txt"))[17]
    victim.write_text(victim.read_text(encoding="utf-8") + "\n○ 추가 항목\n", encoding="utf-8")
    assert main(["build", str(src), "--out", str(out), "--jobs", "2"]) == 0
    assert last_stats(out / CACHE_DIRNAME) == {"hits": N_SYNTH - 1, "misses": 1, "stored": 1}
    assert len(list((out / CACHE_DIRNAME).glob("*/*.pickle"))) == N_SYNTH  # the edited report's old entry went
    # The edited build equals a clean serial build of the edited sources.
    clean = tmp_path / "clean"
    assert main(["build", str(src), "--out", str(clean), "--no-cache"]) == 0
    assert _outputs(out) == _outputs(clean)


def test_cache_key_changes_with_code_fingerprint(tmp_path: Path) -> None:
    kb1 = build_kb([SOURCES_DIR], cache_dir=tmp_path)
    other = ExtractionCache(tmp_path, fingerprint="0" * 16)
    from graph.pipeline.cache import report_key
    from graph.pipeline.build import read_reports

    (_, meta), *_ = read_reports([SOURCES_DIR])
    assert other.get(report_key(meta, "영등포구")) is None and other.misses == 1
    assert build_kb([SOURCES_DIR], cache_dir=tmp_path) == kb1
    assert last_stats(tmp_path) == {"hits": 5, "misses": 0, "stored": 0}


def test_fingerprint_covers_what_the_store_holds() -> None:
    """The persisted store holds the RDF mapping of the ontology's terms: a change to either makes a
    store built before it stale (a named query may read a term it lacks), as a change to extraction does."""
    from graph.resources import ONTOLOGY_FILE, ROOT, SHAPES_FILE

    files = set(fingerprint_files())
    assert {ONTOLOGY_FILE, ROOT / "graph" / "export" / "rdf.py"} <= files
    assert SHAPES_FILE not in files  # the shapes check a build; they change neither extraction nor the store
    assert any(p.parent.name == "extract" for p in files)


def test_persisted_kb_and_store_go_stale(tmp_path: Path, capsys) -> None:
    src = tmp_path / "src"
    shutil.copytree(SOURCES_DIR, src)
    out = tmp_path / "out"
    assert main(["build", str(src), "--out", str(out)]) == 0
    kb = load_kb(out)
    assert kb is not None and kb == build_kb([src])
    assert load_kb(out, [SOURCES_DIR]) is None  # other files (other paths) than the build's
    st = open_persisted_store(out)
    assert st is not None and len(st) == len(OxigraphStore.from_kb(kb))  # loaded from dataset.trig: same quads
    names, rows = st.query("SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/ydkg/ontology#Statement> }")
    assert rows == [(len(kb.statements),)]
    del st
    first = sorted(src.glob("*.txt"))[0]
    first.write_bytes(first.read_bytes() + "\n".encode())
    assert load_kb(out) is None and open_persisted_store(out) is None
    capsys.readouterr()  # `ydkg query` says why it loads the dataset instead, and answers alike
    assert main(["query", "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/ydkg/ontology#Statement> }",
                 "--data", str(out), "--format", "csv"]) == 0
    said = capsys.readouterr()
    assert f"{out / 'store'} is out of date" in said.err and said.out.split() == ["n", str(len(kb.statements))]
    (src / "extra.txt").write_bytes(first.read_bytes())
    assert load_kb(out) is None


def test_stamp_checks_skip_unchanged_files_and_catch_same_size_edits(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A stamp check reads only the sources whose stat changed since the build (OUT's stat memo);
    an edit that keeps the size and the modification time still changes the inode's ctime."""
    import graph.query.persist as persist

    monkeypatch.setattr(persist, "_RACY_NS", 0)  # the copies are fresh; no racy window in the test
    src = tmp_path / "src"
    shutil.copytree(SOURCES_DIR, src)
    out = tmp_path / "out"
    assert main(["build", str(src), "--out", str(out)]) == 0
    memo = json.loads((out / persist.STAT_MEMO).read_text(encoding="utf-8"))
    assert len(memo) == len(list(src.glob("*.txt"))) + 1  # the reports and manifest.csv
    read: list[Path] = []
    real_sha256 = persist._sha256
    monkeypatch.setattr(persist, "_sha256", lambda p: read.append(p) or real_sha256(p))
    assert persist.kb_is_fresh(out) and read == []
    victim = sorted(src.glob("*.txt"))[2]
    before = victim.stat()
    data = victim.read_bytes()
    victim.write_bytes(data[:-1] + (b"X" if data[-1:] != b"X" else b"Y"))  # same size
    os.utime(victim, ns=(before.st_atime_ns, before.st_mtime_ns))  # same modification time
    assert victim.stat().st_size == before.st_size and victim.stat().st_mtime_ns == before.st_mtime_ns
    assert not persist.kb_is_fresh(out) and read == [victim.resolve()]
    assert persist.load_kb(out) is None and persist.open_brief_index(out) is None
    (out / persist.STAT_MEMO).write_text("not json", encoding="utf-8")  # a broken memo: every file is read
    victim.write_bytes(data)
    read.clear()
    assert persist.load_kb(out) is not None and len(read) == len(memo)


def test_cli_uses_the_persisted_kb_and_store(tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    assert main(["build", "--out", str(out)]) == 0
    capsys.readouterr()
    assert main(["brief", "몽골 보건부", "--sources", str(SOURCES_DIR), "--data", str(tmp_path / "none")]) == 0
    built = capsys.readouterr().out
    import graph.pipeline.build

    def no_build(*a, **k):
        raise AssertionError("rebuilt the corpus instead of loading kb.pickle")

    monkeypatch.setattr(graph.pipeline.build, "build_kb", no_build)
    assert main(["brief", "몽골 보건부", "--data", str(out)]) == 0
    assert capsys.readouterr().out == built  # the same briefing, from kb.pickle
    (out / "dataset.trig").unlink()  # the oxigraph store needs no dataset file
    assert main(["query", "sister-cities", "--store", "oxigraph", "--data", str(out), "--format", "csv"]) == 0
    assert "고성군" in capsys.readouterr().out


def test_streamed_results_match_serial_and_leave_no_spool(synth80: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Worker results come back in file order through spool files, which are gone afterwards,
    also when the consumer stops early (the workers are shut down, nothing queued runs on)."""
    import tempfile

    from graph.pipeline.build import read_reports
    from graph.pipeline.parallel import iter_reports, own_share, process_reports

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    pairs = read_reports([synth80])
    serial = process_reports(pairs, "영등포구", jobs=1)
    assert 0 < own_share(len(pairs), 2) < len(pairs)  # both this process and the worker parse
    assert list(iter_reports(pairs, "영등포구", jobs=2)) == serial
    stream = iter_reports(pairs, "영등포구", jobs=2)
    assert next(stream) == serial[0]
    assert [p.name for p in tmp_path.iterdir()][0].startswith("ydkg-parse-")  # spooling meanwhile
    stream.close()
    assert list(tmp_path.iterdir()) == []
