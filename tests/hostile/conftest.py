"""Shared inputs of the hostile suite: a small real report and its folder with a manifest."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

DATA = Path(__file__).parent.parent / "data"
CORPUS = Path(__file__).parent.parent.parent / "data" / "sources"
HEADER = "file,kind,report_year,plan_year,division,council_session,as_of,title\n"


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    """The embedded corpus copied into a folder a test may spoil."""
    folder = tmp_path / "src"
    shutil.copytree(CORPUS, folder)
    return folder


def files(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` by relative path (outputs, caches, stores)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
