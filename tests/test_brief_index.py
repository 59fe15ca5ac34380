"""The briefing index (``OUT/brief.sqlite``) and the name index: same briefings, never stale."""
from __future__ import annotations

import dataclasses
import json
import pickle
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import graph.query.persist
from graph.query.brief import briefing, briefing_from, kb_data, render, resolve
from graph.cli import main
from graph.errors import NotFoundError
from graph.model.statements import KnowledgeBase
from graph.export.network import to_networkx
from graph.query.persist import BRIEF_FILE, KB_FILE, open_brief_index, save_kb
from graph.pipeline.build import build_kb
from graph.resources import SOURCES_DIR
from viz.focus import NameIndex, TextSearch, resolve_name

NAMES = ["몽골", "몽골 보건부", "몽골보건부!", "스마트메디컬특구", "김안과병원", "영등포구", "중국", "병원", "울릉",
         "agency/mongolia-moh", "Mongolia"]
WINDOWS = [{}, {"lang": "en"}, {"as_of": "2020-01"}, {"since": 2021}, {"as_of": "2019", "since": 2018, "lang": "en"}]
UNKNOWN = ["전혀없는이름", "xyzzy", "특"]


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return build_kb([SOURCES_DIR])


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("built")
    assert main(["build", "--out", str(out)]) == 0
    return out


def _outcome(fn, *args, **kwargs):
    """The briefing as JSON text, or the NotFoundError's candidates."""
    try:
        return render(fn(*args, **kwargs), "json")
    except NotFoundError as exc:
        return ("not found", exc.candidates)


def test_index_gives_the_briefings_of_the_full_kb(kb: KnowledgeBase, built: Path) -> None:
    G = to_networkx(kb)
    index = open_brief_index(built)
    assert index is not None
    try:
        for name in NAMES + UNKNOWN:
            for window in WINDOWS:
                want = _outcome(briefing, kb, name, G=G, **window)
                assert _outcome(briefing_from, index, name, **window) == want, (name, window)
                assert _outcome(briefing, kb, name, **window) == want, (name, window)  # without G
        assert isinstance(_outcome(briefing_from, index, "전혀없는이름"), tuple)
    finally:
        index.close()


def test_index_statements_and_nodes_match_the_kb(kb: KnowledgeBase, built: Path) -> None:
    index = open_brief_index(built)
    assert index is not None
    data = kb_data(kb)
    for node in ("zone/ydp-smart-medical", "agency/mongolia-moh", "country/cn", "country/jp"):
        assert index.statements([node]) == data.statements([node])
        assert index.nodes[node] == data.nodes[node]
        assert index.first(node) == data.first(node)
        assert index.located_in(node) == data.located_in(node)
    both = ["zone/ydp-smart-medical", "agency/mongolia-moh"]
    assert index.statements(both) == [s for s in kb.statements if s.subject in both or s.object in both]
    assert index.report_years() == {r.file: r.year for r in kb.reports}
    index.close()


def test_country_members_follow_the_graph_edges(kb: KnowledgeBase) -> None:
    G = to_networkx(kb)
    located = list(dict.fromkeys(u for u, _, a in G.in_edges("country/cn", data=True)
                                 if a["relation"] == "located_in"))
    assert located and kb_data(kb).located_in("country/cn") == located
    for name in ("몽골", "중국", "일본", "china"):
        by_graph, by_index = resolve(G, name), resolve(kb_data(kb, G), name)
        assert list(by_graph.members.items()) == list(by_index.members.items()) and by_graph.node == by_index.node
    assert "located_in" in resolve(G, "중국").members.values()


def test_stale_index_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = tmp_path / "src"
    shutil.copytree(SOURCES_DIR, src)
    out = tmp_path / "out"
    assert main(["build", str(src), "--out", str(out)]) == 0
    assert open_brief_index(out) is not None
    assert open_brief_index(out, [SOURCES_DIR]) is None  # built from other files
    monkeypatch.setattr(graph.query.persist, "_ontology_sha256", lambda: "changed")
    assert open_brief_index(out) is None  # relation and class labels may have changed
    monkeypatch.undo()
    first = sorted(src.glob("*.txt"))[0]
    first.write_bytes(first.read_bytes() + "\n".encode())
    assert open_brief_index(out) is None  # a report edited


def test_index_must_match_kb_pickle(tmp_path: Path, kb: KnowledgeBase) -> None:
    out = tmp_path / "out"
    save_kb(kb, out)
    assert open_brief_index(out) is not None
    index_bytes = (out / BRIEF_FILE).read_bytes()
    save_kb(dataclasses.replace(kb, statements=kb.statements[:10]), out, year=2020)  # another stamp
    (out / BRIEF_FILE).write_bytes(index_bytes)  # the old index back beside the new kb.pickle
    assert open_brief_index(out) is None
    (out / KB_FILE).unlink()
    assert open_brief_index(out) is None
    (out / BRIEF_FILE).write_bytes(b"not a database")
    assert open_brief_index(out) is None
    con = sqlite3.connect(out / "other.sqlite")
    con.execute("CREATE TABLE meta (key TEXT, value BLOB)")
    con.commit()
    con.close()
    shutil.move(out / "other.sqlite", out / BRIEF_FILE)
    assert open_brief_index(out) is None


def test_index_is_deterministic(tmp_path: Path, kb: KnowledgeBase) -> None:
    copy = pickle.loads(pickle.dumps(kb))  # equal, but shares no string objects with kb
    save_kb(kb, tmp_path / "a")
    save_kb(copy, tmp_path / "b")
    assert (tmp_path / "a" / BRIEF_FILE).read_bytes() == (tmp_path / "b" / BRIEF_FILE).read_bytes()


def _cli_briefs(built: Path, capsys) -> list[str]:
    """``ydkg brief`` in each format (and an unknown name's error) on ``built``."""
    out = []
    for fmt in ("md", "json", "html"):
        assert main(["brief", "스마트메디컬특구", "--data", str(built), "--format", fmt, "--since", "2020"]) == 0
        out.append(capsys.readouterr().out)
    assert main(["brief", "몽골", "--data", str(built), "--lang", "en", "--as-of", "2020-01"]) == 0
    out.append(capsys.readouterr().out)
    assert main(["brief", "없는이름없는이름", "--data", str(built)]) == 1
    out.append(capsys.readouterr().err)
    assert "closest:" in out[-1]
    return out


def test_cli_brief_reads_the_index_not_the_kb(built: Path, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_kb(*a, **k):
        raise AssertionError("loaded kb.pickle although the briefing index is fresh")

    with monkeypatch.context() as m:
        m.setattr(graph.query.persist, "load_kb", no_kb)
        with_index = _cli_briefs(built, capsys)
    (built / BRIEF_FILE).rename(built / "hidden.sqlite")
    try:
        assert _cli_briefs(built, capsys) == with_index  # the same text from kb.pickle
    finally:
        (built / "hidden.sqlite").rename(built / BRIEF_FILE)


def test_cli_brief_with_the_index_imports_no_heavy_module(built: Path) -> None:
    code = ("import sys; from graph.cli import main; assert main(['brief', '몽골 보건부', '--data', sys.argv[1]]) == 0; "
            "print(json.dumps(sorted(m for m in ('pandas', 'networkx', 'rdflib', 'pyoxigraph', 'numpy') "
            "if m in sys.modules)), file=sys.stderr)")
    r = subprocess.run([sys.executable, "-c", "import json; " + code, str(built)], capture_output=True, text=True,
                       check=True)
    assert "몽골" in r.stdout
    assert json.loads(r.stderr.strip().splitlines()[-1]) == []


def test_briefing_reuses_its_index_while_the_kb_is_the_same(kb: KnowledgeBase) -> None:
    G = to_networkx(kb)
    data = kb_data(kb, G)
    assert kb_data(kb, G) is data
    assert kb_data(kb) is not data  # without the graph: another index
    other = dataclasses.replace(kb, statements=kb.statements[:100])
    fresh = kb_data(other)
    assert fresh is not data and len(fresh.all_statements) == 100
    assert briefing(other, "몽골 보건부")["n_statements"] < briefing(kb, "몽골 보건부", G=G)["n_statements"]


def test_text_search_finds_substrings_and_whole_strings() -> None:
    ts = TextSearch.of([(0, "몽골보건부"), (1, "몽골"), (1, "mongolia"), (2, ""), (3, "울란바토르몽골몽골")])
    assert ts.containing("몽골") == [0, 1, 3]
    assert ts.containing("보건") == [0]
    assert ts.containing("") == [0, 1, 1, 2, 3]
    assert ts.containing("없음") == []
    assert ts.equal("몽골") == [1]
    assert ts.equal("") == [2]
    assert ts.equal("몽") == []
    again = TextSearch.load(ts.dump())
    assert again.containing("몽골") == [0, 1, 3] and again.equal("mongolia") == [1]
    assert TextSearch.of([]).equal("") == [] and TextSearch.of([]).containing("x") == []


def test_name_index_round_trip_resolves_the_same(kb: KnowledgeBase) -> None:
    G = to_networkx(kb)
    names = NameIndex.load(NameIndex.of_graph(G).dump())
    for name in ("김안과병원", "울 릉 군", "agency/mongolia-moh", "Mongolia", "병원", "전혀없는이름"):
        try:
            want = resolve_name(G, name)
        except NotFoundError as exc:
            with pytest.raises(NotFoundError) as got:
                resolve_name(None, name, names)
            assert got.value.candidates == exc.candidates
        else:
            assert resolve_name(None, name, names) == want
