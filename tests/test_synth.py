"""The synthetic corpus generator: deterministic, self-consistent, genre-shaped."""
from __future__ import annotations

import csv
import datetime as dt
import json
import re
from pathlib import Path

import pytest

from bench import synth
from graph.read.manifest import read_manifest
from graph.read.sources import read_source

WEEKDAY = re.compile(r"(\d{1,2})\. (\d{1,2})\.\(([월화수목금토일])\)")


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict]]:
    out = tmp_path_factory.mktemp("synth")
    return out, synth.generate(60, out, seed=7)


def test_deterministic(tmp_path: Path) -> None:
    synth.generate(25, tmp_path / "a", seed=3)
    synth.generate(25, tmp_path / "b", seed=3)
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
    synth.generate(25, tmp_path / "c", seed=4)
    assert _files(tmp_path / "a") != _files(tmp_path / "c")


def test_prefix_stable(tmp_path: Path) -> None:
    """The first N reports of a bigger corpus are the corpus of N."""
    synth.generate(10, tmp_path / "small", seed=1)
    synth.generate(30, tmp_path / "big", seed=1)
    small, big = _files(tmp_path / "small"), _files(tmp_path / "big")
    for name, data in small.items():
        if name.endswith(".txt"):
            assert big[name] == data


def test_manifest_matches_files(corpus: tuple[Path, list[dict]]) -> None:
    out, _ = corpus
    with (out / "manifest.csv").open(encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == synth.MANIFEST_COLUMNS
        rows = list(reader)
    txt = sorted(p.name for p in out.glob("*.txt"))
    assert [r["file"] for r in rows] == txt
    for r in rows:
        assert r["kind"] == "work_report"
        year = int(r["report_year"])
        assert r["plan_year"] in ("", str(year + 1))
        assert r["council_session"].startswith("제") and "의회" in r["council_session"]
        assert r["title"].startswith(f"{year}년 주요업무 보고")
    assert set(read_manifest(out)) == set(txt)  # the project's own reader accepts it


def test_truth_lines_hold_what_they_say(corpus: tuple[Path, list[dict]]) -> None:
    out, truth = corpus
    lines = {p.name: p.read_text(encoding="utf-8").split("\n") for p in out.glob("*.txt")}
    on_disk = [json.loads(x) for x in (out / "truth.jsonl").read_text(encoding="utf-8").splitlines()]
    assert on_disk == truth
    assert truth
    for row in truth:
        assert list(row) == synth.TRUTH_KEYS
        text = lines[row["source"]]
        n = row["line"]
        assert 1 <= n <= len(text)
        end = row["line_end"] or n
        span = "\n".join(text[n - 1:end])
        assert text[n - 1].strip(), row
        assert row["mention"] and row["mention"] in span, row
        if row["relation"] not in ("funded_by", "budget"):
            name = row["object"] if row["subject_type"] in ("District",) and row["relation"] not in ("supported",) else row["subject"]
            assert name.split(" ")[-1] in span or row["mention"] in span, row
        if row["date_text"]:
            assert row["date_text"] in span, row
        assert row["status"] in ("done", "planned")
        assert row["relation"] in {
            "agreement", "hosted", "participated", "met_with", "designated", "enacted", "supported",
            "sister_city", "friendship_city", "funded_by", "budget", "part_of", "runs", "has_role",
        }
        if row["date"]:
            assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", row["date"]), row
        if row["end"]:
            assert row["date"] and row["end"] >= row["date"], row
        if row["relation"] in ("funded_by", "budget", "supported"):
            assert isinstance(row["amount_krw"], int) and row["amount_krw"] >= 0, row
        if row["relation"] in ("funded_by", "budget"):
            assert row["basis"] in ("budget", "executed")


def test_relations_and_types_are_in_the_ontology(corpus: tuple[Path, list[dict]]) -> None:
    from graph.model.schema import classes, relations

    _, truth = corpus
    assert {r["relation"] for r in truth} <= set(relations())
    assert {r["subject_type"] for r in truth} | {r["object_type"] for r in truth} - {None} <= set(classes())
    assert all(r["object"] is not None for r in truth if r["kind"] != "budget_division")


def test_shares_add_up(corpus: tuple[Path, list[dict]]) -> None:
    """For every budget total, the funded_by shares of the same line block sum to it."""
    _, truth = corpus
    groups: list[list] = []  # [total, sum of shares] in writing order: a total, then its shares
    for r in truth:
        if r["kind"] in ("budget_total", "plan_budget_total"):
            groups.append([r, 0])
        elif r["kind"] in ("budget_share", "plan_budget_share"):
            total = groups[-1][0]
            assert (total["source"], total["subject"], total["basis"]) == (r["source"], r["subject"], r["basis"])
            groups[-1][1] += r["amount_krw"]
    assert groups
    for total, summed in groups:
        assert total["amount_krw"] == summed, total


def test_weekdays_are_right(corpus: tuple[Path, list[dict]]) -> None:
    _, truth = corpus
    checked = 0
    for r in truth:
        m = WEEKDAY.search(r["date_text"])
        if m and r["date"] and len(r["date"]) == 10:
            d = dt.date.fromisoformat(r["date"])
            assert "월화수목금토일"[d.weekday()] == m.group(3), r
            checked += 1
    assert checked


def test_genre_shape(corpus: tuple[Path, list[dict]]) -> None:
    out, truth = corpus
    texts = [p.read_text(encoding="utf-8") for p in sorted(out.glob("*.txt"))]
    whole = "\n".join(texts)
    for marker in ("주요업무 보고", "일반현황", "주요업무 추진실적", "□ 주요 추진실적", "□ 향후계획",
                   "예산현황", "(단위: 천원)", "하고자 함", "국내:", "국외:", "ㅇㅇ", "## □", "  - ",
                   "집행률", "구비", "추진계획", "□ 세부 추진계획", "□ 추진일정", "소요예산: 총",
                   "개최:", "참가:", "면담:", "MOU 체결", "업무협약」체결", "상호협력 협약(", "지정권자:",
                   "특화사업자", "지정·위촉:", "자문단 위촉", "우리구에", "지원일자:", "천원 상당",
                   "’", "`", "상반기", "연중", "월 중", "\t"):
        assert marker in whole, marker
    kinds = {r["kind"] for r in truth}
    for kind in ("agreement_mou", "agreement_topic", "agreement_multi", "hosted", "participated_event",
                 "met_with", "zone_designation", "specialist_list", "specialist_table", "supported",
                 "sister_list", "friendship_list", "budget_share", "plan_budget_share", "org_team", "runs"):
        assert kind in kinds, kind


def test_sources_read_as_reports(corpus: tuple[Path, list[dict]]) -> None:
    out, _ = corpus
    for p in sorted(out.glob("*.txt")):
        src = read_source(p)
        assert src.encoding == "utf-8"
        body = [x for x in src.lines if x.strip()]
        assert len(body) > 60
        assert "\r" not in p.read_text(encoding="utf-8")


def test_sizes_scale(tmp_path: Path) -> None:
    small = synth.generate(5, tmp_path / "s", seed=0)
    big = synth.generate(20, tmp_path / "b", seed=0)
    assert len(list((tmp_path / "b").glob("*.txt"))) == 20
    assert len(list((tmp_path / "s").glob("*.txt"))) == 5
    assert len(big) > 3 * len(small)
    assert len(big) > 20 * 40


def test_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert synth.main(["3", "--out", str(tmp_path / "c"), "--seed", "2"]) == 0
    assert len(list((tmp_path / "c").glob("*.txt"))) == 3
    assert "3 reports" in capsys.readouterr().err


def _kb_from(truth: list[dict]):
    """A knowledge base that says exactly what the truth says."""
    from graph.model.statements import Citation, Entity, KnowledgeBase, Statement, When

    kb = KnowledgeBase()
    for r in truth:
        for label, typ in ((r["subject"], r["subject_type"]), (r["object"], r["object_type"])):
            if label is not None:
                kb.entities.setdefault(f"x/{label}", Entity(f"x/{label}", label, typ))
        when = When(r["date"], r["end"], "day") if r["date"] else None
        kb.statements.append(Statement(
            f"x/{r['subject']}", r["relation"], f"x/{r['object']}" if r["object"] else None,
            Citation(r["source"], r["line"], ""),
            status=r["status"], when=when, amount_krw=r["amount_krw"], role=r["role"], basis=r["basis"],
        ))
    return kb


def test_recall_scoring(corpus: tuple[Path, list[dict]]) -> None:
    from bench import recall

    _, truth = corpus
    perfect = recall.evaluate(_kb_from(truth), truth)
    assert perfect["recall"] == 1.0 and perfect["precision"] == 1.0 and perfect["precision_facts"] == 1.0
    # drop every agreement, shift every hosted date, rename partner districts as the gazetteer would
    changed = []
    for r in truth:
        if r["relation"] == "agreement":
            continue
        r = dict(r)
        if r["relation"] == "hosted" and r["date"]:
            r["date"] = "1999"
        if r["relation"] == "sister_city":
            r["object"] = r["object"].split(" ")[-1]  # 경남 고성군 -> 고성군: still a match
        changed.append(r)
    res = recall.evaluate(_kb_from(changed), truth)
    rel = res["by_relation"]
    assert rel["agreement"]["strict"] == 0 and rel["agreement"]["misses"] == {"line": rel["agreement"]["truth"]}
    assert rel["hosted"]["object"] == rel["hosted"]["truth"] and rel["hosted"]["recall"] < 0.05
    assert rel["sister_city"]["recall"] == 1.0
    assert rel["budget"]["precision"] == 1.0
    assert "| agreement |" in recall.format_report(res)
