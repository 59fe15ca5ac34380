"""docs/MODEL.md is tested against the corpus: every SPARQL block on the page runs and returns rows."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from graph.pipeline.build import build_kb
from graph.query.store import OxigraphStore
from graph.resources import SOURCES_DIR

DOC = Path(__file__).resolve().parent.parent / "docs" / "MODEL.md"
BLOCKS = re.findall(r"```sparql\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


@pytest.fixture(scope="module")
def store() -> OxigraphStore:
    return OxigraphStore.from_kb(build_kb([SOURCES_DIR]))


def test_the_page_has_its_queries() -> None:
    assert len(BLOCKS) >= 6


@pytest.mark.parametrize("i", range(len(BLOCKS)))
def test_each_query_on_the_page_answers(store: OxigraphStore, i: int) -> None:
    names, rows = store.query(BLOCKS[i])
    assert names and rows, BLOCKS[i]
