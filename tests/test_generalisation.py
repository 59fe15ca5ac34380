"""Reports the rules were not written from: the development set beside the project
(``../shared/devset/``) and the genre set (``tests/data/genre/``), scored with the development set's
own scorer against their gold facts. They guard recall on other districts and layouts; the README
gives the figures."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
import yaml

from graph.export.facts import rows as fact_rows
from graph.pipeline.build import build_kb

ROOT = Path(__file__).resolve().parent.parent
DEVSET = ROOT.parent / "shared" / "devset"
GENRE = Path(__file__).resolve().parent / "data" / "genre"


def _scorer():
    path = DEVSET / "score.py"
    if not path.is_file():
        pytest.skip("../shared/devset/ is not beside the project")
    spec = importlib.util.spec_from_file_location("devset_score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def _recall(folder: Path) -> tuple[int, int, dict[str, list[str]]]:
    score = _scorer()
    rows = [{k: ("" if v is None else v) for k, v in r.items()} for r in fact_rows(build_kb([folder]))]
    hit = total = 0
    missed: dict[str, list[str]] = {}
    for gold_file in sorted(folder.glob("*.gold.yaml")):
        report = gold_file.name[: -len(".gold.yaml")] + ".txt"
        gold = yaml.safe_load(gold_file.read_text(encoding="utf-8"))
        h, miss = score.score(gold, score.rows_for(report, rows), {})
        hit, total = hit + h, total + len(gold)
        missed[report] = [g["id"] for g in miss]
    return hit, total, missed


def test_development_set_recall() -> None:
    hit, total, missed = _recall(DEVSET)
    assert total == 85
    assert hit / total >= 0.92, missed


def test_genre_set_recall() -> None:
    hit, total, missed = _recall(GENRE)
    assert total == 136
    assert hit / total >= 0.92, missed
    assert all(len(m) <= 3 for m in missed.values()), missed  # no layout is left behind
