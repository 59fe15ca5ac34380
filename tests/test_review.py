"""Review and correct: a reviewer's judgements kept as data (TOML) and applied at every build.

On the embedded corpus: each judgement kind, a stale judgement, rebuilds byte for byte, bad
judgement files, the check of issue 22 (docs/review-example.toml shows in the facts, SPARQL
answers, briefing and page; removing it restores every output), and ``ydkg review``.
"""
from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from graph.cli import main
from graph.errors import ReviewError
from graph.export.facts import rows
from graph.export.rdf import REJECTED_GRAPH, REVIEW_GRAPH, graphs
from graph.model.judgements import load_judgements
from graph.pipeline.build import build_kb
from graph.query.candidates import Candidate, candidates
from graph.resources import ROOT, SOURCES_DIR

EXAMPLE = ROOT / "docs" / "review-example.toml"
COUNCIL = "agency/영등포구/의료관광협의회"
MEETINGS = ("event/영등포구/의료관광협의회회의", "event/영등포구/제2차영등포구의료관광협의회회의")
REJECTED = "7ca60305c49759c2"  # 영등포구 established 의료관광 협의회, line 76 of the 2020 report
HEAD = 'who = "검토자"\nwhen = 2026-12-01\nwhy = "시험"\n'


def judge(tmp_path: Path, body: str, name: str = "j.toml") -> Path:
    """A judgement file in ``tmp_path``."""
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def entry(kind: str, **fields: object) -> str:
    """One ``[[judgement]]`` entry of ``kind`` with ``fields`` (TOML values written by json)."""
    lines = "".join(f"{k} = {json.dumps(v, ensure_ascii=False)}\n" for k, v in fields.items())
    return f'[[judgement]]\nkind = "{kind}"\n{HEAD}{lines}\n'


@pytest.fixture(scope="module")
def plain():
    """The corpus as the rules make it."""
    return build_kb([SOURCES_DIR], review=[])


@pytest.fixture(scope="module")
def example():
    """The corpus with docs/review-example.toml applied."""
    return build_kb([SOURCES_DIR], review=[EXAMPLE])


def by_id(kb) -> dict:
    return {s.id: s for s in kb.statements}


def test_ids_are_stable_across_rebuilds(plain):
    again = build_kb([SOURCES_DIR], review=[])
    assert [s.id for s in again.statements] == [s.id for s in plain.statements]
    assert list(again.entities) == list(plain.entities)
    assert REJECTED in by_id(plain)


def test_default_build_reads_data_review_which_ships_empty(plain):
    assert not list((ROOT / "data" / "review").glob("*.toml"))
    assert (ROOT / "data" / "review" / "README.md").is_file()
    kb = build_kb([SOURCES_DIR])
    assert [s.id for s in kb.statements] == [s.id for s in plain.statements] and not kb.judgements


def test_merge_reject_add_on_the_corpus(plain, example):
    assert all(m in plain.entities for m in MEETINGS)
    assert not any(m in example.entities for m in MEETINGS)
    council = example.entities[COUNCIL]
    assert {"영등포구 의료관광협의회 회의", "제2차 영등포구 의료관광협의회 회의", "의료관광 협의회"} <= set(council.aliases)
    moved = [s for s in example.statements if s.citation.line in (149, 161) and s.object == COUNCIL]
    assert len(moved) == 4 and all("council-one-node" in s.review for s in moved)
    # a moved statement keeps the id the rules gave it
    assert {s.id for s in moved} <= set(by_id(plain))
    assert REJECTED not in by_id(example)
    assert [s.id for s in example.rejected] == [REJECTED] and example.rejected[0].review == ("council-not-founded-2020",)
    (added,) = [s for s in example.statements if "working-group" in s.review]
    assert (added.relation, added.object, added.status, added.when.start) == (
        "runs", "civicgroup/영등포구/스마트메디컬특구실무추진단", "planned", "2020")
    assert added.citation.quote == "- 의료관광 협의회 및 특화사업자 실무추진단, 협력기관 운영: 수시"
    assert len(example.statements) == len(plain.statements)  # one rejected, one added
    assert [o.status for o in example.outcomes] == ["applied"] * 3


def test_correct_keeps_the_id_and_marks_the_row(tmp_path, plain):
    sid = next(s.id for s in plain.statements if s.relation == "hosted" and s.when and s.when.precision == "day")
    path = judge(tmp_path, entry("correct", statement=sid, date="2019-03", status="planned", relation="participated"))
    kb = build_kb([SOURCES_DIR], review=[path])
    st = by_id(kb)[sid]
    assert (st.when.start, st.when.precision, st.status, st.relation) == ("2019-03", "month", "planned", "participated")
    assert st.when.text == by_id(plain)[sid].when.text  # the text the report wrote stays
    (row,) = [r for r in rows(kb) if r["statement_id"] == sid]
    assert row["review"] == kb.judgements[0].id and row["date"] == "2019-03"


def test_entity_sets_label_type_english_and_wikidata(tmp_path):
    path = judge(tmp_path, entry("entity", entity=COUNCIL, label="영등포구 의료관광협의회", label_en="Medical Tourism Council",
                                 type="CivicGroup", wikidata="Q12345"))
    kb = build_kb([SOURCES_DIR], review=[path])
    e = kb.entities[COUNCIL]
    assert (e.label, e.label_en, e.type, e.attribute("wikidata")) == (
        "영등포구 의료관광협의회", "Medical Tourism Council", "CivicGroup", "Q12345")
    assert "영등포 의료관광 협의회" in e.aliases and "영등포구 의료관광협의회" not in e.aliases
    assert kb.entity_review[COUNCIL] == (kb.judgements[0].id,)
    ents = dict(graphs(kb))["https://w3id.org/ydkg/graph/entities"]
    assert any(str(o) == "http://www.wikidata.org/entity/Q12345" for s, p, o in ents if p.endswith("exactMatch"))
    assert {r["subject"] for r in rows(kb) if r["subject_id"] == COUNCIL} <= {"영등포구 의료관광협의회"}


def test_keep_apart_undoes_a_rule_merge(tmp_path, plain):
    assert any(m.merged == "여의도 금융컨퍼런스" for m in plain.merges)
    path = judge(tmp_path, entry("keep_apart", entity="event/영등포구/여의도금융콘퍼런스", name="여의도 금융컨퍼런스"))
    kb = build_kb([SOURCES_DIR], review=[path])
    assert not any(m.merged == "여의도 금융컨퍼런스" for m in kb.merges)
    apart = kb.entities["event/영등포구/여의도금융컨퍼런스"]
    assert apart.label == "여의도 금융컨퍼런스" and "여의도 금융컨퍼런스" not in kb.entities["event/영등포구/여의도금융콘퍼런스"].aliases
    mine = [s for s in kb.statements if "event/영등포구/여의도금융컨퍼런스" in (s.subject, s.object)]
    assert mine and all(s.review == (kb.judgements[0].id,) for s in mine)
    assert {s.citation.line for s in mine} == {318, 324}  # the two lines that write 컨퍼런스


def test_a_stale_judgement_is_listed_with_candidates(tmp_path, capsys):
    quote = "- 의료관광 협의회 구성 운영, 스마트메디컬특구 실무추진단 운영, 외국인환자 유치등록 기관 실무 교육 실시"
    path = judge(tmp_path, entry("reject", statement="0123456789abcdef", quote=quote)
                 + entry("entity", entity="agency/영등포구/의료관광혐의회", label_en="x"))
    out = tmp_path / "out"
    assert main(["build", str(SOURCES_DIR), "--out", str(out), "--review", str(path)]) == 0
    err = capsys.readouterr().err
    stale = [ln for ln in err.splitlines() if "stale" in ln]
    assert len(stale) == 2 and all(ln.startswith("warning: review: ") for ln in stale)
    assert "j.toml: judgement 1 (reject) is stale" in stale[0] and REJECTED in stale[0]
    table = list(csv.DictReader((out / "review.csv").open(encoding="utf-8")))
    assert [r["status"] for r in table] == ["stale", "stale"]
    assert REJECTED in table[0]["candidates"].split() and COUNCIL in table[1]["candidates"].split()


def _outputs(folder: Path) -> dict[str, bytes]:
    """The build's output files. Left out: the oxigraph store, hidden caches, and kb.pickle, whose bytes
    depend on which objects share memory and differ between a cached and a fresh build with or without
    judgements (its content does not)."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())
            if p.is_file() and not p.name.startswith(".") and p.name != "kb.pickle"}


def test_the_issue_check_and_byte_identical_rebuilds(tmp_path, capsys):
    folder = tmp_path / "review"
    folder.mkdir()
    out = tmp_path / "out"
    build = ["build", str(SOURCES_DIR), "--out", str(out), "--review", str(folder)]
    assert main(build) == 0
    before = _outputs(out)
    shutil.copy(EXAMPLE, folder / "council.toml")
    assert main(build) == 0
    judged = _outputs(out)
    assert main([*build[:3], str(tmp_path / "again"), *build[4:]]) == 0
    assert _outputs(tmp_path / "again") == judged  # a rebuild with judgements is byte-identical
    capsys.readouterr()
    _shows_the_judgements(out, capsys, judged)
    (folder / "council.toml").unlink()
    assert main(build) == 0
    assert _outputs(out) == before  # removing the file restores every output byte for byte
    assert "[검토]" not in _brief(out, capsys)


def _brief(out: Path, capsys) -> str:
    assert main(["brief", "영등포 의료관광 협의회", "--data", str(out)]) == 0
    return capsys.readouterr().out


def _shows_the_judgements(out: Path, capsys, files: dict[str, bytes]) -> None:
    """Facts, SPARQL answers, the briefing and the page of a build with docs/review-example.toml."""
    facts = list(csv.DictReader((out / "facts.csv").open(encoding="utf-8")))
    assert list(facts[0])[-1] == "review"
    assert REJECTED not in {r["statement_id"] for r in facts}
    assert {r["review"] for r in facts if r["line"] in ("149", "161") and r["object_id"] == COUNCIL} == {"council-one-node"}
    assert any(r["review"] == "working-group" and r["object"] == "스마트메디컬특구 실무추진단" for r in facts)
    assert main(["query", "entity", "--bind", "name=제2차 영등포구 의료관광협의회 회의", "--data", str(out),
                 "--format", "csv"]) == 0
    answer = list(csv.DictReader(capsys.readouterr().out.splitlines()))
    assert {r["entity"] for r in answer} == {"영등포 의료관광 협의회"}
    assert {r["line"] for r in answer if r["direction"] == "in"} >= {"149", "161"}
    assert "76" not in {r["line"] for r in answer if r["relation"] == "established"}
    assert main(["query", "SELECT ?s ?j WHERE { GRAPH <" + REJECTED_GRAPH + "> { ?s <http://www.w3.org/ns/prov#"
                 "wasInvalidatedBy> ?j } }", "--data", str(out), "--format", "csv"]) == 0
    assert "council-not-founded-2020" in capsys.readouterr().out
    brief = _brief(out, capsys)
    assert "2019-06-28 개최 ← 영등포구 (개최) [검토]" in brief
    assert "제2차 영등포구 의료관광협의회 회의" in brief  # now an alias of the council
    page = files["graph.html"].decode("utf-8")
    assert '"review":"council-one-node"' in page and "[검토] " in page
    trig = files["dataset.trig"].decode("utf-8")
    assert f"<{REVIEW_GRAPH}>" in trig and f"<{REJECTED_GRAPH}>" in trig


@pytest.mark.parametrize("body, message", [
    (entry("unmerge", entity=COUNCIL), "j.toml: judgement 1: unknown kind 'unmerge'"),
    ('[[judgement]]\nkind = "reject"\nwho = "a"\nwhen = "2026-13-01"\nwhy = "b"\nstatement = "' + REJECTED + '"\n',
     "j.toml: judgement 1 (reject): when '2026-13-01' is not a date"),
    (entry("reject", statement="abc"), "j.toml: judgement 1 (reject): unknown statement id 'abc'"),
    (entry("add", subject=COUNCIL, relation="runs", object=COUNCIL, source="004_3169d57caf6f2857.txt", line=76),
     "j.toml: judgement 1 (add): missing citation quote"),
    (entry("add", subject=COUNCIL, relation="runs", object=COUNCIL, source="004_3169d57caf6f2857.txt", line=76,
           quote="자매결연"), "j.toml: judgement 1 (add): quote '자매결연' is not on line 76"),
    (entry("correct", statement=REJECTED, object="agency/없는-기관"),
     "j.toml: judgement 1 (correct): unknown entity id 'agency/없는-기관'"),
    (entry("merge", entities=[COUNCIL]), "j.toml: judgement 1 (merge): merge names at least two entities"),
    (entry("reject", statement=REJECTED, colour="red"), "j.toml: judgement 1 (reject): unknown key 'colour'"),
])
def test_bad_judgement_files_stop_the_build_and_leave_outputs(tmp_path, capsys, body, message):
    out = tmp_path / "out"
    good = judge(tmp_path, entry("reject", statement=REJECTED), "good.toml")
    assert main(["build", str(SOURCES_DIR), "--out", str(out), "--review", str(good)]) == 0
    before = {p: p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file() and ".cache" not in p.parts}
    capsys.readouterr()
    bad = judge(tmp_path, body)
    assert main(["build", str(SOURCES_DIR), "--out", str(out), "--review", str(bad)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0] and str(bad) in err[0], err
    assert {p: p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file() and ".cache" not in p.parts} == before


def test_loader_reads_folders_string_dates_and_refuses_duplicates(tmp_path):
    judge(tmp_path, entry("reject", statement=REJECTED).replace("2026-12-01", '"2026-12-01"'), "a.toml")
    judge(tmp_path, "# none yet\n", "b.toml")
    (tmp_path / "notes.md").write_text("not read", encoding="utf-8")
    (j,) = load_judgements([tmp_path])
    assert (j.when, j.where, j.id) == ("2026-12-01", f"{tmp_path / 'a.toml'}: judgement 1 (reject)", j.id)
    assert j.id.startswith("rv-") and len(j.id) == 13
    judge(tmp_path, entry("reject", statement=REJECTED), "c.toml")
    with pytest.raises(ReviewError, match="the same judgement as"):
        load_judgements([tmp_path])


def test_review_ranks_the_corpus_duplicates_first(plain, capsys):
    ranked = candidates(plain)
    top = ranked[:20]
    kinds = {c.kind for c in top}
    assert kinds <= {"merged", "duplicate"}
    whats = " | ".join(c.what for c in top)
    assert "여의도 금융콘퍼런스 = 여의도 금융컨퍼런스" in whats  # a spelling variant
    assert "주요 간부 회의 = 주요 간부회의" in whats  # a spacing variant
    council = [c for c in top if "의료관광" in c.what and "협의회" in c.what]
    assert len(council) >= 3  # the council's three names and its meetings
    assert {c.kind for c in ranked} == {"merged", "duplicate", "generic", "unparsed", "unlisted"}
    assert [c.score for c in ranked] == sorted((c.score for c in ranked), reverse=True)
    gen = next(c for c in ranked if c.kind == "generic")
    assert gen.suggest["kind"] == "correct" and gen.suggest["relation"] in gen.why


def test_review_command_formats(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["build", str(SOURCES_DIR), "--out", str(out), "--no-review"]) == 0
    capsys.readouterr()
    assert main(["review", "--data", str(out), "-n", "5"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert len(table) == 7 and "merged" in table[1] and table[-1].startswith("… ")
    assert main(["review", "--data", str(out), "--format", "csv", "-o", str(tmp_path / "c.csv")]) == 0
    rows_ = list(csv.DictReader((tmp_path / "c.csv").open(encoding="utf-8")))
    assert rows_[0]["rank"] == "1" and json.loads(rows_[0]["suggest"])["kind"] == "keep_apart"
    assert main(["review", "--data", str(out), "--format", "html", "-o", str(tmp_path / "r.html")]) == 0
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "new Blob(" in page and "여의도 금융컨퍼런스" in page and "http" not in page.split("<body>")[1]


def test_review_output_is_escaped_and_plain():
    from graph.cli.review import table
    from viz.review import review_page

    evil = Candidate("unlisted", 0.3, "<script>alert(1)</script>\x1b[31m빨강\u202e", "why </script><b>",
                     "a.txt", 3, "<img src=x onerror=alert(1)>", {"kind": "entity", "entity": "agency/x",
                                                                    "label": "</script><script>alert(2)</script>"})
    page = review_page([evil], today="2026-12-01")
    assert "<script>alert" not in page and "<img src" not in page and "</script><b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "\\u003c/script\\u003e" in page
    text = table([evil], 0)
    assert "\x1b" not in text and "\u202e" not in text and "빨강" in text
