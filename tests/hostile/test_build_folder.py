"""Builds are transactions: one build per folder, leftovers of a killed build cleaned,
and readers that never trust the stores of an unfinished build."""
from __future__ import annotations

import csv
import fcntl
import json

from graph.cli import main
from graph.pipeline.folder import LOCK, RECORD, read_record

from .conftest import DATA

UNSEEN = DATA / "unseen_mapo_2022.txt"
OTHER = DATA / "unseen_songpa_2020.txt"


def test_the_record_names_the_build_and_its_outputs(tmp_path):
    out = tmp_path / "out"
    assert main(["build", str(UNSEEN), "--out", str(out)]) == 0
    first = (out / RECORD).read_bytes()
    record = read_record(out)
    assert record is not None and record.complete and len(record.build_id) == 16
    assert {"facts.csv", "dataset.trig", "store", "kb.pickle", RECORD} <= set(record.outputs)
    assert main(["build", str(UNSEEN), "--out", str(out)]) == 0
    assert (out / RECORD).read_bytes() == first  # same inputs, same id: byte-identical


def test_a_second_build_into_a_locked_folder_stops(tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    with open(out / LOCK, "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        fh.write("pid 1\n")
        fh.flush()
        assert main(["build", str(UNSEEN), "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "another ydkg build (pid 1) is writing into this folder" in err[0]
    assert not (out / "facts.csv").exists()


def test_leftovers_of_a_killed_build_are_cleaned(tmp_path):
    out = tmp_path / "out"
    (out / ".staging.abc123").mkdir(parents=True)
    (out / ".staging.abc123" / "facts.csv").write_text("half", encoding="utf-8")
    (out / ".facts.csv.x1y2.tmp").write_text("half", encoding="utf-8")
    (out / ".store.q9w8").mkdir()
    (out / "mine.txt").write_text("a user's file", encoding="utf-8")
    assert main(["build", str(UNSEEN), "--out", str(out)]) == 0
    hidden = sorted(p.name for p in out.iterdir() if p.name.startswith(".") and p.name not in (".cache", LOCK))
    assert hidden == []
    assert (out / "mine.txt").read_text(encoding="utf-8") == "a user's file"


def test_an_unfinished_build_is_not_trusted(tmp_path, capsys):
    """A build of other sources killed while writing: the old store must not answer for it."""
    out = tmp_path / "out"
    assert main(["build", str(UNSEEN), "--out", str(out)]) == 0
    # the kill: the second build had recorded itself and written its facts, not yet its store
    record = json.loads((out / RECORD).read_text(encoding="utf-8"))
    record.update(build_id="0" * 16, state="building", inputs=[str(OTHER.resolve())])
    (out / RECORD).write_text(json.dumps(record), encoding="utf-8")
    capsys.readouterr()
    assert main(["query", "SELECT DISTINCT ?src WHERE { ?s <http://www.w3.org/ns/prov#wasDerivedFrom> ?src }",
                 "--data", str(out), "--format", "csv"]) == 0
    got = capsys.readouterr()
    assert "holds an unfinished build" in got.err and "building its sources in memory" in got.err
    assert "songpa" in got.out and "mapo" not in got.out
    assert main(["brief", "송파구", "--data", str(out)]) == 0
    assert "holds an unfinished build" in capsys.readouterr().err


def test_a_complete_build_answers_from_its_store(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["build", str(UNSEEN), "--out", str(out)]) == 0
    capsys.readouterr()
    assert main(["query", "agreements", "--data", str(out), "--format", "csv"]) == 0
    got = capsys.readouterr()
    assert "unfinished" not in got.err
    rows = list(csv.DictReader(got.out.splitlines()))
    assert rows
